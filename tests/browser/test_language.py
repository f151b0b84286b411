"""Language and country: the reader lands in, and can switch to, their own language."""

from __future__ import annotations

import re
from typing import Any

import pytest

from generator.commands.browser import phone_context
from tests.browser.conftest import LOCALES, RECORD_VIOLATIONS, Site, visit

pytestmark = pytest.mark.browser

_ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


@pytest.mark.parametrize(("browser_language", "suggested"),
                         [("de-DE", "de"), ("ar-SA", "ar"), ("ja-JP", "ja"),
                          ("zh-CN", "zh-Hans"), ("th-TH", "th"), ("en-GB", "en")])
def test_root_page_suggests_the_browser_language(browser: Any, site: Site,
                                                 browser_language: str, suggested: str) -> None:
    context = phone_context(browser, locale=browser_language)
    try:
        page = context.new_page()
        page.goto(site.url(""), wait_until="load")
        first = page.locator("#ps-languages li").first
        assert first.get_attribute("class") == "ps-suggested"
        assert first.locator("a").get_attribute("data-lang") == suggested
        note = page.locator("#ps-suggestion")
        assert note.is_visible()
        assert first.locator("a").inner_text().strip() in note.inner_text()
        assert page.locator("#ps-languages li").count() == len(LOCALES), "nothing was dropped"
    finally:
        context.close()


def test_root_page_without_a_match_keeps_the_site_order(browser: Any, site: Site) -> None:
    context = phone_context(browser, locale="fi-FI")
    try:
        page = context.new_page()
        page.goto(site.url(""), wait_until="load")
        assert page.locator(".ps-suggested").count() == 0
        assert page.locator("#ps-suggestion").is_hidden()
        assert page.locator("#ps-languages a").first.get_attribute("data-lang") == "en"
    finally:
        context.close()


@pytest.mark.parametrize(("start", "language", "target"),
                         [("en/de/faq/", "de", "de/de/faq/"),
                          ("en/sa/contact/", "ar", "ar/sa/contact/"),
                          ("ar/sa/how-to-return/", "en", "en/sa/how-to-return/"),
                          ("zh_Hans/sg/captions/", "ms", "ms/sg/captions/")])
def test_selector_switches_to_the_same_page_in_another_language(
        phone: Any, site: Site, start: str, language: str, target: str) -> None:
    page = visit(phone, site.url(start)).page
    page.locator(".md-header .md-select > button").tap()
    link = page.locator(f".md-select__link[hreflang='{language}']")
    link.wait_for(state="visible")
    with page.expect_navigation():
        link.tap()
    assert page.url == site.url(target)
    assert page.evaluate("document.documentElement.lang") == language


def test_selector_marks_the_current_language(phone: Any, site: Site) -> None:
    page = visit(phone, site.url("de/de/faq/")).page
    current = page.locator(".md-select__link[aria-current='true']")
    assert current.count() == 1
    assert current.get_attribute("hreflang") == "de"


def test_hreflang_alternates_resolve_to_existing_reciprocal_pages(browser: Any,
                                                                  site: Site) -> None:
    """Every alternate of one page per kind and locale exists and names the page back."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    fetched: dict[str, str] = {}

    def fetch(public: str) -> str:
        if public not in fetched:
            response = context.request.get(site.local(public))
            assert response.ok, f"{public} → HTTP {response.status}"
            fetched[public] = response.text()
        return fetched[public]

    try:
        checked = 0
        for locale in LOCALES:
            for path in site.samples(locale).values():
                html = fetch(site.public_url + path)
                alternates = dict(_ALTERNATE.findall(html))
                assert alternates, f"/{path} has no hreflang alternates"
                assert "x-default" in alternates
                own = site.public_url + path
                assert own in alternates.values(), f"/{path} does not list itself"
                for lang, href in alternates.items():
                    other = fetch(href)
                    canonical = _CANONICAL.search(other)
                    assert canonical and canonical.group(1) == href, (path, lang, href)
                    assert own in dict(_ALTERNATE.findall(other)).values(), \
                        f"{href} does not link back to /{path}"
                    checked += 1
        assert checked > 100
    finally:
        context.close()
