"""Subtitles: line limits per language (CJK and Thai included), timing, and valid SRT/WebVTT."""

from __future__ import annotations

import html
import io
import unicodedata
from pathlib import Path

import pytest
import srt
import webvtt

from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.length import display_width, graphemes
from generator.captions.rules import subtitle_limits
from generator.captions.subtitles import Cue, script_cues, split_cues, to_srt, to_vtt, wrap
from generator.i18n.catalogs import CatalogFiles
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
def example_kits() -> list[Kit]:
    return project_kits(facts_of(REPO), catalog_translations(catalogs_for(REPO)))


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
    assert [(_ms(c.start), _ms(c.end), c.text)
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
    edit(project, "policies/defaults.yml", "en: Changed your mind? Returns are easy.",
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
