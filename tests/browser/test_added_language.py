"""A language the merchant added (``policysite i18n add ko``) is searchable like a shipped one.

Its catalog is untranslated, so the page text is English; the country names and dates come
from CLDR in Korean. Material's Korean search (lunr.ko) must index both.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from babel import Locale

from generator.facts.site import resolve_site
from generator.project.load import load_project
from generator.site.build import build_site
from tests.browser.conftest import Site, visit
from tests.browser.test_search import search
from tests.sites import korean_project

pytestmark = pytest.mark.browser

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_INITIALIZING = re.compile(r'<div class="md-search-result__meta">\s*(.*?)\s*</div>', re.S)


@pytest.fixture(scope="module")
def ko_site(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example's German market in en, de and the added ko, built and served locally."""
    from generator.commands.browser import serve_site

    root = korean_project(tmp_path_factory.mktemp("added") / "shop")
    build_site(root, jobs=2)
    project = load_project(root)
    built = Site(root, root / "site", project, public_url=project.site.base_url)
    with serve_site(built.site_dir) as base_url:
        built.base_url = base_url
        yield built


def _built(site: Site, path: str) -> str:
    return (site.site_dir / path / "index.html").read_text(encoding="utf-8")


def _open_home(phone: Any, site: Site) -> tuple[Any, str]:
    home = site.samples("ko")["home"]
    initializing = _INITIALIZING.search(_built(site, home))
    assert initializing
    return visit(phone, site.url(home)), html.unescape(initializing.group(1))


def test_ko_search_finds_the_contact_page_by_its_title(phone: Any, ko_site: Site) -> None:
    contact = ko_site.samples("ko")["contact"]
    heading = _H1.search(_built(ko_site, contact))
    assert heading, "the contact page has no <h1>"
    term = html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip()
    page_visit, initializing = _open_home(phone, ko_site)
    results = search(page_visit.page, term, initializing)
    assert urlsplit(results[0]).path == "/ko/de/contact/", (term, results[:5])
    assert page_visit.csp_violations() == []
    assert page_visit.console_errors == []


def test_ko_search_finds_korean_text(phone: Any, ko_site: Site) -> None:
    germany = Locale.parse("ko").territories["DE"]  # CLDR's Korean name, on the market's pages
    assert germany == "독일"
    pages = [page.site_path() for page in resolve_site(ko_site.project).pages
             if page.locale == "ko"]
    assert any(germany in _built(ko_site, path) for path in pages)
    page_visit, initializing = _open_home(phone, ko_site)
    results = search(page_visit.page, germany, initializing)
    assert results and all(urlsplit(url).path.startswith("/ko/") for url in results), results
    assert page_visit.console_errors == []


def test_ko_pages_say_their_language(phone: Any, ko_site: Site) -> None:
    page = visit(phone, ko_site.url("ko/de/faq/")).page
    assert page.evaluate("document.documentElement.lang") == "ko"
    assert "Translation in progress" in page.locator("article").inner_text()
