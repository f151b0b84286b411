"""The formatting locale of a page: its language in its market's territory.

A Mexican page in Spanish formats like Mexico ("$75.00 MXN", not Spain's "75,00 MXN"), a British
page like Britain ("19 June 2026"). Babel has data for most language + territory pairs; where it
has none (English in Japan), CLDR's international variant (``en_001``) is closer to what a reader
there expects than the language's default (``en`` is American English).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, localedata
from babel.numbers import format_currency

from generator.i18n.locales import babel_locale

_DISPLAY_FILE = Path(__file__).resolve().parent.parent / "data" / "currency_display.yml"


@cache
def format_locale(locale_id: str, market: str | None) -> str:
    """The Babel locale id for a page in ``locale_id`` about ``market`` (a country code).

    ``locale_id`` may already carry a script (``zh_Hans``); pages that belong to no market
    (the home and history pages) format as the language does.
    """
    if market is None:
        return locale_id
    language = babel_locale(locale_id).language
    for candidate in (f"{locale_id}_{market}", f"{language}_{market}", f"{language}_001"):
        if localedata.exists(candidate):
            return candidate
    return locale_id


@dataclass(frozen=True)
class CurrencyDisplay:
    """One currency's display rule from ``currency_display.yml``."""

    symbol: str | None = None
    code_after: bool = False
    decimals: int | None = None
    patterns: dict[str, str] = field(default_factory=dict)


@cache
def _displays() -> dict[str, CurrencyDisplay]:
    data: dict[str, Any] = yaml.safe_load(_DISPLAY_FILE.read_text(encoding="utf-8"))
    return {code: CurrencyDisplay(**rule) for code, rule in data["currencies"].items()}


def _literal(text: str) -> str:
    """``text`` quoted for a CLDR number pattern."""
    return "'" + text.replace("'", "''") + "'"


def currency_text(amount: Decimal, currency: str, locale_id: str) -> str:
    """An amount as shoppers in the locale's territory write it (plain text)."""
    parsed = babel_locale(locale_id)
    rule = _displays().get(currency)
    if rule is None:
        return format_currency(amount, currency, locale=parsed)
    pattern = rule.patterns.get(parsed.language) or _standard_pattern(parsed)
    if rule.symbol is not None:
        pattern = pattern.replace("¤", _literal(rule.symbol))
    if rule.code_after:
        pattern = ";".join(f"{part}\u00a0{_literal(currency)}" for part in pattern.split(";"))
    if rule.decimals is not None:
        pattern = _with_decimals(pattern, rule.decimals)
    return format_currency(amount, currency, format=pattern, locale=parsed,
                           currency_digits=rule.decimals is None)


def _standard_pattern(parsed: Locale) -> str:
    pattern = parsed.currency_formats["standard"].pattern
    return str(pattern)


def _with_decimals(pattern: str, decimals: int) -> str:
    fraction = "." + "0" * decimals if decimals else ""
    parts = []
    for part in pattern.split(";"):
        head, dot, tail = part.partition(".")
        if not dot:
            parts.append(part)
            continue
        digits = len(tail) - len(tail.lstrip("0#"))
        parts.append(head + fraction + tail[digits:])
    return ";".join(parts)
