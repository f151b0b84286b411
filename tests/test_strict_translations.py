"""Merchant texts without a translation: a notice by default, a failure with --strict."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import generate_projects
from generator.errors import BuildError
from generator.project import load_project
from tests.sites import small_project


def test_strict_fails_on_a_missing_merchant_translation(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("sa",), locales="[en, ar]")
    project = load_project(root)
    with pytest.raises(BuildError) as caught:
        generate_projects(project, root / ".work", strict=True)
    messages = [str(p) for p in caught.value.problems]
    assert any("have no ar translation" in m for m in messages), messages


def test_without_strict_the_page_says_which_language_it_falls_back_to(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("sa",), locales="[en, ar]")
    project = load_project(root)
    _, fallbacks, _ = generate_projects(project, root / ".work", strict=False)
    assert fallbacks["ar"] > 0 and fallbacks["en"] == 0
    pages = [p.read_text(encoding="utf-8") for p in (root / ".work" / "ar" / "docs").rglob("*.md")]
    with_notice = [text for text in pages if '<span lang="en" dir="auto">' in text]
    assert with_notice
    # The notice is in Arabic (translated), right under the page title.
    assert all("!!! note" in text.split("\n# ", 1)[1][:400] for text in with_notice)
