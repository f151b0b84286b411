"""Subtitles: the rules of good subtitling on every cue of the example, line limits per language
(CJK and Thai included), timing, and valid SRT/WebVTT."""

from __future__ import annotations

import html
import io
import itertools
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import budoux
import pytest
import srt
import webvtt

from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.length import display_width, graphemes
from generator.captions.linebreak import NO_END, split_words
from generator.captions.rules import SubtitleLimits, brand_names, subtitle_limits
from generator.captions.subtitles import (
    Cue,
    break_rules,
    script_cues,
    split_cues,
    to_srt,
    to_vtt,
    wrap,
)
from generator.escape import BIDI_CONTROLS, without_bidi_controls
from generator.facts.site import SiteFacts
from generator.i18n.catalogs import CatalogFiles
from generator.i18n.regional import currency_text, format_locale
from generator.layout import catalogs_for
from tests.conftest import REPO, edit, facts_of

JAPANESE = ("ご注文の商品がお気に召さなかった場合でも、お届けから十四日以内であれば、"
            "未使用の商品に限り返品を受け付けています。")
CHINESE = "如果您改变主意，可以在收到商品后三十天内申请退货，我们会在检查商品后五天内退款。"
THAI = ("หากคุณเปลี่ยนใจสามารถขอคืนสินค้าได้ภายในเจ็ดวันนับจากวันที่ได้รับสินค้าและเราจะคืนเงิน"
        "ให้ภายในห้าวันหลังจากตรวจสอบสินค้าแล้ว")
ENGLISH = ("You have 30 days from the day your last item arrives to ask for a return, and we "
           "refund you within 5 days after we check your item.")


@pytest.fixture(scope="module")
def example_facts() -> SiteFacts:
    return facts_of(REPO)


@pytest.fixture(scope="module")
def example_kits(example_facts: SiteFacts) -> list[Kit]:
    return project_kits(example_facts, catalog_translations(catalogs_for(REPO)))


def test_limits_are_per_language() -> None:
    latin, japanese, chinese, thai = (subtitle_limits(loc) for loc in ("de", "ja", "zh_Hans",
                                                                       "th"))
    assert (latin.max_line_width, latin.max_lines, latin.max_cps) == (28, 2, 17)
    assert subtitle_limits("en").max_cps == 20
    assert (japanese.max_line_width, japanese.max_cps, japanese.cps_unit) == (26, 4, "full_width")
    assert (chinese.max_line_width, chinese.max_cps, chinese.cps_unit) == (28, 9, "full_width")
    assert thai.max_line_width == 28 and thai.cps_unit == "character"
    assert any("netflix" in source for source in japanese.sources)


@pytest.mark.parametrize(("text", "width"), [(JAPANESE, 26), (CHINESE, 28), (THAI, 28),
                                             (ENGLISH, 28), (JAPANESE, 10), (THAI, 9)])
def test_wrapped_lines_fit_and_lose_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert len(lines) > 1
    assert all(display_width(line) <= width for line in lines)
    joined = "".join(lines) if text in (JAPANESE, CHINESE, THAI) else " ".join(lines)
    assert joined == text
    for line in lines:
        first = graphemes(line)[0]
        assert not unicodedata.combining(first[0])  # never a Thai mark without its consonant
        assert unicodedata.category(first[0]) != "Mn"
        assert first not in "、。，！？）」"  # CJK punctuation never opens a line


def test_latin_lines_break_between_words() -> None:
    lines = wrap(ENGLISH, 28)
    words = ENGLISH.split()
    assert sum(len(line.split()) for line in lines) == len(words)
    assert " ".join(lines).split() == words


def test_cjk_lines_break_after_punctuation_when_it_fits() -> None:
    lines = wrap("返品はかんたん。お届けから十四日以内なら大丈夫です。", 16)
    assert lines[0] == "返品はかんたん。"


def test_cues_hold_at_most_two_lines_and_never_two_sentences() -> None:
    limits = subtitle_limits("en")
    cues = split_cues("Changed your mind? " + ENGLISH, limits)
    assert cues[0] == "Changed your mind?"
    assert all(len(cue.split("\n")) <= 2 for cue in cues)
    assert all(display_width(line) <= 28 for cue in cues for line in cue.split("\n"))


@pytest.mark.parametrize(("text", "locale"), [(JAPANESE, "ja"), (CHINESE, "zh_Hans"),
                                              (THAI, "th")])
