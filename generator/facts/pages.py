"""Which pages exist in which locale, and how they link to each other."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from generator.i18n.catalogs import N_


@dataclass(frozen=True)
class PageKind:
    """One kind of page: the one place that says where it lives and who finds it."""

    id: str
    template: str
    """Jinja template under ``templates/``."""
    file: str
    """Markdown source inside a locale's docs folder; ``{code}`` is the market, lower case."""
    title: str
    """Message id of the title (``%(country)s`` is the market's name on market pages)."""
    per_market: bool
    in_search: bool
    """Indexed by the site's search (customer pages are; marketers' pages are not)."""
    in_sitemap: bool
    """Listed in sitemap.xml and open to search engines; pages for staff (caption scripts)
    are left out of the sitemap and carry ``<meta name="robots" content="noindex">``."""
    in_nav: bool
    """Listed in the navigation (a market's other pages are reached from its policy page)."""
    optional: bool = False
    """A market page only some markets have (``plan_pages``' ``extra_kinds`` names them, or
    ``facts.versions.version_pages`` for an earlier version's policy)."""


PAGE_KINDS: dict[str, PageKind] = {kind.id: kind for kind in (  # in reading order
    PageKind("home", "pages/home.md.j2", "index.md", N_("Returns and exchanges"),
             per_market=False, in_search=True, in_sitemap=True, in_nav=True),
    PageKind("policy", "pages/policy.md.j2", "{code}/index.md",
             N_("Returns policy: %(country)s"),
             per_market=True, in_search=True, in_sitemap=True, in_nav=True),
    PageKind("how_to_return", "pages/how_to_return.md.j2", "{code}/how-to-return.md",
             N_("How to return an item"),
             per_market=True, in_search=True, in_sitemap=True, in_nav=False),
    PageKind("faq", "pages/faq.md.j2", "{code}/faq.md", N_("Questions and answers"),
             per_market=True, in_search=True, in_sitemap=True, in_nav=False),
    PageKind("contact", "pages/contact.md.j2", "{code}/contact.md", N_("Contact us"),
             per_market=True, in_search=True, in_sitemap=True, in_nav=False),
    PageKind("withdrawal_form", "pages/withdrawal_form.md.j2", "{code}/withdrawal-form.md",
             N_("Model withdrawal information and form"),
             per_market=True, in_search=True, in_sitemap=True, in_nav=False, optional=True),
    PageKind("checker", "pages/checker.md.j2", "{code}/checker.md",
             N_("Can I still return it?"),
             per_market=True, in_search=True, in_sitemap=True, in_nav=False),
    PageKind("captions", "pages/captions.md.j2", "{code}/captions.md", N_("Caption scripts"),
             per_market=True, in_search=False, in_sitemap=False, in_nav=False),
    PageKind("support", "pages/support.md.j2", "{code}/support.md", N_("Support team guide"),
             per_market=True, in_search=False, in_sitemap=False, in_nav=False),
    PageKind("history", "pages/history.md.j2", "history.md", N_("Policy history"),
             per_market=False, in_search=True, in_sitemap=True, in_nav=True),
    # Every market's caption texts of a locale on one page, with a filter: for marketers, so
    # out of the search, the sitemap and the navigation, like the captions pages it collects.
    PageKind("kit", "pages/kit.md.j2", "kit.md", N_("Caption kit"),
             per_market=False, in_search=False, in_sitemap=False, in_nav=False),
    # The record of earlier terms: linked from the policy and history pages, out of the site's
    # search (like earlier versions), so a search finds the terms in force, not what changed.
    PageKind("changelog", "pages/changelog.md.j2", "{code}/changes.md",
             N_("What changed in our returns policy: %(country)s"),
             per_market=True, in_search=False, in_sitemap=True, in_nav=False),
    # An earlier version's policy, kept at a stable address for the orders placed under it;
    # out of search, so customers searching the site find the terms in force.
    PageKind("version", "pages/version.md.j2", "{code}/v/{version}.md",
             N_("Returns policy: %(country)s, version %(version)s"),
             per_market=True, in_search=False, in_sitemap=True, in_nav=False, optional=True),
)}
MARKET_PAGES = tuple(kind.id for kind in PAGE_KINDS.values()
                     if kind.per_market and not kind.optional)
SITE_PAGES = tuple(kind.id for kind in PAGE_KINDS.values() if not kind.per_market)
KIT_KINDS = frozenset({"kit", "captions"})
"""The marketer kit: each locale's kit page and the captions pages it links to. ``policysite
build --kit-only`` builds only these, for teams who host the kit apart from the customer site
(which keeps them too)."""


@dataclass(frozen=True, order=True)
class PageRef:
    """A page kind, for one market or for the whole site, in one locale."""

    locale: str
    kind: str
    market: str | None = None
    version: str | None = None
    """The policy version of an earlier version's page (its id is a URL-safe label)."""

    @property
    def page_kind(self) -> PageKind:
        return PAGE_KINDS[self.kind]

    @property
    def source(self) -> str:
        """Path of the Markdown file inside the locale's docs folder."""
        return PAGE_KINDS[self.kind].file.format(code=(self.market or "").lower(),
                                                 version=self.version or "")

    @property
    def url(self) -> str:
        """Directory-style URL relative to the locale root, e.g. "de/faq/"."""
        source = self.source
        if source.endswith("index.md"):
            return source[: -len("index.md")]
        return source[: -len(".md")] + "/"

    def site_path(self) -> str:
        """URL path relative to the site root, e.g. "de/de/faq/"."""
        return f"{self.locale}/{self.url}"

    def link_to(self, other: PageRef) -> str:
        """Relative Markdown link from this page's source to another page in the same locale."""
        return posixpath.relpath(other.source, posixpath.dirname(self.source) or ".")


def plan_pages(site_locales: list[str], markets: dict[str, list[str]],
               extra_kinds: dict[str, list[str]] | None = None) -> list[PageRef]:
    """Every page of the site: site pages in every locale, market pages in its locales
    (plus the optional kinds ``extra_kinds`` gives a market, e.g. its model withdrawal form)."""
    extra = extra_kinds or {}
    pages = []
    for locale in site_locales:
        pages += [PageRef(locale, kind) for kind in SITE_PAGES]
        for code, locales in markets.items():
            if locale in locales:
                kinds = [*MARKET_PAGES, *extra.get(code, [])]
                pages += [PageRef(locale, kind, code) for kind in kinds]
    return sorted(pages)


def alternates(page: PageRef, all_pages: set[PageRef], site_locales: list[str]) -> list[PageRef]:
    """The same page in every locale that has it, in site locale order (itself included)."""
    return [PageRef(locale, page.kind, page.market, page.version) for locale in site_locales
            if PageRef(locale, page.kind, page.market, page.version) in all_pages]
