"""Search: a known term finds the right page in each locale's own search index.

Japanese, Chinese and Thai are written without spaces between words; Material segments them
(TinySegmenter, lunr's zh support, wordcut) in the search worker. The term is the contact page's
own title, read from the built page, so the test follows the translators' wording.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import LOCALES, Site, visit

pytestmark = pytest.mark.browser

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_INITIALIZING = re.compile(r'<div class="md-search-result__meta">\s*(.*?)\s*</div>', re.S)


def _built(site: Site, path: str) -> str:
    return (site.site_dir / path / "index.html").read_text(encoding="utf-8")


def search(page: Any, term: str, initializing: str) -> list[str]:
    """Type ``term`` into Material's search box on a phone; the result links, best first."""
    meta = page.locator(".md-search-result__meta")
    # The worker has built the index once the "initialising" message is gone.
    page.wait_for_function("t => document.querySelector('.md-search-result__meta')"
                           ".textContent.trim() !== t", arg=initializing)
    page.locator("label.md-header__button[for='__search']").tap()
    box = page.locator(".md-search__input")
    box.fill(term)
    box.press("End")  # a key stroke, as after an input method's composition
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    assert meta.inner_text().strip()
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     "links => links.map(a => a.href)")


@pytest.mark.parametrize("locale", LOCALES)
def test_search_finds_the_contact_page(phone: Any, site: Site, locale: str) -> None:
    pages = site.samples(locale)
    heading = _H1.search(_built(site, pages["contact"]))
    assert heading, "the contact page has no <h1>"
    term = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip()
    initializing = _INITIALIZING.search(_built(site, pages["home"]))
    assert initializing
    page_visit = visit(phone, site.url(pages["home"]))
    results = search(page_visit.page, term, html.unescape(initializing.group(1)))
    first = urlsplit(results[0]).path
    assert re.fullmatch(rf"/{locale}/[a-z]+/contact/", first), \
        f"searching {term!r} in {locale}: first result {first}, all: {results[:5]}"
    assert page_visit.csp_violations() == []
    assert page_visit.console_errors == []


def test_search_result_opens_the_page(phone: Any, site: Site) -> None:
    pages = site.samples("ja")
    initializing = _INITIALIZING.search(_built(site, pages["home"]))
    assert initializing
    page = visit(phone, site.url(pages["home"])).page
    search(page, "税関", html.unescape(initializing.group(1)))
    with page.expect_navigation():
        page.locator(".md-search-result__item > a").first.tap()
    assert urlsplit(page.url).path.startswith("/ja/jp/")
    assert "税関" in page.locator("article").inner_text()
