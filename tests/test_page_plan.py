"""Which pages exist in which locale, and how they link (``generator/facts/pages.py``).

Only the public behaviour is tested (``PageRef``, ``plan_pages``, ``alternates``): the table
of page kinds behind it may change shape. Paths are the ones the built site serves, e.g.
``en/de/faq/`` for the German market's FAQ in English.
"""

from __future__ import annotations

import posixpath
from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.facts.pages import PageRef, alternates, plan_pages

SITE_LOCALES = ["en", "de", "ar"]
MARKETS = {"DE": ["de", "en"], "SA": ["ar", "en"]}


def kinds(pages: list[PageRef], locale: str, market: str | None) -> set[str]:
    return {p.kind for p in pages if p.locale == locale and p.market == market}


def site_kinds() -> set[str]:
    return kinds(plan_pages(["en"], {}), "en", None)


def market_kinds() -> set[str]:
    return kinds(plan_pages(["en"], {"DE": ["en"]}), "en", "DE")


# -- plan_pages ------------------------------------------------------------------------------


def test_site_pages_and_market_pages_are_different_kinds() -> None:
    assert {"home", "history"} <= site_kinds()
    assert {"policy", "how_to_return", "faq", "contact", "captions"} <= market_kinds()
    assert not site_kinds() & market_kinds()


def test_a_site_without_markets_has_only_site_pages_in_every_locale() -> None:
    pages = plan_pages(SITE_LOCALES, {})
    assert all(p.market is None for p in pages)
    assert {p.locale for p in pages} == set(SITE_LOCALES)
    for locale in SITE_LOCALES:
        assert kinds(pages, locale, None) == site_kinds()


def test_market_pages_exist_only_in_the_markets_locales() -> None:
    pages = plan_pages(SITE_LOCALES, MARKETS)
    for locale, code in product(SITE_LOCALES, MARKETS):
        expected = market_kinds() if locale in MARKETS[code] else set()
        assert kinds(pages, locale, code) == expected, (locale, code)
    for locale in SITE_LOCALES:
        assert kinds(pages, locale, None) == site_kinds()
    assert len(pages) == 3 * len(site_kinds()) + 4 * len(market_kinds())


def test_a_market_locale_the_site_does_not_publish_gets_no_pages() -> None:
    pages = plan_pages(["en"], {"FR": ["fr", "en"], "JP": ["ja"]})
    assert {p.locale for p in pages} == {"en"}
    assert {p.market for p in pages} == {None, "FR"}


def test_the_plan_is_sorted_and_does_not_depend_on_input_order() -> None:
    pages = plan_pages(SITE_LOCALES, MARKETS)
    assert pages == sorted(pages)
    assert len(set(pages)) == len(pages)
    reordered = plan_pages(list(reversed(SITE_LOCALES)),
                           {code: list(reversed(MARKETS[code])) for code in reversed(MARKETS)})
    assert reordered == pages


LOCALE_IDS = st.sampled_from(["en", "de", "ar", "ja", "pt_BR", "zh_Hans"])
MARKET_CODES = st.sampled_from(["DE", "SA", "JP", "BR", "US", "GB"])


@settings(max_examples=100, deadline=None)
@given(st.lists(LOCALE_IDS, unique=True, max_size=6),
       st.dictionaries(MARKET_CODES, st.lists(LOCALE_IDS, unique=True, max_size=4),
                       max_size=6))
def test_plan_properties(site_locales: list[str], markets: dict[str, list[str]]) -> None:
    pages = plan_pages(site_locales, markets)
    assert pages == sorted(set(pages))
    for page in pages:
        assert page.locale in site_locales
        if page.market is not None:
            assert page.locale in markets[page.market]
    # Every (locale, market) pair that should have pages has all of them.
    for locale in site_locales:
        assert kinds(pages, locale, None) == site_kinds()
        for code, locales in markets.items():
            assert kinds(pages, locale, code) == (market_kinds() if locale in locales else set())
    # Sources are unique within a locale: no two pages write the same file.
    sources = [(p.locale, p.source) for p in pages]
    assert len(set(sources)) == len(sources)


# -- PageRef paths ---------------------------------------------------------------------------


