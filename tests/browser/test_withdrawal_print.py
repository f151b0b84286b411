"""The model withdrawal form prints on one A4 sheet, without the site around it.

Chromium prints each withdrawal-form page of the test site to PDF (the print stylesheet's
``@page`` size, as a browser's print dialog would use it); the PDF must be one A4 page, and in
print media nothing of the header, navigation, sidebars, footer, search or buttons may show.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from generator.facts.pages import PAGE_KINDS
from generator.facts.site import resolve_site
from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

A4_POINTS = (595.28, 841.89)
SITE_CHROME = (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-top",
               ".md-content__button", ".ps-withdrawal-nav", "button")
VISIBLE_CHROME = """(selectors) => selectors.flatMap((selector) =>
  [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
    .map((el) => `${selector}: <${el.tagName.toLowerCase()} class="${el.className}">`))"""


def pdf_pages(pdf: bytes) -> tuple[int, list[tuple[float, float]]]:
    """The number of pages of a PDF as Chromium writes it (Skia keeps page dictionaries
    uncompressed) and the size in points of every media box in it."""
    count = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    sizes = [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]
    return count, sizes


def withdrawal_pages(site: Site) -> list[str]:
    if "withdrawal_form" not in PAGE_KINDS:
        pytest.skip("the withdrawal_form page kind is not registered yet "
                    "(generator/facts/pages.py)")
    paths = sorted(page.site_path() for page in resolve_site(site.project).pages
                   if page.kind == "withdrawal_form")
    assert paths, "no market of the browser test site has a model withdrawal form"
    return paths


def test_withdrawal_form_prints_on_one_a4_page(browser: Any, site: Site) -> None:
    context = browser.new_context()
    try:
        problems = []
        for path in withdrawal_pages(site):
            page = context.new_page()
            page.goto(site.url(path), wait_until="networkidle")
            count, sizes = pdf_pages(page.pdf(prefer_css_page_size=True))
            if count != 1:
                problems.append(f"/{path}: {count} pages")
            for width, height in sizes:
                if abs(width - A4_POINTS[0]) > 1 or abs(height - A4_POINTS[1]) > 1:
                    problems.append(f"/{path}: page is {width:.0f}x{height:.0f} pt, not A4")
            page.emulate_media(media="print")
            problems += [f"/{path}: prints {what}"
                         for what in page.evaluate(VISIBLE_CHROME, list(SITE_CHROME))]
            if not page.evaluate("document.querySelector('.ps-withdrawal .ps-form') !== null"):
                problems.append(f"/{path}: no form inside the .ps-withdrawal wrapper")
            page.close()
        assert not problems, "\n".join(problems)
    finally:
        context.close()

