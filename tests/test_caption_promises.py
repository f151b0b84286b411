"""Captions promise only what the fees allow, say each fact once, and answer only questions the
market's products raise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator.captions import detect
from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.lint import lint_captions, lint_kits
from generator.captions.pieces import Piece, Segment, distinct, repeated_facts
from generator.commands.cli import cli
from generator.i18n.catalogs import CatalogFiles
from generator.layout import catalogs_for
from tests.conftest import (
    REPO,
    copy_example,
    edit,
    facts_and_marks,
    facts_of,
    locate,
    set_hashtags,
)

DEFAULTS = "policies/defaults.yml"
DE = "policies/markets/de.yml"
CATALOG_LANGUAGES = ["ar", "de", "es", "fil", "fr", "id", "it", "ja", "ms", "pt_BR", "th", "vi",
                     "zh_Hans"]
EASY_HOOK = "Changed your mind? Returning it is easy."
PLAIN_HOOK = "Changed your mind? Here's how returns work."


def lint(root: Path) -> list[str]:
    """Problems as printed, with every generated text in English (no catalogs in the copy)."""
    return [str(problem) for problem in lint_captions(*facts_and_marks(root), CatalogFiles(root))]


def english_kit(root: Path, locale: str = "en") -> Kit:
    kits = project_kits(facts_of(root), catalog_translations(CatalogFiles(root)))
    return next(kit for kit in kits if kit.locale == locale)


def set_hook(root: Path, text: str) -> str:
    new = edit(root, DEFAULTS, "en: Changed your mind? You can send it back.", f"en: {text}")
    line, column = locate(new, f"en: {text}")
    return f"{DEFAULTS}:{line}:{column}"


def without_hooks(root: Path) -> None:
    """The merchant writes no hooks (the rest of the captions section stays)."""
    file = root / DEFAULTS
    text = file.read_text(encoding="utf-8")
    start, end = text.index("  hooks:\n"), text.index("  # The caption itself says how")
    file.write_text(text[:start] + text[end:], encoding="utf-8")


def merchant_pays_with_restocking(root: Path) -> None:
    """Germany, but we pay change-of-mind shipping and keep 10% of the price."""
    edit(root, DE, "  change_of_mind: customer\n", "  change_of_mind: merchant\n")
    edit(root, DE, '  return_label_fee: "4.95"\n', "")
    edit(root, DE, "refund_without_return_below:", 'restocking_fee:\n  percent: "10"\n'
         "refund_without_return_below:")


# -- "free" and "easy" against the fees ---------------------------------------------------------

def test_free_and_easy_returns_with_a_label_fee_fail_check_with_the_line(project: Path) -> None:
    where = set_hook(project, "Free & easy returns!")
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (f"{where}: markets.DE.captions.hooks[0].en: says returns are free, but customers pay "
            "4.95 EUR for our return label when they change their mind "
            '(shipping.return_label_fee is "4.95")\n') in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("hook", ["Returns are easy.", "Hassle-free returns.",
                                  "Sending it back is simple."])
def test_easy_returns_with_a_label_fee_are_a_warning(project: Path, hook: str) -> None:
    where = set_hook(project, hook)
    assert lint(project) == [
        f"{where}: markets.DE.captions.hooks[0].en: warning: says returns are easy, but "
        "customers pay 4.95 EUR for our return label when they change their mind (a fee after "
        '"easy" reads as a catch; promise what is true, e.g. the window)']


def test_easy_returns_where_a_change_of_mind_costs_nothing(project: Path) -> None:
    set_hook(project, "Returns are easy.")
    edit(project, DE, "  change_of_mind: customer\n", "  change_of_mind: merchant\n")
    assert lint(project) == []


def test_a_german_hook_is_read_with_german_words(project: Path) -> None:
    text = edit(project, DEFAULTS, "de: Doch nicht das Richtige? Schick es zurück.",
                "de: Rücksendung? Ganz einfach und kostenlos!")
    line, column = locate(text, "de: Rücksendung? Ganz")
    assert lint(project) == [
        f"{DEFAULTS}:{line}:{column}: markets.DE.captions.hooks[0].de: says returns are free, "
        "but customers pay 4.95 EUR for our return label when they change their mind "
        '(shipping.return_label_fee is "4.95")']


def test_a_restocking_fee_makes_free_returns_false_but_not_free_shipping(project: Path) -> None:
    merchant_pays_with_restocking(project)
    where = set_hook(project, "Free returns!")
    assert lint(project) == [
        f"{where}: markets.DE.captions.hooks[0].en: says returns are free, but customers pay a "
        "restocking fee of 10% when they change their mind (restocking_fee.percent is \"10\")"]
    edit(project, DEFAULTS, "en: Free returns!", "en: Free return shipping!")
    assert lint(project) == []


def test_hashtags_that_promise_easy_returns(project: Path) -> None:
    text = set_hashtags(project, '  hashtags: ["#MaruMori", "#EasyReturns", "#TikTokShop"]')
    line, column = locate(text, '"#EasyReturns"')
    assert lint(project) == [
        f"{DEFAULTS}:{line}:{column}: markets.DE.captions.hashtags[1]: warning: says returns are "
        "easy, but customers pay 4.95 EUR for our return label when they change their mind (a "
        'fee after "easy" reads as a catch; promise what is true, e.g. the window)']


def test_a_translation_that_makes_returns_free_is_reported_in_its_catalog(project: Path
                                                                           ) -> None:
    po = project / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    text = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "Returns within %(period)s."\nmsgstr "%(period)s kostenlose Rückgabe."\n')
    po.write_text(text, encoding="utf-8")
    line = locate(text, 'msgid "Returns within')[0]
    problems = [str(p) for p in lint_captions(*facts_and_marks(project), catalogs_for(project))]
    assert problems == [
        f'locales/de/LC_MESSAGES/messages.po:{line}:1: markets.DE: the de translation of '
        '"Returns within %(period)s." says returns are free, but customers pay 4.95 EUR for our '
        "return label when they change their mind (fix the translation)"]


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_the_promise_words_know_each_catalogs_own_wording(language: str) -> None:
    """Each language's word table recognises how its catalog words these claims, so a
    translation can never slip a promise past the lint."""
    path = REPO / "locales" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)

    def said(msgid: str) -> str:
        message = catalog.get(msgid)
        assert message is not None and message.string, (language, msgid)
        return str(message.string)

    assert detect.claims_easy_returns(said(EASY_HOOK), language)
    assert not detect.claims_easy_returns(said(PLAIN_HOOK), language)
    assert detect.claims_free_returns(said(PLAIN_HOOK), language) is None
    assert detect.claims_free_returns(said("Free returns within %(period)s."),
                                      language) == "returns"
    for msgid in ("Return shipping is free.", "Free return shipping"):
        assert detect.claims_free_returns(said(msgid), language) == "shipping", msgid
    for msgid in ("Faulty or wrong item? Return shipping is free.",
                  "Faulty or wrong? Free return"):
        assert detect.claims_free_returns(said(msgid), language) is None, msgid


# -- hooks and lines the generator writes -------------------------------------------------------

def test_without_merchant_hooks_the_hook_is_true_to_the_fees(project: Path) -> None:
    without_hooks(project)
    kit = english_kit(project)
    assert [c.text.split("\n")[0] for c in kit.captions if c.angle == "key-fact"] == [PLAIN_HOOK]
    assert kit.captions[0].part("hook") == PLAIN_HOOK
    assert {s.scenes[0].voice.text for s in kit.scripts} == {PLAIN_HOOK}
    edit(project, DE, "  change_of_mind: customer\n", "  change_of_mind: merchant\n")
    kit = english_kit(project)
    assert kit.captions[0].text.startswith(f"{EASY_HOOK}\nFree returns within 30 days.\n")
    assert lint(project) == []


def test_a_restocking_fee_keeps_free_out_of_the_key_fact(project: Path) -> None:
    merchant_pays_with_restocking(project)
    without_hooks(project)
    lines = english_kit(project).captions[0].text.split("\n")
    assert lines[:2] == [PLAIN_HOOK, "Returns within 30 days."]
    assert "Return shipping is free." in lines  # true: only the restocking fee is charged
    assert any(line.startswith("A restocking fee of 10") for line in lines)
    assert lint(project) == []


def test_free_returns_are_said_once_in_every_text(project: Path) -> None:
    edit(project, DE, "  change_of_mind: customer\n", "  change_of_mind: merchant\n")
    kit = english_kit(project)
    for piece in [kit.captions[0], kit.pinned]:  # the key-fact caption
        assert "Free returns within 30 days." in piece.text
        assert "Return shipping is free." not in piece.text, piece.variant
    for piece in kit.captions:  # every angle says what returns cost once
        assert [s.text for s in piece.segments if "cost" in s.facts] in (
            [["Free returns within 30 days."], ["Return shipping is free."],
             ["Yes, for free, within 30 days."]]), piece.variant
    for script in kit.scripts:
        overlays = [scene.overlay.text for scene in script.scenes]
        if "Free return shipping" in overlays:  # the window scene then shows the window alone
            assert "Free returns within 30 days." not in overlays, script.variant
            assert "Returns within 30 days." in overlays
    assert lint(project) == []


def test_no_text_of_the_example_states_a_fact_twice() -> None:
    kits = project_kits(facts_of(REPO), catalog_translations(catalogs_for(REPO)))
    assert {kit.locale for kit in kits} >= set(CATALOG_LANGUAGES)
    for kit in kits:
        for piece in kit.pieces:
            runs = ([[s.overlay for s in piece.scenes], [s.voice for s in piece.scenes]]
                    if piece.scenes else [list(piece.segments)])
            for run in runs:
                assert repeated_facts(run) == [], (kit.market, kit.locale, piece.variant)


def test_distinct_leaves_out_what_was_said() -> None:
    both = Segment("Free returns within 30 days.", facts=frozenset({"window", "cost"}))
    cost = Segment("Return shipping is free.", facts=frozenset({"cost"}))
    start = Segment("Open Orders.", facts=frozenset({"start"}))
    untagged = Segment("Questions?")
    assert distinct([both, None, cost, start, untagged, untagged]) == [both, start, untagged,
                                                                      untagged]
    assert distinct([cost, both]) == [cost, both]  # "window" is new: a partial repeat stays
    assert repeated_facts([cost, both]) == [("cost", cost, both)]


def test_the_lint_reports_a_text_that_states_a_fact_twice(project: Path) -> None:
    facts, marks = facts_and_marks(project)
    kit = english_kit(project)
    caption = kit.captions[0]
    doubled = Piece(caption.market, caption.locale, caption.kind, caption.variant,
                    caption.title, (*caption.segments, Segment("\n"), caption.segments[2]),
                    caption.limit, key_fact=caption.key_fact)
    broken = Kit(kit.market, kit.locale, [doubled], kit.pinned, kit.replies, kit.scripts)
    problems = [str(p) for p in lint_kits(facts, marks, CatalogFiles(project), [broken])]
    text = (project / DEFAULTS).read_text(encoding="utf-8")
    line, column = locate(text, "\ncaptions:\n")[0] + 1, 1  # the captions section
    assert problems == [
        f'{DEFAULTS}:{line}:{column}: markets.DE.captions: "Key fact" (en) says the same '
        'twice: "Returns within 30 days." and "Returns within 30 days." (policysite composed '
        "both; please report it)"]


# -- replies that apply ---------------------------------------------------------------------------

def _reply_ids(root: Path, market: str) -> list[str]:
    kits = project_kits(facts_of(root), catalog_translations(CatalogFiles(root)), [market])
    return [piece.variant for piece in next(k for k in kits if k.locale == "en").replies]


def test_size_questions_only_where_things_with_sizes_are_taken_back(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "us"))
    assert "wrong-size" in _reply_ids(root, "DE")
    before = _reply_ids(root, "US")
    assert "wrong-size" in before
    # The US stops taking back clothing, shoes and swimwear after a change of mind.
    us = root / "policies" / "markets" / "us.yml"
    us.write_text(us.read_text(encoding="utf-8") + "categories:\n"
         "  apparel: {returnable: false, family: final_sale}\n"
         "  shoes: {returnable: false, family: final_sale}\n"
         "  swimwear: {returnable: false, family: final_sale}\n", encoding="utf-8")
    assert "wrong-size" in _reply_ids(root, "DE")
    assert _reply_ids(root, "US") == [reply for reply in before if reply != "wrong-size"]


def test_a_shop_without_sized_products_gets_no_size_reply(project: Path) -> None:
    renames = {"apparel": "tees", "shoes": "mugs", "swimwear": "towels"}
    for relative in ("policies/categories.yml", DE):
        file = project / relative
        text = file.read_text(encoding="utf-8")
        for slug, new in renames.items():
            text = re.sub(rf"\b{slug}\b", new, text)
        file.write_text(text.replace("    family: intimate_apparel\n", ""), encoding="utf-8")
    assert "wrong-size" not in _reply_ids(project, "DE")
    assert "faulty" in _reply_ids(project, "DE")
    # the same shop with swimwear (a family of things that come in sizes) gets it back
    edit(project, "policies/categories.yml", "    returnable: true\n    conditions: [unused, "
         "tags_attached, sealed]", "    returnable: true\n    family: intimate_apparel\n"
         "    conditions: [unused, tags_attached, sealed]")
    assert "wrong-size" in _reply_ids(project, "DE")
