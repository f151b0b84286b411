"""Pygments' set-up for a code block, done once per process instead of once per block.

The support, captions and kit pages hold hundreds of copyable texts per locale, each a
```` ```text ```` block that ``pymdownx.highlight`` hands to Pygments. For every block it looks
the lexer up by name (a scan of every lexer Pygments knows) and makes an HTML formatter, which
builds a style sheet of every token type: together a third of MkDocs' time on a locale. Both
depend only on the lexer's name and the style, so each is made once per process and reused;
the HTML is byte for byte the same (tests/test_golden.py and the determinism tests build whole
sites).
"""

from __future__ import annotations

import importlib
from typing import Any

_installed = False
_style_sheets: dict[tuple[Any, str], tuple[dict[Any, str], dict[str, Any]]] = {}
_lexer_classes: dict[str, type] = {}


def reuse_highlighting() -> None:
    """Make Pygments' per-block set-up a look-up for the rest of this process (idempotent)."""
    global _installed
    if _installed:
        return
    # Untyped packages: imported as plain objects.
    highlight: Any = importlib.import_module("pymdownx.highlight")
    html_formatter: Any = importlib.import_module("pygments.formatters.html").HtmlFormatter
    get_lexer_by_name = importlib.import_module("pygments.lexers").get_lexer_by_name

    make_style_sheet = html_formatter._create_stylesheet

    def create_stylesheet(self: Any) -> None:
        # The sheet depends on the style and the class prefix only; formatters only read it.
        key = (self.style, self.classprefix)
        if key not in _style_sheets:
            make_style_sheet(self)
            _style_sheets[key] = (self.ttype2class, self.class2style)
        self.ttype2class, self.class2style = _style_sheets[key]

    def lexer_by_name(alias: str, **options: Any) -> Any:
        # A name Pygments does not know raises each time, as before (nothing is cached).
        if alias not in _lexer_classes:
            _lexer_classes[alias] = type(get_lexer_by_name(alias, **options))
        return _lexer_classes[alias](**options)

    html_formatter._create_stylesheet = create_stylesheet
    highlight.get_lexer_by_name = lexer_by_name  # the name highlight.py calls
    _installed = True
