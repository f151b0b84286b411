"""The example site's Markdown matches the reviewed golden copy in tests/golden/."""

from __future__ import annotations

import difflib

from tests.golden_update import GOLDEN, render_example

HOW_TO_UPDATE = ("if the change is intended, run `python3 -m tests.golden_update` and review "
                 "`git diff tests/golden`")


def test_golden_markdown_is_current() -> None:
    rendered = render_example()
    stored = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
              for p in sorted(GOLDEN.rglob("*.md"))}
    assert sorted(rendered) == sorted(stored), f"pages added or removed; {HOW_TO_UPDATE}"
    for name, text in rendered.items():
        if text != stored[name]:
            diff = "".join(difflib.unified_diff(stored[name].splitlines(True),
                                                text.splitlines(True), f"golden/{name}",
                                                "rendered", n=1))
            raise AssertionError(f"{name} differs from its golden copy; {HOW_TO_UPDATE}\n"
                                 f"{diff[:3000]}")
