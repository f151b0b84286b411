"""The hashtags under a caption, per language: the merchant's own first, then suggestions.

A tag reaches the viewers who search for it, so a Thai caption needs Thai tags: the merchant
writes tags for every language ("#MaruMori") or per language (``{en: "#returns", th:
"#คืนสินค้า"}``), and ``generator/data/hashtags.yml`` suggests common ones per language and
market to reach ``hashtags_min``; never more than ``hashtags_max``, never one twice.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from generator.captions.pieces import Segment
from generator.captions.rules import caption_rules
from generator.model.base import Model
from generator.model.market import CaptionInputs
from generator.model.types import Hashtag
from generator.source.loading import FieldPath, load_yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "hashtags.yml"


class LanguageTags(Model):
    scripts: list[str]
    """Unicode scripts the language is written in (Latin is allowed in every language)."""
    tags: list[Hashtag]


class HashtagData(Model):
    checked: str
    sources: list[str]
    languages: dict[str, LanguageTags]
    markets: dict[str, list[Hashtag]] = {}


@cache
def hashtag_data() -> HashtagData:
    """The suggestions, loaded once with the strict loader used for merchant files."""
    return HashtagData.model_validate(load_yaml(DATA, "generator/data/hashtags.yml").data)


@dataclass(frozen=True)
class MerchantTag:
    """One of the merchant's tags as shown in one locale, with the YAML field it came from."""

    text: str
    source: FieldPath
    language: str = ""
    """The locale it is shown in, for a per-language tag ("" for a tag for every language)."""


def key(tag: str) -> str:
    """What makes two tags the same tag: TikTok ignores case; NFC joins two spellings."""
    return unicodedata.normalize("NFC", tag).casefold()


def merchant_tags(inputs: CaptionInputs, locale: str, market: str) -> list[MerchantTag]:
    """The merchant's tags in ``locale``: every plain tag, and each per-language entry's tag
    for this locale (its regional key, e.g. ``es_MX``, first), in the order written."""
    base: FieldPath = ("markets", market, "captions", "hashtags")
    found = []
    for index, entry in enumerate(inputs.hashtags):
        if isinstance(entry, str):
            found.append(MerchantTag(entry, (*base, index)))
            continue
        for language in (f"{locale}_{market}", locale):
            if language in entry:
                found.append(MerchantTag(entry[language], (*base, index, language), locale))
                break
    return found


def suggested_tags(locale: str, market: str) -> list[str]:
    """Suggestions for this market and locale: the language's first tag (its word for
    returns), then the market's own, then the language's others."""
    data = hashtag_data()
    language = data.languages[locale].tags if locale in data.languages else []
    return [*language[:1], *data.markets.get(market, []), *language[1:]]


def caption_hashtags(inputs: CaptionInputs, locale: str, market: str) -> list[Segment]:
    """The tags a caption in ``locale`` ends with: the merchant's (at most ``hashtags_max``),
    then suggestions while there are fewer than ``hashtags_min``; no tag twice."""
    limits = caption_rules().limits
    chosen: list[Segment] = []
    seen: set[str] = set()
    for tag in merchant_tags(inputs, locale, market):
        if len(chosen) < limits.hashtags_max and key(tag.text) not in seen:
            chosen.append(Segment(tag.text, tag.source, tag.language))
            seen.add(key(tag.text))
    for text in suggested_tags(locale, market):
        if len(chosen) < limits.hashtags_min and key(text) not in seen:
            chosen.append(Segment(text, language=locale))
            seen.add(key(text))
    return chosen


def foreign_script(tag: str, locale: str) -> str | None:
    """The first letter of ``tag`` in a script ``locale`` is not written in (Latin is allowed
    everywhere), or None; None too for a locale without data."""
    language = hashtag_data().languages.get(locale)
    if language is None:
        return None
    allowed = _script_pattern(tuple(language.scripts))
    for char in tag:
        if char.isalpha() and not allowed.match(char):
            return char
    return None


@cache
def _script_pattern(scripts: tuple[str, ...]) -> regex.Pattern[str]:
    names = ("Latin", *scripts)
    return regex.compile("[" + "".join(rf"\p{{Script={name}}}" for name in names) + "]")
