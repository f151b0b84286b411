"""The checker's rules as JSON: exactly what its script needs to give ``eligibility.answer``.

Windows, seasons, the statutory period and its business days are written as the facts compute
them (a category's window is measured with ``MarketFacts.last_request_day``), so the page and
its script have one source. Amounts are formatted here, for the page's locale.
"""

from __future__ import annotations

import html
from typing import Any

from generator.facts.eligibility import (
    EXCLUDED_ONCE_UNSEALED,
    MEETS,
    needs_order_date,
)
from generator.facts.market import MarketFacts
from generator.facts.rights import StatutoryRight
from generator.i18n import formatting
from generator.i18n.regional import currency_text

HOLIDAY_YEARS_BEFORE = 1
HOLIDAY_YEARS_AFTER = 3
"""Public holidays are written for the newest version's year, one year before and three after;
the script answers "ask us" for a business-day period it cannot count within them."""


def _calendar(right: StatutoryRight, year: int) -> dict[str, Any] | None:
    if not right.rule.business_days:
        return None
    first, last = year - HOLIDAY_YEARS_BEFORE, year + HOLIDAY_YEARS_AFTER
    holidays = [day.isoformat() for y in range(first, last + 1)
                for day in right.calendar.holidays_in(y)]
    return {"weekend": list(right.calendar.weekend), "holidays": holidays,
            "years": [first, last]}


def _statutory(facts: MarketFacts) -> dict[str, Any] | None:
    right = facts.statutory
    if right is None:
        return None
    return {"days": right.rule.days, "businessDays": right.rule.business_days,
            "conditions": sorted(right.rule.conditions), "returnCost": right.rule.return_cost,
            "calendar": _calendar(right, facts.example_delivery.year)}


def _categories(facts: MarketFacts) -> dict[str, Any]:
    start = facts.example_delivery  # no order date: the lengths are the same on any day
    categories = {}
    for rule in facts.categories:
        excludes = None
        if rule.legal_basis is not None:
            excludes = "unsealed" if rule.family in EXCLUDED_ONCE_UNSEALED else "always"
        categories[rule.id] = {
            "returnable": rule.returnable,
            "conditions": sorted(rule.category.conditions),
            "days": (facts.last_request_day(start, None, rule.id) - start).days,
            "lawExcludes": excludes,
        }
    return categories


def _restocking(facts: MarketFacts, locale: str) -> str | None:
    if facts.restocking_percent is not None:
        return html.unescape(formatting.percent(facts.restocking_percent, locale))
    if facts.restocking_amount is not None:
        return currency_text(facts.restocking_amount.amount, facts.currency, locale)
    return None


def _money(facts: MarketFacts, amount: Any, locale: str) -> str | None:
    return None if amount is None else currency_text(amount.amount, facts.currency, locale)


def rules_json(facts: MarketFacts, locale: str) -> dict[str, Any]:
    """The rules of one market for its checker, amounts formatted for ``locale`` (a page's
    formatting locale, e.g. "de_DE")."""
    return {
        "market": facts.code,
        "timeZone": facts.time_zone,
        "windowStarts": facts.window.starts,
        "needsOrderDate": needs_order_date(facts),
        "categories": _categories(facts),
        "seasons": [{"start": season.start.isoformat(), "end": season.end.isoformat(),
                     "returnBy": season.return_by.isoformat()}
                    for season in facts.seasonal_overrides],
        "conditions": {state: sorted(met) for state, met in MEETS.items()},
        "statutory": _statutory(facts),
        "shipping": {"changeOfMind": facts.shipping.change_of_mind,
                     "faulty": facts.shipping.defective_or_wrong,
                     "refundOriginal": facts.shipping.refund_original_shipping},
        "labelFee": _money(facts, facts.return_label_fee, locale),
        "restockingFee": _restocking(facts, locale),
        "keepItBelow": _money(facts, facts.refund_without_return_below, locale),
        "exchanges": facts.exchanges.allowed,
        "crossBorder": facts.cross_border,
    }

