"""The effective facts of each market, computed once so every page and export agrees."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from generator.model.catalog import Category, Hub
from generator.model.market import Market
from generator.project.customs import crosses_customs_border
from generator.project.law import Regime, regimes
from generator.project.validate import e164, international


@dataclass(frozen=True)
class CategoryRule:
    """A category as it applies in one market."""

    id: str
    category: Category
    returnable: bool
    note: dict[str, str] | None


@dataclass(frozen=True)
class TimelineStep:
    """One stage of the return, ``offset`` days after delivery at the latest."""

    key: str
    offset: int


@dataclass(frozen=True)
class MarketFacts:
    """What a customer of one market needs to know, derived from the policy."""

    code: str
    market: Market
    regime: Regime
    hub: Hub
    cross_border: bool
    categories: list[CategoryRule]
    example_delivery: datetime.date
    example_last_day: datetime.date
    phone_e164: str | None
    phone_display: str | None
    timeline: list[TimelineStep]

    @property
    def returnable(self) -> list[CategoryRule]:
        return [rule for rule in self.categories if rule.returnable]

    @property
    def not_returnable(self) -> list[CategoryRule]:
        return [rule for rule in self.categories if not rule.returnable]

    @property
    def free_change_of_mind_returns(self) -> bool:
        return self.market.shipping.change_of_mind != "customer"


def resolve_market(project: object, code: str) -> MarketFacts:
    """Facts for ``code``; the example dates use the newest version's effective date."""
    market: Market = project.markets[code]  # type: ignore[attr-defined]
    hub = project.hubs[market.returns.destination]  # type: ignore[attr-defined]
    rules = []
    for slug, category in project.categories.items():  # type: ignore[attr-defined]
        exception = market.categories.get(slug)
        rules.append(CategoryRule(slug, category,
                                  exception.returnable if exception else category.returnable,
                                  exception.note if exception else None))
    delivery = project.versions[-1].effective  # type: ignore[attr-defined]
    window = market.return_window.days
    approval = market.process.rma.approval_days
    ship = market.returns.ship_within_days
    inspect = market.process.inspection.days
    refund = market.refunds.processing_days
    timeline = [
        TimelineStep("delivered", 0),
        TimelineStep("request_by", window),
        TimelineStep("ship_by", window + approval + ship),
        TimelineStep("inspected", window + approval + ship + inspect),
        TimelineStep("refunded", window + approval + ship + inspect + refund),
    ]
    phone = market.contact.phone
    return MarketFacts(
        code=code, market=market, regime=regimes()[market.law.regime], hub=hub,
        cross_border=crosses_customs_border(code, hub.address.country), categories=rules,
        example_delivery=delivery,
        example_last_day=delivery + datetime.timedelta(days=window),
        phone_e164=e164(phone, code) if phone else None,
        phone_display=international(phone, code) if phone else None,
        timeline=timeline,
    )
