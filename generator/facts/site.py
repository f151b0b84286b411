"""The resolve stage: the whole site's facts, built once per build in the main process.

``check``, ``build`` and the exports share this front half (load → validate → resolve) and
differ only in what they output; everything after it reads ``SiteFacts`` and never the model.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError
from generator.facts.market import MarketFacts, resolve_market
from generator.facts.pages import PageRef, plan_pages
from generator.facts.versions import (
    PolicyHistory,
    note_problems,
    resolve_history,
    version_pages,
)
from generator.i18n.registers import INFORMAL, Register
from generator.model.catalog import PolicyVersion
from generator.model.site import CaptionSettings, Merchant, SiteSettings
from generator.project.archive import load_archives
from generator.project.load import Project, load_project


@dataclass(frozen=True)
class SiteFacts:
    """Everything the pages, caption kits, exports and root pages show, per site and market."""

    site: SiteSettings
    merchant: Merchant
    tagline: Mapping[str, str] | None
    versions: tuple[PolicyVersion, ...]
    """Oldest first."""
    markets: Mapping[str, MarketFacts]
    """By country code, sorted."""
    pages: frozenset[PageRef]
    """The page plan: every page of the site in every locale that has it."""
    history: PolicyHistory
    """Every version's facts and changes (the newest's facts are ``markets``)."""
    captions: CaptionSettings
    """Site-wide caption settings (the register per language)."""

    @property
    def newest(self) -> PolicyVersion:
        return self.versions[-1]

    @property
    def default_locale(self) -> str:
        return self.site.default_locale

    def caption_register(self, locale: str) -> Register:
        """The register the caption kit speaks in ``locale`` (informal unless set)."""
        return self.captions.registers.get(locale, INFORMAL)

    def market_code(self, market: str) -> str:
        """The code of a market named on the command line ("de" or "DE"); an unknown one is
        a usage error (exit 2) naming the project's markets."""
        code = market.upper()
        if code not in self.markets:
            raise UsageError(f'unknown market "{market}"; the project has '
                             f'{", ".join(self.markets)}')
        return code

    def selection(self, market: str | None, locale: str | None) -> tuple[list[str], str | None]:
        """The markets and locale an export names on the command line (all when None); an
        unknown market, or a locale none of them publishes, is a usage error (exit 2)."""
        markets = list(self.markets) if market is None else [self.market_code(market)]
        if locale is not None:
            offered = sorted({loc for code in markets for loc in self.markets[code].locales})
            if locale not in offered:
                where = f"market {markets[0]}" if market is not None else "any market"
                raise UsageError(f'no locale "{locale}" in {where}; choose one of '
                                 f"{', '.join(offered)}")
        return markets, locale

    def markets_in(self, locale: str) -> list[str]:
        """Country codes of the markets published in ``locale``, sorted."""
        return [code for code, market in self.markets.items() if locale in market.locales]

    def source_date_epoch(self) -> str:
        """Fixed build timestamp (sitemaps): the newest version's date, never the clock."""
        moment = datetime.datetime.combine(self.newest.effective, datetime.time(),
                                           tzinfo=datetime.UTC)
        return str(int(moment.timestamp()))


def resolve_site(project: Project, archives: Mapping[str, Project] | None = None) -> SiteFacts:
    """Derive every fact of a validated project once (``archives``: its earlier versions'
    projects, from ``load_archives``)."""
    markets = {code: resolve_market(project, code) for code in project.markets}
    plan = plan_pages(project.site.locales,
                      {code: list(facts.locales) for code, facts in markets.items()},
                      {code: list(facts.optional_pages) for code, facts in markets.items()})
    history = resolve_history(project, markets, archives or {})
    return SiteFacts(site=project.site, merchant=project.config.merchant,
                     tagline=project.config.tagline, versions=tuple(project.versions),
                     markets=markets, pages=frozenset([*plan, *version_pages(history, plan)]),
                     history=history, captions=project.config.captions)


def load_and_resolve(root: Path) -> tuple[Project, SiteFacts]:
    """The front half every command shares: load, validate, resolve (the earlier versions
    too; their notes are checked against the changes computed from them)."""
    project = load_project(root)
    facts = resolve_site(project, load_archives(project))
    project.warnings.extend(note_problems(project, facts.history))
    return project, facts
