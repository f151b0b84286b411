"""Merchant texts without a translation: a notice by default, a failure with --strict.

(``tests/test_missing_translations.py`` has which texts count, and the command line.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.layout import WORK_DIR
from generator.site.build import build_site
from tests.conftest import edit, locate
from tests.sites import small_project

pytestmark = pytest.mark.slow  # every test builds a site


def test_strict_fails_on_a_missing_merchant_translation(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("sa",), locales="[en, ar]")
    market = "policies/markets/sa.yml"
    text = _without_arabic_faq_answer(root)
    line, column = locate(text, "answer:\n      en: Your order was shipped")
    with pytest.raises(BuildError) as caught:
        build_site(root, jobs=1, strict=True)
    errors = [str(p) for p in caught.value.problems if p.severity == "error"]
    assert errors == [f"{market}:{line}:{column}: markets.SA.faq[0].answer: no ar text "
                      "(pages in ar show the en text)"]


def _without_arabic_faq_answer(root: Path) -> str:
    """Remove the Arabic of Saudi Arabia's first FAQ answer; returns the file's new text."""
    market = "policies/markets/sa.yml"
    text = (root / market).read_text(encoding="utf-8")
    arabic = text.index("      ar: شُحن طلبك")  # the Arabic of the first FAQ answer
    return edit(root, market, text[arabic:text.index("\n", arabic) + 1], "")


def test_without_strict_the_page_says_which_language_it_falls_back_to(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("sa",), locales="[en, ar]")
    _without_arabic_faq_answer(root)  # the example itself is fully translated
    result = build_site(root, jobs=1)
    assert result.fallbacks["ar"] > 0 and result.fallbacks["en"] == 0
    docs = root / WORK_DIR / "build" / "ar" / "docs"
    pages = [p.read_text(encoding="utf-8") for p in docs.rglob("*.md")]
    with_notice = [text for text in pages if '<span lang="en" dir="auto">' in text]
    assert with_notice
    # The notice is in Arabic (translated), right under the page title.
    assert all("!!! note" in text.split("\n# ", 1)[1][:400] for text in with_notice)
