"""Rules that span fields or files, which the models cannot express alone.

Each rule reads the typed project and yields problems located through the YAML marks; rules never
stop at the first problem.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.errors import Problem
from generator.model.catalog import PolicyVersion
from generator.model.localized import localized_fields
from generator.model.market import Market
from generator.model.types import currency_digits
from generator.project.addresses import address_problems
from generator.project.customs import crosses_customs_border
from generator.project.law_rules import law_problems
from generator.project.phones import phone_problem, phone_region
from generator.project.platform_rules import platform_problems
from generator.project.problems import problem_at
from generator.project.registers import register_problems
from generator.project.structured_rules import structured_data_problems
from generator.source.loading import FieldPath

if TYPE_CHECKING:  # load.py runs these rules, so it imports this module
    from generator.project.load import Project


def check_project(project: Project) -> list[Problem]:
    """Every cross-field problem in the project (errors and warnings)."""
    checker = _Checker(project)
    checker.run()
    return checker.problems + missing_translations(project)


def missing_translations(project: Project) -> list[Problem]:
    """Texts customers of a market read in the default language instead of their own: one
    warning per text and language (``build --strict`` makes them errors).

    Counted: each market's texts (its file over ``defaults.yml``) in each language the market
    is published in, and the shared categories, which every market's pages list, in every
    language a market is published in. Site-wide texts (the tagline, the version notes) may
    stay in the default language: the pages mark them with their language and say so, and
    ``policysite i18n status --missing`` lists them. A text without the default language's
    version is an error of its own (``_check_localized``), so it is not counted here.
    """
    site = project.config.site
    default = site.default_locale
    problems: list[Problem] = []

    def report(where: FieldPath, texts: dict[str, str], locales: list[str]) -> None:
        if default not in texts:
            return
        for locale in locales:
            if locale != default and not texts.get(locale):
                problems.append(problem_at(project.marks, where, f"no {locale} text",
                                           f"pages in {locale} show the {default} text",
                                           "warning"))

    published: list[str] = []
    for code, market in project.markets.items():
        locales = list(dict.fromkeys(loc for loc in market.locales if loc in site.locales))
        published += locales
        for where, texts in localized_fields(market, ("markets", code)):
            if where[2] == "customs" and not _customs_shown(project, code, market):
                continue
            report(where, texts, locales)
    shown = [locale for locale in site.locales if locale in published]
    for slug, category in project.categories.items():
        for where, texts in localized_fields(category, ("categories", slug)):
            report(where, texts, shown)
    return problems


_MISSING = re.compile(r"no \S+ text")


def is_missing_translation(problem: Problem) -> bool:
    """Whether a warning is one of ``missing_translations`` (also once grouped by market)."""
    return problem.severity == "warning" and bool(_MISSING.fullmatch(problem.message))


def strict_translations(warnings: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """For ``build --strict``: the other warnings, and the missing translations as errors
    (the lines ``check`` prints, without "warning:")."""
    missing = [dataclasses.replace(p, severity="error") for p in warnings
               if is_missing_translation(p)]
    return [p for p in warnings if not is_missing_translation(p)], missing


def _customs_shown(project: Project, code: str, market: Market) -> bool:
    """Customs texts are shown only when returns cross a border (else a warning says so)."""
    hub = project.hubs.get(market.returns.destination)
    return hub is None or crosses_customs_border(code, hub.address.country)


class _Checker:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.problems: list[Problem] = []

    def report(self, where: FieldPath, message: str, hint: str = "",
               severity: str = "error") -> None:
        self.problems.append(problem_at(self.project.marks, where, message, hint, severity))

    def run(self) -> None:
        site = self.project.config.site
        if site.default_locale not in site.locales:
            self.report(("site", "default_locale"),
                        f'"{site.default_locale}" is not one of site.locales',
                        "add it to site.locales")
        self._check_duplicates(("site", "locales"), site.locales)
        self._check_localized(self.project.config, ())
        self._check_categories()
        self._check_hubs()
        self.problems += address_problems(self.project)
        self._check_versions(self.project.versions)
        for code, market in self.project.markets.items():
            self._check_market(code, market)
        self.problems += law_problems(self.project)
        self.problems += platform_problems(self.project)
        self.problems += structured_data_problems(self.project)
        self.problems += register_problems(self.project)

    # -- generic ---------------------------------------------------------------------------

    def _check_duplicates(self, where: FieldPath, items: list[Any],
                          field: FieldPath = ()) -> None:
        """``field`` locates the compared value inside each item, e.g. ``("id",)``."""
        seen: set[Any] = set()
        for index, item in enumerate(items):
            if item in seen:
                self.report((*where, index, *field), f'"{item}" is listed twice')
            seen.add(item)

    def _check_localized(self, value: BaseModel, where: FieldPath) -> None:
        """Localized texts must include the default locale, used when a translation is missing.

        Texts in locales the site does not publish (yet) are allowed: merchants prepare
        translations before switching a language on.
        """
        default = self.project.config.site.default_locale
        for path, texts in localized_fields(value, where):
            if default not in texts:
                self.report(path, f'has no "{default}" text (the default '
                            "locale, used when a translation is missing)")

    # -- shared files ----------------------------------------------------------------------

    def _check_categories(self) -> None:
        for slug, category in self.project.categories.items():
            where = ("categories", slug)
            self._check_localized(category, where)
            if not category.returnable and category.family is None:
                self.report((*where, "returnable"), "a non-returnable category needs a family "
                            "(the reason, or the legal exception relied on)",
                            "add family: perishable, sealed_hygiene, personalised, …")
            if category.returnable and category.family in {"perishable", "digital",
                                                            "personalised"}:
                self.report((*where, "family"),
                            f'"{category.family}" goods are usually not returnable',
                            "check returnable: true is intended", "warning")

    def _check_hubs(self) -> None:
        for slug, hub in self.project.hubs.items():
            self._check_localized(hub, ("hubs", slug))

    def _check_versions(self, versions: list[PolicyVersion]) -> None:
        self._check_duplicates(("versions",), [v.id for v in versions], ("id",))
        for index in range(1, len(versions)):
            if versions[index].effective <= versions[index - 1].effective:
                self.report(("versions", index, "effective"),
                            f"must be later than {versions[index - 1].effective.isoformat()} "
                            f"(version {versions[index - 1].id})",
                            "list versions from oldest to newest")
        for index, version in enumerate(versions):
            self._check_localized(version, ("versions", index))

    # -- markets ---------------------------------------------------------------------------

    def _check_market(self, code: str, market: Market) -> None:
        base: FieldPath = ("markets", code)
        site = self.project.config.site
        self._check_localized(market, base)
        for index, locale in enumerate(market.locales):
            if locale not in site.locales:
                self.report((*base, "locales", index), f'"{locale}" is not one of site.locales',
                            "add it to site.locales in site_config.yml")
        self._check_duplicates((*base, "locales"), market.locales)
        for index, locale in enumerate(market.binding_locales):
            if locale not in market.locales:
                self.report((*base, "binding_locales", index),
                            f'"{locale}" is not one of this market\'s locales')
        self._check_money(code, market)
        self._check_category_refs(code, market)
        self._check_destination(code, market)
        self._check_dates(code, market)
        self._check_contact(code, market)
        if market.exchanges.allowed and not market.exchanges.kinds:
            self.report((*base, "exchanges", "kinds"), "name at least one kind of exchange",
                        "variant, other_product")
        if market.restocking_fee is not None:
            fee = market.restocking_fee
            if (fee.percent is None) == (fee.amount is None):
                self.report((*base, "restocking_fee"), "give either percent or amount, not both "
                            "or neither")
        faq_ids = [entry.id for entry in market.faq]
        self._check_duplicates((*base, "faq"), faq_ids, ("id",))

    def _check_money(self, code: str, market: Market) -> None:
        digits = currency_digits(market.currency)
        amounts: list[tuple[FieldPath, Decimal | None]] = [
            (("shipping", "return_label_fee"), market.shipping.return_label_fee),
            (("refund_without_return_below",), market.refund_without_return_below),
            (("restocking_fee", "amount"),
             market.restocking_fee.amount if market.restocking_fee else None),
        ]
        for path, amount in amounts:
            if amount is None:
                continue
            exponent = amount.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            if places > digits:
                self.report(("markets", code, *path),
                            f"{market.currency} amounts have {digits} decimal places, "
                            f'got "{amount:f}"')

    def _check_category_refs(self, code: str, market: Market) -> None:
        known = self.project.categories
        for slug in market.categories:
            if slug not in known:
                self.report(("markets", code, "categories", slug),
                            f'unknown category "{slug}"', _did_you_mean(slug, known))
        for index, window in enumerate(market.extended_windows):
            where = ("markets", code, "extended_windows", index)
            for position, slug in enumerate(window.categories):
                if slug not in known:
                    self.report((*where, "categories", position), f'unknown category "{slug}"',
                                _did_you_mean(slug, known))
            if window.days <= market.return_window.days:
                self.report((*where, "days"), f"must be longer than the return window "
                            f"({market.return_window.days} days)")

    def _check_destination(self, code: str, market: Market) -> None:
        where = ("markets", code, "returns", "destination")
        hub_id = market.returns.destination
        hub = self.project.hubs.get(hub_id)
        if hub is None:
            self.report(where, f'unknown hub "{hub_id}"', _did_you_mean(hub_id,
                                                                          self.project.hubs))
            return
        if crosses_customs_border(code, hub.address.country) and market.customs is None:
            self.report(("markets", code, "customs"),
                        f"returns go to {hub.address.country}, across a border: customs "
                        "instructions are required", "add a customs: section")
        if not crosses_customs_border(code, hub.address.country) and market.customs:
            self.report(("markets", code, "customs"),
                        f"returns go to {hub.address.country} inside the same customs area, so "
                        "customers never see this section", "remove it", "warning")

    def _check_dates(self, code: str, market: Market) -> None:
        for index, override in enumerate(market.seasonal_overrides):
            where = ("markets", code, "seasonal_overrides", index)
            if override.end < override.start:
                self.report((*where, "end"), f"must not be before start "
                            f"({override.start.isoformat()})")
            if override.return_by <= override.end:
                self.report((*where, "return_by"),
                            f"must be after end ({override.end.isoformat()})")

    def _check_contact(self, code: str, market: Market) -> None:
        where = ("markets", code, "contact")
        contact = market.contact
        if contact.phone is not None:
            problem = phone_problem(contact.phone, code)
            region = None if problem else phone_region(contact.phone, code)
            if problem:
                self.report((*where, "phone"), *problem)
            elif region not in (code, None, "001"):  # 001: international, e.g. +800 freephone
                self.report((*where, "phone"), f"is a {region} number; callers from {code} "
                            "pay international rates", "add a local number if you have one",
                            "warning")
        for index, hours in enumerate(contact.hours):
            if hours.closes <= hours.opens:
                self.report((*where, "hours", index, "closes"),
                            f"must be later than opens ({hours.opens})")


def _did_you_mean(name: str, known: Any) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else "known: " + ", ".join(sorted(known))
