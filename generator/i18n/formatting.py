"""Locale-aware formatting through Babel, always with an explicit, pre-parsed locale.

The locale is the page's *formatting* locale: its language in its market's territory
(``regional.format_locale``), so "es_MX" formats as Mexico does. Where CLDR's data reads wrong,
``cldr_fixes`` corrects it and ``regional`` applies each currency's display rule.

Every function returns ``MdSafe`` text isolated for bidirectional pages where it holds
left-to-right values (amounts with Latin currency codes, e-mails, phones, URLs).
The pure formatters are memoised: a site repeats the same few amounts, periods and dates on
thousands of pages, and one Babel call costs tens of microseconds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any, Literal, TypeVar

from babel.dates import format_time as _format_time
from babel.dates import get_timezone, get_timezone_name
from babel.lists import format_list as _format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

from generator.escape import MdSafe, html_attr, md_escape
from generator.i18n.cldr_fixes import date_text, list_pattern_text, unit_text
from generator.i18n.locales import babel_locale
from generator.i18n.regional import currency_text

_F = TypeVar("_F", bound=Callable[..., Any])


def _memo(func: _F) -> _F:
    """Cache by each argument's type and text: ``Decimal("5")`` and ``Decimal("5.00")`` are
    equal but format differently, so ``functools.cache`` would mix them up."""
    results: dict[tuple[Any, ...], Any] = {}

    @wraps(func)
    def cached(*args: Any) -> Any:
        key = tuple((type(arg), str(arg)) for arg in args)
        if key not in results:
            results[key] = func(*args)
        return results[key]

    return cached  # type: ignore[return-value]


def isolate(text: str, *, escaped: bool = False) -> MdSafe:
    """Wrap a left-to-right value in ``<bdi dir="ltr">`` so RTL pages keep its order."""
    inner = text if escaped else md_escape(text)
    return MdSafe(f'<bdi dir="ltr">{inner}</bdi>')


@_memo
def money(amount: Decimal, currency: str, locale: str) -> MdSafe:
    """An amount in its currency, e.g. "4,95 €" in German, "RM8.00" in Malaysia."""
    return isolate(currency_text(amount, currency, locale))


@_memo
def number(value: int | Decimal, locale: str) -> MdSafe:
    return MdSafe(md_escape(format_decimal(value, locale=babel_locale(locale))))


@_memo
def percent(value: Decimal, locale: str) -> MdSafe:
    return MdSafe(md_escape(format_percent(value / 100, locale=babel_locale(locale),
                                           decimal_quantization=False)))


@_memo
def duration(count: int, unit: str, locale: str) -> str:
    """"30 days" as plain text — never rounded the way format_timedelta would.

    CLDR lets many locales' long unit patterns inherit from the short ones, which Babel does not
    resolve (it prints "30 duration-day"), so fall back to the short length where long lacks the
    count's plural form.
    """
    parsed = babel_locale(locale)
    patterns = parsed._data["unit_patterns"][unit]
    form = parsed.plural_form(count)
    length: Literal["long", "short"] = "long" if form in patterns.get("long", {}) else "short"
    return unit_text(format_unit(count, unit, length=length, locale=parsed), parsed)


def days(count: int, locale: str) -> MdSafe:
    """A legal period such as "30 days"."""
    return MdSafe(md_escape(duration(count, "duration-day", locale)))


def hours(count: int, locale: str) -> MdSafe:
    return MdSafe(md_escape(duration(count, "duration-hour", locale)))


@_memo
def date(value: datetime.date, locale: str, style: str = "long") -> MdSafe:
    return MdSafe(md_escape(date_text(value, style, babel_locale(locale))))


@_memo
def plain_date(value: datetime.date, locale: str, style: str = "long") -> str:
    """A formatted date as plain text (for SVG and attributes)."""
    return date_text(value, style, babel_locale(locale))


@_memo
def time_zone_name(zone: str, locale: str) -> str:
    """A time zone's generic name, e.g. "Central European Time"."""
    return get_timezone_name(get_timezone(zone), width="long", locale=babel_locale(locale))


@_memo
def clock(value: str, locale: str) -> str:
    """A time of day such as "09:00" in the locale's short form."""
    hour, minute = (int(part) for part in value.split(":"))
    return _format_time(datetime.time(hour, minute), format="short", locale=babel_locale(locale))


ListStyle = Literal["standard", "standard-short", "or", "or-short", "unit", "unit-short",
                   "unit-narrow"]


def join(items: list[MdSafe], locale: str, style: ListStyle = "standard") -> MdSafe:
    """A list in the locale's words: "A, B and C"; items must already be safe."""
    if not items:
        return MdSafe("")
    safe = [str(item) if hasattr(item, "__html__") else md_escape(str(item)) for item in items]
    return MdSafe(list_text(safe, locale, style, escape=md_escape))


def list_text(items: list[str], locale: str, style: ListStyle = "standard",
              escape: Callable[[str], str] = str) -> str:
    """``items`` joined in the locale's words; only the pattern's own words are escaped
    (the items are put in after the pattern, so their text never changes the joining)."""
    if not items:
        return ""
    parsed = babel_locale(locale)
    placeholders = [f"\x00{index}\x00" for index in range(len(items))]
    text = escape(list_pattern_text(_format_list(placeholders, style=style, locale=parsed),
                                    parsed))
    for index, item in enumerate(items):
        text = text.replace(f"\x00{index}\x00", item)
    return text


def email_link(address: str) -> MdSafe:
    """A mailto link to an already validated, normalised address."""
    return MdSafe(f'<a href="mailto:{html_attr(address)}" dir="ltr">{md_escape(address)}</a>')


def phone_link(e164: str, display: str) -> MdSafe:
    return MdSafe(f'<a href="tel:{html_attr(e164)}" dir="ltr">{md_escape(display)}</a>')


def url_link(url: str, label: str | None = None) -> MdSafe:
    """A link to a validated, re-serialised https URL; ``label`` may be safe text already."""
    if label is None:
        text = md_escape(url)
    else:
        text = str(label) if hasattr(label, "__html__") else md_escape(label)
    attrs = "" if label else ' dir="ltr"'
    return MdSafe(f'<a href="{html_attr(url)}"{attrs} rel="noopener">{text}</a>')
