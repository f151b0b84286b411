"""A strict Content-Security-Policy ``<meta>`` in every built page.

Why a meta tag: merchants host the site on static hosts where they often cannot set headers, and
the policy must travel with the files. Why hashes: Material ships a few small inline scripts
(the scope/storage helpers, the anchor fix-up). Rather than ``'unsafe-inline'``, each page
allows exactly the inline scripts it contains, by their SHA-256, so a script that slipped past
escaping and the HTML allowlist (../shared/reference/hardening.md §8) still cannot run in a
customer's browser.

The policy is computed after MkDocs has written the pages, because only then are the inline
scripts final (Material's scope script embeds the page's relative base URL).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from generator.site.html_tokens import attributes as tag_attributes

# Directives that cannot be delivered by <meta> (frame-ancestors, report-uri, sandbox) are left
# out: browsers ignore them there and log an error. upgrade-insecure-requests is left out too,
# so that the site still works from a plain http preview server.
BASE_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # Material's icons are data: SVGs in its CSS
    "font-src": ["'self'"],
    "connect-src": ["'self'"],  # the search index, fetched by the search worker
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],  # the only form is Material's search, which never submits
}

_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
_META_RE = re.compile(r'\n<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_HEAD_RE = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


_RAW = re.compile(r"<(script|style)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(.*?)</\1\s*>",
                  re.IGNORECASE | re.DOTALL)


def inline_code(page: str) -> tuple[list[str], list[str]]:
    """The text of the executable inline scripts and of the <style> elements of a page.

    Script and style text is raw in HTML (never entity-decoded), so it is hashed exactly as
    written between the tags. Regular expressions instead of ``html.parser``: this runs on
    every page of every build, and the parser reads only about 2 MB/s.
    """
    scripts: list[str] = []
    styles: list[str] = []
    for match in _RAW.finditer(page):
        tag, attributes, text = match.group(1).lower(), match.group(2), match.group(3)
        values = {name: value or "" for name, value in tag_attributes(attributes)}
        if tag == "style":
            styles.append(text)
        elif "src" not in values and values.get("type", "").strip().lower() in _JS_TYPES:
            scripts.append(text)  # JSON and JSON-LD blocks are data, never executed
    return scripts, styles


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy_for(html: str) -> str:
    """The policy for one page: the base policy plus hashes of the page's own inline code."""
    scripts, styles = inline_code(html)
    directives = {name: list(sources) for name, sources in BASE_POLICY.items()}
    for text in dict.fromkeys(scripts):
        directives["script-src"].append(_hash(text))
    for text in dict.fromkeys(styles):
        directives["style-src"].append(_hash(text))
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_csp(html: str) -> str:
    """``html`` with its policy as the first element of <head> (replacing an earlier one).

    Pages copied unchanged from the previous build already carry a policy; it is recomputed,
    so a page never ends up with two.
    """
    html = _META_RE.sub("", html)
    head = _HEAD_RE.search(html)
    if head is None:
        raise ValueError("page has no <head>")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[: head.end()] + "\n" + meta + html[head.end():]


def add_csp(stage: Path) -> int:
    """Write the policy into every HTML page under ``stage``; returns the number of pages."""
    count = 0
    for file in sorted(stage.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        updated = with_csp(text)
        if updated != text:
            file.write_text(updated, encoding="utf-8", newline="")
        count += 1
    return count
