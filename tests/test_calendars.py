"""``generator/data/calendars.yml`` and business-day counting (``generator/project/calendars``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator.model.types import country_problem
from generator.project.calendars import (
    CALENDARS_FILE,
    DEFAULT,
    WEEKDAYS,
    BusinessCalendar,
    CalendarsFile,
    Holiday,
    calendar_for,
    calendars,
)
from tests.conftest import REPO

MX = calendar_for("MX")
SA = calendar_for("SA")
DEFAULT_CALENDAR = calendar_for("FR")


def business_days_between(calendar: BusinessCalendar, start: date, end: date) -> int:
    """How many business days lie in (start, end]: the reference count, one day at a time."""
    return sum(calendar.is_business_day(start + timedelta(days=offset))
               for offset in range(1, (end - start).days + 1))


# --- the data file ------------------------------------------------------------------------------

def test_calendars_file_is_the_packaged_one() -> None:
    assert CALENDARS_FILE == REPO / "generator" / "data" / "calendars.yml"


@pytest.mark.parametrize("code", sorted(calendars()))
def test_every_key_is_a_country_code_or_default(code: str) -> None:
    assert code == DEFAULT or country_problem(code) is None, code


@pytest.mark.parametrize("code", sorted(calendars()))
def test_confirmed_calendar_names_its_source(code: str) -> None:
    calendar = calendars()[code]
    if calendar.confirmed:
        assert calendar.source, f"{code} is confirmed but names no source"


def test_unknown_countries_fall_back_to_the_default_calendar() -> None:
    assert calendar_for("FR") is calendars()[DEFAULT]
    assert calendar_for("ZZ") is calendars()[DEFAULT]
    assert calendar_for("MX") is calendars()["MX"]


def test_default_calendar_is_saturday_sunday_without_holidays() -> None:
    assert set(DEFAULT_CALENDAR.weekend) == {"sat", "sun"}
    assert DEFAULT_CALENDAR.holidays == ()
    assert DEFAULT_CALENDAR.holidays_in(2026) == []
    assert DEFAULT_CALENDAR.is_business_day(date(2026, 12, 25))  # a Friday, no holiday here
    assert not DEFAULT_CALENDAR.is_business_day(date(2026, 12, 26))  # Saturday


# --- Mexico: Ley Federal del Trabajo, Art. 74 ----------------------------------------------------

def test_mexico_holidays_2026() -> None:
    assert MX.holidays_in(2026) == [
        date(2026, 1, 1), date(2026, 2, 2), date(2026, 3, 16), date(2026, 5, 1),
        date(2026, 9, 16), date(2026, 11, 16), date(2026, 12, 25)]


def test_mexico_holidays_2027() -> None:
    assert MX.holidays_in(2027) == [
        date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 15), date(2027, 5, 1),
        date(2027, 9, 16), date(2027, 11, 15), date(2027, 12, 25)]


@pytest.mark.parametrize(("day", "holiday"), [
    (date(2024, 10, 1), True), (date(2030, 10, 1), True), (date(2036, 10, 1), True),
    (date(2026, 10, 1), False), (date(2025, 10, 1), False), (date(2018, 10, 1), False),
])
def test_mexico_first_of_october_only_in_years_of_a_new_president(day: date,
                                                                  holiday: bool) -> None:
    assert (day in MX.holidays_in(day.year)) is holiday
    assert MX.is_business_day(day) is not holiday  # all six are weekdays


def test_mexico_weekday_holidays_are_not_business_days() -> None:
    for day in (date(2026, 2, 2), date(2026, 3, 16), date(2026, 11, 16), date(2026, 12, 25)):
        assert day.weekday() < 5 and not MX.is_business_day(day), day
    assert MX.is_business_day(date(2026, 2, 5))  # the date commemorated, not the day off


def test_add_business_days_skips_a_weekend() -> None:
    friday = date(2026, 6, 5)
    assert MX.add_business_days(friday, 1) == date(2026, 6, 8)
    assert MX.add_business_days(friday, 5) == date(2026, 6, 12)


def test_add_business_days_skips_a_holiday() -> None:
    friday = date(2026, 11, 13)  # Monday 16 November 2026 is Revolution Day (fr. VI)
    assert MX.add_business_days(friday, 1) == date(2026, 11, 17)
    assert DEFAULT_CALENDAR.add_business_days(friday, 1) == date(2026, 11, 16)


def test_five_business_days_over_christmas_and_new_year() -> None:
    # Delivered Thursday 24 Dec 2026: 25 Dec and 1 Jan are holidays, so the 5th day is 4 Jan.
    assert MX.add_business_days(date(2026, 12, 24), 5) == date(2027, 1, 4)


def test_zero_business_days_is_the_start_even_on_a_day_off() -> None:
    saturday = date(2026, 6, 6)
    assert MX.add_business_days(saturday, 0) == saturday
    assert MX.add_business_days(saturday, 1) == date(2026, 6, 8)


def test_negative_business_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        MX.add_business_days(date(2026, 6, 5), -1)


# --- Saudi Arabia: Friday-Saturday weekend -------------------------------------------------------

def test_saudi_weekend_is_friday_and_saturday() -> None:
    thursday, friday, saturday, sunday = (date(2026, 12, 3) + timedelta(days=i) for i in range(4))
    assert [SA.is_business_day(d) for d in (thursday, friday, saturday, sunday)] == [
        True, False, False, True]
    assert SA.add_business_days(thursday, 1) == sunday
    assert DEFAULT_CALENDAR.add_business_days(thursday, 1) == friday


# --- the rules and their validation --------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.integers(1900, 2200), st.integers(1, 12), st.sampled_from(WEEKDAYS), st.integers(1, 4))
def test_nth_weekday_rule(year: int, month: int, weekday: str, nth: int) -> None:
    rule = Holiday.model_validate(
        {"name": "x", "month": str(month), "weekday": weekday, "nth": str(nth)})
    day = rule.date_in(year)
    assert day is not None and (day.year, day.month) == (year, month)
    assert WEEKDAYS[day.weekday()] == weekday
    assert (day.day - 1) // 7 == nth - 1


def test_leap_day_rule_only_counts_in_leap_years() -> None:
    rule = Holiday.model_validate({"name": "x", "month": "2", "day": "29"})
    assert rule.date_in(2028) == date(2028, 2, 29)
    assert rule.date_in(2027) is None


def test_from_year_starts_a_holiday() -> None:
    assert date(2021, 2, 22) not in SA.holidays_in(2021)
    assert date(2022, 2, 22) in SA.holidays_in(2022)


@pytest.mark.parametrize(("rule", "message"), [
    ({"month": "2", "day": "1", "weekday": "mon", "nth": "1"}, "not both"),
    ({"month": "2", "weekday": "mon"}, "weekday together with nth"),
    ({"month": "2"}, "weekday together with nth"),
    ({"month": "2", "day": "30"}, "has no day 30"),
    ({"month": "10", "day": "1", "every_years": "6"}, "needs from_year"),
    ({"month": "13", "day": "1"}, "less than or equal to 12"),
    ({"month": "2", "weekday": "mon", "nth": "5"}, "less than or equal to 4"),
    ({"month": "2", "weekday": "monday", "nth": "1"}, "'mon'"),
    ({"month": "1", "day": "1", "year": "2026"}, "Extra inputs"),
])
def test_bad_holiday_rules_are_refused(rule: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Holiday.model_validate({"name": "x", **rule})


def test_bad_weekends_are_refused() -> None:
    base = {"name": "x", "confirmed": "false", "checked": "2026-12-03"}
    with pytest.raises(ValidationError, match="at most 6"):
        BusinessCalendar.model_validate({**base, "weekend": list(WEEKDAYS)})
    with pytest.raises(ValidationError, match="twice"):
        BusinessCalendar.model_validate({**base, "weekend": ["sat", "sat"]})


def test_calendars_file_needs_a_default() -> None:
    with pytest.raises(ValidationError, match="default"):
        CalendarsFile.model_validate({"calendars": {}})


# --- the counting property -----------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(calendars())), st.dates(date(2000, 1, 1), date(2100, 12, 31)),
       st.integers(0, 40))
def test_add_business_days_lands_on_the_nth_business_day(code: str, start: date,
                                                         n: int) -> None:
    calendar = calendars()[code]
    result = calendar.add_business_days(start, n)
    if n == 0:
        assert result == start
        return
    assert result > start
    assert calendar.is_business_day(result)
    assert business_days_between(calendar, start, result) == n
