"""``serve``'s warm rebuilds: what an edit changes is rebuilt, the rest kept, and the site is the
one a cold build of the same inputs makes; a broken edit leaves the last good site served."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest

from generator.commands.serve import make_builder
from generator.site.build import build_site
from generator.site.kept import save_kept
from generator.site.warm import WarmSite, tree_digest
from generator.site.warm_mkdocs import PageCache, _Warm, load_cache
from tests.conftest import edit
from tests.sites import small_project, tree_hashes

MARKET = "policies/markets/de.yml"
PAGE = "en/de/index.html"


@pytest.fixture
def warm(tmp_path: Path) -> Iterator[WarmSite]:
    root = small_project(tmp_path / "shop", markets=("de", "sa"), locales="[en, de, ar]")
    site = WarmSite(root, tmp_path / "preview" / "site", tmp_path / "preview" / "work", jobs=2)
    yield site
    site.close()


def _edit(root: Path, old: str, new: str) -> None:
    path = root / MARKET
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _page(site: WarmSite) -> str:
    return (site.site_dir / PAGE).read_text(encoding="utf-8")


@pytest.mark.slow
def test_market_edit_rebuilds_its_pages_and_equals_a_cold_build(warm: WarmSite,
                                                                 tmp_path: Path) -> None:
    warm.build()
    assert "within 5 days" in _page(warm)
    before = tree_hashes(warm.site_dir)
    _edit(warm.root, "processing_days: 5", "processing_days: 9")
    result = warm.build()
    assert "within 9 days" in _page(warm) and "within 5 days" not in _page(warm)
    after = tree_hashes(warm.site_dir)
    changed = {name for name in after if before.get(name) != after[name]}
    assert PAGE in changed and "de/de/index.html" in changed
    assert not [name for name in changed if name.split("/")[1:2] == ["sa"]], changed
    assert result.rebuilt and result.reused == ["ar"], result  # the Saudi market's only
    # The same inputs built cold, as `policysite build` builds the preview (no CSP):
    build_site(warm.root, tmp_path / "cold", serve=True, force=True)
    assert tree_hashes(tmp_path / "cold") == after
    # Another market's edit: the German pages come from the render memo now. The Saudi
    # window is in every home page's JSON-LD: German pages change there alone, so the German
    # locale is its published pages with the JSON-LD replaced.
    edit(warm.root, "policies/markets/sa.yml", "processing_days: 5", "processing_days: 8")
    edit(warm.root, "policies/markets/sa.yml", "  days: 14 ", "  days: 21 ")
    result = warm.build()
    assert result.patched == ["de"] and result.rebuilt == ["ar", "de", "en"], result
    build_site(warm.root, tmp_path / "cold-2", serve=True, force=True)
    assert tree_hashes(tmp_path / "cold-2") == tree_hashes(warm.site_dir)
    assert "within 9 days" in _page(warm)


@pytest.mark.slow
def test_broken_edit_keeps_the_last_good_site_and_a_fix_recovers(warm: WarmSite) -> None:
    said: list[str] = []
    rebuild = make_builder(warm, said.append)
    rebuild()
    assert said[-1].startswith("Built 3 locales"), said
    good = tree_hashes(warm.site_dir)
    _edit(warm.root, "processing_days: 5", "processing_days: -5")
    said.clear()
    rebuild()
    assert said[-1] == "Build failed; the preview shows the last good build."
    assert any(line.startswith(f"{MARKET}:") and "refunds.processing_days" in line
               for line in said), said
    assert tree_hashes(warm.site_dir) == good
    _edit(warm.root, "processing_days: -5", "processing_days: 7")
    said.clear()
    rebuild()
    assert said[-1].startswith("Built 3 locales"), said
    assert "within 7 days" in _page(warm)


@pytest.mark.slow
def test_unchanged_inputs_rebuild_nothing(warm: WarmSite) -> None:
    warm.build()
    result = warm.build()
    assert result.rebuilt == [] and sorted(result.reused) == ["ar", "de", "en"]


def test_page_cache_survives_the_file_and_a_bad_file_gives_an_empty_one(tmp_path: Path) -> None:
    cache = PageCache(rendered={("k",): "<html>"})
    path = tmp_path / "cache" / "en.pickle"
    save_kept(path, cache)
    assert pickle.loads(path.read_bytes()).rendered == {("k",): "<html>"}
    path.write_bytes(b"not a pickle")
    assert load_cache(path).rendered == {}
    assert load_cache(tmp_path / "missing.pickle").rendered == {}


def test_tree_digest_follows_contents_but_not_compiled_catalogs(tmp_path: Path) -> None:
    (tmp_path / "messages.po").write_text("a", encoding="utf-8")
    first = tree_digest(tmp_path)
    (tmp_path / "messages.mo").write_bytes(b"\x00")
    assert tree_digest(tmp_path) == first
    (tmp_path / "messages.po").write_text("b", encoding="utf-8")
    assert tree_digest(tmp_path) != first


class _Page:
    def __init__(self, jsonld: str) -> None:
        self.meta = {"title": "Home", "jsonld": jsonld}
        self.markdown = "# Home"
        self.file = SimpleNamespace(src_uri="index.md")


@pytest.mark.parametrize(("source", "fits"), [
    ("<head><script>{{ page.meta.jsonld }}</script></head>{{ page.meta.title }}", True),
    ("<head>{{ page.meta.jsonld | tojson }}</head>", False),  # printed otherwise: whole renders
])
def test_a_pages_json_ld_is_filled_into_its_remembered_render_only_where_that_is_the_same(
        source: str, fits: bool) -> None:
    template = jinja2.Environment().from_string(source)
    renders: list[str] = []
    original = template.render

    def counted(*args: Any, **kwargs: Any) -> str:
        renders.append("render")
        return original(*args, **kwargs)

    template.render = counted  # type: ignore[method-assign]
    warm = _Warm(PageCache(), "theme inputs", lambda: 0)
    for jsonld in ['{"a": "<1>"}', '{"a": 2}', '{"a": 2}']:
        page = _Page(jsonld)
        assert warm.rendered("main.html", template, {"page": page}) == original(page=page)
        assert page.meta["jsonld"] == jsonld
    assert warm.cache.holes == {("theme inputs", "main.html"): fits}
    # The first page renders twice (whole, then with the hole); later ones reuse the hole:
    assert len(renders) == (2 if fits else 2 + 1)


def test_a_page_cache_that_cannot_be_written_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder would be", encoding="utf-8")
    save_kept(tmp_path / "cache" / "en.pickle", PageCache(rendered={("k",): "<html>"}))
    assert load_cache(tmp_path / "cache" / "en.pickle").rendered == {}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache"]
