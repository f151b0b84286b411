"""Statutory return rules per law regime, read from the dated, sourced ``data/law.yml``."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Literal

from generator.model.base import Model
from generator.source.loading import load_yaml

LAW_FILE = Path(__file__).resolve().parent.parent / "data" / "law.yml"


class Regime(Model):
    """What one consumer-law regime requires of a return policy."""

    name: str
    floor_days: int
    counted_from: Literal["delivery", "last_item_received", "order"]
    refund_within_days: int | None = None
    refund_counted_from: Literal["withdrawal_notice", "return_received"] | None = None
    statutory_term: str
    business_days: bool = False
    note: str | None = None
    confirmed: bool
    """False: no primary source confirmed it; only warn, never fail a build."""
    checked: datetime.date
    sources: list[str]


class LawFile(Model):
    regimes: dict[str, Regime]


@cache
def regimes() -> dict[str, Regime]:
    """All regimes, loaded once with the same strict loader as merchant files."""
    return LawFile.model_validate(load_yaml(LAW_FILE, "generator/data/law.yml").data).regimes
