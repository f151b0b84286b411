"""Where a subtitle line may break, and what each break costs.

A sentence becomes a list of words: runs of text between break opportunities (spaces; in
Japanese, Chinese and Thai also the phrase boundaries Google's BudouX finds, and between other
full-width characters). Each word carries the cost of breaking the line just before it, so that
the layout in ``subtitles.py`` can weigh breaks against each other:

- free after clause punctuation (comma, colon, "、"), a little cheaper before a conjunction or
  preposition, dearer elsewhere (Netflix "Line treatment", BBC "Break at natural points");
- very dear after an article, preposition or conjunction (``no_line_end`` in subtitles.yml);
- kept together unless nothing else fits: a number and its unit or currency ("4,95 €",
  "14 Tage", "1,800円", "RM8.00"), a brand or the merchant's name, a short quoted label and
  punctuation with its word.

Only ordinary spaces separate words: the no-break spaces CLDR puts inside amounts and percentages
hold them together. A word too wide for a line is the only thing ever cut inside.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import budoux
import regex

from generator.captions.length import display_width, grapheme_width, graphemes, is_wide

GOOD = 0
"""After clause punctuation."""
BEFORE_LINK = 60
"""Before a conjunction or preposition: where Netflix says to break."""
PLAIN = 120
"""Between two words, neither of the above."""
NO_END = 10**6
"""After an article, preposition or conjunction."""
GLUED = 10**9
"""Inside a number and its unit, a name, a quoted label, or before punctuation."""
CUT = 10**11
"""Inside a word: only a word wider than the line is cut."""

_SPACES = regex.compile(r"[ \t\n\r\f\v]+")  # not the no-break spaces inside amounts
_CLAUSE_END = frozenset(",;:、，；：—–")
_BREAK_AFTER = frozenset("、。，！？：；）」』】〕》")
_NO_BREAK_BEFORE = frozenset("、。，！？：；）」』】〕》ー・,.!?:;)]}%")
_OPENING = frozenset("«„“‚‹「『【〔《（([{¿¡\"'")
_QUOTES = {"«": "»", "„": "“", "“": "”", "「": "」", "『": "』", "《": "》", "‹": "›", '"': '"'}
_ISO_CODE = regex.compile(r"[A-Z]{3}")
_BARE_NUMBER = regex.compile(r"(?<![\p{Sc}A-Za-z])\d(?:[\d.,\u00a0\u202f]*\d)?$")
"""A number at the end of a word, without a currency before it: its unit follows."""
_NAME_EDGE = (r"(?<![\p{Latin}\p{N}])", r"(?![\p{Latin}\p{N}])")  # "TikTok Shopアプリ" holds one

_PARSERS = {"ja": budoux.load_default_japanese_parser,
            "zh-hans": budoux.load_default_simplified_chinese_parser,
            "th": budoux.load_default_thai_parser}


@dataclass(frozen=True)
class Word:
    """A run of text no line breaks inside (unless it is wider than a line)."""

    text: str
    width: int
    """Display columns."""
    space_before: bool
    """A space separates it from the word before (dropped where the line breaks)."""
    cost: int
    """Cost of ending a line (or a cue) just before this word."""
    pause: bool
    """The word before ends a clause (comma, colon, "、"): a natural place for a new cue."""

    @property
    def counts(self) -> bool:
        """A word that counts towards a cue's words (not punctuation alone)."""
        return any(ch.isalnum() for ch in self.text)


@dataclass(frozen=True)
class BreakRules:
    """What a language's lines may break at."""

    width: int
    """The longest line, in display columns."""
    phrases: str | None = None
    """BudouX model for a script without spaces between words."""
    no_line_end: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    """Brands and the merchant's name, never broken."""


def split_words(text: str, rules: BreakRules) -> list[Word]:
    """The words of one sentence, each with the cost of a break before it."""
    flat = _SPACES.sub(" ", text).strip()
    clusters = graphemes(flat)
    starts = _starts(clusters, rules.phrases)
    glued = _glued(flat, clusters, rules)
    words: list[Word] = []
    bounds = [*sorted(starts), len(clusters)]
    previous = ""
    for first, end in zip([0, *bounds[:-1]], bounds, strict=True):
        spaced = first > 0 and clusters[first - 1] == " "
        piece = "".join(clusters[first:end]).rstrip(" ")
        if not piece:
            continue
        cost = _cost(previous, piece, rules) if words else GOOD
        if first in glued:
            cost = max(cost, GLUED)
        pause = bool(previous) and previous[-1] in _CLAUSE_END
        words.extend(_fitted(Word(piece, display_width(piece), spaced, cost, pause), rules.width))
        previous = piece
    return words


