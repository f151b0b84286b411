"""The facts of one market: every value a page, caption or export shows, derived once.

Templates, caption kits, the caption lint and the exports read these and never the model, so a
window, fee or deadline is computed in one place and worded wherever it is shown.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from generator.facts.rights import (
    DAY,
    StatutoryRight,
    TimelineStep,
    WithdrawalLink,
    statutory_right,
)
from generator.model.catalog import Category, Hub, NonReturnableFamily
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
from generator.project.calendars import calendar_for
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
    """Under the merchant's policy (after changing one's mind)."""
    family: NonReturnableFamily | None
    """Why it is not returnable: in markets with a statutory right, the legal exception."""
    legal_basis: str | Mapping[str, str] | None
    """The provision that allows excluding it from the statutory right, e.g. "Art. 16(c)
    Directive 2011/83/EU" (or that name per language);
    None where the regime gives no right or lists no exception for the family."""
    note: dict[str, str] | None


@dataclass(frozen=True)
class MarketFacts:
    """What a customer of one market needs to know, derived from the validated policy.

    Two layers: ``statutory`` is what the law gives the consumer whatever the merchant says
    (None where it gives no change-of-mind right); every other field is the merchant's own
    commercial policy on top of it. The merchant's statements (texts, choices) are kept as their
    typed, immutable model parts; everything computed from them (money, deadlines, the law that
    applies, customs, the return address, phone forms) is a field of its own.
    """

    code: str
    locales: tuple[str, ...]
    binding_locales: tuple[str, ...]
    currency: str
    time_zone: str
    platform: Platform
    regime_id: str
    regime: Regime
    statutory: StatutoryRight | None
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
    transit_days: int
    """Calendar days a return parcel usually takes to reach the hub."""
    cross_border: bool
    categories: tuple[CategoryRule, ...]
    example_delivery: datetime.date
    example_last_day: datetime.date
    phone_e164: str | None
    phone_display: str | None
    timeline: tuple[TimelineStep, ...]
    """The merchant's return process for the example delivery, each stage at its latest."""

    @property
    def prevailing_locale(self) -> str:
        """The binding language that prevails where binding translations differ."""
        return self.binding_locales[0]

    @property
    def optional_pages(self) -> tuple[str, ...]:
        """Page kinds only some markets have: the model form where the law provides one."""
        has_form = self.statutory is not None and self.statutory.rule.model_form is not None
        return ("withdrawal_form",) if has_form else ()

    @property
    def extends_statutory(self) -> bool:
        """The merchant's window ends after the statutory period (for the example delivery)."""
        if self.statutory is None:
            return False
        return (self.last_request_day(self.example_delivery)
                > self.statutory.last_notice_day(self.example_delivery))

    @property
    def excluded_by_law(self) -> list[CategoryRule]:
        """Categories the statutory right does not cover, each with its legal basis."""
        return [rule for rule in self.categories if not rule.returnable and rule.legal_basis]

    def last_request_day(self, delivered: datetime.date, ordered: datetime.date | None = None,
                         category: str | None = None) -> datetime.date:
        """The last day to ask for a return under the merchant's policy.

        A category's extended window and a season covering the order date can only lengthen
        the window, never shorten it.
        """
        days = self.window.days
        for window in self.extended_windows:
            if category in window.categories:
                days = max(days, window.days)
        last = delivered + days * DAY
        for season in self.seasonal_overrides:
            if ordered is not None and season.start <= ordered <= season.end:
                last = max(last, season.return_by)
        return last

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

    @property
    def change_of_mind_charges(self) -> tuple[str, ...]:
        """What a return after a change of mind costs the customer: "label" (our label's fee),
        "shipping" (their own, where we sell no label) and "restocking". Empty when it costs
        nothing: only then may a caption promise free or easy returns."""
        charges: list[str] = []
        if self.customer_pays_change_of_mind:
            charges.append("label" if self.return_label_fee is not None else "shipping")
        if self.restocking_percent is not None or self.restocking_amount is not None:
            charges.append("restocking")
        return tuple(charges)


def _money(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)


def _timeline(market: Market, code: str, hub: Hub, transit_days: int,
              delivered: datetime.date) -> tuple[TimelineStep, ...]:
    """The latest day of each stage of the merchant's process for a parcel delivered on
    ``delivered``: answers come on the market's working days, inspections on the hub's."""
    request_by = delivered + market.return_window.days * DAY
    answered = calendar_for(code).add_business_days(request_by, market.process.rma.approval_days)
    ship_by = answered + market.returns.ship_within_days * DAY
    arrived = ship_by + transit_days * DAY
    inspected = calendar_for(hub.address.country).add_business_days(
        arrived, market.process.inspection.days)
    refunded = inspected + market.refunds.processing_days * DAY
    stages = (("delivered", delivered), ("request_by", request_by), ("ship_by", ship_by),
              ("arrived", arrived), ("inspected", inspected), ("refunded", refunded))
    return tuple(TimelineStep(key, (day - delivered).days) for key, day in stages)


def _category_rules(project: Project, market: Market, regime: Regime) -> list[CategoryRule]:
    exceptions = regime.right.exceptions if regime.right else {}
    rules = []
    for slug, category in project.categories.items():
        change = market.categories.get(slug)
        returnable = change.returnable if change else category.returnable
        family = (change.family if change and change.family else None) or category.family
        basis = None if returnable or family is None else exceptions.get(family)
        rules.append(CategoryRule(slug, category, returnable, family, basis,
                                  change.note if change else None))
    return rules


def resolve_market(project: Project, code: str) -> MarketFacts:
    """Facts for ``code``; the example dates use the newest version's effective date."""
    market = project.markets[code]
    hub = project.hubs[market.returns.destination]
    regime = regimes()[market.law.regime]
    transit = market.returns.transit_days or hub.transit_days
    delivery = project.versions[-1].effective
    function = market.withdrawal_function
    link = WithdrawalLink(function.url, function.label) if function else None
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
        regime=regime,
        statutory=statutory_right(market.law.regime, regime, code, calendar_for(code), transit,
                                  link, delivery),
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
        transit_days=transit,
        cross_border=crosses_customs_border(code, hub.address.country),
        categories=tuple(_category_rules(project, market, regime)),
        example_delivery=delivery,
        example_last_day=delivery + datetime.timedelta(days=market.return_window.days),
        phone_e164=e164(phone, code) if phone else None,
        phone_display=international(phone, code) if phone else None,
        timeline=_timeline(market, code, hub, transit, delivery),
    )
