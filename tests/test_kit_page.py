"""The caption kit page: one per locale, private (no search, no sitemap, noindex, no nav), listing
every market's texts of its locale exactly as the captions pages do, with the filter's choices.
The filter itself is tested in the browser (``tests/browser/test_kit.py``)."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.support import Translations

from generator.captions.kit_index import kit_index
from generator.facts.pages import PAGE_KINDS, PageRef, plan_pages
from generator.layout import templates_dir_for
from generator.render.markdown import render_locale_pages
from generator.site.build import build_site
from generator.site.mkdocs_project import not_in_nav
from tests.conftest import edit, facts_of, page_html
from tests.sites import small_project
from tests.test_caption_content import english_kits


class _Items(HTMLParser):
    """Each kit item's data-ps-* values and the text of its code block, as a browser shows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str, str]] = []
        self.angles: list[str] = []
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None
        self._code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "div" and values.get("class") == "ps-kit-item":
            self.items.append((values["data-ps-market"] or "", values["data-ps-kind"] or "", ""))
            self.angles.append(values["data-ps-angle"] or "")
        elif tag == "code" and self.items:
            self._code = True
        elif tag == "select":
            self._select = values["name"]
            self.options[self._select or ""] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self._code = False
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._code:
            market, kind, text = self.items[-1]
            self.items[-1] = (market, kind, text + data)


def test_one_private_kit_page_per_locale() -> None:
    kind = PAGE_KINDS["kit"]
    assert not (kind.per_market or kind.in_search or kind.in_sitemap or kind.in_nav)
    pages = plan_pages(["en", "de", "ar"], {"DE": ["de", "en"]})
    assert [p.locale for p in pages if p.kind == "kit"] == ["ar", "de", "en"]
    assert PageRef("en", "kit").url == "kit/"
    assert "/kit.md" in not_in_nav().splitlines()  # MkDocs would warn about an omitted page


def test_the_index_orders_countries_by_name_and_offers_what_the_kits_hold(
        tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", ("de", "gb", "ie"), "[en, de]")
    kits = [kit for kit in english_kits(root) if kit.locale == "en"]
    names = {"DE": "Germany", "GB": "United Kingdom", "IE": "Ireland"}
    index = kit_index(kits, names.__getitem__)
    assert [kit.market for kit in index.kits] == ["DE", "IE", "GB"]
    assert index.kinds == ["caption", "pinned-comment", "reply", "script"]
    assert [(angle.id, angle.name) for angle in index.angles] == [
        ("key-fact", "Key fact"), ("three-things", "3 things to know"), ("pov", "POV"),
        ("myth", "Myth-buster"), ("question", "Question hook")]
    assert [(limit.limit, limit.kind) for limit in index.limits] == [(150, "comment"),
                                                                     (2200, "caption")]
    assert kit_index([], names.__getitem__).kinds == []
    assert kit_index([], names.__getitem__).angles == []


def test_the_page_holds_every_text_of_its_locale_and_links_each_market(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", ("de", "gb"), "[en, de]")
    hook = 'Tag <script>alert(1)</script> & `code` [x](javascript:1) **b**'
    english = next(kit for kit in english_kits(root, ["DE"]) if kit.locale == "en")
    first = english.captions[0].part("hook")  # the example's first hook, whatever it says
    edit(root, "policies/defaults.yml", f"en: {first}\n", f"en: '{hook}'\n")
    files = render_locale_pages(facts_of(root), "en", templates_dir_for(root),
                                Translations()).files
    html = page_html(files["kit.md"])
    page = _Items()
    page.feed(html)
    kits = [kit for kit in english_kits(root) if kit.locale == "en"]
    kind = {"caption": "caption", "pinned_comment": "pinned-comment", "reply": "reply",
            "script": "script"}
    assert page.items == [(kit.market.lower(), kind[p.kind], p.text + "\n")
                          for kit in kits for p in kit.pieces]
    assert page.angles == [p.angle for kit in kits for p in kit.pieces]
    assert {"key-fact", "three-things", "pov", "myth", "question", ""} == set(page.angles)
    assert page.options == {"market": ["", "de", "gb"],
                            "kind": ["", "caption", "pinned-comment", "reply", "script"],
                            "angle": ["", "key-fact", "three-things", "pov", "myth",
                                      "question"],
                            "length": ["", "150", "2200"]}
    shown = unescape(html)
    assert ">Myth-buster</option>" in shown and ">3 things to know</option>" in shown
    assert all(kit.captions[0].text.startswith(hook) for kit in kits)
    assert "<script>" not in html and 'href="javascript' not in html
    assert re.search(r'<form id="ps-kit-filter"[^>]* hidden', html)  # shown by the script
    assert 'href="de/captions.md"' in html and 'href="gb/captions.md"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    assert "](../kit.md)" in files["de/captions.md"]


def test_a_locale_without_markets_says_so(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", ("de",), "[en, de, ja]")
    files = render_locale_pages(facts_of(root), "ja", templates_dir_for(root),
                                Translations()).files
    assert "ps-kit-item" not in files["kit.md"] and "ps-kit-filter" not in files["kit.md"]
    assert "No country publishes TikTok texts in this language yet" in files["kit.md"]


@pytest.mark.slow
def test_built_kit_pages_are_noindex_and_out_of_sitemaps_and_search(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", ("de", "gb"), "[en, de]")
    build_site(root, jobs=1)
    site = root / "site"
    for locale in ("en", "de"):
        page = (site / locale / "kit" / "index.html").read_text(encoding="utf-8")
        assert '<meta name="robots" content="noindex">' in page
        index = json.loads((site / locale / "search" / "search_index.json").read_text("utf-8"))
        assert not [doc for doc in index["docs"] if doc["location"].startswith("kit/")]
        assert [doc for doc in index["docs"] if doc["location"].startswith("de/faq/")]
    assert "/kit/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    for locale_map in site.glob("*/sitemap.xml"):
        assert "/kit/" not in locale_map.read_text(encoding="utf-8")
