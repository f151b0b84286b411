"""What the facts say in the vocabulary both machine formats share.

schema.org's ``MerchantReturnPolicy`` and Merchant Center's ``OnlineReturnPolicy`` describe the
same few things (a window, who pays per reason, the label, the refund, the accepted condition),
so each is decided once here from the facts and only spelled differently by each exporter.
Only the merchant's own policy is described: the statutory right is the law's, not an offer, and
the merchant's window is never shorter than it (``check`` enforces the floors).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from generator.facts.market import MarketFacts, Money
from generator.model.market import Payer

Fee = Literal["free", "customer_pays_amount", "customer_responsible"]
LabelSource = Literal["download_and_print", "in_box", "customer"]
Refund = Literal["full", "store_credit", "exchange"]

_NEW_ONLY = {"unused", "sealed", "tags_attached"}
"""Conditions that make a category's returns new items only."""


@dataclass(frozen=True)
class Terms:
    """One market's return terms, as machine formats can state them."""

    country: str
    returns_to: str
    """Country of the hub the parcel goes to."""
    permitted: bool
    """Whether any category can be returned after a change of mind."""
    days: int
    remorse_fee: Fee
    remorse_amount: Money | None
    defect_fee: Fee
    label: LabelSource | None
    refunds: tuple[Refund, ...]
    restocking_percent: Decimal | None
    restocking_amount: Money | None
    new_only: bool
    process_refund_days: int


def _fee(payer: Payer, label_fee: Money | None) -> tuple[Fee, Money | None]:
    if payer != "customer":  # the merchant or the platform pays: free for the customer
        return "free", None
    if label_fee is not None:
        return "customer_pays_amount", label_fee
    return "customer_responsible", None


def _label(facts: MarketFacts) -> LabelSource | None:
    methods = facts.returns.methods
    if "prepaid_label" in methods or "qr_drop_off" in methods:
        return "download_and_print"
    if "label_in_box" in methods:
        return "in_box"
    if "customer_arranged" in methods:
        return "customer"
    return None  # a courier brings the label: neither format has a word for it


def terms_of(facts: MarketFacts) -> Terms:
    """The market's terms, from its facts only."""
    remorse_fee, remorse_amount = _fee(facts.shipping.change_of_mind, facts.return_label_fee)
    defect_fee, _ = _fee(facts.shipping.defective_or_wrong, None)
    refunds: list[Refund] = []
    if {"original_payment", "bank_transfer"} & set(facts.refunds.methods):
        refunds.append("full")
    if "store_credit" in facts.refunds.methods:
        refunds.append("store_credit")
    if facts.exchanges.allowed:
        refunds.append("exchange")
    returnable = facts.returnable
    return Terms(
        country=facts.code,
        returns_to=facts.hub.address.country,
        permitted=bool(returnable),
        days=facts.window.days,
        remorse_fee=remorse_fee,
        remorse_amount=remorse_amount,
        defect_fee=defect_fee,
        label=_label(facts),
        refunds=tuple(refunds),
        restocking_percent=facts.restocking_percent,
        restocking_amount=facts.restocking_amount,
        new_only=all(_NEW_ONLY & set(rule.category.conditions) for rule in returnable),
        process_refund_days=facts.refunds.processing_days,
    )
