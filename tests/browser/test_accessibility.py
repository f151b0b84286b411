"""Accessibility: axe-core on every page kind in every locale, and keyboard-only use.

A plain Material site fails axe on every page (aria-dialog-name and colour contrast, both
serious); the theme overrides and the palette fix that, and these tests keep it fixed, with
deliberately light brand colours in the test site.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.facts.pages import PAGE_KINDS
from tests.browser.conftest import LOCALES, RECORD_VIOLATIONS, PageReport, Site

pytestmark = pytest.mark.browser

KINDS = set(PAGE_KINDS)

# Where the focused element is, and whether a sighted keyboard user can see where focus is.
FOCUS_INFO = """async () => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  // Let focus transitions (Material fades the skip link in) finish before judging.
  await Promise.all(el.getAnimations().map((a) => a.finished.catch(() => null)));
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40),
    href: el.getAttribute("href"),
    selector: !!el.closest(".md-select"),
    selectorLink: el.classList.contains("md-select__link"),
    content: !!el.closest(".md-content"),
    search: !!el.closest(".md-search"),
    shown: box.width > 0 && box.height > 0 && style.visibility !== "hidden" &&
      parseFloat(style.opacity) > 0,
    indicated: outline || !!shadow,
    unobscured: !!top && (el === top || el.contains(top) || top.contains(el)),
  };
}"""

@pytest.mark.parametrize("locale", LOCALES)
def test_axe_finds_no_violation(survey: dict[str, PageReport], site: Site, locale: str) -> None:
    # Every impact counts, moderate and minor included (a caption page once listed a dozen
    # unnamed "navigation" landmarks: Material's copy-button wrappers).
    checked = {r.kind: r for r in survey.values() if r.locale == locale and r.axe is not None}
    expected = set(site.samples(locale))  # every kind this locale has (model forms: EU/UK)
    assert expected <= KINDS and "policy" in expected
    assert set(checked) == expected, f"page kinds checked in {locale}: {sorted(checked)}"
    found = {f"/{r.path}": r.axe for r in checked.values() if r.axe}
    assert not found, f"axe violations in {locale}: {found}"


def test_root_language_page_passes_axe(survey: dict[str, PageReport]) -> None:
    assert survey[""].axe == []


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a[key] == b[key] for key in ("tag", "text", "href", "selector", "content"))


def _tab_once_around(page: Any, limit: int = 80) -> list[dict[str, Any]]:
    """Press Tab from the top of the page until focus comes back to the first stop."""
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info is None:
            continue
        if stops and _same(info, stops[0]):
            break
        stops.append(info)
    return stops


@pytest.mark.parametrize(("locale", "other"), [("en", "de"), ("ar", "en")])
def test_keyboard_reaches_content_links_and_language_selector(
        browser: Any, site: Site, locale: str, other: str) -> None:
    market = "de" if locale == "en" else "sa"
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.goto(site.url(f"{locale}/{market}/faq/"), wait_until="load")
        stops = _tab_once_around(page)
        content = [s for s in stops if s["content"] and s["href"]]
        selector = [s for s in stops if s["selector"] and s["tag"] == "button"]
        assert content, "no content link reached by Tab"
        assert selector, "language selector not reached by Tab"
        # Material's search dialog manages focus inside itself (its empty result list is a
        # zero-height stop while nothing was typed); everything else must show where focus is.
        unseen = [s for s in stops if not s["search"]
                  and not (s["shown"] and s["indicated"])]
        assert not unseen, f"focus not visible on: {unseen}"
        hidden = [s for s in content + selector if not s["unobscured"]]
        assert not hidden, f"focused element covered by something else: {hidden}"

        # Open the selector with the keyboard and follow the other language's link.
        page.goto(site.url(f"{locale}/{market}/faq/"), wait_until="load")
        for _ in range(60):
            page.keyboard.press("Tab")
            info = page.evaluate(FOCUS_INFO)
            if info and info["selector"] and info["tag"] == "button":
                break
        for _ in range(10):
            page.keyboard.press("Tab")
            info = page.evaluate(FOCUS_INFO)
            assert info and info["selectorLink"], f"Tab left the language list: {info}"
            assert page.evaluate("document.activeElement.getAttribute('hreflang')") is not None
            if page.evaluate("document.activeElement.hreflang") == other:
                break
        assert page.locator(".md-select__inner").is_visible()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == site.url(f"{other}/{market}/faq/")
        assert page.evaluate("window.__psViolations") == []
    finally:
        context.close()
