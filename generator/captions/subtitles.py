"""Subtitles for a script's voice-over: cues, line breaking, timing, SRT and WebVTT files.

Laid out by the rules of good subtitling (sources in ``generator/data/subtitles.yml``): a cue
holds one sentence or part of one, on at most two lines of the language's width; a sentence takes
as few cues as it can, broken where the breaks cost least (``linebreak.py``: after punctuation,
never after an article, never inside a number and its unit, a name or a quoted label); no cue is
a lone word of a longer sentence; the two lines of a cue are balanced, the longer one below
(BBC's bottom-heavy pyramid). Japanese, Chinese and Thai break between BudouX's phrases. Limits
come per language from the data file; lines are measured in display columns (a CJK character
takes two). Files are written with the ``srt`` and ``webvtt-py`` libraries so that their syntax
is theirs, not ours.
"""

from __future__ import annotations

import datetime
import html
import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import srt
import webvtt

from generator.captions.length import display_width, graphemes
from generator.captions.linebreak import BreakRules, Word, split_words
from generator.captions.pieces import Piece
from generator.captions.rules import SubtitleLimits, brand_names, subtitle_limits

_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|(?<=[。！？])\s*")

CUE = 10_000
"""Each cue: a sentence takes as few as it can."""
SECOND_LINE = 1_000
"""A second line: text that fits on one line stays on one (Netflix "Line treatment")."""
TOP_HEAVY, BOTTOM_HEAVY = 20, 10
"""Per column of difference between two lines: the longer line goes below where it can."""
UNBALANCED = 2_000
"""Lines further apart than ``min_line_ratio``: worse than a second line, better than a cue."""
MID_CLAUSE = 3_000
"""A cue that ends inside a clause, not after punctuation."""
LONE_WORD = 10**6
"""A cue that is one word of at most ``lone_word_width`` columns, out of a longer sentence."""
LONE_LONG_WORD = 10**5
"""A cue that is one longer word: only where every other layout is worse."""


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str


def reading_units(text: str, limits: SubtitleLimits) -> float:
    """Characters for the reading-speed limit (half-width ones count 0.5 in CJK languages)."""
    if limits.cps_unit == "full_width":  # CJK lines break between characters, not at spaces
        return display_width(text.replace("\n", "")) / 2
    return len(graphemes(text.replace("\n", " ")))  # a line break stands for a space


def break_rules(limits: SubtitleLimits, names: Iterable[str] = ()) -> BreakRules:
    """The line-breaking rules for a language, with the brands and any further ``names``."""
    return BreakRules(limits.max_line_width or 28, limits.phrases,
                      frozenset(limits.no_line_end or ()),
                      tuple(dict.fromkeys((*brand_names(), *names))))


def _line(words: list[Word]) -> str:
    return "".join((" " if word.space_before and index else "") + word.text
                   for index, word in enumerate(words))


def _width(words: list[Word]) -> int:
    return sum(word.width for word in words) + sum(
        1 for index, word in enumerate(words) if index and word.space_before)


def _balance(widths: list[int], ratio: float) -> int:
    """Cost of the lines' widths: differences, a top-heavy pair dearer, and lines too uneven."""
    cost = 0
    for top, bottom in itertools.pairwise(widths):
        cost += (top - bottom) * TOP_HEAVY if top > bottom else (bottom - top) * BOTTOM_HEAVY
        if min(top, bottom) < ratio * max(top, bottom):
            cost += UNBALANCED
    return cost


def _best_lines(words: list[Word], width: int, lines: int, ratio: float
                ) -> tuple[int, list[list[Word]]] | None:
    """The cheapest way to set ``words`` on at most ``lines`` lines, or None if none fits."""
    best: tuple[int, list[list[Word]]] | None = None
    for count in range(1, lines + 1):
        for cuts in itertools.combinations(range(1, len(words)), count - 1):
            bounds = [0, *cuts, len(words)]
            rows = [words[a:b] for a, b in itertools.pairwise(bounds)]
            widths = [_width(row) for row in rows]
            if max(widths) > width:
                continue
            cost = ((count - 1) * SECOND_LINE + sum(words[cut].cost for cut in cuts)
                    + _balance(widths, ratio))
            if best is None or cost < best[0]:
                best = (cost, rows)
    return best


