"""Post-build allowlist scan of every HTML page in the stage (../shared/reference/hardening.md §8).

Defence in depth: even if escaping failed somewhere, a page with a foreign script, an event
handler, a ``javascript:``/``data:`` link or a broken internal link is never published.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import Problem
from generator.facts.pages import PageRef
from generator.site.html_tokens import TAG, attributes, is_malformed

# Scripts the Material theme and policysite ship (paths relative to a locale or site root).
ALLOWED_SCRIPT = re.compile(
    r"^(?:/[A-Za-z_]+/|\./|(?:\.\./)*)(?:assets/javascripts/(?:bundle\.[0-9a-f]+\.min\.js"
    r"|lunr/(?:min/)?[a-z.]+\.min\.js|lunr/[a-z]+\.js|workers/search\.[0-9a-f]+\.min\.js)"
    r"|assets/policysite\.js|assets/policysite-(?:captions|checker)\.js"
    r"|search/search_index\.js)$")
JSON_DATA_IDS = ("__config", "ps-checker-data")
"""Data blocks (never executed): Material's configuration, the checker's rules and words."""
ALLOWED_INLINE_PREFIXES = ("__md_scope=new URL(", "var palette=__md_get(",
                           "var media,input,key,value,palette=__md_get(",
                           "var target=document.getElementById(location.hash.slice(1))")
ALLOWED_SCHEMES = {"https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}


@dataclass
class _Finding:
    line: int
    message: str


# Elements whose text is not markup: what follows their start tag up to the end tag is skipped.
_RAW_TEXT = {"script": re.compile(r"</script\s*>", re.I),
             "style": re.compile(r"</style\s*>", re.I)}
_Verdict = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""What one tag brings to its page: problems, internal links, ids."""


class _Scanner:
    """A fast tokenizer for the HTML that MkDocs and Material write.

    ``html.parser`` reads about 2 MB/s, which made the scan the slowest step of large builds;
    tags and attributes are found with regular expressions instead (attribute values are
    entity-decoded before they are checked, so ``jav&#97;script:`` is still caught).

    Every tag ``TAG`` finds is judged: a fast path that skipped tags it took for harmless once
    missed an event handler in malformed markup (``<div" onclick="</a>``), and judging a tag
    seen before is a dictionary look-up anyway (``_tag_verdict``), as fast as skipping it.
    """

    def __init__(self) -> None:
        self.findings: list[_Finding] = []
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def feed(self, text: str) -> None:
        line_start = 0
        line = 1
        for match, tag, raw, content in _start_tags(text):
            verdict = _tag_verdict(tag, raw, content)
            if any(verdict):  # lines are counted only for tags that bring something
                line += text.count("\n", line_start, match.start())
                line_start = match.start()
                self._record(line, verdict)

    def close(self) -> None:
        """Nothing is buffered; kept for symmetry with ``HTMLParser``."""

    def add(self, tag: str, raw: str, line: int, content: str = "") -> None:
        """Record what one start tag (with its raw attribute text) brings to the page."""
        self._record(line, _tag_verdict(tag, raw, content))

    def _record(self, line: int, verdict: _Verdict) -> None:
        messages, links, ids = verdict
        self.findings += [_Finding(line, message) for message in messages]
        self.links += [(line, link) for link in links]
        self.ids.update(ids)


def _start_tags(text: str) -> Iterator[tuple[re.Match[str], str, str, str]]:
    """Each start tag: the match, its lower-case name, its raw attribute text and, for script
    and style, the raw text inside (skipped, as browsers skip it). Comments and end tags are
    passed over."""
    position = 0
    while (match := TAG.search(text, position)) is not None:
        position = match.end()
        slash, name, raw = match.groups()
        if name is None or slash:
            continue
        tag = name.lower()
        content = ""
        if tag in _RAW_TEXT and not raw.rstrip().endswith("/"):
            close = _RAW_TEXT[tag].search(text, position)
            content = text[position:close.start() if close else len(text)]
            position = close.end() if close else len(text)
        yield match, tag, raw, content


