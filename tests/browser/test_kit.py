"""The caption kit page on a phone: the filter narrows the texts by country, kind, caption
angle and length and says how many it shows, a tap copies a text, and without JavaScript every
text is there.

What the page should show is counted from the kits in Python (``project_kits``), not from the
page, so a filter that hides or keeps the wrong texts fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.rules import caption_rules
from generator.commands.browser import phone_context
from generator.facts.pages import PageRef
from generator.facts.site import resolve_site
from generator.layout import catalogs_for
from tests.browser.conftest import RECORD_VIOLATIONS, Site

pytestmark = pytest.mark.browser

VISIBLE = """() => [...document.querySelectorAll(".ps-kit-item")]
  .filter((item) => item.offsetParent !== null)
  .map((item) => [item.dataset.psMarket, item.dataset.psKind,
                  item.querySelector("pre > code").textContent.replace(/\\n$/, "")])"""


def _kits(site: Site, locale: str) -> list[Kit]:
    facts = resolve_site(site.project)
    return project_kits(facts, catalog_translations(catalogs_for(site.root)), locales=[locale])


def _shown(page: Any) -> str:
    return str(page.locator("#ps-kit-shown").text_content()).strip()


@pytest.fixture
def kit_page(browser: Any, site: Site) -> Iterator[Any]:
    """The English kit page on a phone, allowed to use the clipboard."""
    context = phone_context(browser, permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site.url(PageRef("en", "kit").site_path()), wait_until="load")
        yield page
        assert errors == []
        assert page.evaluate("window.__psViolations") == []
    finally:
        context.close()


def test_filter_by_country_kind_and_length_changes_what_is_shown(kit_page: Any,
                                                                 site: Site) -> None:
    page = kit_page
    kits = _kits(site, "en")
    pieces = [(kit.market.lower(), piece) for kit in kits for piece in kit.pieces]
    total = len(pieces)
    assert total > 20 and len(kits) >= 3
    assert page.locator("#ps-kit-filter").is_visible()
    assert page.locator("#ps-kit-shown").get_attribute("role") == "status"
    assert len(page.evaluate(VISIBLE)) == total
    assert _shown(page) == f"Texts shown: {total:,} of {total:,}"

    page.select_option("#ps-kit-market", "de")
    visible = page.evaluate(VISIBLE)
    german = [piece.text for market, piece in pieces if market == "de"]
    assert [text for _, _, text in visible] == german
    assert {market for market, _, _ in visible} == {"de"}
    assert _shown(page) == f"Texts shown: {len(german)} of {total:,}"
    assert page.locator('.ps-kit-market[data-ps-market="us"]').is_hidden()

    page.select_option("#ps-kit-market", "")
    comment = caption_rules().limits.comment
    page.select_option("#ps-kit-length", str(comment))
    short = [piece.text for _, piece in pieces if piece.length <= comment]
    assert 0 < len(short) < total
    assert [text for _, _, text in page.evaluate(VISIBLE)] == short
    assert _shown(page) == f"Texts shown: {len(short)} of {total:,}"

    page.select_option("#ps-kit-kind", "script")
    assert page.evaluate(VISIBLE) == []  # no video script is as short as a comment
    assert _shown(page) == f"Texts shown: 0 of {total:,}"
    page.select_option("#ps-kit-length", "")
    scripts = [piece.text for _, piece in pieces if piece.kind == "script"]
    assert [text for _, _, text in page.evaluate(VISIBLE)] == scripts


def test_filter_by_angle_shows_only_that_angles_captions(kit_page: Any, site: Site) -> None:
    page = kit_page
    kits = _kits(site, "en")
    total = sum(len(kit.pieces) for kit in kits)
    options = page.eval_on_selector_all("#ps-kit-angle option", "options => options.map("
                                        "option => [option.value, option.textContent])")
    assert options == [["", "All angles"], ["key-fact", "Key fact"],
                       ["three-things", "3 things to know"], ["pov", "POV"],
                       ["myth", "Myth-buster"], ["question", "Question hook"]]
    for angle in ("myth", "key-fact"):
        page.select_option("#ps-kit-angle", angle)
        chosen = [piece.text for kit in kits for piece in kit.captions if piece.angle == angle]
        assert len(chosen) >= len(kits)  # every market has each angle
        assert [text for _, _, text in page.evaluate(VISIBLE)] == chosen
        assert _shown(page) == f"Texts shown: {len(chosen)} of {total:,}"
    page.select_option("#ps-kit-market", "us")
    us = next(kit for kit in kits if kit.market == "US")
    assert [text for _, _, text in page.evaluate(VISIBLE)] == [
        piece.text for piece in us.captions if piece.angle == "key-fact"]
    page.select_option("#ps-kit-kind", "reply")  # replies have no angle
    assert page.evaluate(VISIBLE) == []
    page.select_option("#ps-kit-angle", "")
    assert [text for _, _, text in page.evaluate(VISIBLE)] == [p.text for p in us.replies]


def test_filter_works_from_the_keyboard(kit_page: Any, site: Site) -> None:
    page = kit_page
    page.focus("#ps-kit-kind")
    page.keyboard.press("ArrowDown")  # a closed native select steps to its next option
    assert page.eval_on_selector("#ps-kit-kind", "select => select.value") == "caption"
    captions = [piece.text for kit in _kits(site, "en") for piece in kit.captions]
    assert [text for _, _, text in page.evaluate(VISIBLE)] == captions


def test_a_tap_copies_a_filtered_text(kit_page: Any, site: Site) -> None:
    page = kit_page
    page.select_option("#ps-kit-market", "us")
    page.select_option("#ps-kit-kind", "pinned-comment")
    kit = next(kit for kit in _kits(site, "en") if kit.market == "US")
    item = page.locator(".ps-kit-item:visible")
    assert item.count() == 1
    page.evaluate("navigator.clipboard.writeText('')")
    item.locator("button[data-md-type='copy'], .md-clipboard").first.tap()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == kit.pinned.text


def test_without_javascript_every_text_shows_and_no_filter(browser: Any, site: Site) -> None:
    context = phone_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(PageRef("en", "kit").site_path()), wait_until="load")
        assert page.locator("#ps-kit-filter").is_hidden()
        total = sum(len(kit.pieces) for kit in _kits(site, "en"))
        assert page.locator(".ps-kit-item:visible").count() == total
    finally:
        context.close()


def test_captions_pages_and_the_kit_link_each_other(site: Site) -> None:
    kit = site.site_dir / "de" / "kit" / "index.html"
    html = kit.read_text(encoding="utf-8")
    assert 'href="../de/captions/"' in html
    captions = (site.site_dir / "de" / "de" / "captions" / "index.html").read_text("utf-8")
    assert 'href="../../kit/"' in captions
