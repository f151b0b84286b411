"""Formats follow the page's language *in its market* (``i18n/regional.py``, ``cldr_fixes.py``).

Each expected value is how a shopper in that country writes it, checked against national usage
(see generator/data/currency_display.yml for sources), not copied from the code's output.
Spaces are compared as plain spaces (Babel versions differ between no-break kinds).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from babel import Locale, localedata

from generator.i18n import cldr_fixes
from generator.i18n import formatting as fmt
from generator.i18n.regional import currency_text, format_locale


def plain(text: str) -> str:
    return re.sub(r"[\u00a0\u202f\u2009\u200f ]", " ", str(text)).strip()


@pytest.mark.parametrize(("language", "market", "expected"), [
    ("es", "MX", "es_MX"), ("es", "US", "es_US"), ("en", "GB", "en_GB"), ("en", "US", "en_US"),
    ("zh_Hans", "SG", "zh_Hans_SG"), ("zh_Hans", "MY", "zh_Hans_MY"), ("ms", "MY", "ms_MY"),
    ("ar", "SA", "ar_SA"), ("en", "SA", "en_001"), ("de", None, "de"),
])
def test_format_locale_is_language_in_market(language: str, market: str | None,
                                             expected: str) -> None:
    assert format_locale(language, market) == expected


def test_a_pair_cldr_lacks_formats_as_international_english() -> None:
    # CLDR 48 (Babel 2.19) added English in Japan; before it, en_001 stood in.
    expected = "en_JP" if localedata.exists("en_JP") else "en_001"
    assert format_locale("en", "JP") == expected


@pytest.mark.parametrize(("language", "market", "amount", "currency", "expected"), [
    ("es", "MX", "75", "MXN", "$75.00 MXN"),          # not Spain's "75,00 MXN"
    ("en", "MX", "75", "MXN", "$75.00 MXN"),
    ("es", "US", "20", "USD", "$20.00"),              # not "20,00 US$"
    ("en", "US", "20", "USD", "$20.00"),
    ("en", "GB", "3.99", "GBP", "£3.99"),
    ("en", "IE", "4.95", "EUR", "€4.95"),
    ("de", "DE", "4.95", "EUR", "4,95 €"),
    ("fr", "FR", "4.95", "EUR", "4,95 €"),
    ("zh_Hans", "MY", "8", "MYR", "RM8.00"),          # not "MYR8.00"
    ("ms", "MY", "8", "MYR", "RM8.00"),
    ("en", "MY", "8", "MYR", "RM8.00"),
    ("zh_Hans", "SG", "7.5", "SGD", "S$7.50"),        # not "SGD7.50"
    ("en", "SG", "7.5", "SGD", "S$7.50"),
    ("id", "ID", "50000", "IDR", "Rp50.000"),         # not "Rp50.000,00"
    ("ja", "JP", "1800", "JPY", "1,800円"),           # one form on every page
    ("en", "JP", "1800", "JPY", "¥1,800"),
    ("pt_BR", "BR", "20", "BRL", "R$ 20,00"),
    ("vi", "VN", "50000", "VND", "50.000 ₫"),
    ("th", "TH", "60", "THB", "฿60.00"),
    ("fil", "PH", "100", "PHP", "₱100.00"),
])
def test_money_as_the_market_writes_it(language: str, market: str, amount: str, currency: str,
                                       expected: str) -> None:
    assert plain(currency_text(Decimal(amount), currency, format_locale(language, market))) \
        == expected


JUNE_19 = datetime.date(2026, 6, 19)


@pytest.mark.parametrize(("language", "market", "style", "expected"), [
    ("en", "GB", "long", "19 June 2026"),             # not "June 19, 2026"
    ("en", "US", "long", "June 19, 2026"),
    ("en", "IE", "long", "19 June 2026"),
    ("en", "SA", "long", "19 June 2026"),
    ("es", "MX", "long", "19 de junio de 2026"),
    ("vi", "VN", "long", "19 tháng 6 năm 2026"),      # not "19 tháng 6, 2026"
    ("vi", "VN", "medium", "19/06/2026"),             # not "19 thg 6, 2026"
    ("th", "TH", "long", "19 มิถุนายน พ.ศ. 2569"),     # Buddhist era, with its name
    ("th", "TH", "medium", "19 มิ.ย. 2569"),
    ("ja", "JP", "long", "2026年6月19日"),
    ("de", "DE", "long", "19. Juni 2026"),
])
def test_dates_as_the_market_writes_them(language: str, market: str, style: str,
                                         expected: str) -> None:
    assert plain(fmt.plain_date(JUNE_19, format_locale(language, market), style)) == expected


@pytest.mark.parametrize(("language", "market", "count", "unit", "expected"), [
    ("ja", "JP", 14, "duration-day", "14日"),          # CLDR: "14 日"
    ("ja", "JP", 24, "duration-hour", "24時間"),
    ("zh_Hans", "SG", 14, "duration-day", "14天"),
    ("en", "GB", 14, "duration-day", "14 days"),
    ("de", "DE", 1, "duration-day", "1 Tag"),
])
def test_counted_units(language: str, market: str, count: int, unit: str, expected: str) -> None:
    assert plain(fmt.duration(count, unit, format_locale(language, market))) == expected


def test_thai_era_replaces_the_gregorian_era_in_every_style() -> None:
    thai = Locale.parse("th_TH")
    for style in ("full", "long", "medium", "short"):
        text = cldr_fixes.date_text(JUNE_19, style, thai)
        assert "2026" not in text and "ค.ศ." not in text
        assert "2569" in text


def test_japanese_space_fix_leaves_other_scripts_alone() -> None:
    assert cldr_fixes.unit_text("14 days", Locale.parse("ja")) == "14 days"
    assert cldr_fixes.unit_text("14 日", Locale.parse("ko")) == "14 日"


@pytest.mark.parametrize(("day", "style", "expected"), [
    (datetime.date(2025, 3, 1), "long", "1er mars 2025"),      # not "1 mars 2025"
    (datetime.date(2025, 3, 1), "medium", "1er mars 2025"),
    (datetime.date(2025, 3, 1), "short", "01/03/2025"),        # numeric: no ordinal
    (datetime.date(2025, 3, 2), "long", "2 mars 2025"),
])
def test_french_first_of_the_month(day: datetime.date, style: str, expected: str) -> None:
    assert plain(fmt.plain_date(day, "fr_FR", style)) == expected


def test_thai_lists_space_the_conjunction_but_not_the_items() -> None:
    assert fmt.list_text(["J&T Express", "Flash Express"], "th_TH") \
        == "J&T Express และ Flash Express"  # CLDR: "J&T ExpressและFlash Express"
    # "และ" inside an item ("snacks and tea") is the item's own text and stays as written
    assert fmt.list_text(["ขนมขบเคี้ยวและชา", "ชา"], "th_TH") == "ขนมขบเคี้ยวและชา และ ชา"
    assert fmt.list_text(["A", "B"], "th_TH", "or") == "A หรือ B"


@pytest.mark.parametrize(("locale", "expected"), [
    ("it_IT", "1º marzo 2025"), ("pt_BR", "1º de março de 2025"), ("es_ES", "1 de marzo de 2025"),
])
def test_other_ordinal_firsts(locale: str, expected: str) -> None:
    assert plain(fmt.plain_date(datetime.date(2025, 3, 1), locale, "long")) == expected


def test_vietnamese_language_names_inside_a_sentence() -> None:
    reader = Locale.parse("vi")
    assert cldr_fixes.language_name_text("Tiếng Anh", reader) == "tiếng Anh"
    assert cldr_fixes.language_name_text("Tiếng Anh", Locale.parse("en")) == "Tiếng Anh"
