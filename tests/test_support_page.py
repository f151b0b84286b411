"""The support team's page: out of search and sitemaps, every message to copy, the escalation
rules from the facts, and the feedback prompt that ends the policy and how-to-return pages."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from babel.support import Translations

from generator.facts.pages import PAGE_KINDS
from generator.facts.site import load_and_resolve
from generator.layout import templates_dir_for
from generator.notifications.messages import market_messages
from generator.render.markdown import render_locale_pages
from generator.site.build import build_site
from tests.sites import small_project

REPO = Path(__file__).resolve().parent.parent


@cache
def english_pages() -> dict[str, str]:
    """The example's English pages, rendered with the English texts."""
    _, facts = load_and_resolve(REPO)
    return render_locale_pages(facts, "en", templates_dir_for(REPO), Translations()).files


def test_the_support_page_kind_is_for_staff_only() -> None:
    kind = PAGE_KINDS["support"]
    assert (kind.per_market, kind.in_search, kind.in_sitemap, kind.in_nav) == (
        True, False, False, False)
    page = english_pages()["de/support.md"]
    front = page.split("---\n")[1]
    assert "robots: noindex" in front and "exclude: true" in front


def test_every_message_is_on_the_page_in_a_code_block() -> None:
    _, facts = load_and_resolve(REPO)
    page = english_pages()["de/support.md"]
    blocks = re.findall(r"^```text\n(.*?)\n```$", page, re.S | re.M)
    for message in market_messages(facts, "DE", "en", Translations()):
        assert message.body in blocks, message
        if message.subject:
            assert message.subject in blocks
    assert "{{rma_code}}" in page  # literal in code blocks, never evaluated
    assert "&#123;&#123;rma&#95;code&#125;&#125;" in page  # the placeholder table, escaped
    assert '<p class="ps-count" markdown="0">1 SMS&#58;' in page


def test_escalation_rules_follow_the_facts() -> None:
    pages = english_pages()
    de = pages["de/support.md"].split("{ #escalate }")[1]
    us = pages["us/support.md"].split("{ #escalate }")[1]
    assert "statutory right &#40;Right of withdrawal&#41;" in de
    assert "No later than 14 days after the day we receive your notice" in de
    sa = pages["sa/support.md"].split("{ #escalate }")[1]
    assert "statutory" not in us
    assert "held at customs" in sa  # Saudi returns go to Shenzhen
    assert "held at customs" not in de and "held at customs" not in us  # same customs area


def test_policy_and_how_to_return_pages_end_with_the_survey() -> None:
    pages = english_pages()
    survey = '<a href="https://survey.marumori.example/returns?lang=en" rel="noopener">'
    for path in ("de/index.md", "de/how-to-return.md", "us/index.md"):
        last = pages[path].rstrip().rsplit("\n", 1)[-1]
        assert survey in last, (path, last)
    assert survey not in pages["de/faq.md"]


@pytest.mark.slow
def test_built_support_page_is_noindex_and_absent_from_sitemap_and_search(
        tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    site = root / "site"
    for locale in ("en", "de"):
        html = (site / locale / "de" / "support" / "index.html").read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex">' in html
        assert "{{order_id}}" in html  # the placeholder survives MkDocs, literally
        index = json.loads((site / locale / "search" / "search_index.json").read_text("utf-8"))
        assert not [doc for doc in index["docs"] if "support/" in doc["location"]]
        assert [doc for doc in index["docs"] if doc["location"].startswith("de/faq/")]
    sitemaps = [site / "sitemap.xml", *site.glob("*/sitemap.xml")]
    assert "/de/faq/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    for sitemap in sitemaps:
        assert "/support/" not in sitemap.read_text(encoding="utf-8"), sitemap
