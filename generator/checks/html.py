"""Post-build allowlist scan of every HTML page in the stage (hardening.md §8).

Defence in depth: even if escaping failed somewhere, a page with a foreign script, an event
handler, a ``javascript:``/``data:`` link or a broken internal link is never published.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import Problem

# Scripts the Material theme and policysite ship (paths relative to a locale or site root).
ALLOWED_SCRIPT = re.compile(
    r"^(?:/[A-Za-z_]+/|\./|(?:\.\./)*)(?:assets/javascripts/(?:bundle\.[0-9a-f]+\.min\.js"
    r"|lunr/(?:min/)?[a-z.]+\.min\.js|lunr/[a-z]+\.js|workers/search\.[0-9a-f]+\.min\.js)"
    r"|assets/policysite\.js|search/search_index\.js)$")
ALLOWED_INLINE_PREFIXES = ("__md_scope=new URL(", "var palette=__md_get(",
                           "var media,input,key,value,palette=__md_get(",
                           "var target=document.getElementById(location.hash.slice(1))")
ALLOWED_SCHEMES = {"https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}


@dataclass
class _Finding:
    line: int
    message: str


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[_Finding] = []
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self._script: tuple[int, dict[str, str | None]] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(_Finding(line, f"event handler attribute {name} on <{tag}>"))
            if name == "id" and value:
                self.ids.add(value)
            if name in URL_ATTRIBUTES and value is not None:
                self._check_url(line, tag, name, value)
        if tag in ("iframe", "object", "embed", "base"):
            self.findings.append(_Finding(line, f"<{tag}> is not allowed"))
        if tag == "form" and ("action" in values or "formaction" in values):
            self.findings.append(_Finding(line, "<form> with a submission target is not allowed"))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.findings.append(_Finding(line, "meta refresh is not allowed"))
        if tag == "script":
            self._script = (line, values)
            self._script_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        line, values = self._script
        self._script = None
        text = "".join(self._script_text).strip()
        src = values.get("src")
        kind = (values.get("type") or "").lower()
        if src is not None:
            if not ALLOWED_SCRIPT.match(src.split("?")[0]):
                self.findings.append(_Finding(line, f"script not from the theme: {src}"))
        elif ((kind == "application/json" and values.get("id") == "__config")
              or kind == "application/ld+json"):
            return
        elif not text.startswith(ALLOWED_INLINE_PREFIXES):
            self.findings.append(_Finding(line, f"inline script not from the theme: {text[:40]!r}"))

    def _check_url(self, line: int, tag: str, name: str, value: str) -> None:
        stripped = "".join(value.split()).lower()
        scheme = urlsplit(stripped).scheme
        if scheme and scheme not in ALLOWED_SCHEMES:
            self.findings.append(_Finding(line, f"{name}={value[:60]!r} on <{tag}> uses "
                                                f"scheme {scheme}:"))
            return
        if not scheme and not stripped.startswith("//") and tag in ("a", "link", "script",
                                                                     "img"):
            self.links.append((line, value))
        if stripped.startswith("//"):
            self.findings.append(_Finding(line, f"protocol-relative URL {value[:60]!r}"))


def scan_site(stage: Path, shown_root: str = "site") -> list[Problem]:
    """Check every HTML file under ``stage``; returns problems naming file and line."""
    problems: list[Problem] = []
    pages: dict[Path, _Scanner] = {}
    for file in sorted(stage.rglob("*.html")):
        scanner = _Scanner()
        scanner.feed(file.read_text(encoding="utf-8"))
        scanner.close()
        pages[file] = scanner
    for file, scanner in pages.items():
        shown = f"{shown_root}/{file.relative_to(stage).as_posix()}"
        for finding in scanner.findings:
            problems.append(Problem(shown, finding.line, 1, message=finding.message))
        if file.name == "404.html":
            continue  # served from any depth; its links are root-relative by design
        for line, href in scanner.links:
            problem = _check_internal_link(stage, file, href, pages)
            if problem:
                problems.append(Problem(shown, line, 1, message=problem))
    return problems


def _check_internal_link(stage: Path, page: Path, href: str, pages: dict[Path, _Scanner]
                         ) -> str | None:
    parts = urlsplit(href)
    if parts.scheme:
        return None
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        return f"root-relative link {href!r} breaks when the site is hosted in a sub-folder"
    else:
        joined = posixpath.normpath(posixpath.join(page.parent.relative_to(stage).as_posix(),
                                                   path))
        if joined.startswith(".."):
            return f"link {href!r} leaves the site"
        target = stage / joined
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        if not target.exists():
            return f"broken link {href!r}"
    if (parts.fragment and target.suffix == ".html" and target in pages
            and unquote(parts.fragment) not in pages[target].ids):
        return f"link {href!r} points at a missing anchor"
    return None
