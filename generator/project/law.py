"""Statutory return rules per law regime, read from the dated, sourced ``data/law.yml``."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from generator.model.base import Model
from generator.model.catalog import Condition, NonReturnableFamily
from generator.model.types import Bool, CountryCode, Date, LocaleId, Text, WholeNumber
from generator.source.loading import load_yaml

LAW_FILE = Path(__file__).resolve().parent.parent / "data" / "law.yml"

Term = Literal["withdrawal", "cancellation", "regret", "revocation", "no_reason_return"]
RightStart = Literal["delivery", "last_item_received"]
Note = Literal["legal_guarantee", "uk_faulty_goods", "au_consumer_guarantees",
               "jp_special_terms", "us_posted_policy", "local_faulty_goods"]
DayCount = Annotated[int, Field(ge=0, le=3650), WholeNumber]


class StatutoryRightRule(Model):
    """The change-of-mind right the law gives, whatever the merchant's own policy says.

    Field meanings are documented at the top of ``law.yml``, next to the data.
    """

    term: Term
    days: DayCount
    business_days: Bool = False
    counted_from: RightStart
    exercised_by: Literal["notice", "notice_or_return"]
    applies: Literal["always", "without_displayed_terms"] = "always"
    conditions: list[Condition] = []
    """Conditions the law itself sets on the right (never the merchant's)."""
    refund_days: DayCount | None = None
    refund_counted_from: Literal["notice", "goods_back_or_proof", "return_received"] | None = None
    refund_may_wait: Bool
    refund_delivery: Literal["standard", "all", "none"]
    same_payment_method: Bool
    goods_back_within_days: DayCount | None = None
    return_cost: Literal["consumer", "trader"]
    deductions: Literal["diminished_value", "none"]
    exceptions: dict[NonReturnableFamily, Text | dict[LocaleId, Text]]
    """The closed list of families the seller may exclude, each with its provision (one text,
    or one per language where readers know it by another name)."""
    model_form: Literal["EU", "UK"] | None = None
    withdrawal_function_from: Date | None = None


class Regime(Model):
    """What one consumer-law regime requires of a return policy."""

    name: str
    """English name for messages to the merchant."""
    citation: dict[LocaleId, Text] = {}
    """The law's name as readers in each language know it (English is the fallback)."""
    national_citations: dict[CountryCode, dict[LocaleId, Text]] = {}
    """Where a directive gives the right through national law: that law, per country."""
    right: StatutoryRightRule | None = None
    notes: list[Note] = []
    confirmed: bool
    """False: no primary source confirmed it; only warn, never fail a build."""
    checked: datetime.date
    sources: list[str]
    """The official texts."""
    read_in: list[str] = []
    """Copies of the text actually read, where the official site was not reachable."""

    @property
    def floor_days(self) -> int:
        """The shortest change-of-mind window the law itself guarantees (0: none)."""
        if self.right is None or self.right.applies != "always":
            return 0
        return self.right.days


class LawFile(Model):
    regimes: dict[str, Regime]


@cache
def regimes() -> dict[str, Regime]:
    """All regimes, loaded once with the same strict loader as merchant files."""
    return LawFile.model_validate(load_yaml(LAW_FILE, "generator/data/law.yml").data).regimes
