"""Measure caption text three ways: as TikTok counts it, as people see it, and by screen width.

- ``tiktok_length``: UTF-16 code units, the unit of TikTok's caption limit ("The maximum length
  is 2200 in UTF-16 runes"): an emoji counts 2, with a skin tone 4, a flag 4.
- ``char_count``/``graphemes``: user-perceived characters (extended grapheme clusters, UAX #29,
  from the ``regex`` module): an emoji family, a flag, a Thai syllable with its marks or a letter
  with combining accents is one. Used for reading speed and to never cut inside a character.
- ``display_width``: columns on screen; East Asian wide and full-width characters and emoji
  take two. Used for subtitle lines and the feed preview.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

_GRAPHEME = regex.compile(r"\X")


def graphemes(text: str) -> list[str]:
    """Split text into user-perceived characters (extended grapheme clusters)."""
    return _GRAPHEME.findall(text)


def char_count(text: str) -> int:
    """Length as people count it: one per user-perceived character."""
    return len(graphemes(text))


def tiktok_length(text: str) -> int:
    """Length as TikTok's limits count it: UTF-16 code units (JavaScript's ``length``)."""
    return len(text.encode("utf-16-le")) // 2


@lru_cache(maxsize=8192)
def grapheme_width(cluster: str) -> int:
    """Columns one user-perceived character takes: 0, 1 or 2 (cached: texts reuse a few)."""
    base = cluster[0]
    if base in "\n\r" or unicodedata.category(base) in ("Cc", "Cf", "Mn", "Me"):
        return 0
    if unicodedata.east_asian_width(base) in ("W", "F"):
        return 2
    if "\ufe0f" in cluster or 0x1F1E6 <= ord(base) <= 0x1F1FF:  # emoji presentation, flags
        return 2
    return 1


def display_width(text: str) -> int:
    """Columns on screen."""
    return sum(grapheme_width(cluster) for cluster in graphemes(text))


def is_wide(cluster: str) -> bool:
    """A full-width (CJK) character: lines may break before or after it."""
    return unicodedata.east_asian_width(cluster[0]) in ("W", "F") and cluster[0].isalpha()
