"""Every policy version's facts, and what changed for customers from one version to the next.

The changes are computed from the facts (``MarketFacts``) of consecutive versions, never from
the merchant's notes, so a changelog cannot leave out what the data says changed; the notes are
shown beside them and ``note_problems`` warns when a note names a period the data contradicts.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem
from generator.facts.market import MarketFacts, resolve_market
from generator.facts.pages import PageRef
from generator.facts.rights import DAY
from generator.model.catalog import PolicyVersion
from generator.project.load import Project
from generator.project.problems import problem_at


@dataclass(frozen=True)
class Change:
    """One difference a customer of a market would notice between two versions.

    ``key`` says what changed (the templates word each key once); ``old``/``new`` are typed
    values (None: there was none / there is none now); ``subject`` names which one of several
    (a category rule, a longer window, a season) where the key alone does not.
    """

    key: str
    old: Any
    new: Any
    subject: Any = None


@dataclass(frozen=True)
class VersionFacts:
    """One version: its dates, its markets' facts, and each market's changes since the last."""

    version: PolicyVersion
    until: datetime.date | None
    """The last order day it governs; None for the newest version."""
    markets: Mapping[str, MarketFacts]
    changes: Mapping[str, tuple[Change, ...] | None]
    """By market; None where the market has no earlier version to compare with."""

    @property
    def id(self) -> str:
        return self.version.id

    @property
    def archived(self) -> bool:
        """An earlier version, kept for the orders placed while it was in force."""
        return self.until is not None


@dataclass(frozen=True)
class PolicyHistory:
    """Every version, oldest first; the newest is the one the current pages show."""

    versions: tuple[VersionFacts, ...]

    def __getitem__(self, version_id: str) -> VersionFacts:
        return next(v for v in self.versions if v.id == version_id)

    @property
    def newest(self) -> VersionFacts:
        return self.versions[-1]

    def in_force_on(self, ordered: datetime.date) -> VersionFacts | None:
        """The version that governs an order placed on ``ordered`` (None before the first)."""
        found = None
        for version in self.versions:
            if version.version.effective <= ordered:
                found = version
        return found

    def of_market(self, code: str) -> list[VersionFacts]:
        """The versions that cover a market, newest first (for its changelog)."""
        return [v for v in reversed(self.versions) if code in v.markets]


def resolve_history(current: Project, markets: Mapping[str, MarketFacts],
                    archives: Mapping[str, Project]) -> PolicyHistory:
    """Each version's facts (the current ``markets`` for the newest) and their changes.

    An earlier version missing from ``archives`` (a caller that loaded none) has no markets:
    no pages and no changes."""
    versions = current.versions
    resolved: list[VersionFacts] = []
    before: Mapping[str, MarketFacts] = {}
    for index, version in enumerate(versions):
        if index == len(versions) - 1:
            facts = markets
            until = None
        else:
            archived = archives.get(version.id)
            facts = ({code: resolve_market(archived, code) for code in archived.markets}
                     if archived else {})
            until = versions[index + 1].effective - DAY
        changes = {code: (market_changes(before[code], facts[code]) if code in before else None)
                   for code in facts}
        resolved.append(VersionFacts(version, until, facts, changes))
        before = facts
    return PolicyHistory(tuple(resolved))


# -- differences between two versions of one market -------------------------------------------

def _by(items: Any, key: Callable[[Any], Any]) -> dict[Any, Any]:
    return {key(item): item for item in items}


def _keyed_changes(name: str, old: dict[Any, Any], new: dict[Any, Any]) -> Iterator[Change]:
    """Added, removed and changed items of a list matched by key (windows, seasons)."""
    for key in sorted(set(old) | set(new), key=str):
        if old.get(key) != new.get(key):
            item = new.get(key) or old.get(key)
            yield Change(name, old.get(key), new.get(key), item)


def market_changes(old: MarketFacts, new: MarketFacts) -> tuple[Change, ...]:
    """What changed for a customer of one market, in the order the policy page reads."""
    changes: list[Change] = []

    def compare(key: str, before: Any, after: Any, subject: Any = None) -> None:
        if before != after:
            changes.append(Change(key, before, after, subject))

    compare("window_days", old.window.days, new.window.days)
    compare("window_start", old.window.starts, new.window.starts)
    changes += _keyed_changes("extended_window",
                              _by(old.extended_windows, lambda w: tuple(sorted(w.categories))),
                              _by(new.extended_windows, lambda w: tuple(sorted(w.categories))))
    changes += _keyed_changes("season",
                              _by(old.seasonal_overrides, lambda s: tuple(sorted(s.name.items()))),
                              _by(new.seasonal_overrides, lambda s: tuple(sorted(s.name.items()))))
    old_rules, new_rules = _by(old.categories, lambda r: r.id), _by(new.categories, lambda r: r.id)
    for slug in sorted(set(old_rules) | set(new_rules)):
        before = old_rules[slug].returnable if slug in old_rules else None
        after = new_rules[slug].returnable if slug in new_rules else None
        compare("returnable", before, after, (new_rules.get(slug) or old_rules[slug]).category)
    compare("change_of_mind_payer", old.shipping.change_of_mind, new.shipping.change_of_mind)
    compare("defective_payer", old.shipping.defective_or_wrong, new.shipping.defective_or_wrong)
    compare("label_fee", old.return_label_fee, new.return_label_fee)
    compare("restocking_percent", old.restocking_percent, new.restocking_percent)
    compare("restocking_amount", old.restocking_amount, new.restocking_amount)
    compare("keep_it_below", old.refund_without_return_below, new.refund_without_return_below)
    compare("refund_days", old.refunds.processing_days, new.refunds.processing_days)
    compare("refund_methods", tuple(old.refunds.methods), tuple(new.refunds.methods))
    compare("exchanges", old.exchanges.allowed, new.exchanges.allowed)
    if old.exchanges.allowed and new.exchanges.allowed:
        compare("exchange_kinds", tuple(old.exchanges.kinds), tuple(new.exchanges.kinds))
    if (old.hub.address, old.hub.kind) != (new.hub.address, new.hub.kind):
        changes.append(Change("hub", old.hub, new.hub))
    compare("withdrawal_function", _function(old), _function(new))
    return tuple(changes)


def _function(facts: MarketFacts) -> bool:
    right = facts.statutory
    return right is not None and right.withdrawal_function is not None


# -- the page plan and the checks -------------------------------------------------------------

def version_pages(history: PolicyHistory, plan: Collection[PageRef]) -> list[PageRef]:
    """Each earlier version's policy page, per market and locale, where the market's current
    policy page exists in that locale (so its links to the market's pages hold)."""
    plan = set(plan)
    pages = []
    for version in history.versions[:-1]:
        for code, facts in version.markets.items():
            for locale in facts.locales:
                if PageRef(locale, "policy", code) in plan:
                    pages.append(PageRef(locale, "version", code, version.id))
    return pages


_DAYS = re.compile(r"\b(\d{1,3})(?:\s|\u00a0|-)?days?\b", re.IGNORECASE)
NOTE_LOCALE = "en"
"""The notes are read in English: the one language whose wording of a period the rule knows."""


def note_problems(project: Project, history: PolicyHistory) -> list[Problem]:
    """Warnings where a version's note names a period the computed changes contradict.

    The rule is deliberately simple: a number of days in the English note ("30-day returns",
    "within 14 days") must be a period that version changed to in some market (a return
    window, a longer window for some categories, the refund time), or, for the first version,
    a period it has. A note that repeats an unchanged period gets a warning too: say what
    changed.
    """
    problems: list[Problem] = []
    for index, version in enumerate(history.versions):
        periods = _new_periods(version) if index else _all_periods(version)
        texts = [(("summary",), version.version.summary),
                 *((("changes", i), change) for i, change in enumerate(version.version.changes))]
        for where, text in texts:
            for found in _DAYS.finditer(text.get(NOTE_LOCALE, "")):
                days = int(found.group(1))
                if days in periods:
                    continue
                shown = ", ".join(str(n) for n in sorted(periods)) or "none"
                verb = "has" if index == 0 else "changed to"
                problems.append(problem_at(
                    project.marks, ("versions", index, *where, NOTE_LOCALE),
                    f"mentions {days} days, but no market's return window or refund time "
                    f"{verb} {days} days in version {version.id} (periods: {shown})",
                    "check the note or the policy files; the changelog shows the computed "
                    "changes", "warning"))
    return problems


def _periods(facts: MarketFacts) -> set[int]:
    return {facts.window.days, facts.refunds.processing_days,
            *(window.days for window in facts.extended_windows)}


def _all_periods(version: VersionFacts) -> set[int]:
    return set().union(*(_periods(facts) for facts in version.markets.values()))


def _new_periods(version: VersionFacts) -> set[int]:
    found: set[int] = set()
    for code, changes in version.changes.items():
        if changes is None:  # a market new in this version: all of its periods are new
            found |= _periods(version.markets[code])
            continue
        for change in changes:
            if change.key in ("window_days", "refund_days") and change.new is not None:
                found.add(change.new)
            elif change.key == "extended_window" and change.new is not None:
                found.add(change.new.days)
    return found
