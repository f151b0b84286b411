"""The facts of one market: every value a page, caption or export shows, derived once.

Templates, caption kits, the caption lint and the exports read these and never the model, so a
window, fee or deadline is computed in one place and worded wherever it is shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from generator.model.catalog import Category, Hub
from generator.model.market import (
    CaptionInputs,
    Contact,
    Customs,
    Exchanges,
    ExtendedWindow,
    FaqEntry,
    Market,
    Platform,
    Process,
    Refunds,
    ReturnWindow,
    SeasonalOverride,
    ShippingCosts,
)
from generator.model.market import Returns as ReturnLogistics
from generator.project.customs import crosses_customs_border
from generator.project.law import Regime, regimes
from generator.project.load import Project
from generator.project.phones import e164, international


@dataclass(frozen=True)
class Money:
    """An exact amount in one currency (formatted per locale only when it is shown)."""

    amount: Decimal
    currency: str


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
    """What a customer of one market needs to know, derived from the validated policy.

    The merchant's own statements (texts, choices) are kept as their typed, immutable model
    parts; everything computed from them (money, deadlines, the law that applies, customs, the
    return address, phone forms) is a field of its own.
    """

    code: str
    locales: tuple[str, ...]
    binding_locales: tuple[str, ...]
    currency: str
    time_zone: str
    platform: Platform
    regime_id: str
    regime: Regime
    window: ReturnWindow
    extended_windows: tuple[ExtendedWindow, ...]
    seasonal_overrides: tuple[SeasonalOverride, ...]
    shipping: ShippingCosts
    return_label_fee: Money | None
    """Deducted from the refund when a customer who changed their mind uses our label."""
    restocking_percent: Decimal | None
    restocking_amount: Money | None
    refund_without_return_below: Money | None
    refunds: Refunds
    exchanges: Exchanges
    returns: ReturnLogistics
    customs: Customs | None
    process: Process
    contact: Contact
    faq: tuple[FaqEntry, ...]
    captions: CaptionInputs
    hub: Hub
    cross_border: bool
    categories: tuple[CategoryRule, ...]
    example_delivery: datetime.date
    example_last_day: datetime.date
    phone_e164: str | None
    phone_display: str | None
    timeline: tuple[TimelineStep, ...]

    @property
    def returnable(self) -> list[CategoryRule]:
        return [rule for rule in self.categories if rule.returnable]

    @property
    def not_returnable(self) -> list[CategoryRule]:
        return [rule for rule in self.categories if not rule.returnable]

    @property
    def free_change_of_mind_returns(self) -> bool:
        return self.shipping.change_of_mind != "customer"

    @property
    def customer_pays_change_of_mind(self) -> bool:
        return self.shipping.change_of_mind == "customer"


def _money(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)


def _timeline(market: Market) -> tuple[TimelineStep, ...]:
    """The latest day of each stage, counted from delivery."""
    request_by = market.return_window.days
    ship_by = request_by + market.process.rma.approval_days + market.returns.ship_within_days
    inspected = ship_by + market.process.inspection.days
    refunded = inspected + market.refunds.processing_days
    return (TimelineStep("delivered", 0), TimelineStep("request_by", request_by),
            TimelineStep("ship_by", ship_by), TimelineStep("inspected", inspected),
            TimelineStep("refunded", refunded))


def resolve_market(project: Project, code: str) -> MarketFacts:
    """Facts for ``code``; the example dates use the newest version's effective date."""
    market = project.markets[code]
    hub = project.hubs[market.returns.destination]
    rules = []
    for slug, category in project.categories.items():
        exception = market.categories.get(slug)
        rules.append(CategoryRule(slug, category,
                                  exception.returnable if exception else category.returnable,
                                  exception.note if exception else None))
    delivery = project.versions[-1].effective
    phone = market.contact.phone
    fee = market.restocking_fee
    return MarketFacts(
        code=code,
        locales=tuple(market.locales),
        binding_locales=tuple(market.binding_locales),
        currency=market.currency,
        time_zone=market.time_zone,
        platform=market.platform,
        regime_id=market.law.regime,
        regime=regimes()[market.law.regime],
        window=market.return_window,
        extended_windows=tuple(market.extended_windows),
        seasonal_overrides=tuple(market.seasonal_overrides),
        shipping=market.shipping,
        return_label_fee=_money(market.shipping.return_label_fee, market.currency),
        restocking_percent=fee.percent if fee else None,
        restocking_amount=_money(fee.amount if fee else None, market.currency),
        refund_without_return_below=_money(market.refund_without_return_below,
                                           market.currency),
        refunds=market.refunds,
        exchanges=market.exchanges,
        returns=market.returns,
        customs=market.customs,
        process=market.process,
        contact=market.contact,
        faq=tuple(market.faq),
        captions=market.captions,
        hub=hub,
        cross_border=crosses_customs_border(code, hub.address.country),
        categories=tuple(rules),
        example_delivery=delivery,
        example_last_day=delivery + datetime.timedelta(days=market.return_window.days),
        phone_e164=e164(phone, code) if phone else None,
        phone_display=international(phone, code) if phone else None,
        timeline=_timeline(market),
    )
