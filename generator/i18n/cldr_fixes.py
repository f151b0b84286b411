"""Where CLDR's data reads wrong to shoppers, fixed in one place (each fix tested).

- **Japanese counts**: CLDR's unit patterns put a space between number and unit ("14 日",
  "24 時間"); Japanese text never spaces them ("14日以内").
- **Thai years**: Thai readers take a year without an era as a Buddhist-era year, and CLDR's
  Gregorian patterns print 2026 (with "ค.ศ." only in the long form). Thai dates are written in
  the Buddhist era, as Thai law and shops write them: "19 มิถุนายน พ.ศ. 2569"; the short forms
  drop the era name, as Thai usage does ("19 มิ.ย. 2569").
- **Vietnamese dates**: CLDR's medium form abbreviates the month ("19 thg 6, 2026") and its long
  form keeps an English-style comma; Vietnamese writes "19 tháng 6 năm 2026" and "19/06/2026".
- **The first of the month** is an ordinal where the month is a word: French "1er mars 2025",
  Italian "1º marzo 2025", Portuguese "1º de março de 2025" (CLDR prints "1").
- **Country names** where CLDR's standard name is a long form ("Hong Kong SAR China"): its
  ``alt="short"`` name, which Babel does not keep ("Hong Kong").
- **Vietnamese language names** are written "tiếng Anh" inside a sentence; CLDR gives the
  title-case form of a menu ("Tiếng Anh").
- **Thai lists**: CLDR joins with "และ"/"หรือ" without spaces, which runs Latin names together
  ("J&T ExpressและFlash Express"); Thai lists put a space on both sides of the conjunction.
"""

from __future__ import annotations

import datetime
import re

from babel import Locale
from babel.dates import format_date

from generator.i18n.locales import babel_locale

BUDDHIST_ERA_OFFSET = 543

_JAPANESE_UNIT_SPACE = re.compile(r"(?<=\d)\s+(?=[\u3040-\u30ff\u3400-\u9fff])")

_VIETNAMESE_DATES = {"long": "d 'tháng' M 'năm' y", "medium": "dd/MM/y", "short": "dd/MM/y"}


def unit_text(text: str, locale: Locale) -> str:
    """A formatted count with its unit, corrected for the locale's script."""
    if locale.language == "ja":
        return _JAPANESE_UNIT_SPACE.sub("", text)
    return text


def date_pattern(locale: Locale, style: str) -> str | None:
    """A replacement date pattern for ``style``, or None to keep CLDR's."""
    if locale.language == "vi":
        return _VIETNAMESE_DATES.get(style)
    return None


def date_text(value: datetime.date, style: str, locale: Locale) -> str:
    """A date in the locale's words, with the fixes above."""
    if locale.language == "th":
        return _thai_date(value, style, locale)
    pattern = date_pattern(locale, style)
    first = _FIRST_OF_MONTH.get(locale.language)
    if first and value.day == 1:
        pattern = _ordinal_first(pattern or str(locale.date_formats[style].pattern), first)
    return format_date(value, format=pattern or style, locale=locale)


_FIRST_OF_MONTH = {"fr": "1er", "it": "1º", "pt": "1º"}


def _ordinal_first(pattern: str, first: str) -> str:
    """"d MMMM y" → "'1er' MMMM y" where the month is a word (MMM or longer)."""
    if "MMM" not in pattern:
        return pattern
    return re.sub(r"(?<![d'])d(?!d)", f"'{first}'", pattern, count=1)


_THAI_CONJUNCTION = re.compile(r"\s*(และ|หรือ)\s*")


def list_pattern_text(text: str, locale: Locale) -> str:
    """A list joined by CLDR's pattern (items still placeholders), spaced for the script."""
    if locale.language == "th":
        return _THAI_CONJUNCTION.sub(r" \1 ", text)
    return text


def _thai_date(value: datetime.date, style: str, locale: Locale) -> str:
    pattern = str(locale.date_formats[style].pattern)
    pattern = re.sub(r"G+\s*", "", pattern)  # the Gregorian era name
    year = value.year + BUDDHIST_ERA_OFFSET
    era = "พ.ศ. " if style in ("long", "full") else ""
    pattern = re.sub(r"y+", f"'{era}{year}'", pattern)
    return format_date(value, format=pattern, locale=locale)


def language_name_text(name: str, reader: Locale) -> str:
    """A language's name as it stands inside a sentence in the reader's language."""
    if reader.language == "vi" and name.startswith("Tiếng "):
        return "t" + name[1:]
    return name


SHORT_COUNTRY_NAMES: dict[str, dict[str, str]] = {
    "HK": {"en": "Hong Kong", "es": "Hong Kong", "de": "Hongkong", "fr": "Hong Kong",
           "it": "Hong Kong", "pt": "Hong Kong", "ja": "香港", "zh_Hans": "香港",
           "id": "Hong Kong", "ms": "Hong Kong", "th": "ฮ่องกง", "vi": "Hồng Kông",
           "fil": "Hong Kong", "ar": "هونغ كونغ"},
    "MO": {"en": "Macao", "es": "Macao", "de": "Macau", "fr": "Macao", "it": "Macao",
           "pt": "Macau", "ja": "マカオ", "zh_Hans": "澳门", "id": "Makau", "ms": "Macau",
           "th": "มาเก๊า", "vi": "Macao", "fil": "Macau", "ar": "مكاو"},
    "MM": {"en": "Myanmar"},
}
"""CLDR 47's ``alt="short"`` territory names where the standard name is an awkward long form
on an address line ("Hong Kong SAR China", "Myanmar (Burma)"), for every supported locale that
has one, by CLDR locale (a page's locale falls back to its language: ``pt_BR`` reads ``pt``).
Babel (2.18) keeps only the standard names, so they are copied here from CLDR's
``territories.json``; ``tests/test_addresses.py`` checks that each still replaces a longer
standard name of Babel's, so a CLDR update that shortens them is noticed."""


def country_name(code: str, locale: str) -> str:
    """A country's name for the last line of an address: CLDR's short form where its
    standard name is a long form ("Hong Kong", not "Hong Kong SAR China")."""
    parsed = babel_locale(locale)
    short = SHORT_COUNTRY_NAMES.get(code, {})
    for candidate in (str(parsed), f"{parsed.language}_{parsed.script}", parsed.language):
        if candidate in short:
            return short[candidate]
    return parsed.territories.get(code, code)
