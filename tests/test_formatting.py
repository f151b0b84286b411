"""Locale-aware formatting (``generator/i18n/formatting.py``): values and safety.

Expected strings are facts about each language (German writes "1.234,50 €", yen have no
minor unit, Japanese has no plural) checked by hand against CLDR, not copied from the code.
Babel's spacing differs between versions (no-break and narrow no-break spaces), so values are
compared after ``plain`` turns both into ordinary spaces.
"""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.escape import MdSafe
from generator.i18n import formatting as fmt
from generator.i18n.locales import supported_locales

LOCALES = sorted(supported_locales())
# Characters that would start Markdown or HTML syntax if they reached a page raw: tags,
# character references, links, emphasis, code, headings, tables, attribute lists.
MARKUP = set("<>&[]()*_`#|{}!\\")
ENTITY = re.compile(r"&#[0-9]+;|&[a-z]+;")
ISOLATE = re.compile(r'<bdi dir="ltr">(.*)</bdi>', re.S)


def plain(text: str) -> str:
    """What a reader sees, with every kind of space as one plain space."""
    return re.sub(r"[\u00a0\u202f\u2009 ]", " ", html.unescape(str(text)))


def raw_markup(text: str) -> set[str]:
    """Syntax characters left unescaped in ``text`` (character references removed first)."""
    return set(ENTITY.sub("", text)) & MARKUP


def isolated(value: MdSafe) -> str:
    """The inside of a ``<bdi dir="ltr">`` wrapper (which must be the whole value)."""
    match = ISOLATE.fullmatch(str(value))
    assert match, f"not isolated: {value!r}"
    return match.group(1)


# -- money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "currency", "locale", "shown"), [
    ("1234.5", "EUR", "en", "€1,234.50"),
    ("1234.5", "EUR", "de", "1.234,50 €"),
    ("1234.5", "EUR", "fr", "1 234,50 €"),
    ("4.95", "GBP", "en", "£4.95"),
    ("1234.5", "USD", "en", "$1,234.50"),
    ("1234.5", "BRL", "pt_BR", "R$ 1.234,50"),
    ("0.5", "EUR", "de", "0,50 €"),
    ("1234", "JPY", "en", "¥1,234"),
    ("500", "JPY", "ja", "500円"),  # as Japanese shops write prices (currency_display.yml)
])
def test_money_is_written_the_locales_way(amount: str, currency: str, locale: str,
                                          shown: str) -> None:
    assert plain(isolated(fmt.money(Decimal(amount), currency, locale))) == shown


@pytest.mark.parametrize("locale", LOCALES)
def test_yen_never_get_decimals(locale: str) -> None:
    text = plain(isolated(fmt.money(Decimal("1500"), "JPY", locale)))
    assert re.search(r"1.?500", text), text
    assert not re.search(r"500[.,]0", text), text  # no minor unit: never "1,500.00"


@pytest.mark.parametrize("locale", LOCALES)
def test_euros_always_show_two_decimals(locale: str) -> None:
    """Whole amounts get their cents ("5.00"), whichever decimal mark the locale uses."""
    text = plain(isolated(fmt.money(Decimal("5"), "EUR", locale)))
    assert re.search(r"5[.,٫]00", text), text


def test_equal_amounts_written_differently_format_the_same_and_are_not_mixed_up() -> None:
    first = fmt.money(Decimal("5"), "EUR", "en")
    assert fmt.money(Decimal("5.00"), "EUR", "en") == first
    assert plain(isolated(fmt.money(Decimal("5"), "USD", "en"))) == "$5.00"
    assert plain(isolated(fmt.money(Decimal("5"), "EUR", "de"))) == "5,00 €"
    assert fmt.money(Decimal("5"), "EUR", "en") == first  # still the same after other calls