def test_cjk_and_thai_cues_add_no_spaces(text: str, locale: str) -> None:
    cues = split_cues(text, subtitle_limits(locale))
    assert len(cues) > 1
    assert "".join(line for cue in cues for line in cue.split("\n")) == text


def test_every_example_cue_keeps_every_limit(example_kits: list[Kit]) -> None:
    checked = set()
    for kit in example_kits:
        limits = subtitle_limits(kit.locale)
        for script in kit.scripts:
            cues = script_cues(script)
            assert cues, script.variant
            voice = " ".join(scene.voice.text for scene in script.scenes)
            assert "".join("".join(c.text.split()) for c in cues) == "".join(voice.split())
            for number, cue in enumerate(cues):
                lines = cue.text.split("\n")
                assert len(lines) <= limits.max_lines
                assert all(display_width(line) <= limits.max_line_width for line in lines)
                duration = cue.end_ms - cue.start_ms
                assert limits.min_duration_ms <= duration <= limits.max_duration_ms
                units = (display_width(cue.text.replace("\n", "")) / 2
                         if limits.cps_unit == "full_width" else len(graphemes(cue.text)))
                assert units / (duration / 1000) <= limits.max_cps + 1e-9, cue
                if number:
                    assert cue.start_ms - cues[number - 1].end_ms >= limits.min_gap_ms
                assert cue.end_ms <= script.scenes[-1].end_ms
            assert cues[0].start_ms == 0 and cues[0].end_ms <= 3000  # the hook lands in 3 s
            checked.add(kit.locale)
    assert {"ja", "zh_Hans", "th", "ar", "en"} <= checked


def test_srt_parses_back_with_the_srt_library(example_kits: list[Kit]) -> None:
    script = next(k for k in example_kits if k.locale == "ja").scripts[1]
    cues = script_cues(script)
    parsed = list(srt.parse(to_srt(cues)))
    assert [s.index for s in parsed] == list(range(1, len(cues) + 1))
    assert [(round(s.start.total_seconds() * 1000), round(s.end.total_seconds() * 1000),
             s.content)
            for s in parsed] == [(c.start_ms, c.end_ms, c.text) for c in cues]


def test_webvtt_parses_back_with_webvtt_py(example_kits: list[Kit]) -> None:
    script = next(k for k in example_kits if k.locale == "th").scripts[2]
    cues = script_cues(script)
    text = to_vtt(cues)
    assert text.startswith("WEBVTT\n\n")
    parsed = webvtt.from_buffer(io.StringIO(text))
    assert [(_ms(c.start), _ms(c.end), html.unescape(c.text))  # "J&amp;T Express"
            for c in parsed] == [(c.start_ms, c.end_ms, c.text) for c in cues]


def _ms(timestamp: str) -> int:
    """"00:01:02.345" → 62345, read independently of the code under test."""
    hours, minutes, seconds = timestamp.split(":")
    return round((int(hours) * 3600 + int(minutes) * 60 + float(seconds)) * 1000)


def test_markup_characters_are_escaped_in_webvtt_and_arrows_removed() -> None:
    cues = [Cue(0, 1500, "Maru & Mori <3 --> go"), Cue(1600, 3000, "second\nline")]
    vtt = to_vtt(cues)
    assert "Maru &amp; Mori &lt;3 → go" in vtt
    assert vtt.count("-->") == 2  # only the two timing lines
    parsed = webvtt.from_buffer(io.StringIO(vtt))
    assert [html.unescape(c.text) for c in parsed] == ["Maru & Mori <3 → go", "second\nline"]
    subs = list(srt.parse(to_srt(cues)))
    assert [s.content for s in subs] == ["Maru & Mori <3 → go", "second\nline"]


def test_a_hook_too_long_for_three_seconds_pushes_the_scene(project: Path) -> None:
    hook = "Changed your mind about the colour or the size? Sending it back is easy."
    edit(project, "policies/defaults.yml", "en: Changed your mind? You can send it back.",
         f"en: {hook}")
    kit = next(k for k in project_kits(facts_of(project),
                                       catalog_translations(CatalogFiles(project)))
               if k.locale == "en")
    for script in kit.scripts:
        assert script.scenes[0].end_ms > 3000
        assert script_cues(script)[0].start_ms == 0