@lru_cache(maxsize=16384)
def _tag_verdict(tag: str, raw: str, content: str) -> _Verdict:
    """(problems, internal links, ids) of one tag; cached, as headers and navigation repeat."""
    attrs = [(name, html.unescape(value) if value and "&" in value else value)
             for name, value in attributes(raw)]
    values = dict(attrs)
    messages: list[str] = []
    links: list[str] = []
    ids: list[str] = []
    if is_malformed(tag, raw):
        messages.append(f"malformed markup in <{tag}> (a quote, < or = out of place)")
    for name, value in attrs:
        if name.startswith("on"):
            messages.append(f"event handler attribute {name} on <{tag}>")
        if name == "id" and value:
            ids.append(value)
        if name in URL_ATTRIBUTES and value is not None:
            verdict, message = _url_verdict(tag, name, value)
            if verdict == "link":
                links.append(value)
            elif verdict == "finding":
                messages.append(message)
    if tag in ("iframe", "object", "embed", "base"):
        messages.append(f"<{tag}> is not allowed")
    if tag == "form" and ("action" in values or "formaction" in values):
        messages.append("<form> with a submission target is not allowed")
    if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
        messages.append("meta refresh is not allowed")
    if tag == "script":
        problem = _script_problem(values, content.strip())
        if problem:
            messages.append(problem)
    return tuple(messages), tuple(links), tuple(ids)


def _script_problem(values: dict[str, str | None], text: str) -> str | None:
    src = values.get("src")
    kind = (values.get("type") or "").lower()
    if src is not None:
        if not ALLOWED_SCRIPT.match(src.split("?")[0]):
            return f"script not from the theme: {src}"
    elif ((kind == "application/json" and values.get("id") in JSON_DATA_IDS)
          or kind == "application/ld+json"):
        return None
    elif not text.startswith(ALLOWED_INLINE_PREFIXES):
        return f"inline script not from the theme: {text[:40]!r}"
    return None


def _url_verdict(tag: str, name: str, value: str) -> tuple[str, str]:
    """("finding", message), ("link", "") for an internal link to resolve, or ("ok", "")."""
    stripped = "".join(value.split()).lower()
    scheme = urlsplit(stripped).scheme
    if scheme and scheme not in ALLOWED_SCHEMES:
        return "finding", f"{name}={value[:60]!r} on <{tag}> uses scheme {scheme}:"
    if stripped.startswith("//"):
        return "finding", f"protocol-relative URL {value[:60]!r}"
    if not scheme and tag in ("a", "link", "script", "img"):
        return "link", ""
    return "ok", ""


