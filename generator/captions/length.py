"""Count caption length the way people (and TikTok's counter) see it: user-perceived characters.

An emoji with a skin tone, a flag, a family joined with zero-width joiners or a letter with
combining accents is one character, not several code points or bytes.
"""

from __future__ import annotations

import unicodedata

_ZWJ = "\u200d"
_JOINERS = {"\u200d"}
_EXTENDERS = {"\ufe0e", "\ufe0f", "\u20e3"}


def _is_extender(char: str) -> bool:
    if char in _EXTENDERS:
        return True
    code = ord(char)
    if 0x1F3FB <= code <= 0x1F3FF:  # skin tone modifiers
        return True
    if 0xE0020 <= code <= 0xE007F:  # tag characters (subdivision flags)
        return True
    return unicodedata.category(char) in ("Mn", "Me", "Mc")


def _is_regional_indicator(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def graphemes(text: str) -> list[str]:
    """Split text into user-perceived characters (a pragmatic subset of UAX #29)."""
    clusters: list[str] = []
    joined = False
    for char in text:
        if clusters and (joined or _is_extender(char) or char in _JOINERS):
            clusters[-1] += char
            joined = char in _JOINERS
            continue
        if (clusters and _is_regional_indicator(char) and len(clusters[-1]) == 1
                and _is_regional_indicator(clusters[-1])):
            clusters[-1] += char
            continue
        if clusters and char == "\n" and clusters[-1] == "\r":
            clusters[-1] += char
            continue
        clusters.append(char)
        joined = False
    return clusters


def char_count(text: str) -> int:
    """Length as shown by a character counter."""
    return len(graphemes(text))


def display_width(text: str) -> int:
    """Columns on screen: East Asian wide and full-width characters take two."""
    width = 0
    for cluster in graphemes(text):
        base = cluster[0]
        width += 2 if unicodedata.east_asian_width(base) in ("W", "F") else 1
    return width
