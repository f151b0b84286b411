"""Sales platforms' own return rules ("platform floors"), read from the dated, sourced
``data/platform_rules.yml``, and the warning when a market's return window is shorter.

A platform rule is never a build failure: the figures change often and several come from
secondary sources, so a window below one is reported as a warning naming the rule and its source.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field, model_validator

from generator.errors import Problem
from generator.model.base import Model
from generator.model.market import Platform
from generator.model.types import Bool, CountryCode, Date, Days, HttpsUrl, country_problem
from generator.project.problems import problem_at
from generator.source.loading import load_yaml

if TYPE_CHECKING:  # load.py runs the checks that call platform_problems
    from generator.project.load import Project

PLATFORM_RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "platform_rules.yml"

Reasons = Literal["any", "change_of_mind", "seller_fault", "not_stated"]


class PlatformRule(Model):
    """One dated return rule of a platform, for one seller type in one market."""

    seller_type: Literal["local", "cross_border"]
    mall: Bool | None = None
    """Only for Mall (true) or non-Mall (false) sellers; not given: for both."""
    window_days: Days
    """Days the platform gives buyers to ask for a return."""
    counted_from: Literal["delivery", "not_stated"]
    reasons: Reasons
    """Which requests the window is for; ``seller_fault``: non-receipt, wrong, defective or
    not-as-described items, late delivery."""
    sellers_may_shorten: Bool = False
    """The platform's standard window, which shops may shorten on the product page: no floor."""
    exceptions: list[str] = []
    """Products or categories the window does not cover."""
    note: str | None = None
    effective: Date | None = None
    """First day the rule applies; not given when the source states no date (it then applies
    whatever the date)."""
    checked: Date
    confirmed: Bool
    """True only when the platform's own page states the rule; false for secondary sources."""
    sources: Annotated[list[HttpsUrl], Field(min_length=1)]


class PlatformRules(Model):
    """One platform's rules: market (ISO code or group) → rules."""

    name: str
    """The platform's name as customers know it, e.g. "TikTok Shop"."""
    markets: dict[str, list[PlatformRule]]


class PlatformRulesFile(Model):
    """``generator/data/platform_rules.yml``."""

    groups: dict[str, list[CountryCode]] = {}
    """Named groups of countries a rule can be given for at once, e.g. the EEA."""
    platforms: dict[str, PlatformRules]
    """Keyed like ``Platform.name`` in the policy files."""

    @model_validator(mode="after")
    def _markets_are_known_and_rules_unambiguous(self) -> PlatformRulesFile:
        for group in self.groups:
            if not country_problem(group):
                raise ValueError(f'group "{group}" is named like a country')
        for platform_id, platform in self.platforms.items():
            seen: set[tuple[str, str, bool | None, str, datetime.date | None]] = set()
            for key in platform.markets:
                if key not in self.groups and country_problem(key):
                    raise ValueError(f'{platform_id}: market "{key}" is neither an ISO 3166-1 '
                                     "code nor a group")
            for code, rule in _expanded(self, platform):
                identity = (code, rule.seller_type, rule.mall, rule.reasons, rule.effective)
                if identity in seen:
                    raise ValueError(f"{platform_id}: two rules for {code}, {rule.seller_type}, "
                                     f"mall {rule.mall}, {rule.reasons}, effective "
                                     f"{rule.effective}: which one applies is ambiguous")
                seen.add(identity)
        return self


def _expanded(file: PlatformRulesFile, platform: PlatformRules
              ) -> Iterator[tuple[str, PlatformRule]]:
    """(country code, rule) for every rule, groups replaced by their members."""
    for key, rules in platform.markets.items():
        for code in file.groups.get(key, [key]):
            for rule in rules:
                yield code, rule


@cache
def platform_rules() -> PlatformRulesFile:
    """The whole file, loaded once with the same strict loader as merchant files."""
    data = load_yaml(PLATFORM_RULES_FILE, "generator/data/platform_rules.yml").data
    return PlatformRulesFile.model_validate(data)