@pytest.mark.parametrize("locale", LOCALES)
def test_money_is_isolated_and_escaped_in_every_locale(locale: str) -> None:
    value = fmt.money(Decimal("1234.56"), "USD", locale)
    assert isinstance(value, MdSafe)
    inner = isolated(value)
    assert raw_markup(inner) == set()
    assert "$" not in inner  # "$" starts maths in some Markdown extensions: it is escaped
    assert "$" in html.unescape(inner) or "US" in inner


# -- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "one", "many"), [
    ("en", "1 day", "30 days"),
    ("de", "1 Tag", "30 Tage"),
    ("es", "1 día", "30 días"),
    ("it", "1 giorno", "30 giorni"),
    ("fr", "1 jour", "30 jours"),
    ("pt_BR", "1 dia", "30 dias"),
    ("ja", "1日", "30日"),  # no plural in Japanese, no space before the unit (cldr_fixes)
    ("id", "1 hari", "30 hari"),  # nor in Indonesian
])
def test_days_take_the_plural_form(locale: str, one: str, many: str) -> None:
    assert plain(fmt.days(1, locale)) == one
    assert plain(fmt.days(30, locale)) == many


@pytest.mark.parametrize(("locale", "one", "many"), [
    ("en", "1 hour", "24 hours"),
    ("de", "1 Stunde", "24 Stunden"),
    ("es", "1 hora", "24 horas"),
    ("it", "1 ora", "24 ore"),
])
def test_hours_take_the_plural_form(locale: str, one: str, many: str) -> None:
    assert plain(fmt.hours(1, locale)) == one
    assert plain(fmt.hours(24, locale)) == many


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_a_real_word_for_every_count(locale: str) -> None:
    """No CLDR placeholder such as "30 duration-day" ever reaches a page."""
    for count in (0, 1, 2, 3, 5, 11, 14, 21, 30, 100, 365):
        for text in (fmt.days(count, locale), fmt.hours(count, locale)):
            assert "duration" not in text and "{" not in text, (locale, count, text)
            assert raw_markup(text) == set()
            if count > 2:  # Arabic writes one and two days as words ("يوم", "يومان")
                assert str(count) in text, (locale, count, text)


def test_periods_are_never_rounded_the_way_babel_timedelta_would() -> None:
    # format_timedelta would call 45 days "2 months" and 13 hours "1 day".
    assert plain(fmt.days(45, "en")) == "45 days"
    assert plain(fmt.hours(13, "en")) == "13 hours"


# -- dates, clock, time zones ----------------------------------------------------------------


@pytest.mark.parametrize(("locale", "shown"), [
    ("en", "November 15, 2026"),
    ("de", "15. November 2026"),
    ("fr", "15 novembre 2026"),
    ("es", "15 de noviembre de 2026"),
    ("pt_BR", "15 de novembro de 2026"),
    ("ja", "2026年11月15日"),
    ("zh_Hans", "2026年11月15日"),
])
def test_long_dates(locale: str, shown: str) -> None:
    day = datetime.date(2026, 11, 15)
    assert plain(fmt.date(day, locale)) == shown
    assert fmt.plain_date(day, locale) == html.unescape(str(fmt.date(day, locale)))


def test_date_styles() -> None:
    day = datetime.date(2026, 1, 2)
    assert plain(fmt.date(day, "de", "short")) == "02.01.26"
    assert plain(fmt.date(day, "en", "medium")) == "Jan 2, 2026"
    assert fmt.plain_date(day, "de", "medium") == "02.01.2026"


@pytest.mark.parametrize("locale", LOCALES)
def test_dates_are_escaped_but_plain_dates_are_not(locale: str) -> None:
    day = datetime.date(2026, 11, 15)
    assert raw_markup(fmt.date(day, locale)) == set()
    plain_text = fmt.plain_date(day, locale)
    assert not isinstance(plain_text, MdSafe)
    assert "2026" in plain_text or "26" in plain_text or "2569" in plain_text  # Thai: B.E.


