"""Texts as segments that remember where they came from.

A caption joins merchant text (a hook, a call to action, hashtags) with sentences generated from
the policy. Keeping the origin of every segment lets the linter point at the YAML line that
caused a problem, and tell merchant text from translated template text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator.captions.length import tiktok_length
from generator.source.loading import FieldPath

_SPACES = re.compile(r"[ \t\r\n\f\v]+")


@dataclass(frozen=True)
class Segment:
    """A run of text: merchant-written (``source`` is its field path) or generated."""

    text: str
    source: FieldPath | None = None
    """Field path of the merchant text, e.g. ("markets", "DE", "captions", "hooks", 0, "en")."""
    language: str = ""
    """Language the text is written in (the default locale's when a translation is missing)."""
    msgid: str | None = None
    """For generated text: the catalog message it was translated from."""
    facts: frozenset[str] = frozenset()
    """The policy facts a generated sentence states ("window", "cost", …), so that no text
    states one twice (``distinct``) and the linter can tell a change-of-mind sentence from
    one about faulty items."""

    @property
    def merchant(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class Scene:
    """One scene of a video script, from ``start_ms``: what to film (a shot and B-roll to cut
    in), the on-screen text and the voice-over."""

    kind: str  # hook, window, law, cost, restocking, exclusions, start, ship, customs, refund…
    start_ms: int
    end_ms: int
    overlay: Segment
    voice: Segment
    shot: Segment
    """What the camera shows while the voice-over speaks ("Close-up: phone calendar…")."""
    broll: Segment
    """Footage to cut in ("Parcel on the doorstep")."""


@dataclass(frozen=True)
class Piece:
    """One ready-to-paste text for one market and locale."""

    market: str
    locale: str
    kind: str  # caption | pinned_comment | reply | script
    variant: str
    """Stable id within the kind: caption number, question id or "1-15s" for scripts."""
    title: str
    """Translated label: "Caption 1", the customer's question, "15-second video"."""
    segments: tuple[Segment, ...]
    limit: int | None
    """TikTok's limit for this kind of text (UTF-16 code units), None for scripts."""
    key_fact: Segment | None = None
    """The segment that must show before the feed's "more" (captions)."""
    scenes: tuple[Scene, ...] = ()
    """A video script's scenes, in order."""
    seconds: int | None = None
    """A video script's planned length."""
    parts: tuple[tuple[str, int, int], ...] = ()
    """Named runs of ``segments`` as (name, first, end): a caption's "hook", "body" and
    "hashtags", so that exports can hand them out separately; the separators between parts
    belong to none."""
    angle: str = ""
    """A caption's angle ("key-fact", "three-things", "pov", "myth", "question"; see
    ``compose.ANGLES``), for the kit's filter and the content calendar; "" for other texts."""

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def length(self) -> int:
        """As TikTok counts it."""
        return tiktok_length(self.text)

    def part(self, name: str) -> str:
        """The text of one named part; a piece that names no parts is all "body"."""
        if not self.parts:
            return self.text if name == "body" else ""
        return "".join("".join(segment.text for segment in self.segments[first:end])
                       for part, first, end in self.parts if part == name)

    def offset_of(self, target: Segment) -> int:
        """Where ``target`` starts in ``text`` (characters)."""
        offset = 0
        for segment in self.segments:
            if segment is target:
                return offset
            offset += len(segment.text)
        raise ValueError("segment not in piece")


def one_line(text: str) -> str:
    """Merchant text on one line: tabs and runs of spaces become one space."""
    return _SPACES.sub(" ", text).strip()


def joined(parts: list[Segment | str], separator: str = "\n") -> tuple[Segment, ...]:
    """Segments with ``separator`` between them (strings become generated segments)."""
    result: list[Segment] = []
    for index, part in enumerate(parts):
        if index:
            result.append(Segment(separator))
        result.append(part if isinstance(part, Segment) else Segment(part))
    return tuple(result)


def distinct(parts: Iterable[Segment | None]) -> list[Segment]:
    """The segments given, leaving out any whose facts earlier ones already state.

    "Free returns within 30 days." states the window and the cost, so a following "Return
    shipping is free." would only repeat it.
    """
    kept: list[Segment] = []
    stated: set[str] = set()
    for part in parts:
        if part is None or (part.facts and part.facts <= stated):
            continue
        kept.append(part)
        stated |= part.facts
    return kept


def repeated_facts(segments: Iterable[Segment]) -> list[tuple[str, Segment, Segment]]:
    """Each fact two segments state, with the first segment that stated it and the repeat."""
    first: dict[str, Segment] = {}
    found = []
    for segment in segments:
        for fact in sorted(segment.facts):
            if fact in first:
                found.append((fact, first[fact], segment))
            else:
                first[fact] = segment
    return found
