"""Copy buttons on the captions page put exactly the caption text on the clipboard."""

from __future__ import annotations

from typing import Any

import pytest

from generator.commands.browser import phone_context
from tests.browser.conftest import RECORD_VIOLATIONS, Site

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["en", "ar", "ja", "th"])
def test_copy_button_copies_exactly_the_caption_text(browser: Any, site: Site,
                                                     locale: str) -> None:
    context = phone_context(browser, permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.goto(site.url(site.samples(locale)["captions"]), wait_until="load")
        block = page.locator(".md-content pre:has(> code)").first
        expected = block.locator("code").text_content()
        assert expected and expected.strip()
        page.evaluate("navigator.clipboard.writeText('')")
        block.locator("button[data-md-type='copy'], .md-clipboard").first.tap()
        page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
        copied = page.evaluate("navigator.clipboard.readText()")
        # The code element ends with the line break that closes the fence; the caption doesn't.
        assert copied == expected.removesuffix("\n")
        assert page.evaluate("window.__psViolations") == []
    finally:
        context.close()