@pytest.mark.parametrize(("value", "locale", "shown"), [
    ("09:00", "de", "09:00"),
    ("18:30", "de", "18:30"),
    ("18:30", "fr", "18:30"),
    ("18:30", "ja", "18:30"),
    ("09:00", "en", "9:00 AM"),
    ("18:30", "en", "6:30 PM"),
    ("00:05", "en", "12:05 AM"),
])
def test_clock_times(value: str, locale: str, shown: str) -> None:
    assert plain(fmt.clock(value, locale)) == shown


@pytest.mark.parametrize(("zone", "locale", "shown"), [
    ("Europe/Berlin", "en", "Central European Time"),
    ("Europe/Berlin", "de", "Mitteleuropäische Zeit"),
    ("America/New_York", "en", "Eastern Time"),
    ("Asia/Tokyo", "en", "Japan Time"),
])
def test_time_zone_names(zone: str, locale: str, shown: str) -> None:
    assert fmt.time_zone_name(zone, locale) == shown


@pytest.mark.parametrize("locale", LOCALES)
def test_time_zone_names_are_words_in_every_locale(locale: str) -> None:
    name = fmt.time_zone_name("Europe/Berlin", locale)
    assert name and "/" not in name and "GMT" not in name, name


# -- numbers and percent ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "locale", "shown"), [
    (1234567, "en", "1,234,567"),
    (1234567, "de", "1.234.567"),
    (Decimal("1234.5"), "de", "1.234,5"),
    (1234567, "fr", "1 234 567"),
])
def test_numbers(value: int | Decimal, locale: str, shown: str) -> None:
    result = fmt.number(value, locale)
    assert plain(result) == shown
    assert raw_markup(result) == set()


@pytest.mark.parametrize(("value", "locale", "shown"), [
    ("10", "en", "10%"),
    ("12.5", "en", "12.5%"),  # never rounded to 13%
    ("0.5", "en", "0.5%"),
    ("10", "de", "10 %"),
    ("12.5", "de", "12,5 %"),
    ("100", "en", "100%"),
])
def test_percent_takes_the_number_as_written(value: str, locale: str, shown: str) -> None:
    result = fmt.percent(Decimal(value), locale)
    assert plain(result) == shown
    assert "%" not in str(result)  # escaped: "%" must not meet a translation's "%(name)s"


# -- lists -----------------------------------------------------------------------------------


def safe(*items: str) -> list[MdSafe]:
    return [MdSafe(item) for item in items]


@pytest.mark.parametrize(("items", "locale", "style", "shown"), [
    ((), "en", "standard", ""),
    (("A",), "en", "standard", "A"),
    (("A", "B"), "en", "standard", "A and B"),
    (("A", "B", "C"), "en", "standard", "A, B, and C"),
    (("A", "B", "C"), "de", "standard", "A, B und C"),
    (("A", "B"), "es", "standard", "A y B"),
    (("A", "B"), "en", "or", "A or B"),
])
def test_join(items: tuple[str, ...], locale: str, style: str, shown: str) -> None:
    assert plain(fmt.join(safe(*items), locale, style)) == shown


def test_join_keeps_safe_items_and_escapes_the_others() -> None:
    bold = MdSafe('<bdi dir="ltr">€5.00</bdi>')
    result = str(fmt.join([bold, "<b>x</b> [y](z)"], "en"))  # type: ignore[list-item]
    assert result.startswith('<bdi dir="ltr">€5.00</bdi> and ')
    rest = result.removeprefix('<bdi dir="ltr">€5.00</bdi> and ')
    assert raw_markup(rest) == set()
    assert html.unescape(rest) == "<b>x</b> [y](z)"


def test_join_inserts_items_whatever_they_look_like() -> None:
    """Items that look like list words or separators stay where they are."""
    items = safe("and", ",", "A, B")
    assert plain(fmt.join(items, "en")) == "and, ,, and A, B"


# -- isolation and links ---------------------------------------------------------------------


