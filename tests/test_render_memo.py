"""The preview's page memo (``generator.render.memo``): a page is rendered again when a market
it read changed, and what it reuses is what a fresh render gives."""

from __future__ import annotations

import shutil
from collections.abc import Hashable
from pathlib import Path

import pytest

from generator.facts.site import SiteFacts, load_and_resolve
from generator.i18n.catalogs import load_translations
from generator.layout import catalogs_for, templates_dir_for
from generator.render.markdown import RenderedLocale, render_locale_pages
from generator.render.memo import ALL, FactsKey, Reads, RenderMemo, TrackedMapping, facts_key
from tests.conftest import REPO, edit
from tests.sites import small_project


def test_tracked_mapping_notes_each_market_read_and_every_market_when_listed() -> None:
    reads = Reads()
    markets = TrackedMapping({"DE": 1, "SA": 2}, reads)
    with reads.recording() as page:
        assert markets["DE"] == 1
        with reads.recording() as kit:  # a kit inside the page: the page reads it too
            assert "FR" not in markets
        assert markets.get("XX") is None
    assert page == {"DE", "FR", "XX"} and kit == {"FR"}
    with reads.recording() as listing:
        assert sorted(markets) == ["DE", "SA"]
    assert listing == {ALL}
    with reads.recording() as counted:
        assert len(markets) == 2
    assert counted == {ALL}
    assert markets["SA"] == 2  # read outside a recording: noted nowhere, no error


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return small_project(tmp_path / "shop", markets=("de", "sa"), locales="[en, de, ar]")


def _key(root: Path) -> tuple[SiteFacts, FactsKey]:
    facts = load_and_resolve(root)[1]
    return facts, facts_key(facts, "templates and catalogs")


def test_key_is_the_same_for_the_same_inputs_and_names_the_market_that_changed(
        shop: Path) -> None:
    _, first = _key(shop)
    _, again = _key(shop)  # facts resolved anew: other objects, the same digests
    assert again == first
    edit(shop, "policies/markets/sa.yml", "processing_days: 5", "processing_days: 9")
    _, edited = _key(shop)
    assert edited.shared == first.shared
    assert {code for code in first.markets if edited.markets[code] != first.markets[code]} == {
        "SA", ALL}
    edit(shop, "site_config.yml", "locales: [en, de, ar]", "locales: [en, ar, de]")
    assert _key(shop)[1].shared != first.shared


def _render(root: Path, facts: SiteFacts, locale: str, memo: RenderMemo | None
            ) -> RenderedLocale:
    translations = load_translations(catalogs_for(root), locale)
    return render_locale_pages(facts, locale, templates_dir_for(root), translations,
                               memo=memo)


def _pages(names: list[Hashable]) -> set[tuple[str, str | None]]:
    """(kind, market) of the pages among memo names."""
    return {(name[1].kind, name[1].market) for name in names
            if isinstance(name, tuple) and name[0] == "page"}


def test_memo_renders_again_only_what_read_the_edited_market(shop: Path) -> None:
    facts, key = _key(shop)
    memo = RenderMemo(key)
    first = _render(shop, facts, "en", memo)
    assert first.files == _render(shop, facts, "en", None).files
    assert sum(name[0] == "page" for name in memo.computed) == len(first.files)  # all new

    unchanged = RenderMemo(key, memo.for_next_build())
    assert _render(shop, facts, "en", unchanged).files == first.files
    assert unchanged.computed == []

    edit(shop, "policies/markets/sa.yml", "processing_days: 5", "processing_days: 9")
    facts, key = _key(shop)
    after = RenderMemo(key, unchanged.for_next_build())
    rendered = _render(shop, facts, "en", after)
    fresh = _render(shop, facts, "en", None)
    assert rendered.files == fresh.files and rendered.titles == fresh.titles
    assert rendered.fallbacks == fresh.fallbacks
    assert [kit.market for kit in rendered.kits] == [kit.market for kit in fresh.kits]
    again = _pages(after.computed)
    assert ("policy", "SA") in again and ("captions", "SA") in again
    # The kit index shows every market's texts; the home page only their names and links:
    assert ("kit", None) in again and ("home", None) not in again
    assert not {market for _, market in again} & {"DE"}, again
    assert ("kit", "DE") not in after.computed and ("kit", "SA") in after.computed


def test_a_change_every_page_shares_renders_every_page_again(shop: Path) -> None:
    facts, key = _key(shop)
    memo = RenderMemo(key)
    _render(shop, facts, "en", memo)
    everything = len(memo.computed)
    edit(shop, "site_config.yml", "name: Maru & Mori Returns", "name: Maru & Mori Help")
    facts, key = _key(shop)
    after = RenderMemo(key, memo.for_next_build())
    assert _render(shop, facts, "en", after).files == _render(shop, facts, "en", None).files
    assert len(after.computed) == everything


def test_a_projects_own_template_that_reads_another_market_is_tracked(shop: Path) -> None:
    shutil.copytree(REPO / "templates", shop / "templates")
    edit(shop, "templates/pages/policy.md.j2", "{% set s = f.statutory %}\n",
         '{% set s = f.statutory %}\nSaudi window: {{ facts["SA"].window.days }} days.\n')
    facts, key = _key(shop)
    memo = RenderMemo(key)
    assert "Saudi window: 14 days." in _render(shop, facts, "en", memo).files["de/index.md"]
    edit(shop, "policies/markets/sa.yml", "  days: 14 ", "  days: 21 ")
    facts, key = _key(shop)
    after = RenderMemo(key, memo.for_next_build())
    assert "Saudi window: 21 days." in _render(shop, facts, "en", after).files["de/index.md"]
    assert ("policy", "DE") in _pages(after.computed)
