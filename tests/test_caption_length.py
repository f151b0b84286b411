"""Counting caption text: TikTok's unit (UTF-16), user-perceived characters and screen width."""

from __future__ import annotations

import unicodedata

import pytest

from generator.captions.compose import feed_preview
from generator.captions.length import char_count, display_width, graphemes, tiktok_length

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # man, woman, girl, boy
FLAG_DE = "\U0001F1E9\U0001F1EA"
SCOTLAND = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F"
THUMBS_MEDIUM = "\U0001F44D\U0001F3FD"
KEYCAP_ONE = "1\ufe0f\u20e3"
E_ACUTE_COMBINING = "e\u0301"
THAI_WATER = "\u0e19\u0e49\u0e33"  # น้ำ: a consonant, a tone mark and SARA AM


@pytest.mark.parametrize(("text", "characters", "tiktok"), [
    ("abc", 3, 3),
    ("\U0001F600", 1, 2),  # one emoji outside the BMP: two UTF-16 code units
    (FAMILY, 1, 11),  # four emoji joined by three zero-width joiners
    (FLAG_DE, 1, 4),  # two regional indicators
    (SCOTLAND, 1, 14),  # a subdivision flag: black flag and six tag characters
    (THUMBS_MEDIUM, 1, 4),  # emoji with a skin tone
    (KEYCAP_ONE, 1, 3),
    (E_ACUTE_COMBINING, 1, 2),  # a letter and a combining accent
    ("\u00e9", 1, 1),  # the precomposed letter
    (THAI_WATER, 1, 3),
    ("日本語", 3, 3),
    ("\r\n", 1, 2),
    (f"Hi {THUMBS_MEDIUM}!", 5, 8),
])
def test_counts(text: str, characters: int, tiktok: int) -> None:
    assert char_count(text) == characters
    assert tiktok_length(text) == tiktok
    assert "".join(graphemes(text)) == text


@pytest.mark.parametrize(("text", "width"), [
    ("abc", 3),
    ("日本語", 6),  # wide characters take two columns
    ("ｶﾀｶﾅ", 4),  # half-width katakana take one
    ("\uff21\uff22", 4),  # full-width Latin letters take two
    (FAMILY, 2),
    (FLAG_DE, 2),
    (THUMBS_MEDIUM, 2),
    (E_ACUTE_COMBINING, 1),
    (THAI_WATER, 1),  # marks above and below take no column of their own
    ("ไทย", 3),
    ("a\u200bb", 2),  # zero-width space
])
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_feed_preview_keeps_short_text_whole_on_one_line() -> None:
    assert feed_preview("Returns within 30 days.\n\nMore text.", 100) == (
        "Returns within 30 days. More text.", False)


def test_feed_preview_cuts_at_a_space_and_marks_the_cut() -> None:
    text = "Changed your mind? Returns are easy. " * 5
    shown, cut = feed_preview(text, 100)
    assert cut
    assert shown.endswith("…")
    assert display_width(shown) <= 100
    assert text.startswith(shown[:-1])
    assert shown[-2] != " " and text[len(shown) - 1] in " ."  # ended at a word's end


def test_feed_preview_never_splits_an_emoji_or_a_thai_syllable() -> None:
    for unit in (FAMILY, THUMBS_MEDIUM, FLAG_DE, THAI_WATER, E_ACUTE_COMBINING, "日"):
        text = unit * 120
        shown, cut = feed_preview(text, 100)
        body = shown[:-1]
        assert cut
        assert body and len(body) % len(unit) == 0 and body == unit * (len(body) // len(unit))
        assert display_width(shown) <= 100
        assert not unicodedata.combining(shown[-1])


def test_feed_preview_measures_cjk_in_columns() -> None:
    shown, cut = feed_preview("返品" * 60, 100)
    assert cut
    assert len(shown) == 49 + 1  # 49 wide characters (98 columns) and the ellipsis
