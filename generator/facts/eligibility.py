"""Whether a customer can still return an item: the answer the checker page gives, in Python.

The page's script (``templates/assets/policysite-checker.js``) computes the same answer in the
browser from ``rules_json``; this module is the oracle the browser test compares it with. Every
date comes from the market's facts (``MarketFacts.last_request_day``,
``StatutoryRight.last_notice_day``); nothing here knows a window, a season or a holiday of its
own. The statutory right and the merchant's policy are answered apart, as the pages state them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

from generator.facts.market import MarketFacts
from generator.facts.versions import PolicyHistory, VersionFacts
from generator.model.catalog import Condition
from generator.model.market import Payer

Reason = Literal["changed_mind", "defective", "wrong_item"]
REASONS: tuple[Reason, ...] = get_args(Reason)
ItemCondition = Literal["as_delivered", "opened", "used"]
ITEM_CONDITIONS: tuple[ItemCondition, ...] = get_args(ItemCondition)
WhyNot = Literal["category", "condition", "expired", "excluded"]
NextStep = Literal["withdrawal", "rma", "contact"]
Fee = Literal["label_fee", "restocking"]

MEETS: dict[ItemCondition, frozenset[Condition]] = {
    "as_delivered": frozenset(get_args(Condition)),
    "opened": frozenset({"unused", "unwashed", "all_accessories", "proof_of_purchase"}),
    "used": frozenset({"all_accessories", "proof_of_purchase"}),
}
"""The conditions (``model.catalog.Condition``) an item meets in each state a customer can pick:
as delivered (unused, tags, seal and packaging intact), opened but unused, used or washed."""

EXCLUDED_ONCE_UNSEALED = frozenset({"sealed_hygiene", "sealed_media"})
"""Statutory exceptions that exclude an item only once it was unsealed after delivery (EU
Art. 16(e) and (i), UK reg. 28(1)(d) and (e); the ``exception`` labels say so): a sealed item
keeps the right."""


@dataclass(frozen=True)
class Deadline:
    """One layer's answer: possible or not (and why), and its last day where it has one."""

    possible: bool
    last_day: datetime.date | None
    """The last day in the market's time zone; None where no deadline applies (faulty items
    under the merchant's policy: the legal guarantee governs them)."""
    days_left: int | None
    """Days after today until the last day (0: today is the last day; negative: ended)."""
    why_not: WhyNot | None

    def as_json(self) -> dict[str, Any]:
        return {"possible": self.possible,
                "lastDay": self.last_day.isoformat() if self.last_day else None,
                "daysLeft": self.days_left, "whyNot": self.why_not}


@dataclass(frozen=True)
class Answer:
    """What the checker says for one item, per layer, in the shape its script returns."""

    statutory: Deadline | None
    """The statutory right (None where the market's law gives no change-of-mind right)."""
    policy: Deadline
    """A return under the merchant's own policy."""
    exchange: bool
    payer: Payer
    """Who pays the return shipping under the merchant's policy for this reason."""
    statutory_payer: Literal["consumer", "trader"] | None
    fees: tuple[Fee, ...]
    """Deducted from the refund of a return under the merchant's policy."""
    delivery_charge_refunded: bool
    customs: bool
    next_steps: tuple[NextStep, ...]

    def as_json(self) -> dict[str, Any]:
        return {"statutory": self.statutory.as_json() if self.statutory else None,
                "policy": self.policy.as_json(), "exchange": self.exchange,
                "payer": self.payer, "statutoryPayer": self.statutory_payer,
                "fees": list(self.fees), "deliveryChargeRefunded": self.delivery_charge_refunded,
                "customs": self.customs, "nextSteps": list(self.next_steps)}


def today_in(zone: str, now: datetime.datetime) -> datetime.date:
    """The calendar day it is in ``zone`` at the instant ``now`` (an aware datetime)."""
    return now.astimezone(ZoneInfo(zone)).date()


def needs_order_date(facts: MarketFacts) -> bool:
    """The order date changes the answer: a season covers orders, or the window starts then."""
    return bool(facts.seasonal_overrides) or facts.window.starts == "order"


def market_versions(history: PolicyHistory, code: str) -> list[VersionFacts]:
    """The policy versions that cover a market, oldest first."""
    return [version for version in history.versions if code in version.markets]


def asks_order_date(history: PolicyHistory, code: str) -> bool:
    """Whether the checker asks when the order was placed: it changes the answer, or more than
    one policy version has governed the market's orders."""
    return (needs_order_date(history.newest.markets[code])
            or len(market_versions(history, code)) > 1)


