"""Accessibility: axe-core on every page kind in every locale, and keyboard-only use.

A plain Material site fails axe on every page (aria-dialog-name and colour contrast, both
serious); the theme overrides and the palette fix that, and these tests keep it fixed, with
deliberately light brand colours in the test site.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LOCALES, RECORD_VIOLATIONS, PageReport, Site

pytestmark = pytest.mark.browser

KINDS = {"home", "policy", "how_to_return", "faq", "contact", "captions", "history"}

# Where the focused element is, and whether a sighted keyboard user can see where focus is.
FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
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
    indicated: outline || !!shadow,
    unobscured: !!top && (el === top || el.contains(top) || top.contains(el)),
  };
}"""


@pytest.mark.parametrize("locale", LOCALES)
def test_axe_finds_no_serious_violation(survey: dict[str, PageReport], locale: str) -> None:
    checked = {r.kind: r for r in survey.values() if r.locale == locale and r.axe is not None}
    assert set(checked) == KINDS, f"page kinds checked in {locale}: {sorted(checked)}"
    found = {f"/{r.path}": r.axe for r in checked.values() if r.axe}
    assert not found, f"serious or critical axe violations in {locale}: {found}"


def test_root_language_page_passes_axe(survey: dict[str, PageReport]) -> None:
    assert survey[""].axe == []


def _tab_through(page: Any, presses: int) -> list[dict[str, Any]]:
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info:
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
        stops = _tab_through(page, 60)
        assert any(s["content"] and s["href"] for s in stops), "no content link reached by Tab"
        assert any(s["selector"] and s["tag"] == "button" for s in stops), \
            "language selector not reached by Tab"
        unseen = [s for s in stops if not s["indicated"]]
        assert not unseen, f"focus not visible on: {unseen}"
        hidden = [s for s in stops if not s["unobscured"]]
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