@dataclass
class PageScan:
    """What one page holds that the checks need (picklable, so workers can scan)."""

    findings: list[_Finding] = field(default_factory=list)
    links: list[tuple[int, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


def scan_tree(stage: Path, subdir: str = "", recursive: bool = True) -> dict[str, PageScan]:
    """Scan every HTML file below ``stage/subdir``; keys are paths relative to ``stage``.

    Locale builds call this in their worker process, so scanning runs on every core.
    """
    scans = {}
    folder = stage / subdir
    files = folder.rglob("*.html") if recursive else folder.glob("*.html")
    for file in sorted(files):
        scans[file.relative_to(stage).as_posix()] = scan_page(file.read_text(encoding="utf-8"))
    return scans


def scan_page(text: str) -> PageScan:
    """What one page's HTML holds for the checks (``serve`` keeps these for unchanged pages)."""
    scanner = _Scanner()
    scanner.feed(text)
    return PageScan(scanner.findings, scanner.links, scanner.ids)


@dataclass(frozen=True)
class OutsideLink:
    """A link from a locale's page to a file outside that locale's folder (checked last)."""

    page: str
    line: int
    href: str


def check_scans(stage: Path, scans: dict[str, PageScan], shown_root: str = "site",
                within: str | None = None, files: set[str] | None = None
                ) -> tuple[list[Problem], list[OutsideLink]]:
    """Problems in scanned pages, with internal links resolved against the stage's files
    (``files``, if the caller listed them: paths relative to ``stage``).

    With ``within`` (a locale folder), only that folder's files are known: links that leave
    it are returned to be checked once the whole site is staged (``check_outside_links``).
    """
    top = stage / within if within else stage
    prefix = f"{within}/" if within else ""
    if files is None:
        files = files_below(top, prefix)
    problems: list[Problem] = []
    outside: list[OutsideLink] = []
    for name in sorted(scans):
        scan = scans[name]
        shown = f"{shown_root}/{name}"
        for finding in scan.findings:
            problems.append(Problem(shown, finding.line, 1, message=finding.message))
        if name.rsplit("/", 1)[-1] == "404.html":
            continue  # served from any depth; its links are root-relative by design
        for line, href in scan.links:
            target = _link_target(name, href)
            if within and isinstance(target, str) and not target.startswith(prefix):
                outside.append(OutsideLink(name, line, href))
                continue
            problem = _check_target(href, target, files, scans)
            if problem:
                problems.append(Problem(shown, line, 1, message=problem))
    return problems, outside


def check_outside_links(stage: Path, links: list[OutsideLink], files: set[str] | None = None,
                        shown_root: str = "site") -> list[Problem]:
    """The links that left their locale's folder, against every file of the staged site
    (``files``, if the caller listed them)."""
    if files is None:
        files = files_below(stage)
    problems = []
    for link in sorted(links, key=lambda link: (link.page, link.line, link.href)):
        problem = _check_target(link.href, _link_target(link.page, link.href), files, {})
        if problem:
            problems.append(Problem(f"{shown_root}/{link.page}", link.line, 1, message=problem))
    return problems


def scan_site(stage: Path, shown_root: str = "site") -> list[Problem]:
    """Check every HTML file under ``stage``; returns problems naming file and line."""
    return check_scans(stage, scan_tree(stage), shown_root)[0]


def files_below(top: Path, prefix: str = "") -> set[str]:
    """Every file below ``top``, as ``prefix`` + its path relative to ``top`` (one
    ``scandir`` per folder: a site has thousands of theme files)."""
    found: set[str] = set()
    for folder, _, names in os.walk(top):
        relative = os.path.relpath(folder, top)
        base = prefix if relative == "." else f"{prefix}{Path(relative).as_posix()}/"
        found.update(base + name for name in names)
    return found


@lru_cache(maxsize=1 << 16)  # the same links on every page, and in every rebuild of serve
def _link_target(page: str, href: str) -> str | tuple[str]:
    """The stage path an internal link points at, or ``(problem,)`` if it cannot be right."""
    parts = urlsplit(href)
    path = unquote(parts.path)
    if not path:
        return page
    if path.startswith("/"):
        return (f"root-relative link {href!r} breaks when the site is hosted in a sub-folder",)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith("..") or target == "..":
        return (f"link {href!r} leaves the site",)
    if target == ".":
        return "index.html"
    return f"{target}/" if path.endswith("/") else target


def _check_target(href: str, target: str | tuple[str], files: set[str],
                  scans: dict[str, PageScan]) -> str | None:
    if isinstance(target, tuple):
        return target[0]
    if target.endswith("/"):
        target = f"{target}index.html"
    elif f"{target}/index.html" in files:
        target = f"{target}/index.html"
    if target not in files:
        return f"broken link {href!r}"
    scan = scans.get(target)
    fragment = urlsplit(href).fragment
    if fragment and scan is not None and unquote(fragment) not in scan.ids:
        return f"link {href!r} points at a missing anchor"
    return None


@dataclass(frozen=True)
class Origins:
    """What a staged page was made from, to name files the user can open (``point_at_sources``)."""

    root: Path
    """The project folder: paths inside it are shown relative to it."""
    stage: Path
    site_dir: Path
    """The published site."""
    work: Path
    """Each locale's generated MkDocs project: ``work/<locale>/docs/<page source>``."""
    templates: Path
    """The templates in use (the project's own or the bundled ones)."""
    pages: Iterable[PageRef]


def point_at_sources(problems: list[Problem], origins: Origins, shown_root: str = "site"
                     ) -> list[Problem]:
    """Scan problems re-pointed at files the user can open.

    A rejected page is never published, so ``site/<page>`` names a file that is not there (or
    an older, different one). Unless the published page is byte for byte the staged one, a
    problem names the page's generated Markdown and its template instead (``templates/root/``
    for the root pages), with the line where the offending tag (or link) is found in them, and
    the built page's line in its hint. Other problems are returned as they are.
    """
    sources = {f"{page.site_path()}index.html": page for page in origins.pages}
    prefix = f"{shown_root}/"
    pointed = []
    for problem in problems:
        page = problem.path[len(prefix):] if problem.path.startswith(prefix) else ""
        staged = origins.stage / page
        published = origins.site_dir / page
        if not page or not staged.is_file() or (
                published.is_file() and published.read_bytes() == staged.read_bytes()):
            pointed.append(problem)
            continue
        pointed.append(_pointed(problem, page, staged, sources.get(page), origins))
    return pointed


def _pointed(problem: Problem, page: str, staged: Path, source: PageRef | None,
             origins: Origins) -> Problem:
    """``problem`` at the Markdown line (else the template's) that made the offending tag."""
    snippets = _snippets(staged.read_text(encoding="utf-8", errors="replace"), problem.line,
                         problem.message)
    built = f"the built page {page}:{problem.line} was not published"
    if source is None:  # a root page, rendered straight from templates/root/
        template = origins.templates / "root" / f"{page}.j2"
        if not template.is_file():
            return problem
        line, column = _find(template, snippets)
        return Problem(_shown(template, origins.root), line, column, message=problem.message,
                       hint=built)
    markdown = origins.work / source.locale / "docs" / source.source
    template = origins.templates / source.page_kind.template
    line, column = _find(markdown, snippets)
    made = _shown(template, origins.root)
    if line:
        at, _ = _find(template, snippets)
        made += f":{at}" if at else ""
    else:  # not from the page's Markdown: from the theme, if the tag is written there
        for theme in sorted((origins.templates / "overrides").rglob("*.html")):
            at, column = _find(theme, snippets[:1])
            if at:
                return Problem(_shown(theme, origins.root), at, column,
                               message=problem.message, hint=built)
    return Problem(_shown(markdown, origins.root), line, column, message=problem.message,
                   hint=f"from {made}; {built}")


def _snippets(text: str, line: int, message: str) -> list[str]:
    """Texts that mark the tag behind ``message`` on ``line``, most precise first: the tag as
    written, then the link, handler or URL it was rejected for, or its name when the tag
    itself is not allowed."""
    at, start = 1, 0
    for match, tag, raw, content in _start_tags(text):
        at += text.count("\n", start, match.start())
        start = match.start()
        if at > line:
            break
        if at < line:
            continue
        messages, links, _ = _tag_verdict(tag, raw, content)
        linked = [link for link in links if repr(link) in message]
        if message not in messages and not linked:
            continue
        handler = re.match(r"event handler attribute (\S+) on ", message)
        values = [value for _, value in attributes(raw)
                  if value and repr(html.unescape(value)[:60]) in message]
        specific = (linked or ([handler.group(1)] if handler else values)
                    or ([f"<{match.group(2)}"] if message.startswith(f"<{tag}>") else []))
        return [match.group(), *specific]
    return []


def _find(path: Path, snippets: list[str]) -> tuple[int, int]:
    """(line, column) of the first of ``snippets`` found in the file, else (0, 0)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0, 0
    for snippet in snippets:
        found = text.find(snippet)
        if found >= 0:
            return text.count("\n", 0, found) + 1, found - text.rfind("\n", 0, found)
    return 0, 0


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to the project when inside it, else as it is."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
