"""Escape merchant and translator text for the Markdown + HTML context it lands in.

Every ASCII punctuation character that any Markdown dialect or extension might read as syntax
is written as a numeric character reference, so the text renders literally: no links, headings,
tables, attribute lists, HTML or snippet includes can come out of data
(../shared/reference/hardening.md §4.2).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import TemplateRuntimeError
from markupsafe import Markup

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Invisible direction controls: never accepted in merchant or translator text."""
_NO_BIDI = {ord(char): None for char in BIDI_CONTROLS}


def without_bidi_controls(text: str) -> str:
    """``text`` without direction controls, for text that is copied or exported as plain text:
    CLDR writes U+200F into Arabic amounts, which pages isolate with ``<bdi>`` instead."""
    return text.translate(_NO_BIDI)

_SYNTAX = frozenset("\\`*_{}[]()<>#+-.!|~^=:$%&\"'/?@;,")
_TABLE = {ord(char): f"&#{ord(char)};" for char in _SYNTAX}
_PLACEHOLDER = re.compile(r"(%\([A-Za-z_][A-Za-z0-9_]*\)[sd]|%%)")


def md_escape(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text, on one line."""
    return " ".join(str(text).split("\n")).translate(_TABLE)


class MdSafe(Markup):
    """Text already safe for our Markdown pages.

    Subclassing ``Markup`` means ``MdSafe(template) % values`` escapes each value with
    ``md_escape`` (unless it is itself safe), which is how translated strings get their
    placeholders filled.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> MdSafe:
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(md_escape(str(s)))


def md_finalize(value: Any) -> Any:
    """Jinja ``finalize``: every ``{{ value }}`` that is not already safe is escaped."""
    if hasattr(value, "__html__"):
        return value
    if value is None:
        raise TemplateRuntimeError("a template printed None; guard optional data with {% if %}")
    return MdSafe.escape(value)


@lru_cache(maxsize=8192)
def escape_translation(text: str) -> MdSafe:
    """Escape a translated message but keep its ``%(name)s`` placeholders working."""
    parts = _PLACEHOLDER.split(text)
    return MdSafe("".join(part if _PLACEHOLDER.fullmatch(part) else md_escape(part)
                          for part in parts))


def paragraphs(text: str) -> list[MdSafe]:
    """Multi-line merchant text → escaped paragraphs (split on blank lines)."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [MdSafe(md_escape(" ".join(line.strip() for line in block.splitlines())))
            for block in blocks if block.strip()]


def html_attr(text: str) -> str:
    """Escape for a double-quoted HTML attribute (used in generated raw HTML)."""
    return str(Markup.escape(text))