@pytest.mark.parametrize(("text", "model", "width", "words"), [
    ("返品はかんたん。お届けから十四日以内なら大丈夫です。", "ja", 16,
     ["お届け", "以内", "大丈夫"]),
    ("คืนสินค้าได้ภายใน 14 วันนับจากวันที่ได้รับสินค้า", "th", 14, ["สินค้า", "ได้รับ"]),
    ("退货很简单。收到商品后十四天内都可以申请退货。", "zh-hans", 12, ["商品", "申请", "退货"]),
])
def test_scripts_without_spaces_break_between_words(text: str, model: str, width: int,
                                                     words: list[str]) -> None:
    """Without BudouX's phrases these lines ended inside words ("お届|けから", "สินค|้า")."""
    lines = wrap(text, width, model)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= width for line in lines)
    for word in words:
        assert any(word in line for line in lines), (word, lines)


# -- the rules of good subtitling, on every exported cue of the example ------------------------

SENTENCE = re.compile(r"(?<=[.!?؟…])\s+|(?<=[。！？])\s*")
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|„[^“]*“|「[^」]*」")


def _ends_with_bare_number(line: str) -> bool:
    """The line ends with a number whose unit or currency is not before it ("5", "后1"; not
    "RM8.00" or "$7.99")."""
    match = re.search(r"\d(?:[\d.,\u00a0\u202f]*\d)?$", line)
    if match is None:
        return False
    before = line[:match.start()][-1:]
    currency = unicodedata.category(before) == "Sc" or (before.isascii() and before.isalpha())
    return not currency


def _is_currency(token: str) -> bool:
    return bool(token) and (all(unicodedata.category(ch) == "Sc" for ch in token)
                            or re.fullmatch(r"[A-Z]{3}", token) is not None)


def _words(text: str, limits: SubtitleLimits) -> int:
    """Words as a reader counts them: space-separated, and BudouX phrases where the script
    has no spaces between words (punctuation alone is no word)."""
    model = {"ja": budoux.load_default_japanese_parser,
             "zh-hans": budoux.load_default_simplified_chinese_parser,
             "th": budoux.load_default_thai_parser}.get(limits.phrases or "")
    tokens = text.split()
    if model:
        tokens = [phrase for token in tokens for phrase in model().parse(token)]
    return sum(1 for token in tokens if any(ch.isalnum() for ch in token))


@pytest.fixture(scope="module")
def exported(example_facts: SiteFacts, example_kits: list[Kit]
             ) -> list[tuple[Kit, str, list[list[str]]]]:
    """(kit, the script's voice-over (scenes apart by a blank line: a short voice-over, like an
    on-screen text, may end without a full stop), its cues' lines) for every script of every
    market and locale, as ``export captions --format srt/vtt`` writes them."""
    names = (example_facts.merchant.trading_name,)
    return [(kit, "\n\n".join(scene.voice.text for scene in script.scenes),
             [cue.text.split("\n") for cue in script_cues(script, names)])
            for kit in example_kits for script in kit.scripts]


def test_every_market_and_locale_is_checked(exported: list[tuple[Kit, str, list[list[str]]]],
                                            example_facts: SiteFacts) -> None:
    assert {(kit.market, kit.locale) for kit, _, _ in exported} == {
        (code, locale) for code, market in example_facts.markets.items()
        for locale in market.locales}
    assert {"ja", "zh_Hans", "th", "ar", "vi", "de", "fr"} <= {k.locale for k, _, _ in exported}


def test_no_number_is_split_from_its_unit_or_currency(
        exported: list[tuple[Kit, str, list[list[str]]]], example_facts: SiteFacts) -> None:
    """Across lines and cues: "spätestens 5 | Tage", "4,95 | €", "后1 | 4天", "SAR | 45.00"."""
    amounts = 0
    for kit, voice, cues in exported:
        lines = [line for cue in cues for line in cue]
        for left, right in itertools.pairwise(lines):
            assert not _ends_with_bare_number(left), (kit.locale, left, right)
            if unicodedata.category(right[0]) == "Nd":
                assert not _is_currency(left.split(" ")[-1]), (kit.locale, left, right)
        fee = example_facts.markets[kit.market].return_label_fee
        if fee is not None:
            amount = without_bidi_controls(currency_text(
                fee.amount, fee.currency, format_locale(kit.locale, kit.market)))
            assert sum(line.count(amount) for line in lines) == voice.count(amount), amount
            amounts += voice.count(amount)
    assert amounts > 50


def test_names_and_quoted_labels_are_never_broken(
        exported: list[tuple[Kit, str, list[list[str]]]], example_facts: SiteFacts) -> None:
    names = [*brand_names(), example_facts.merchant.trading_name]
    found = 0
    for kit, voice, cues in exported:
        lines = [line for cue in cues for line in cue]
        width = subtitle_limits(kit.locale).max_line_width
        labels = [m.group() for m in QUOTED.finditer(voice) if display_width(m.group()) <= width]
        for name in [*names, *labels]:
            if name in voice:
                found += 1
                assert sum(line.count(name) for line in lines) == voice.count(name), (
                    kit.locale, name, lines)
    assert found > 100


