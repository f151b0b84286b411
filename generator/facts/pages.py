"""Which pages exist in which locale, and how they link to each other."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

MARKET_PAGES = ("policy", "how_to_return", "faq", "contact", "captions")
SITE_PAGES = ("home", "history")

_FILE = {
    "home": "index.md",
    "history": "history.md",
    "policy": "{code}/index.md",
    "how_to_return": "{code}/how-to-return.md",
    "faq": "{code}/faq.md",
    "contact": "{code}/contact.md",
    "captions": "{code}/captions.md",
}


@dataclass(frozen=True, order=True)
class PageRef:
    """A page kind, for one market or for the whole site, in one locale."""

    locale: str
    kind: str
    market: str | None = None

    @property
    def source(self) -> str:
        """Path of the Markdown file inside the locale's docs folder."""
        return _FILE[self.kind].format(code=(self.market or "").lower())

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


def plan_pages(site_locales: list[str], markets: dict[str, list[str]]) -> list[PageRef]:
    """Every page of the site: site pages in every locale, market pages in its locales."""
    pages = []
    for locale in site_locales:
        pages += [PageRef(locale, kind) for kind in SITE_PAGES]
        for code, locales in markets.items():
            if locale in locales:
                pages += [PageRef(locale, kind, code) for kind in MARKET_PAGES]
    return sorted(pages)


def alternates(page: PageRef, all_pages: set[PageRef], site_locales: list[str]) -> list[PageRef]:
    """The same page in every locale that has it, in site locale order (itself included)."""
    return [PageRef(locale, page.kind, page.market) for locale in site_locales
            if PageRef(locale, page.kind, page.market) in all_pages]