def test_isolate_escapes_unless_told_the_text_is_escaped() -> None:
    assert str(fmt.isolate("a<b")) == '<bdi dir="ltr">a&#60;b</bdi>'
    assert str(fmt.isolate("a&#60;b", escaped=True)) == '<bdi dir="ltr">a&#60;b</bdi>'
    assert isinstance(fmt.isolate("x"), MdSafe)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text between tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ends: list[str] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.ends.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_link(markup: str) -> tuple[dict[str, str | None], str]:
    """The one ``<a>`` element's attributes and text; fails on any other element."""
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    assert [tag for tag, _ in parser.tags] == ["a"], markup
    assert parser.ends == ["a"], markup
    assert markup.startswith("<a ") and markup.endswith("</a>"), markup
    inner = markup[markup.index(">") + 1: -len("</a>")]
    assert raw_markup(inner) == set(), markup  # the link text cannot start Markdown either
    return parser.tags[0][1], parser.text


# Text as a merchant could write it once validation has run: anything printable on one line.
ONE_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)


def test_email_link() -> None:
    attrs, text = parse_link(str(fmt.email_link("hilfe@shop.example")))
    assert attrs == {"href": "mailto:hilfe@shop.example", "dir": "ltr"}
    assert text == "hilfe@shop.example"


@settings(max_examples=150, deadline=None)
@given(ONE_LINE)
def test_email_link_cannot_inject_markup(address: str) -> None:
    attrs, text = parse_link(str(fmt.email_link(address)))
    assert attrs == {"href": f"mailto:{address}", "dir": "ltr"}
    assert text == address


def test_phone_link() -> None:
    attrs, text = parse_link(str(fmt.phone_link("+493090182000", "+49 30 901820")))
    assert attrs == {"href": "tel:+493090182000", "dir": "ltr"}
    assert text == "+49 30 901820"


@settings(max_examples=150, deadline=None)
@given(ONE_LINE, ONE_LINE)
def test_phone_link_cannot_inject_markup(number: str, display: str) -> None:
    attrs, text = parse_link(str(fmt.phone_link(number, display)))
    assert attrs == {"href": f"tel:{number}", "dir": "ltr"}
    assert text == display


def test_url_link_shows_the_url_left_to_right_or_a_label_in_the_page_direction() -> None:
    attrs, text = parse_link(str(fmt.url_link("https://shop.example/returns?a=1&b=2")))
    assert attrs == {"href": "https://shop.example/returns?a=1&b=2", "dir": "ltr",
                     "rel": "noopener"}
    assert text == "https://shop.example/returns?a=1&b=2"
    attrs, text = parse_link(str(fmt.url_link("https://shop.example/", "Our shop")))
    assert attrs == {"href": "https://shop.example/", "rel": "noopener"}
    assert text == "Our shop"


def test_url_link_keeps_a_safe_label_as_it_is() -> None:
    label = MdSafe("<bdi>Shop</bdi>")
    assert str(fmt.url_link("https://shop.example/", label)) == (
        '<a href="https://shop.example/" rel="noopener"><bdi>Shop</bdi></a>')


@settings(max_examples=150, deadline=None)
@given(ONE_LINE, ONE_LINE.filter(bool))
def test_url_link_cannot_inject_markup(url: str, label: str) -> None:
    attrs, text = parse_link(str(fmt.url_link(url)))
    assert attrs == {"href": url, "dir": "ltr", "rel": "noopener"}
    assert text == url
    attrs, text = parse_link(str(fmt.url_link(url, label)))
    assert attrs == {"href": url, "rel": "noopener"}
    assert text == label


def test_hostile_values_stay_text() -> None:
    hostile = '"><script>alert(1)</script><a href="javascript:x'
    for markup in (fmt.email_link(hostile), fmt.phone_link(hostile, hostile),
                   fmt.url_link(hostile), fmt.url_link("https://x.example/", hostile)):
        assert "<script" not in str(markup)
        _, text = parse_link(str(markup))
        assert text == hostile
