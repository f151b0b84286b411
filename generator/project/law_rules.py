"""Rules that hold a market's policy against the consumer law of its regime (``data/law.yml``).

A rule the law confirms fails the build; a rule from unconfirmed data only warns, so a merchant is
never blocked by a fact nobody has checked against the legislation.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import TYPE_CHECKING

from generator.errors import Problem
from generator.model.market import Market
from generator.project.calendars import calendar_for
from generator.project.law import Regime, regimes
from generator.project.model_forms import unverified_model_forms
from generator.project.problems import problem_at
from generator.source.loading import FieldPath

if TYPE_CHECKING:  # load.py runs these rules, so it imports this module
    from generator.project.load import Project

NO_REFUNDS = ("no refund", "no refunds", "refunds on unworn items only",
              "exchange or credit note only", "we will only exchange")
"""Wording the ACCC names as misleading under the Australian Consumer Law."""


def law_problems(project: Project) -> list[Problem]:
    """Every problem of every market against its regime (errors and warnings)."""
    problems: list[Problem] = []
    for code, market in project.markets.items():
        problems += _market_problems(project, code, market)
    return problems + _model_form_problems(project)


def _model_form_problems(project: Project) -> list[Problem]:
    """One warning per law whose model texts, printed for some market, are not yet confirmed
    word for word against the official source (the first such market carries it)."""
    pending: dict[str, list[str]] = {}
    for key, locale, _text in unverified_model_forms():
        pending.setdefault(key, []).append(locale)
    problems = []
    for key, locales in pending.items():
        users = [code for code, market in project.markets.items()
                 if (right := regimes()[market.law.regime].right) and right.model_form == key]
        if users:
            problems.append(problem_at(
                project.marks, ("markets", users[0], "law", "regime"),
                f"the {key} model withdrawal texts ({', '.join(sorted(locales))}) printed on the "
                f"model-form pages of {', '.join(users)} are not yet confirmed word for word "
                "against the official text", "compare generator/data/model_forms.yml with the "
                "source named there before relying on them", "notice"))
    return problems


def _market_problems(project: Project, code: str, market: Market) -> list[Problem]:
    regime = regimes()[market.law.regime]
    base: FieldPath = ("markets", code)
    severity = "error" if regime.confirmed else "warning"
    source = f"source: {regime.sources[0]}" if regime.sources else "no primary source yet"
    problems: list[Problem] = []

    def report(where: FieldPath, message: str, hint: str = "", level: str = severity) -> None:
        problems.append(problem_at(project.marks, where, message, hint, level))

    right = regime.right
    floor = regime.floor_days
    window = market.return_window.days
    if right is not None and floor and right.business_days:
        span = _longest_span(code, floor, project.versions[-1].effective.year)
        if window < span:
            report((*base, "return_window", "days"),
                   f"{window} days can end before the {floor}-business-day statutory period of "
                   f"{regime.name} (up to {span} calendar days with weekends and holidays)",
                   source)
    elif window < floor:
        report((*base, "return_window", "days"),
               f"{window} days is shorter than the {floor}-day statutory minimum of "
               f"{regime.name}", source)
    if right is not None and market.return_window.starts == "order":
        report((*base, "return_window", "starts"),
               f"the statutory period of {regime.name} runs from receipt of the goods, "
               "not the order", "use delivery or last_item_received")
    if right is not None and right.applies == "always" and not regime.confirmed:
        report((*base, "law", "regime"),
               f"the statutory right printed for {regime.name} is not confirmed by a primary "
               "source yet", "have generator/data/law.yml checked against the legislation",
               "notice")
    if right is not None and right.applies == "always":
        problems += _exception_problems(project, code, market, regime, severity, source)
        due = right.withdrawal_function_from
        published = project.versions[-1].effective
        if due is not None and published >= due and market.withdrawal_function is None:
            report((*base, "law"),
                   f"a policy in force from {published.isoformat()} needs an online withdrawal "
                   f"function under {regime.name} (required from {due.isoformat()})",
                   "add withdrawal_function: {url: https://…} linking to your or the platform's "
                   f"'withdraw from contract here' flow; {source}")
    for index, season in enumerate(market.seasonal_overrides):
        normal_end = season.end + datetime.timedelta(days=window)
        if season.end < season.return_by < normal_end:  # not after the end: an error already
            report((*base, "seasonal_overrides", index, "return_by"),
                   f"{season.return_by.isoformat()} is earlier than the normal {window}-day "
                   f"window gives an order placed on {season.end.isoformat()} "
                   f"({normal_end.isoformat()}); customers get the later date",
                   f"set it to {normal_end.isoformat()} or later", "warning")
    if "au_consumer_guarantees" in regime.notes:
        problems += _no_refunds_problems(project, code, market)
    return problems


def _exception_problems(project: Project, code: str, market: Market, regime: Regime,
                        severity: str, source: str) -> list[Problem]:
    """A category the merchant excludes must rest on an exception the regime lists."""
    assert regime.right is not None
    allowed = regime.right.exceptions
    problems = []
    for slug, category in project.categories.items():
        change = market.categories.get(slug)
        returnable = change.returnable if change else category.returnable
        family = (change.family if change else None) or category.family
        if returnable or (family is not None and family in allowed):
            continue
        if family is None and change is None:
            continue  # validate.py already asks the category for a family
        where: FieldPath = (("markets", code, "categories", slug, "returnable") if change
                            else ("categories", slug, "family"))
        listed = ", ".join(f"{name} ({_english(article)})" for name, article in allowed.items())
        why = (f'"{family}" is not an exception it allows' if family
               else "no family names the exception relied on")
        message = (f"{slug} is not returnable in {code}, but {regime.name} gives a statutory "
                   f"right with {'only these exceptions: ' + listed if listed else 'no exceptions'}"
                   f"; {why}")
        fix = (f"make it returnable in policies/markets/{code.lower()}.yml "
               f"(categories: {{{slug}: {{returnable: true}}}})")
        problems.append(problem_at(project.marks, where, message, f"{fix}; {source}", severity))
    return problems


def _english(provision: str | dict[str, str]) -> str:
    """A provision as merchants read it in check's messages."""
    return provision if isinstance(provision, str) else provision.get("en", next(
        iter(provision.values())))


def _no_refunds_problems(project: Project, code: str, market: Market) -> list[Problem]:
    from generator.model.localized import localized_fields

    problems = []
    for path, texts in localized_fields(market, ("markets", code)):
        for locale, text in texts.items():
            lowered = text.lower()
            if any(phrase in lowered for phrase in NO_REFUNDS) and "change" not in lowered:
                problems.append(problem_at(
                    project.marks, (*path, locale),
                    "says there are no refunds, which misleads about the consumer guarantees "
                    "of the Australian Consumer Law",
                    'say "no refunds if you simply change your mind" instead; source: '
                    "https://www.accc.gov.au/consumers/buying-products-and-services/"
                    "consumer-rights-and-guarantees"))
    return problems


@cache
def _longest_span(country: str, business_days: int, year: int) -> int:
    """The most calendar days ``business_days`` can take in the market, over two years."""
    calendar = calendar_for(country)
    start = datetime.date(year, 1, 1)
    return max((calendar.add_business_days(start + datetime.timedelta(days=offset),
                                           business_days)
                - start - datetime.timedelta(days=offset)).days for offset in range(366 * 2))
