"""Page weight per page kind, against the budgets of benchmarks/page_speed.py.

Bytes are deterministic, so they are a test; the timing half of the benchmark is not.
"""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.page_speed import BUDGETS, page_weight, search_budget
from generator.commands.browser import phone_context
from generator.facts.pages import PAGE_KINDS
from tests.browser.conftest import LOCALES, Site

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "th"])  # th: the heaviest search (Thai dictionary)
def test_each_page_kind_stays_within_its_weight_budget(browser: Any, site: Site,
                                                       locale: str) -> None:
    targets = {"root": ""} if locale == "en" else {}
    targets.update(site.samples(locale))
    context = phone_context(browser)
    try:
        over = []
        for kind, path in targets.items():
            weight = page_weight(context, site.url(path))
            limit = BUDGETS[kind].kilobytes * 1024
            if weight.total > limit:
                over.append(f"/{path}: {weight.total} bytes > {limit} ({weight.raw})")
            if kind != "root" and weight.raw["search"] > search_budget(locale):
                over.append(f"/{path}: search {weight.raw['search']} bytes > "
                            f"{search_budget(locale)}")
            assert weight.raw["html"] and weight.raw["css"] and weight.raw["js"], path
        assert not over, "\n".join(over)
    finally:
        context.close()


def test_budgets_cover_every_page_kind(site: Site) -> None:
    """Every kind in the page table has a budget (the benchmark measures whatever a site has,
    earlier versions' pages included); the test site shows most of them."""
    assert set(PAGE_KINDS) | {"root"} == set(BUDGETS)
    sampled = {kind for locale in LOCALES for kind in site.samples(locale)} | {"root"}
    assert sampled <= set(BUDGETS)
