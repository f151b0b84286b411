"""Hashtags per language: the merchant's first, suggestions from data up to 3, never past 5."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.captions import detect
from generator.captions.hashtags import (
    caption_hashtags,
    foreign_script,
    hashtag_data,
    key,
    suggested_tags,
)
from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.lint import lint_captions
from generator.captions.rules import caption_rules
from generator.commands.cli import cli
from generator.facts.site import SiteFacts
from generator.i18n.catalogs import CatalogFiles
from generator.model.market import CaptionInputs
from tests.conftest import REPO, copy_example, facts_and_marks, facts_of, locate, set_hashtags

DEFAULTS = "policies/defaults.yml"


def kits(root: Path, markets: list[str] | None = None) -> list[Kit]:
    return project_kits(facts_of(root), catalog_translations(CatalogFiles(root)), markets)


def tags_of(kit: Kit) -> list[str]:
    """The tags every caption of a kit ends with (they are the same for every angle)."""
    lines = {caption.part("hashtags") for caption in kit.captions}
    assert len(lines) == 1, lines
    return lines.pop().split(" ")


def lint(root: Path) -> list[str]:
    return [str(problem) for problem in lint_captions(*facts_and_marks(root),
                                                      CatalogFiles(root))]


# -- the data ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> SiteFacts:
    return facts_of(REPO)


def test_every_project_language_has_suggestions_in_its_own_script(example: SiteFacts) -> None:
    data = hashtag_data()
    assert set(example.site.locales) <= set(data.languages)
    for language, entry in data.languages.items():
        assert len(entry.tags) >= caption_rules().limits.hashtags_min, language
        assert len({key(tag) for tag in entry.tags}) == len(entry.tags), language
        for tag in entry.tags:
            assert foreign_script(tag, language) is None, (language, tag)
            assert tag == unicodedata.normalize("NFC", tag)


def test_no_suggestion_promises_free_or_easy_returns() -> None:
    # Suggestions are shown whatever the fees, so none may make a promise the lint would catch.
    data = hashtag_data()
    tags = {(language, tag) for language, entry in data.languages.items() for tag in entry.tags}
    tags |= {(language, tag) for language in data.languages
             for market_tags in data.markets.values() for tag in market_tags}
    for language, tag in tags:
        assert detect.claims_free_returns(tag, language, hashtag=True) is None, tag
        assert not detect.claims_easy_returns(tag, language, hashtag=True), tag
        assert detect.day_numbers(tag, language, hashtag=True) == [], tag


def test_suggestions_start_with_the_languages_word_for_returns_then_the_market() -> None:
    assert suggested_tags("ms", "MY")[:2] == ["#pemulangan", "#tiktokshopmalaysia"]
    assert suggested_tags("th", "TH")[0] == "#คืนสินค้า"
    assert suggested_tags("xx", "ZZ") == []


# -- the example ---------------------------------------------------------------------------------


def test_the_example_tags_each_language_in_that_language(example: SiteFacts) -> None:
    found = {(code, locale): texts(market.captions, locale, code)
             for code, market in example.markets.items() for locale in market.locales}
    limits = caption_rules().limits
    for (market, locale), tags in found.items():
        assert limits.hashtags_min <= len(tags) <= limits.hashtags_max, (market, locale)
        assert len({key(tag) for tag in tags}) == len(tags), (market, locale)
        assert tags[0] == "#MaruMori"  # the merchant's own come first
        assert ("#returns" in tags) == (locale == "en"), (market, locale)
    assert found[("TH", "th")] == ["#MaruMori", "#คืนสินค้า", "#TikTokShop"]
    assert found[("JP", "ja")] == ["#MaruMori", "#返品", "#TikTokShop"]
    assert found[("SA", "ar")] == ["#MaruMori", "#إرجاع", "#TikTokShop"]
    assert found[("DE", "de")] == ["#MaruMori", "#Retoure", "#TikTokShop"]
    # No tag of the merchant's in French: the language's suggestion fills the third place.
    assert found[("FR", "fr")] == ["#MaruMori", "#TikTokShop", "#retour"]


# -- choosing ------------------------------------------------------------------------------------


def inputs(*tags: str | dict[str, str]) -> CaptionInputs:
    return CaptionInputs.model_validate({"hashtags": list(tags)})


def texts(captions: CaptionInputs, locale: str, market: str) -> list[str]:
    return [segment.text for segment in caption_hashtags(captions, locale, market)]


def test_a_plain_list_is_used_in_every_language_as_before() -> None:
    tags = inputs("#MaruMori", "#returns", "#TikTokShop")
    for locale, market in (("de", "DE"), ("th", "TH"), ("ja", "JP")):
        assert texts(tags, locale, market) == ["#MaruMori", "#returns", "#TikTokShop"]


def test_suggestions_fill_up_to_three_only() -> None:
    assert texts(inputs("#MaruMori"), "ms", "MY") == [
        "#MaruMori", "#pemulangan", "#tiktokshopmalaysia"]
    assert texts(inputs(), "th", "TH") == ["#คืนสินค้า", "#ช้อปออนไลน์", "#ของดีบอกต่อ"]
    assert texts(inputs("#a", "#b", "#c", "#d"), "de", "DE") == ["#a", "#b", "#c", "#d"]


def test_never_more_than_five() -> None:
    many = [f"#tag{n}" for n in range(1, 8)]
    assert texts(inputs(*many), "en", "GB") == many[:5]


def test_no_tag_twice_ignoring_case_and_normalization() -> None:
    decomposed = "#ru\u0308cksendung"  # ü as u + combining diaeresis
    tags = inputs("#Retoure", decomposed)
    assert texts(tags, "de", "DE") == ["#Retoure", "#rücksendung", "#onlineshopping"]
    assert texts(inputs("#Shop", "#shop"), "en", "US") == ["#Shop", "#returnpolicy",
                                                           "#onlineshopping"]


def test_a_per_language_tag_shows_only_in_its_language_regional_key_first() -> None:
    tags = inputs("#MaruMori", {"en": "#returns", "es": "#devolucion", "es_MX": "#devolucionmx"},
                  "#TikTokShop")
    assert texts(tags, "es", "MX") == ["#MaruMori", "#devolucionmx", "#TikTokShop"]
    assert texts(tags, "es", "ES") == ["#MaruMori", "#devolucion", "#TikTokShop"]
    assert texts(tags, "en", "US") == ["#MaruMori", "#returns", "#TikTokShop"]
    assert texts(tags, "de", "DE") == ["#MaruMori", "#TikTokShop", "#retoure"]


def test_segments_point_at_the_merchants_field() -> None:
    tags = inputs("#MaruMori", {"th": "#คืนสินค้า"})
    sources = [segment.source for segment in caption_hashtags(tags, "th", "TH")]
    base = ("markets", "TH", "captions", "hashtags")
    assert sources == [(*base, 0), (*base, 1, "th"), None]  # the last one is suggested


def test_tags_with_combining_marks_are_valid() -> None:
    tags = inputs("#คืนสินค้า", "#हिंदी", {"vi": "#đổitrả"})
    assert tags.hashtags[:2] == ["#คืนสินค้า", "#हिंदी"]
    with pytest.raises(ValueError, match='may hold only letters, digits and "_"'):
        inputs("#\u0e37abc")  # a mark with no letter before it


# -- the lint and the error lines ----------------------------------------------------------------


def test_a_per_language_tag_in_another_script_is_a_warning(project: Path) -> None:
    text = set_hashtags(project, '  hashtags: ["#MaruMori", {de: "#返品", en: "#returns"}, '
                                 '"#TikTokShop"]')
    line, column = locate(text, 'de: "#返品"')  # a translation's mark is its key
    assert lint(project) == [
        f'{DEFAULTS}:{line}:{column}: markets.DE.captions.hashtags[1].de: warning: the de tag '
        '"#返品" has "返", which is not Latin script (viewers search for tags in their own '
        "script; check the language key)"]


def test_per_language_tags_are_held_to_the_policy_in_their_language(project: Path) -> None:
    # Germany shows German and English: a German "free" tag is an error there; a Japanese one
    # is not shown in Germany, so only its script and contact rules apply.
    text = set_hashtags(project, '  hashtags: ["#MaruMori", {de: "#KostenloseRetoure", '
                                 'ja: "#無料返品", en: "#WhatsAppUs"}]')
    free, app = locate(text, 'de: "#Kostenlose'), locate(text, 'en: "#WhatsAppUs"')
    assert lint(project) == [
        f"{DEFAULTS}:{free[0]}:{free[1]}: markets.DE.captions.hashtags[1].de: says returns "
        "are free, but customers pay 4.95 EUR for our return label when they change their mind "
        '(shipping.return_label_fee is "4.95")',
        f'{DEFAULTS}:{app[0]}:{app[1]}: markets.DE.captions.hashtags[1].en: mentions '
        '"WhatsApp", another app or shop (TikTok Shop forbids sending customers off the '
        "platform; remove it)"]


def test_a_tag_twice_in_one_language_is_a_warning(project: Path) -> None:
    text = set_hashtags(project, '  hashtags: ["#Retoure", {de: "#retoure"}, "#MaruMori"]')
    line, column = locate(text, 'de: "#retoure"')
    assert lint(project) == [
        f'{DEFAULTS}:{line}:{column}: markets.DE.captions.hashtags[1].de: warning: "#retoure" '
        "is listed twice (hashtags ignore case) (remove one)"]


def test_too_many_in_one_language_names_it(project: Path) -> None:
    text = set_hashtags(project, '  hashtags: ["#a", "#b", "#c", "#d", "#e", {de: "#f"}]')
    line, column = locate(text, "hashtags:")
    assert lint(project) == [
        f"{DEFAULTS}:{line}:{column}: markets.DE.captions.hashtags: warning: has 6 hashtags in "
        "de; use 3 to 5 (a few relevant tags reach more viewers than many; only the first 5 "
        "are used)"]


def test_too_few_where_nothing_is_left_to_suggest(project: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = hashtag_data().model_copy(update={"languages": {}, "markets": {}})
    monkeypatch.setattr("generator.captions.hashtags.hashtag_data", lambda: data)
    text = set_hashtags(project, '  hashtags: ["#MaruMori"]')
    line, column = locate(text, "hashtags:")
    where = f"{DEFAULTS}:{line}:{column}: markets.DE.captions.hashtags: warning: has 1 hashtags"
    assert lint(project) == [
        f"{where} in de, with no more to suggest; use 3 to 5 (add tags in this language)",
        f"{where} in en, with no more to suggest; use 3 to 5 (add tags in this language)"]


def test_a_bad_per_language_tag_is_one_error_at_its_key(project: Path) -> None:
    text = set_hashtags(project, '  hashtags: ["#MaruMori", {de: "#Rück sendung"}, "#a b"]')
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    tag, plain = locate(text, 'de: "#Rück sendung"'), locate(text, '"#a b"')
    errors = [line for line in result.stderr.splitlines() if "hashtags" in line]
    assert errors == [
        f'{DEFAULTS}:{tag[0]}:{tag[1]}: markets.DE.captions.hashtags[1].de: must be one word '
        'without spaces, like "#returns", got "#Rück sendung"',
        f'{DEFAULTS}:{plain[0]}:{plain[1]}: markets.DE.captions.hashtags[2]: must be one word '
        'without spaces, like "#returns", got "#a b"']


def test_copied_example_markets_keep_their_tags(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("th", "sa"))
    found = {(kit.market, kit.locale): tags_of(kit) for kit in kits(root)}
    assert found[("TH", "th")][1] == "#คืนสินค้า"
    assert found[("SA", "ar")][1] == "#إرجاع"
    assert found[("SA", "en")][1] == "#returns"
