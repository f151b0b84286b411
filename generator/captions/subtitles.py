"""Subtitles for a script's voice-over: line breaking, cue timing, SRT and WebVTT files.

Limits come per language from ``generator/data/subtitles.yml``. Lines are measured in display
columns (a CJK character takes two) and broken at spaces and after CJK punctuation. Japanese,
Chinese and Thai, written without spaces between words, break only between the phrases Google's
BudouX finds (its models ship with the package), so no line ends inside a word; text with no break
point at all is broken between characters, never inside one. Files are written with the
``srt`` and ``webvtt-py`` libraries so that their syntax is theirs, not ours.
"""

from __future__ import annotations

import datetime
import html
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import budoux
import srt
import webvtt

from generator.captions.length import display_width, grapheme_width, graphemes, is_wide
from generator.captions.pieces import Piece
from generator.captions.rules import SubtitleLimits, subtitle_limits

_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|(?<=[。！？])\s*")
_BREAK_AFTER = frozenset("、。，！？：；）」』】〕》")
_NO_BREAK_BEFORE = frozenset("、。，！？：；）」』】〕》ー・,.!?:;)]}%")


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


_PARSERS = {"ja": budoux.load_default_japanese_parser,
            "zh-hans": budoux.load_default_simplified_chinese_parser,
            "th": budoux.load_default_thai_parser}


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


def _break_points(clusters: list[str], phrases: str | None = None) -> set[int]:
    """Indexes ``i`` where a line may end before ``clusters[i]``."""
    allowed = set()
    starts = _phrase_starts(clusters, phrases) if phrases else set()
    for i in range(1, len(clusters)):
        before, here = clusters[i - 1], clusters[i]
        if here in _NO_BREAK_BEFORE or here.isspace():
            continue
        between_words = (i in starts) if phrases else (is_wide(before) or is_wide(here))
        if before.isspace() or before in _BREAK_AFTER or between_words:
            allowed.add(i)
    return allowed


def wrap(text: str, width: int, phrases: str | None = None) -> list[str]:
    """Lines of at most ``width`` columns, broken at the last allowed point that fits;
    ``phrases``: the BudouX model for a script without spaces between words."""
    return list(_wrap(text, width, phrases))


@lru_cache(maxsize=8192)
def _wrap(text: str, width: int, phrases: str | None = None) -> tuple[str, ...]:
    clusters = graphemes(" ".join(text.split()))
    points = _break_points(clusters, phrases)
    lines: list[str] = []
    start = 0
    while start < len(clusters):
        used, end, best = 0, start, None
        while end < len(clusters) and used + grapheme_width(clusters[end]) <= width:
            used += grapheme_width(clusters[end])
            end += 1
            if end in points or end == len(clusters):
                best = end
        if end == len(clusters) or clusters[end].isspace():
            best = end
        cut = best if best and best > start else max(end, start + 1)  # no break point: hard
        lines.append("".join(clusters[start:cut]).strip())
        start = cut
        while start < len(clusters) and clusters[start].isspace():
            start += 1
    return tuple(line for line in lines if line)


def _balanced(lines: list[str], width: int, original: str, phrases: str | None = None
              ) -> list[str]:
    """The same text on the same number of lines, as evenly long as possible."""
    if len(lines) < 2:
        return lines
    text = lines[0]
    for line in lines[1:]:  # put back the space a break replaced; CJK breaks replace none
        text += (" " if f"{text} {line}" in original else "") + line
    for narrower in range(math.ceil(display_width(text) / len(lines)), width):
        candidate = wrap(text, narrower, phrases)
        if len(candidate) <= len(lines):
            return candidate
    return lines


def split_cues(text: str, limits: SubtitleLimits) -> list[str]:
    """Cue texts (lines joined by "\\n"): sentences never share a cue."""
    cues = []
    width, count = limits.max_line_width or 28, limits.max_lines or 2
    for sentence in _SENTENCE_END.split(text.strip()):
        lines = wrap(sentence, width, limits.phrases)
        for first in range(0, len(lines), count):
            chunk = lines[first:first + count]
            if len(lines) <= count:  # re-balance only what was one sentence-sized block
                chunk = _balanced(chunk, width, " ".join(sentence.split()), limits.phrases)
            cues.append("\n".join(chunk))
    return cues


def cue_ms(cue: str, limits: SubtitleLimits) -> int:
    """The shortest time a cue may stay up: its reading time, at least the minimum duration."""
    reading = math.ceil(reading_units(cue, limits) / (limits.max_cps or 17) * 1000)
    return max(limits.min_duration_ms or 833, reading)


def voice_ms(text: str, limits: SubtitleLimits) -> int:
    """Time a voice-over needs as subtitles, including a gap after each cue."""
    cues = split_cues(text, limits)
    return sum(cue_ms(cue, limits) for cue in cues) + len(cues) * (limits.min_gap_ms or 83)


def script_cues(script: Piece) -> list[Cue]:
    """Cues for a script's voice-over, each scene's cues spread over the scene."""
    limits = subtitle_limits(script.locale)
    gap, longest = limits.min_gap_ms or 83, limits.max_duration_ms or 7000
    result: list[Cue] = []
    for scene in script.scenes:
        texts = split_cues(scene.voice.text, limits)
        needs = [cue_ms(text, limits) for text in texts]
        spare = max(0, scene.end_ms - scene.start_ms - sum(needs) - len(texts) * gap)
        start = scene.start_ms
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
