"""TikTok caption limits, claim words and subtitle limits, read from dated data files.

The numbers live in ``generator/data/captions.yml`` and ``subtitles.yml`` (with their sources) so
that a changed platform rule or style guide is a data edit, not a code change; brand names come
from the glossary the translations are held to (``locales/glossary.yml``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from generator.model.base import Model
from generator.package_data import package_root
from generator.source.loading import load_yaml

DATA = Path(__file__).resolve().parent.parent / "data"
CaptionTarget = Literal["api", "app"]


class CaptionLimits(Model):
    api: int
    app: int
    comment: int
    preview_width: int
    hashtags_min: int
    hashtags_max: int
    hook_ms: int


class ClaimWords(Model):
    """Regular-expression fragments for one language (see captions.yml)."""

    spaced: bool = True
    day: list[str] = []
    free: list[str] = []
    easy: list[str] = []
    returns: list[str] = []
    shipping: list[str] = []
    faulty: list[str] = []
    refund: list[str] = []
    ignore: list[str] = []


class ReplyTopic(Model):
    """Which categories make a question worth a reply (see captions.yml ``reply_topics``)."""

    categories: list[str] = []
    families: list[str] = []


class CaptionRules(Model):
    checked: str
    limits: CaptionLimits
    sources: list[str]
    off_platform: list[str]
    off_platform_case_sensitive: list[str] = []
    qr: list[str]
    claims: dict[str, ClaimWords]
    reply_topics: dict[str, ReplyTopic] = {}

    def caption_limit(self, target: CaptionTarget) -> int:
        return self.limits.api if target == "api" else self.limits.app


class SubtitleLimits(Model):
    """Limits for one language; ``None`` in an override means "as the default"."""

    max_line_width: int | None = None
    max_lines: int | None = None
    max_cps: float | None = None
    cps_unit: Literal["character", "full_width"] | None = None
    min_duration_ms: int | None = None
    max_duration_ms: int | None = None
    min_gap_ms: int | None = None
    phrases: Literal["ja", "zh-hans", "th"] | None = None
    """BudouX model that finds the phrases a line may break between, for scripts written
    without spaces between words (Japanese, Chinese, Thai)."""
    lone_word_width: int | None = None
    """No cue is one word (phrase) this wide or narrower, out of a longer sentence."""
    min_line_ratio: float | None = None
    """The shorter line of a two-line cue is at least this share of the longer one."""
    no_line_end: list[str] | None = None
    """Words a line should not end with (articles, prepositions, conjunctions), lower case."""
    sources: list[str] = []


class SubtitleFile(Model):
    checked: str
    default: SubtitleLimits
    languages: dict[str, SubtitleLimits] = Field(default_factory=dict)


@cache
def caption_rules() -> CaptionRules:
    """The caption rules, loaded once with the strict loader used for merchant files."""
    doc = load_yaml(DATA / "captions.yml", "generator/data/captions.yml")
    return CaptionRules.model_validate(doc.data)


@cache
def subtitle_limits(locale: str) -> SubtitleLimits:
    """The complete limits for ``locale``: its overrides on top of the defaults."""
    data = SubtitleFile.model_validate(
        load_yaml(DATA / "subtitles.yml", "generator/data/subtitles.yml").data)
    override = data.languages.get(locale)
    if override is None:
        return data.default
    merged = data.default.model_dump()
    merged.update(override.model_dump(exclude_none=True, exclude={"sources"}))
    merged["sources"] = data.default.sources + override.sources
    return SubtitleLimits.model_validate(merged)


@cache
def brand_names() -> tuple[str, ...]:
    """Names never translated (``locales/glossary.yml`` ``brands``): a subtitle line never
    breaks inside one."""
    doc = load_yaml(package_root() / "locales" / "glossary.yml", "locales/glossary.yml")
    return tuple(str(name) for name in doc.data["brands"])


def claim_words(language: str) -> ClaimWords | None:
    return caption_rules().claims.get(language)
