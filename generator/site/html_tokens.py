"""Regular expressions for the HTML that MkDocs and Material write (shared by scan and CSP).

``html.parser`` reads about 2 MB/s, which made post-build passes the slowest step of large
builds; these find tags and attributes directly. Attribute values are returned raw: callers that
check them decode entities first.
"""

from __future__ import annotations

import re

TAG = re.compile(r"<(?:!--.*?-->|(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>)",
                 re.S)
"""A comment, or a start/end tag: groups are the slash, the name and the attribute text."""

ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def attributes(text: str) -> list[tuple[str, str | None]]:
    """``(name, raw value or None)`` for each attribute in a tag's attribute text."""
    found = []
    for match in ATTRIBUTE.finditer(text):
        value = next((v for v in match.group(2, 3, 4) if v is not None), None)
        found.append((match.group(1).lower(), value))
    return found