def layout(words: list[Word], width: int, lines: int, lone_width: int, ratio: float
           ) -> list[list[list[Word]]]:
    """Cues (each a list of lines of words) for one sentence, at the least total cost."""
    several = sum(1 for word in words if word.counts) > 1
    best: list[tuple[int, int] | None] = [(0, 0), *([None] * len(words))]  # (cost, cue start)
    shapes: dict[tuple[int, int], list[list[Word]]] = {}
    for end in range(1, len(words) + 1):
        for start in range(end - 1, -1, -1):
            cue = words[start:end]
            if _width(cue) > width * lines + lines:  # longer cues fit no better
                break
            previous = best[start]
            shape = _best_lines(cue, width, lines, ratio)
            if previous is None or shape is None:
                continue
            cost = previous[0] + CUE + shape[0]
            if start:
                cost += words[start].cost + (0 if words[start].pause else MID_CLAUSE)
            if several and sum(1 for word in cue if word.counts) < 2:
                cost += LONE_WORD if _width(cue) <= lone_width else LONE_LONG_WORD
            current = best[end]
            if current is None or cost < current[0]:
                best[end] = (cost, start)
                shapes[(start, end)] = shape[1]
    cues: list[list[list[Word]]] = []
    end = len(words)
    while end:
        entry = best[end]
        assert entry is not None  # every word fits a line on its own (linebreak._fitted)
        cues.append(shapes[(entry[1], end)])
        end = entry[1]
    return cues[::-1]


def wrap(text: str, width: int, phrases: str | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` columns, broken where it costs least;
    ``phrases``: the BudouX model for a script without spaces between words."""
    words = split_words(text, BreakRules(width, phrases, names=brand_names()))
    return [_line(cue[0]) for cue in layout(words, width, 1, 0, 0.0)]


def split_cues(text: str, limits: SubtitleLimits, names: Iterable[str] = ()) -> list[str]:
    """Cue texts (lines joined by "\\n"): sentences never share a cue; ``names`` (the
    merchant's trading name) are never broken, as brands are not."""
    return list(_split_cues(text, break_rules(limits, names), limits.max_lines or 2,
                            limits.lone_word_width or 0, limits.min_line_ratio or 0.0))


@lru_cache(maxsize=4096)
def _split_cues(text: str, rules: BreakRules, lines: int, lone_width: int, ratio: float
                ) -> tuple[str, ...]:
    cues: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        words = split_words(sentence, rules)
        for cue in layout(words, rules.width, lines, lone_width, ratio) if words else []:
            cues.append("\n".join(_line(line) for line in cue))
    return tuple(cues)


def cue_ms(cue: str, limits: SubtitleLimits) -> int:
    """The shortest time a cue may stay up: its reading time, at least the minimum duration."""
    reading = math.ceil(reading_units(cue, limits) / (limits.max_cps or 17) * 1000)
    return max(limits.min_duration_ms or 833, reading)


def voice_ms(text: str, limits: SubtitleLimits, names: Iterable[str] = ()) -> int:
    """Time a voice-over needs as subtitles, including a gap after each cue."""
    cues = split_cues(text, limits, names)
    return sum(cue_ms(cue, limits) for cue in cues) + len(cues) * (limits.min_gap_ms or 83)


def script_cues(script: Piece, names: Iterable[str] = ()) -> list[Cue]:
    """Cues for a script's voice-over, each scene's cues spread over the scene; a cue never
    starts before the previous one ended (plus the gap)."""
    limits = subtitle_limits(script.locale)
    gap, longest = limits.min_gap_ms or 83, limits.max_duration_ms or 7000
    result: list[Cue] = []
    for scene in script.scenes:
        texts = split_cues(scene.voice.text, limits, names)
        needs = [cue_ms(text, limits) for text in texts]
        spare = max(0, scene.end_ms - scene.start_ms - sum(needs) - len(texts) * gap)
        start = max(scene.start_ms, result[-1].end_ms + gap if result else 0)
        for text, need in zip(texts, needs, strict=True):
            length = min(longest, need + spare * need // sum(needs))
            result.append(Cue(start, start + length, text))
            start += length + gap
    return result


def _safe(text: str) -> str:
    return text.replace("-->", "→")


def to_srt(cues: list[Cue]) -> str:
    """SubRip text, composed by the ``srt`` library."""
    return srt.compose([
        srt.Subtitle(index, datetime.timedelta(milliseconds=cue.start_ms),
                     datetime.timedelta(milliseconds=cue.end_ms), _safe(cue.text))
        for index, cue in enumerate(cues, start=1)
    ])


def _vtt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def to_vtt(cues: list[Cue]) -> str:
    """WebVTT text, written by ``webvtt-py``; "&", "<" and ">" are escaped as cue text needs."""
    captions = [webvtt.Caption(_vtt_time(cue.start_ms), _vtt_time(cue.end_ms),
                               html.escape(_safe(cue.text), quote=False))
                for cue in cues]
    return webvtt.WebVTT(captions=captions).content