def test_sources_urls_and_site_paths() -> None:
    home = PageRef("en", "home")
    assert (home.source, home.url, home.site_path()) == ("index.md", "", "en/")
    history = PageRef("de", "history")
    assert (history.source, history.url, history.site_path()) == (
        "history.md", "history/", "de/history/")
    policy = PageRef("en", "policy", "DE")
    assert (policy.source, policy.url, policy.site_path()) == ("de/index.md", "de/", "en/de/")
    faq = PageRef("de", "faq", "DE")
    assert (faq.source, faq.url, faq.site_path()) == ("de/faq.md", "de/faq/", "de/de/faq/")
    how = PageRef("ar", "how_to_return", "SA")
    assert (how.source, how.url, how.site_path()) == (
        "sa/how-to-return.md", "sa/how-to-return/", "ar/sa/how-to-return/")


def test_every_planned_page_has_a_directory_url_matching_its_source() -> None:
    for page in plan_pages(SITE_LOCALES, MARKETS):
        assert page.source.endswith(".md") and not page.source.startswith("/")
        assert page.url == "" or page.url.endswith("/")
        assert page.site_path() == f"{page.locale}/{page.url}"
        stem = page.source.removesuffix(".md")
        assert page.url == (stem.removesuffix("index") if stem.endswith("index")
                            else stem + "/")
        if page.market is not None:
            assert page.source.startswith(page.market.lower() + "/")
        else:
            assert "/" not in page.source


def test_the_locale_does_not_change_the_source() -> None:
    assert PageRef("en", "faq", "DE").source == PageRef("ar", "faq", "DE").source


# -- links -----------------------------------------------------------------------------------


def test_relative_links_by_hand() -> None:
    home = PageRef("en", "home")
    history = PageRef("en", "history")
    policy = PageRef("en", "policy", "DE")
    faq = PageRef("en", "faq", "DE")
    contact = PageRef("en", "contact", "DE")
    sa_faq = PageRef("en", "faq", "SA")
    assert home.link_to(history) == "history.md"
    assert home.link_to(faq) == "de/faq.md"
    assert faq.link_to(home) == "../index.md"
    assert faq.link_to(contact) == "contact.md"
    assert faq.link_to(policy) == "index.md"
    assert faq.link_to(sa_faq) == "../sa/faq.md"
    assert faq.link_to(faq) == "faq.md"


def test_every_link_between_planned_pages_leads_to_the_target() -> None:
    pages = [p for p in plan_pages(SITE_LOCALES, MARKETS) if p.locale == "en"]
    for source, target in product(pages, pages):
        link = source.link_to(target)
        assert not link.startswith("/"), link
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source.source), link))
        assert resolved == target.source, (source, target, link)


# -- alternates ------------------------------------------------------------------------------


def test_alternates_follow_the_site_locale_order_and_include_the_page() -> None:
    pages = set(plan_pages(SITE_LOCALES, MARKETS))
    faq_sa = PageRef("ar", "faq", "SA")
    assert alternates(faq_sa, pages, SITE_LOCALES) == [PageRef("en", "faq", "SA"), faq_sa]
    assert alternates(faq_sa, pages, ["ar", "de", "en"]) == [faq_sa, PageRef("en", "faq", "SA")]
    home = PageRef("de", "home")
    assert alternates(home, pages, SITE_LOCALES) == [PageRef(loc, "home")
                                                     for loc in SITE_LOCALES]


def test_a_page_in_one_locale_only_is_its_own_only_alternate() -> None:
    pages = set(plan_pages(["en", "ja"], {"JP": ["ja"]}))
    policy = PageRef("ja", "policy", "JP")
    assert alternates(policy, pages, ["en", "ja"]) == [policy]


def test_alternates_of_every_page_are_the_same_page_elsewhere() -> None:
    plan = plan_pages(SITE_LOCALES, MARKETS)
    pages = set(plan)
    for page in plan:
        found = alternates(page, pages, SITE_LOCALES)
        assert page in found
        assert all((alt.kind, alt.market) == (page.kind, page.market) for alt in found)
        assert [alt.locale for alt in found] == [
            loc for loc in SITE_LOCALES if loc == page.locale
            or (page.market is None or loc in MARKETS[page.market])]
        # Every alternate lists the same set: hreflang links must be reciprocal.
        for alt in found:
            assert alternates(alt, pages, SITE_LOCALES) == found


def test_optional_kinds_only_for_the_markets_that_have_them() -> None:
    pages = plan_pages(["en", "de"], {"DE": ["de", "en"], "US": ["en"]},
                       {"DE": ["withdrawal_form"]})
    forms = sorted((p.locale, p.market) for p in pages if p.kind == "withdrawal_form")
    assert forms == [("de", "DE"), ("en", "DE")]
    assert not [p for p in plan_pages(["en"], {"US": ["en"]}) if p.kind == "withdrawal_form"]
