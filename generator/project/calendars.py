"""Business days per country, from the dated, sourced ``data/calendars.yml``.

Some statutory deadlines run in business days (Mexico's 5-day revocation right, LFPC Art. 56)
and some merchants promise refunds within "working days"; turning either into a date needs the
country's weekend and public holidays. Holidays are stored as rules, not dates, so any year
works without yearly data updates.
"""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, Self, get_args

from pydantic import Field, model_validator

from generator.model.base import Model
from generator.model.types import Bool, Date, HttpsUrl, Int, Text
from generator.source.loading import load_yaml

CALENDARS_FILE = Path(__file__).resolve().parent.parent / "data" / "calendars.yml"
DEFAULT = "default"
"""The key of the calendar used for every country without its own."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
"""In ``datetime.date.weekday()`` order: ``WEEKDAYS[day.weekday()]`` names a date's weekday."""

Year = Annotated[Int, Field(ge=1900, le=9999)]


class Holiday(Model):
    """One non-business day a year, as a rule: a fixed date or the nth weekday of a month."""

    name: Text
    month: Annotated[Int, Field(ge=1, le=12)]
    day: Annotated[Int, Field(ge=1, le=31)] | None = None
    """Fixed day of the month; give either this or ``weekday`` with ``nth``."""
    weekday: Weekday | None = None
    nth: Annotated[Int, Field(ge=1, le=4)] | None = None
    """1 = first ``weekday`` of the month; at most 4, so the day exists in every month."""
    from_year: Year | None = None
    """First year the holiday exists (and the first year of an ``every_years`` cycle)."""
    every_years: Annotated[Int, Field(ge=2, le=100)] | None = None
    """Only every n years counted from ``from_year``, e.g. 6 for a change of president."""

    @model_validator(mode="after")
    def _one_kind_of_rule(self) -> Self:
        if self.day is not None and (self.weekday is not None or self.nth is not None):
            raise ValueError("give either day, or weekday with nth, not both")
        if self.day is None and (self.weekday is None or self.nth is None):
            raise ValueError("give day, or weekday together with nth")
        if self.day is not None:
            try:  # 2000 is a leap year, so 29 February is allowed (and only counts in leap years)
                datetime.date(2000, self.month, self.day)
            except ValueError:
                raise ValueError(f"month {self.month} has no day {self.day}") from None
        if self.every_years is not None and self.from_year is None:
            raise ValueError("every_years needs from_year, the first year of the cycle")
        return self

    def date_in(self, year: int) -> datetime.date | None:
        """The holiday's date in ``year``, or None when it does not fall in that year."""
        if self.from_year is not None and year < self.from_year:
            return None
        if self.every_years is not None and (year - (self.from_year or 0)) % self.every_years:
            return None
        if self.day is not None:
            try:
                return datetime.date(year, self.month, self.day)
            except ValueError:  # 29 February outside leap years
                return None
        assert self.weekday is not None and self.nth is not None  # the validator ensures it
        first = datetime.date(year, self.month, 1)
        offset = (WEEKDAYS.index(self.weekday) - first.weekday()) % 7
        return first + datetime.timedelta(days=offset + 7 * (self.nth - 1))


class BusinessCalendar(Model):
    """A country's non-business days: weekly weekend days and yearly public holidays."""

    name: Text
    weekend: Annotated[tuple[Weekday, ...], Field(max_length=6)]
    """Each day once and at most six, so every week has a business day and counting ends.
    A tuple, not a set: its order is the file's, whatever the hash seed."""
    holidays: tuple[Holiday, ...] = ()
    note: Text | None = None
    source: HttpsUrl | None = None
    confirmed: Bool
    """False: no primary source confirmed it; deadlines from it are best effort."""
    checked: Date

    @model_validator(mode="after")
    def _weekend_days_once(self) -> Self:
        if len(set(self.weekend)) != len(self.weekend):
            raise ValueError("weekend names a day twice")
        return self

    def holidays_in(self, year: int) -> list[datetime.date]:
        """The holidays that fall in ``year``, sorted; useful to show and to test the rules."""
        return sorted({day for rule in self.holidays if (day := rule.date_in(year)) is not None})

    def is_business_day(self, day: datetime.date) -> bool:
        """True unless ``day`` is a weekend day or a public holiday of this calendar."""
        if WEEKDAYS[day.weekday()] in self.weekend:
            return False
        return all(rule.date_in(day.year) != day for rule in self.holidays
                   if rule.month == day.month)

    def add_business_days(self, start: datetime.date, n: int) -> datetime.date:
        """The nth business day after ``start`` (``start`` itself never counts); n=0 gives start.

        This is how "within 5 business days of delivery" is counted: the day of delivery is
        day 0, whatever kind of day it is.
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        day = start
        while n:
            day += datetime.timedelta(days=1)
            if self.is_business_day(day):
                n -= 1
        return day


class CalendarsFile(Model):
    calendars: dict[str, BusinessCalendar]

    @model_validator(mode="after")
    def _has_default(self) -> Self:
        if DEFAULT not in self.calendars:
            raise ValueError(f'needs a "{DEFAULT}" calendar for countries without their own')
        return self


@cache
def calendars() -> dict[str, BusinessCalendar]:
    """All calendars by country code (plus ``default``), loaded once with the strict loader."""
    data = load_yaml(CALENDARS_FILE, "generator/data/calendars.yml").data
    return CalendarsFile.model_validate(data).calendars


def calendar_for(country: str) -> BusinessCalendar:
    """The calendar of ``country`` (ISO 3166-1 alpha-2, e.g. "MX"), else the default one."""
    known = calendars()
    return known.get(country, known[DEFAULT])