def governing_facts(history: PolicyHistory, code: str, ordered: datetime.date | None,
                    category: str | None = None) -> MarketFacts:
    """The facts of the version that governs an order placed on ``ordered``: the one in force
    on that day (a market's first version for an order before it); the newest without an order
    date, or where that version has no ``category`` (the form lists today's categories)."""
    versions = market_versions(history, code)
    newest = versions[-1].markets[code]
    if ordered is None:
        return newest
    earlier = [v for v in versions if v.version.effective <= ordered]
    facts = (earlier[-1] if earlier else versions[0]).markets[code]
    if category is not None and all(rule.id != category for rule in facts.categories):
        return newest
    return facts


def input_problem(facts: MarketFacts, delivered: datetime.date | None,
                  ordered: datetime.date | None, today: datetime.date) -> str | None:
    """Why the dates cannot be answered (a code the page words), or None."""
    if delivered is None:
        return "delivered_missing"
    if ordered is None and needs_order_date(facts):
        return "ordered_missing"
    if delivered > today:
        return "delivered_future"
    if ordered is not None and ordered > delivered:
        return "ordered_after_delivery"
    return None


def answer_order(history: PolicyHistory, code: str, category: str,
                 delivered: datetime.date | None, ordered: datetime.date | None,
                 condition: ItemCondition, reason: Reason, today: datetime.date
                 ) -> Answer | str:
    """The checker's answer under the policy version that governs the order (or the code of
    the input problem): what the page's script gives for its market."""
    if delivered is not None and ordered is None and asks_order_date(history, code):
        return "ordered_missing"
    facts = governing_facts(history, code, ordered, category)
    problem = input_problem(facts, delivered, ordered, today)
    if problem is not None:
        return problem
    assert delivered is not None
    return answer(facts, category, delivered, ordered, condition, reason, today)


def _deadline(last: datetime.date, today: datetime.date, why_not: WhyNot | None) -> Deadline:
    left = (last - today).days
    if why_not is None and left < 0:
        why_not = "expired"
    return Deadline(why_not is None, last, left, why_not)


def _statutory(facts: MarketFacts, category: str, delivered: datetime.date,
               condition: ItemCondition, today: datetime.date) -> Deadline | None:
    right = facts.statutory
    if right is None:
        return None
    rule = next(rule for rule in facts.categories if rule.id == category)
    excluded = rule.legal_basis is not None and (
        rule.family not in EXCLUDED_ONCE_UNSEALED or condition != "as_delivered")
    why: WhyNot | None = "excluded" if excluded else None
    if why is None and not set(right.rule.conditions) <= MEETS[condition]:
        why = "condition"
    return _deadline(right.last_notice_day(delivered), today, why)


def answer(facts: MarketFacts, category: str, delivered: datetime.date,
           ordered: datetime.date | None, condition: ItemCondition, reason: Reason,
           today: datetime.date) -> Answer:
    """The checker's answer for an item of ``category`` delivered on ``delivered`` (ordered on
    ``ordered``), in ``condition``, returned for ``reason``, on ``today`` (the market's day)."""
    problem = input_problem(facts, delivered, ordered, today)
    if problem is not None:
        raise ValueError(problem)
    rule = next((rule for rule in facts.categories if rule.id == category), None)
    if rule is None or condition not in MEETS or reason not in REASONS:
        raise ValueError(f"unknown category, condition or reason: {category}, {condition}, "
                         f"{reason}")
    statutory = _statutory(facts, category, delivered, condition, today)
    faulty = reason != "changed_mind"
    if faulty:  # always taken back; the legal guarantee, not our window, sets the time
        policy = Deadline(True, None, None, None)
    else:
        start = ordered if facts.window.starts == "order" and ordered else delivered
        last = facts.last_request_day(start, ordered, category)
        why: WhyNot | None = None
        if not rule.returnable:
            why = "category"
        elif not set(rule.category.conditions) <= MEETS[condition]:
            why = "condition"
        policy = _deadline(last, today, why)
    in_statutory = statutory is not None and statutory.possible
    fees: list[Fee] = []
    if not faulty and policy.possible:
        if facts.customer_pays_change_of_mind and facts.return_label_fee is not None:
            fees.append("label_fee")
        restocking = facts.restocking_percent is not None or facts.restocking_amount is not None
        if restocking and not in_statutory:  # pages: only after the statutory period
            fees.append("restocking")
    steps: list[NextStep] = []
    if in_statutory:
        steps.append("withdrawal")
    if policy.possible:
        steps.append("rma")
    if not steps:
        steps.append("contact")
    charge = facts.shipping.refund_original_shipping
    return Answer(
        statutory=statutory, policy=policy,
        exchange=facts.exchanges.allowed and policy.possible,
        payer=facts.shipping.defective_or_wrong if faulty else facts.shipping.change_of_mind,
        statutory_payer=facts.statutory.rule.return_cost if facts.statutory else None,
        fees=tuple(fees),
        delivery_charge_refunded=policy.possible and (
            charge == "always" or (charge == "defective_or_wrong" and faulty)),
        customs=facts.cross_border and (policy.possible or in_statutory),
        next_steps=tuple(steps))