def _starts(clusters: list[str], phrases: str | None) -> set[int]:
    """Cluster indexes where a new word may start."""
    starts: set[int] = set()
    phrase_starts = _phrase_starts(clusters, phrases) if phrases else set()
    for i in range(1, len(clusters)):
        before, here = clusters[i - 1], clusters[i]
        if here == " " or here in _NO_BREAK_BEFORE:
            continue
        if before == " ":
            starts.add(i)
        elif phrases:  # BudouX also splits digits and Latin words ("1|4天", "RM|8"): not there
            if i in phrase_starts and not (_narrow(before) and _narrow(here)):
                starts.add(i)
        elif before in _BREAK_AFTER or is_wide(before) or is_wide(here):
            starts.add(i)
    return starts


@cache
def _parser(model: str) -> budoux.Parser:
    return _PARSERS[model]()


def _phrase_starts(clusters: list[str], model: str) -> set[int]:
    """Cluster indexes where BudouX starts a phrase."""
    starts, offset, index, position = set(), 0, 0, 0
    for phrase in _parser(model).parse("".join(clusters))[:-1]:
        offset += len(phrase)
        while index < len(clusters) and position < offset:
            position += len(clusters[index])
            index += 1
        starts.add(index)
    return starts


def _narrow(cluster: str) -> bool:
    """Not a full-width character: Latin letters, digits and their punctuation."""
    return unicodedata.east_asian_width(cluster[0]) not in ("W", "F")


def _cost(previous: str, word: str, rules: BreakRules) -> int:
    """Cost of a break between two neighbouring words."""
    last, first = previous[-1], word[0]
    if _BARE_NUMBER.search(previous):  # "14 | Tage", "1 | 4天", "45.00 | ر.س." (not "RM8.00")
        return GLUED
    if unicodedata.category(first) == "Nd" and _is_currency(previous):  # "SAR | 45.00"
        return GLUED
    if not any(ch.isalnum() for ch in word) and first not in _OPENING:  # "avis | ?", "| »"
        return GLUED
    if all(ch in _OPENING for ch in previous):  # "« | Commandes"
        return GLUED
    if last in _CLAUSE_END or last in _BREAK_AFTER:
        return GOOD
    if _bare(previous) in rules.no_line_end:
        return NO_END
    if _bare(word) in rules.no_line_end:
        return BEFORE_LINK
    return PLAIN


def _bare(word: str) -> str:
    """A word as the ``no_line_end`` lists write it: lower case, without opening quotes.
    A word followed by punctuation keeps it, so it matches no entry."""
    return word.lstrip("".join(_OPENING)).lower()


def _is_currency(word: str) -> bool:
    return (all(unicodedata.category(ch) == "Sc" for ch in word)
            or bool(_ISO_CODE.fullmatch(word)))


def _glued(flat: str, clusters: list[str], rules: BreakRules) -> set[int]:
    """Cluster indexes inside a name or a short quoted label: no word may start there."""
    offsets, position = [], 0
    for cluster in clusters:
        offsets.append(position)
        position += len(cluster)
    spans = [(m.start(), m.end()) for name in rules.names
             for m in regex.finditer(_NAME_EDGE[0] + regex.escape(name) + _NAME_EDGE[1], flat)]
    for opening, closing in _QUOTES.items():
        start = flat.find(opening)
        while start >= 0:
            end = flat.find(closing, start + 1)
            if end < 0:
                break
            if display_width(flat[start:end + 1]) <= rules.width:
                spans.append((start, end + 1))
            start = flat.find(opening, end + 1)
    return {index for index, offset in enumerate(offsets)
            for start, end in spans if start < offset < end}


def _fitted(word: Word, width: int) -> list[Word]:
    """The word, or its pieces where it is wider than a line (cut between characters)."""
    if word.width <= width:
        return [word]
    pieces: list[Word] = []
    current, used = "", 0
    for cluster in graphemes(word.text):
        size = grapheme_width(cluster)
        if current and used + size > width:
            pieces.append(Word(current, used, not pieces and word.space_before,
                               word.cost if not pieces else CUT, word.pause and not pieces))
            current, used = "", 0
        current += cluster
        used += size
    pieces.append(Word(current, used, not pieces and word.space_before,
                       word.cost if not pieces else CUT, word.pause and not pieces))
    return pieces