def test_no_line_ends_with_an_article_or_preposition_that_fits_below(
        exported: list[tuple[Kit, str, list[list[str]]]]) -> None:
    """Such a word may end a line only where it does not fit on the next one."""
    checked = 0
    for kit, _, cues in exported:
        limits = subtitle_limits(kit.locale)
        if not limits.no_line_end:
            continue
        lines = [line for cue in cues for line in cue]
        for left, right in itertools.pairwise(lines):
            checked += 1
            last = left.split(" ")[-1]
            if last.lower() in limits.no_line_end:
                assert display_width(f"{last} {right}") > limits.max_line_width, (left, right)
    assert checked > 1000


def test_no_cue_is_a_lone_short_word_of_a_longer_sentence(
        exported: list[tuple[Kit, str, list[list[str]]]]) -> None:
    for kit, voice, cues in exported:
        limits = subtitle_limits(kit.locale)
        sentences = {" ".join(s.split()) for scene in voice.split("\n\n")
                     for s in SENTENCE.split(scene)}
        for cue in cues:
            spaced = " ".join(cue)
            if _words(spaced, limits) < 2 and display_width(spaced) <= limits.lone_word_width:
                assert spaced in sentences or "".join(cue) in sentences, (kit.locale, cue)


def test_two_line_cues_are_balanced_within_the_tolerance(
        exported: list[tuple[Kit, str, list[list[str]]]]) -> None:
    """The shorter line is at least ``min_line_ratio`` of the longer, unless no allowed break of
    the same words would make it so (never after an article, inside an amount or a name)."""
    pairs = unbalanced = 0
    for kit, voice, cues in exported:
        limits = subtitle_limits(kit.locale)
        rules = break_rules(limits)
        for cue in cues:
            if len(cue) != 2:
                continue
            pairs += 1
            top, bottom = (display_width(line) for line in cue)
            if min(top, bottom) >= limits.min_line_ratio * max(top, bottom):
                continue
            unbalanced += 1
            text = " ".join(cue) if " ".join(cue) in voice else "".join(cue)
            words = split_words(text, rules)
            for cut in range(1, len(words)):
                widths = [sum(w.width for w in part) + sum(w.space_before for w in part[1:])
                          for part in (words[:cut], words[cut:])]
                allowed = words[cut].cost < NO_END and max(widths) <= limits.max_line_width
                assert not (allowed and min(widths) >= limits.min_line_ratio * max(widths)), (
                    kit.locale, cue, widths)
    assert pairs > 200 and unbalanced <= pairs // 20


def test_no_bidi_controls_in_any_cue(exported: list[tuple[Kit, str, list[list[str]]]]) -> None:
    arabic = [line for kit, _, cues in exported if kit.locale == "ar"
              for cue in cues for line in cue]
    assert any("ر.س." in line for line in arabic)  # the Saudi amount CLDR marks with U+200F
    for _, _, cues in exported:
        assert not any(BIDI_CONTROLS & set(line) for cue in cues for line in cue)


# -- each rule by hand: these cases broke before -----------------------------------------------

def _limits(locale: str, width: int | None = None) -> SubtitleLimits:
    limits = subtitle_limits(locale)
    return limits if width is None else limits.model_copy(update={"max_line_width": width})


def _lines(text: str, limits: SubtitleLimits, names: tuple[str, ...] = ()) -> list[str]:
    return [line for cue in split_cues(text, limits, names) for line in cue.split("\n")]


@pytest.mark.parametrize(("locale", "text", "value", "widths"), [
    ("de", "Dein Geld bekommst du spätestens 5 Tage nach der Prüfung zurück.", "5 Tage",
     range(14, 29)),
    ("de", "Überlegst du es dir anders, ziehen wir für unser Rücksendeetikett 4,95\u00a0€ von "
           "deiner Erstattung ab.", "4,95\u00a0€", range(16, 29)),
    ("en", "If you change your mind, our return label costs SAR 45.00, deducted from your "
           "refund.", "SAR 45.00", range(12, 29)),
    ("zh_Hans", "收到 RMA 编号后14天内寄出包裹。", "14天", range(12, 29)),
    ("ja", "お客様都合の返品は、返送用ラベル代1,800円を返金額から差し引きます。", "1,800円",
     range(24, 27)),
    ("ja", "お届けから14日以内に返品を申し込めます。", "14日", range(8, 27)),
    ("th", "ขอคืนสินค้าได้ภายใน 7 วัน หลังได้รับสินค้า", "7 วัน", range(10, 29)),
    ("ms", "Kalau korang ubah fikiran, label pemulangan kami berharga RM8.00 dan ditolak.",
     "RM8.00", range(8, 29)),
])
def test_a_number_stays_with_its_unit_or_currency(locale: str, text: str, value: str,
                                                  widths: range) -> None:
    for width in widths:
        lines = _lines(text, _limits(locale, width))
        assert any(value in line for line in lines), (width, lines)
        assert not any(_ends_with_bare_number(line) for line in lines), (width, lines)


