"""Emoji at a caption's slots, where the merchant turns them on (``captions.emoji``).

An emoji opens a line (the hook, a line after the key fact, the call to action) and never
replaces a word: facts stay in words, and the key fact's line stays a plain statement. Video
scripts are composed elsewhere and get none (a voice-over cannot say them). Lengths and the
feed preview measure the finished text, so emoji count as TikTok counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import regex
from pydantic import Field

from generator.captions.pieces import Piece, Segment
from generator.model.base import Model
from generator.source.loading import load_yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "emoji.yml"
SLOTS = ("hook", "lines", "cta")

# A line that already opens with an emoji, a number ("1.", "2)") or a bullet keeps its start.
_MARKED = regex.compile(
    r"\s*(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\d+[.)]|[•·\-–—*])")


class EmojiData(Model):
    checked: str
    sources: list[str]
    hook: str
    angles: dict[str, str] = Field(default_factory=dict)
    """The hook's emoji per caption angle ("pov", "myth", …), else ``hook``."""
    cta: str
    line: str
    """For a line that states none of the facts in ``lines``."""
    lines: dict[str, str] = Field(default_factory=dict)
    """Per fact, in order of preference for a line that states several."""


@cache
def emoji_data() -> EmojiData:
    return EmojiData.model_validate(load_yaml(DATA, "generator/data/emoji.yml").data)


def emoji_slots(choice: bool | Sequence[str]) -> frozenset[str]:
    """The slots a merchant's ``captions.emoji`` turns on (true: all of them)."""
    if isinstance(choice, bool):
        return frozenset(SLOTS) if choice else frozenset()
    return frozenset(choice)


def with_emoji(caption: Piece, choice: bool | Sequence[str]) -> Piece:
    """The caption with an emoji (and a space) before each line its slots name; its parts
    keep their text (an emoji before the hook belongs to the hook)."""
    slots = emoji_slots(choice)
    if not slots:
        return caption
    segments: list[Segment] = []
    starts: list[int] = []  # where each old segment now begins, its emoji included
    for index, segment in enumerate(caption.segments):
        starts.append(len(segments))
        emoji = _slot_emoji(caption, index, slots)
        if emoji:
            segments.append(Segment(emoji + " ", language=segment.language))
        segments.append(segment)
    starts.append(len(segments))
    parts = tuple((name, starts[first], starts[end]) for name, first, end in caption.parts)
    return replace(caption, segments=tuple(segments), parts=parts)


def _slot_emoji(caption: Piece, index: int, slots: frozenset[str]) -> str | None:
    """The emoji that opens segment ``index``, if it opens a line of a slot turned on."""
    segment = caption.segments[index]
    before = caption.segments[index - 1].text if index else ""
    if (index and not before.endswith("\n")) or not segment.text.strip() \
            or _MARKED.match(segment.text) or segment is caption.key_fact:
        return None
    data = emoji_data()
    if "hook" in slots and index == _hook_index(caption):
        return data.angles.get(caption.angle, data.hook)
    if "cta" in slots and segment.source and "calls_to_action" in segment.source:
        return data.cta
    if "lines" in slots and segment.facts and _after_key_fact(caption, index):
        return next((emoji for fact, emoji in data.lines.items() if fact in segment.facts),
                    data.line)
    return None


def _hook_index(caption: Piece) -> int:
    return next((first for name, first, _end in caption.parts if name == "hook"), 0)


def _after_key_fact(caption: Piece, index: int) -> bool:
    """Lines before the key fact (a list's title, the hook) are no fact lines to mark."""
    if caption.key_fact is None:
        return True
    return any(segment is caption.key_fact for segment in caption.segments[:index])