@cache
def _index() -> dict[tuple[str, str], tuple[PlatformRule, ...]]:
    """(platform id, country code) → its rules, in file order."""
    file = platform_rules()
    index: dict[tuple[str, str], list[PlatformRule]] = {}
    for platform_id, platform in file.platforms.items():
        for code, rule in _expanded(file, platform):
            index.setdefault((platform_id, code), []).append(rule)
    return {key: tuple(rules) for key, rules in index.items()}


def rule_for(platform: Platform, market_code: str, on: datetime.date) -> PlatformRule | None:
    """The platform rule a market's return window must meet on ``on``, or None if there is none.

    The platform's own market (``platform.market``) is used when given, else ``market_code``.
    Rules for the seller's type and Mall flag that are in force on ``on`` count; for each kind
    of reasons the newest one applies (a Mall- or non-Mall-only rule before one for both when
    they start on the same day), and of those the one with the longest window is the floor
    (on a tie: a real floor, a confirmed rule, the newer rule).
    """
    code = platform.market or market_code
    newest: dict[Reasons, PlatformRule] = {}
    for rule in _index().get((platform.name, code), ()):
        if rule.seller_type != platform.seller_type or rule.mall not in (None, platform.mall):
            continue
        if rule.effective is not None and rule.effective > on:
            continue
        current = newest.get(rule.reasons)
        if current is None or _recency(rule) > _recency(current):
            newest[rule.reasons] = rule
    if not newest:
        return None
    return max(newest.values(), key=lambda rule: (
        rule.window_days, not rule.sellers_may_shorten, rule.confirmed, _recency(rule)))


def _recency(rule: PlatformRule) -> tuple[datetime.date, bool]:
    return rule.effective or datetime.date.min, rule.mall is not None


def platform_problems(project: Project) -> list[Problem]:
    """A warning for each market whose return window is shorter than its platform's rule.

    Rules are taken as they stood on the newest policy version's date (never the clock, so
    the same project always gives the same warnings).
    """
    if not project.versions:
        return []
    on = project.versions[-1].effective
    problems: list[Problem] = []
    for code, market in project.markets.items():
        rule = rule_for(market.platform, code, on)
        days = market.return_window.days
        if rule is None or days >= rule.window_days:
            continue
        problems.append(problem_at(project.marks, ("markets", code, "return_window", "days"),
                                   _message(days, rule, market.platform, code), _hint(rule),
                                   "warning"))
    return problems


_REASONS: dict[Reasons, str] = {
    "any": "for any reason",
    "change_of_mind": "after a change of mind",
    "seller_fault": "for seller faults such as wrong or defective items",
    "not_stated": "reasons not stated",
}


def _message(days: int, rule: PlatformRule, platform: Platform, market_code: str) -> str:
    shop = f"{platform_rules().platforms[platform.name].name} {platform.market or market_code}"
    sellers = rule.seller_type.replace("_", "-")
    if rule.mall is not None:
        sellers += " Mall" if rule.mall else " non-Mall"
    details = _REASONS[rule.reasons]
    if rule.counted_from == "delivery":
        details += ", counted from delivery"
    details += f"; rule for {sellers} sellers"
    details += f" from {rule.effective.isoformat()}" if rule.effective else ", undated"
    if rule.sellers_may_shorten:
        return (f"{days} days is shorter than {shop}'s standard {rule.window_days}-day return "
                f"window ({details})")
    return (f"{days} days is shorter than the {rule.window_days}-day return window {shop} gives "
            f"buyers ({details})")


def _hint(rule: PlatformRule) -> str:
    hint = ("shops may set a shorter window if their product page shows it; "
            if rule.sellers_may_shorten else "")
    if rule.confirmed:
        hint += f"confirmed by the platform's own page, checked {rule.checked.isoformat()}: "
    else:
        hint += f"not confirmed, secondary source checked {rule.checked.isoformat()}: "
    return hint + rule.sources[0]