def test_brands_and_the_merchants_name_are_never_broken() -> None:
    japanese = "返品は、TikTok Shopアプリの「注文」を開き、「返品・返金」をタップしてください。"
    assert any("TikTok Shop" in line for line in _lines(japanese, _limits("ja")))
    english = "Questions about a parcel? Maru & Mori answers every message within a day."
    for width in range(14, 29):
        lines = _lines(english, _limits("en", width), ("Maru & Mori",))
        assert any("Maru & Mori" in line for line in lines), (width, lines)


@pytest.mark.parametrize("space", [" ", "\u00a0"])
def test_a_quoted_label_keeps_its_quotes(space: str) -> None:
    text = (f"Pour un retour, ouvre «{space}Commandes{space}» dans l'appli TikTok Shop et appuie "
            f"sur «{space}Retour/Remboursement{space}».")
    for width in range(25, 29):  # the longer label with its full stop is 25 columns
        lines = _lines(text, _limits("fr", width))
        assert any(f"«{space}Commandes{space}»" in line for line in lines), (width, lines)
        assert not any(line.startswith("»") or line.endswith("«") for line in lines)


@pytest.mark.parametrize(("locale", "text"), [
    ("en", "You have 14 days from delivery to ask for a return."),
    ("en", "To return, open your order in our shop and choose Return."),
    ("de", "Fragen? Schreib sie uns in die Kommentare."),
    ("es", "¿Dudas? Pregúntanos en los comentarios."),
    ("pt_BR", "Produto com defeito ou errado? Nós pagamos o frete de devolução."),
])
def test_no_line_ends_with_an_article_or_preposition(locale: str, text: str) -> None:
    limits = _limits(locale)
    lines = _lines(text, limits)
    assert len(lines) > 2
    for line in lines:
        assert line.split(" ")[-1].lower() not in (limits.no_line_end or []), lines


@pytest.mark.parametrize(("locale", "text"), [
    ("en", "To return, open Orders in the TikTok Shop app and tap Return/Refund."),
    ("de", "Widerrufsrecht (gesetzlich): 14 Tage, ohne Angabe von Gründen."),
    ("de", "Dein Geld bekommst du spätestens 5 Tage nach der Prüfung zurück."),
    ("zh_Hans", "打开 TikTok Shop 应用的“订单”，点击“退货/退款”即可。"),
])
def test_no_cue_is_a_lone_word_of_its_sentence(locale: str, text: str) -> None:
    limits = _limits(locale)
    cues = split_cues(text, limits)
    assert len(cues) > 1
    for cue in cues:
        assert _words(cue.replace("\n", " "), limits) >= 2, cues


def test_a_one_word_sentence_keeps_its_own_cue() -> None:
    assert split_cues("Fragen? Schreib sie uns in die Kommentare.", _limits("de"))[0] == "Fragen?"


def test_two_lines_form_a_bottom_heavy_pyramid() -> None:
    """Where two breaks are as good, the longer line goes below (BBC)."""
    cue, = split_cues("Pack the item well and keep your receipt.", _limits("en"))
    top, bottom = cue.split("\n")
    assert (top, bottom) == ("Pack the item well", "and keep your receipt.")
    assert display_width(top) < display_width(bottom)


def test_text_that_fits_one_line_stays_on_one() -> None:
    assert split_cues("Returns are easy.", _limits("en")) == ["Returns are easy."]


def test_amounts_lose_their_direction_marks_for_captions() -> None:
    cldr = currency_text(Decimal("45.00"), "SAR", "ar_SA")
    assert "\u200f" in cldr  # what CLDR writes, and pages isolate with <bdi>
    assert without_bidi_controls(cldr) == cldr.replace("\u200f", "")
    assert not BIDI_CONTROLS & set(without_bidi_controls("\u2067abc\u2069\u202e\u200e"))
