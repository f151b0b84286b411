"""Regular expressions for the HTML that MkDocs and Material write (shared by scan and CSP).

``html.parser`` reads about 2 MB/s, which made post-build passes the slowest step of large
builds; these find tags and attributes directly. Attribute values are returned raw: callers that
check them decode entities first.
"""

from __future__ import annotations

import re

_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s>]++)"""
# Atomic groups and possessive quantifiers (Python 3.11+): each attribute is read once, in one
# way, as a browser reads it, so a tag that never closes costs one pass, never backtracking.
_ATTRIBUTE_TEXT = rf"""(?>[\s/]++|[^\s/>][^\s/>=]*+(?>\s*=\s*{_VALUE}?)?)*+"""
TAG = re.compile(rf"<(?:!--.*?-->|(/?)([A-Za-z][^\s/>]*+)({_ATTRIBUTE_TEXT})>)", re.S)
"""A comment, or a start/end tag: groups are the slash, the name and the attribute text.

Tokenized the way browsers do (WHATWG HTML, "before attribute name" and the value states): a
quote delimits only a value that starts with it, so in ``<div title=x" onclick=alert(1)>``
the quote belongs to the value ``x"`` and ``onclick`` is an attribute, as a browser reads it.
"""

ATTRIBUTE = re.compile(r"""([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def attributes(text: str) -> list[tuple[str, str | None]]:
    """``(name, raw value or None)`` for each attribute in a tag's attribute text."""
    found = []
    for match in ATTRIBUTE.finditer(text):
        value = next((v for v in match.group(2, 3, 4) if v is not None), None)
        found.append((match.group(1).lower(), value))
    return found


_NOT_IN_NAMES = "\"'<="
_NOT_IN_UNQUOTED = "\"'<=`"


def is_malformed(name: str, text: str) -> bool:
    """The tag has what HTML calls a parse error in its name or attributes (a quote, ``<`` or
    ``=`` where a name starts, or in a tag name or an unquoted value). Browsers still read such
    a tag somehow, and MkDocs and Material never write one: the scan rejects it outright."""
    if any(c in name for c in _NOT_IN_NAMES):
        return True
    for match in ATTRIBUTE.finditer(text):
        unquoted = match.group(4)
        if match.group(1)[0] in _NOT_IN_NAMES or (
                unquoted and any(c in unquoted for c in _NOT_IN_UNQUOTED)):
            return True
    return False
