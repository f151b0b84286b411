"""The video-script table of a captions page on a phone: every scene's shot, B-roll, on-screen
text and voice-over wrap between words ("Return/Refund" may break after its slash, never
"Return/Refun" + "d"), the times stay on one line, and the table fits the screen."""

from __future__ import annotations

from typing import Any

import pytest

from generator.commands.browser import phone_context
from generator.facts.pages import PageRef
from tests.browser.conftest import Site

pytestmark = pytest.mark.browser

# For each scene cell: the characters after which the browser started a new line (a line box
# starts where a character's top is below the previous character's), with the character before.
LINE_BREAKS = """() => [...document.querySelectorAll(".ps-script td")].map((cell) => {
  const text = cell.textContent;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const breaks = [];
  let top = null, before = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || !node.data[i].trim()) { before = node.data[i]; continue; }
      if (top !== null && rect.top > top + 2 && before.trim()) {
        breaks.push(before + node.data[i]);
      }
      top = rect.top;
      before = node.data[i];
    }
    before = " ";  // a <br> or another element between text nodes
  }
  return [cell.cellIndex, text, breaks];
})"""


@pytest.mark.parametrize("locale", ["en", "de"])
def test_scene_cells_break_only_between_words(browser: Any, site: Site, locale: str) -> None:
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(site.url(PageRef(locale, "captions", "DE").site_path()), wait_until="load")
        cells = page.evaluate(LINE_BREAKS)
        assert cells, "no script table on the page"
        assert any("Return/Refund" in text or "Rückgabe/Erstattung" in text
                   for _, text, _ in cells)
        for column, text, breaks in cells:
            if column == 0:  # the scene's time, "0:03.0–0:10.0"
                assert breaks == [], text
                continue
            # inside a word a line may only start after a slash or a hyphen
            assert all(pair[0] in "/-–" for pair in breaks), (text, breaks)
        fits = page.evaluate("""() => [...document.querySelectorAll(".ps-script table")]
          .every((table) => table.scrollWidth <= table.clientWidth + 1)""")
        assert fits
    finally:
        context.close()
