"""The legal layer of a market: the consumer's statutory change-of-mind right.

It is computed from the regime in ``data/law.yml`` alone, never from the merchant's policy, so no
commercial condition, approval step or fee can leak into it. Pages print the two layers apart.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from generator.project.calendars import BusinessCalendar
from generator.project.law import Regime, StatutoryRightRule
from generator.project.model_forms import ModelFormText, model_forms

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class TimelineStep:
    """One stage of a return, ``offset`` calendar days after the example delivery at the latest."""

    key: str
    offset: int


@dataclass(frozen=True)
class WithdrawalLink:
    """The merchant's online withdrawal function, as the pages link to it."""

    url: str
    label: Mapping[str, str] | None
    """Merchant wording per locale; None: the default wording in each language."""


@dataclass(frozen=True)
class StatutoryRight:
    """The statutory right in one market and the dates it gives for the example delivery."""

    regime_id: str
    rule: StatutoryRightRule
    citation: Mapping[str, str]
    """The law that gives the right in this market (the national one where a directive does)."""
    calendar: BusinessCalendar
    """The market's business days (weekends, public holidays) for periods in business days."""
    transit_days: int
    """Days a parcel takes to the return hub (counted when the refund runs from its arrival)."""
    model_forms: Mapping[str, ModelFormText]
    """The official model information and form by locale (empty where the law has none)."""
    withdrawal_function: WithdrawalLink | None
    withdrawal_function_due: bool
    """The law requires the function for a policy in force on the newest version's date."""
    confirmed: bool
    sources: tuple[str, ...]

    def last_notice_day(self, delivered: datetime.date) -> datetime.date:
        """The last day to give notice for goods received on ``delivered``."""
        if self.rule.business_days:
            return self.calendar.add_business_days(delivered, self.rule.days)
        return delivered + self.rule.days * DAY

    def last_send_day(self, notice: datetime.date) -> datetime.date | None:
        """The last day to send the goods back after notice given on ``notice``."""
        if self.rule.goods_back_within_days is None:
            return None
        return notice + self.rule.goods_back_within_days * DAY

    def refund_deadline(self, notice: datetime.date) -> datetime.date | None:
        """The latest refund day the law allows when notice is given on ``notice`` and the
        goods go back as late as the law allows; None where the law sets no deadline."""
        days = self.rule.refund_days
        if days is None:
            return None
        start = self.rule.refund_counted_from
        sent = self.last_send_day(notice) or notice
        if start == "goods_back_or_proof":
            return sent + days * DAY
        if start == "return_received":
            return sent + (self.transit_days + days) * DAY
        return notice + days * DAY

    def timeline(self, delivered: datetime.date) -> tuple[TimelineStep, ...]:
        """The statutory stages for a parcel delivered on ``delivered``, each at its latest."""
        notice = self.last_notice_day(delivered)
        steps = [TimelineStep("delivered", 0), TimelineStep("notice_by", (notice - delivered).days)]
        send = self.last_send_day(notice)
        if send is not None:
            steps.append(TimelineStep("send_by", (send - delivered).days))
        refund = self.refund_deadline(notice)
        if refund is not None:
            steps.append(TimelineStep("refund_by", (refund - delivered).days))
        return tuple(steps)


def statutory_right(regime_id: str, regime: Regime, country: str, calendar: BusinessCalendar,
                    transit_days: int, link: WithdrawalLink | None,
                    published: datetime.date) -> StatutoryRight | None:
    """The right in force for a policy published on ``published``; None where the law gives
    none, or gives it only to policies that display no return terms (pages always do)."""
    rule = regime.right
    if rule is None or rule.applies != "always":
        return None
    due_from = rule.withdrawal_function_from
    return StatutoryRight(
        regime_id=regime_id, rule=rule,
        citation=regime.national_citations.get(country) or regime.citation, calendar=calendar,
        transit_days=transit_days,
        model_forms=model_forms().get(rule.model_form, {}) if rule.model_form else {},
        withdrawal_function=link,
        withdrawal_function_due=due_from is not None and published >= due_from,
        confirmed=regime.confirmed, sources=tuple(regime.sources))
