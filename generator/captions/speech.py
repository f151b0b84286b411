"""How long a voice-over takes to say, at the language's speaking rate (``data/speech.yml``).

Subtitles are timed by reading speed; a narrator speaks at another pace, slower than people read
in some languages and faster in others. A scene lasts at least as long as both take.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache
from typing import Literal

from pydantic import Field

from generator.captions.length import graphemes
from generator.captions.rules import DATA
from generator.model.base import Model
from generator.source.loading import load_yaml


class SpeechRate(Model):
    """A language's speaking rate; ``None`` in an override means "as the default"."""

    per_minute: float | None = None
    unit: Literal["word", "character"] | None = None
    sources: list[str] = []


class SpeechFile(Model):
    checked: str
    default: SpeechRate
    languages: dict[str, SpeechRate] = Field(default_factory=dict)


@cache
def speech_rate(locale: str) -> SpeechRate:
    """The complete rate for ``locale``: its overrides on top of the default."""
    data = SpeechFile.model_validate(
        load_yaml(DATA / "speech.yml", "generator/data/speech.yml").data)
    merged = data.default.model_dump()
    override = data.languages.get(locale)
    if override is not None:
        merged.update(override.model_dump(exclude_none=True, exclude={"sources"}))
        merged["sources"] = data.default.sources + override.sources
    return SpeechRate.model_validate(merged)


def _spoken(cluster: str) -> bool:
    return unicodedata.category(cluster[0])[0] in "LN"


def spoken_units(text: str, rate: SpeechRate) -> float:
    """Words or characters (letters and digits) to say; a number counts a word per two digits
    ("14" one, "4,95" two, "50000" three), as it takes longer to say than to write."""
    if rate.unit == "character":
        return sum(1 for cluster in graphemes(text) if _spoken(cluster))
    words = [word for word in text.split() if any(_spoken(c) for c in word)]
    return sum(max(1, math.ceil(sum(c.isdigit() for c in word) / 2)) for word in words)


def speaking_ms(text: str, locale: str) -> int:
    """Milliseconds a narrator needs to say ``text`` in ``locale``'s language."""
    rate = speech_rate(locale)
    return math.ceil(spoken_units(text, rate) * 60_000 / (rate.per_minute or 150))
