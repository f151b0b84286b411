"""One locale's MkDocs build for ``serve``, reusing what the last builds of the locale made.

A locale is rebuilt whole (MkDocs' own ``build``, strict), but plugin hooks skip the work
whose inputs did not change since an earlier build in this process:

- a page's front matter, parsed once per text;
- a page's Markdown → HTML conversion (two thirds of MkDocs' time), keyed by the page's
  Markdown, the locale's file list (links resolve against it) and its configuration;
- a page's theme template render, keyed by the same plus the page's front matter (its JSON-LD
  aside: filled into the kept render) and every page's title and address (the navigation each
  page embeds); the 404 page and the sitemap, keyed by the locale's pages and configuration;
- a page's search index entries, keyed as its render;
- the scan of a page whose HTML is the same;

and, for every locale built in the same process, the theme's file list, the installed themes'
list and compiled templates (``generator.site.engines``, which cold builds use too), the
parsed configuration files and one copy of the theme's static files (linked, not copied).

A locale's page cache is kept in a file (``generator.site.kept``), so any worker process can
build the locale next time. Everything else runs as in a cold build (plugins, search index,
static files, sitemap), so the output is the same bytes; ``tests/test_serve_warm.py``
compares it with ``policysite build``. Nothing is cached from a page whose conversion logged a
warning: the next build says it again.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from generator.site.engines import Clock, LocaleBuild, prepare_mkdocs, theme_once
from generator.site.html_scan import PageScan, check_scans, files_below, scan_page
from generator.site.kept import load_kept


@dataclass
class _Converted:
    """What ``Page.render`` sets, with linked files named by source path (their ``File``
    objects are new in every build)."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None


@dataclass
class PageCache:
    """One locale's reusable work: conversions, rendered pages and page scans."""

    sources: dict[tuple[str, ...], tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """A page's Markdown and front matter, by its file's text."""
    converted: dict[tuple[str, ...], _Converted] = field(default_factory=dict)
    rendered: dict[tuple[str, ...], str] = field(default_factory=dict)
    indexed: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    """The search index's entries for a page."""
    scans: dict[tuple[str, str], PageScan] = field(default_factory=dict)
    holes: dict[tuple[str, str], bool] = field(default_factory=dict)
    """Whether a template's page with its JSON-LD left as a placeholder, filled in after,
    is the page rendered whole (by theme inputs and template name)."""

    def keep_only(self, used: set[tuple[str, ...]]) -> None:
        """Forget the entries the last build did not use (an edited page's old versions)."""
        self.sources = {k: v for k, v in self.sources.items() if k in used}
        self.converted = {k: v for k, v in self.converted.items() if k in used}
        self.rendered = {k: v for k, v in self.rendered.items() if k in used}
        self.indexed = {k: v for k, v in self.indexed.items() if k in used}


_IMMUTABLE = (str, int, float, bool, type(None), datetime.date)


def _copied(value: Any) -> Any:
    """A copy of parsed front matter that a plugin may change (``copy.deepcopy``, several
    times faster for what YAML gives: mappings, lists and plain values)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value if isinstance(value, _IMMUTABLE) else copy.deepcopy(value)


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


class _Warm:
    """Added to a build's plugins at run time (never to mkdocs.yml); duck-typed like
    ``generator.site.engines``' compiled-templates hook."""

    def __init__(self, cache: PageCache, inputs: str, warnings: Callable[[], int]) -> None:
        self.cache = cache
        self.inputs = inputs
        """The locale's configuration, theme and tools (a fingerprint)."""
        self.warnings = warnings
        self.files_key = ""
        self.site_key = ""
        self.used: set[tuple[str, ...]] = set()
        self.pages: dict[str, str] = {}
        """Each page's HTML file by its Markdown source."""
        self.mirror: Path | None = None
        """A folder of copies of the installed theme's static files, on the output's disk."""

    def on_files(self, files: Any, config: Any, **_: object) -> Any:
        self.files_key = _digest(self.inputs, *(
            f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion}" for f in files))
        self.pages = {f.src_uri: f.dest_uri for f in files.documentation_pages()}
        if self.mirror is not None:
            folders: set[Path] = set()  # made in this build
            installed = tuple(os.path.join(folder, "") for folder in config.theme.dirs
                              if folder != config.theme.custom_dir)
            for file in files:
                source = file.abs_src_path
                if (not file.is_documentation_page() and file.generated_by is None
                        and source is not None and source.startswith(installed)):
                    file.copy_file = partial(_link_file, file, self.mirror, folders)
        return files

    def on_pre_page(self, page: Any, **_: object) -> Any:
        # This page's only: MkDocs calls page.read_source, then page.render.
        page.read_source = partial(self._read, page)
        page.render = partial(self._render, page)
        return page

    def _read(self, page: Any, config: Any) -> None:
        """``Page.read_source``, with the front matter parsed once per text."""
        from mkdocs.utils import meta

        source = config.plugins.on_page_read_source(page=page, config=config)
        if source is None:
            source = page.file.content_string
        key = ("source", page.file.src_uri, source)
        self.used.add(key)
        hit = self.cache.sources.get(key)
        if hit is not None:
            page.markdown, page.meta = hit[0], _copied(hit[1])
            return
        before = self.warnings()
        page.markdown, page.meta = meta.get_data(source)
        if self.warnings() == before:
            self.cache.sources[key] = (page.markdown, _copied(page.meta))

    def _render(self, page: Any, config: Any, files: Any) -> None:
        from mkdocs.structure.pages import Page

        key = (self.files_key, page.file.src_uri, page.markdown)
        self.used.add(key)
        hit = self.cache.converted.get(key)
        if hit is not None:
            page.content, page.toc, page._title_from_render = hit.content, hit.toc, hit.title
            page.present_anchor_ids = hit.anchors
            if hit.links is not None:
                page.links_to_anchors = {files.get_file_from_path(src): links
                                         for src, links in hit.links.items()}
            return
        before = self.warnings()
        Page.render(page, config, files)
        if self.warnings() == before:
            links = page.links_to_anchors
            self.cache.converted[key] = _Converted(
                page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                None if links is None else {f.src_uri: dict(v) for f, v in links.items()})

    def on_env(self, env: jinja2.Environment, config: Any, files: Any, **_: object) -> Any:
        self.site_key = _digest(self.files_key, *(
            f"{f.src_uri}\0{f.page.title}" for f in files.documentation_pages()
            if f.page is not None))
        for plugin in config.plugins.values():
            index = getattr(plugin, "search_index", None)
            if index is not None:  # Material's search: the index was made by its on_config
                index.add_entry_from_context = partial(
                    self._index, index, index.add_entry_from_context)
        return _Environment(env, self)

    def _page_key(self, kind: str, page: Any) -> tuple[str, ...]:
        """What a page's render or index entries depend on, besides the whole locale's (its
        JSON-LD aside: the index never reads it, and renders leave a hole for it)."""
        meta = {name: value for name, value in page.meta.items() if name != JSONLD}
        key = (self.site_key, kind, page.file.src_uri,
               json.dumps(meta, sort_keys=True, default=str, ensure_ascii=False), page.markdown)
        self.used.add(key)
        return key

    def _index(self, index: Any, add: Callable[[Any], None], page: Any) -> None:
        """The search index's ``add_entry_from_context``, or the entries it added before."""
        key = self._page_key("search", page)
        hit = self.cache.indexed.get(key)
        if hit is not None:
            index.entries.extend(hit)
            return
        before, warnings = len(index.entries), self.warnings()
        add(page)
        if self.warnings() == warnings:
            self.cache.indexed[key] = index.entries[before:]

    def rendered(self, name: str, template: jinja2.Template, context: Any) -> str:
        """``template.render(context)``, or what it gave for the same inputs before.

        A page's JSON-LD is left out of its key: every locale's home page carries every
        market's, so one market's edit would render fourteen home pages again. The page is
        rendered with a placeholder in its place, which is then replaced. Whether that gives
        the same page is checked the first time a template (of this theme and configuration)
        renders a page with JSON-LD; one that prints it otherwise gets plain renders."""
        page = context.get("page")
        if page is None:  # a static template (404, sitemap): the locale's pages and config
            return self._remembered((self.site_key, "static", name), template, context)
        if page.markdown is None:
            return template.render(context)
        key = self._page_key(name, page)
        jsonld = page.meta.get(JSONLD)
        if not isinstance(jsonld, str):
            return self._remembered(key, template, context)
        fits = self.cache.holes.get((self.inputs, name))
        if fits is False:
            return self._remembered((*key, jsonld), template, context)
        hit = self.cache.rendered.get(key)
        if hit is not None:
            return hit.replace(_HOLE, jsonld)
        before = self.warnings()
        whole = template.render(context) if fits is None else None
        if whole is not None and self.warnings() != before:
            return whole  # a warning fails the build: nothing to keep or compare
        page.meta[JSONLD] = _HOLE
        try:
            hit = template.render(context)
        finally:
            page.meta[JSONLD] = jsonld
        filled = hit.replace(_HOLE, jsonld)
        if whole is not None:  # the template's first page with JSON-LD: compare
            fits = hit.count(_HOLE) == 1 and filled == whole
            self.cache.holes[(self.inputs, name)] = fits
            if not fits:
                return whole
        if self.warnings() == before:
            self.cache.rendered[key] = hit
        return filled

    def _remembered(self, key: tuple[str, ...], template: jinja2.Template, context: Any
                    ) -> str:
        self.used.add(key)
        hit = self.cache.rendered.get(key)
        if hit is None:
            before = self.warnings()
            hit = template.render(context)
            if self.warnings() == before:
                self.cache.rendered[key] = hit
        return hit


JSONLD = "jsonld"
"""The front matter key of a page's structured data (``render.markdown``)."""
_HOLE = "policysite:jsonld:2f6c0b9e-the-page-structured-data-goes-here"


_MIRRORED: dict[tuple[Path, str], Path] = {}
"""(mirror, installed file) → its copy in the mirror, once made (by this or another worker)."""


def _link_file(file: Any, mirror: Path, folders: set[Path], dirty: bool = False) -> None:
    """``File.copy_file`` for an installed theme's static file: a hard link to this process's
    copy of it (made once; installed packages do not change while the preview runs), instead
    of a copy per locale and edit; a plain copy where links cannot be made."""
    output = Path(file.abs_dest_path)
    if output.parent not in folders:
        output.parent.mkdir(parents=True, exist_ok=True)
        folders.add(output.parent)
    try:
        kept = _MIRRORED.get((mirror, file.abs_src_path))
        if kept is None:
            kept = _mirror(Path(file.abs_src_path), mirror)
            _MIRRORED[mirror, file.abs_src_path] = kept
        os.link(kept, output)
    except OSError:
        shutil.copyfile(file.abs_src_path, output)


def _mirror(source: Path, mirror: Path) -> Path:
    """The mirror's copy of ``source``, made whole if no worker made it yet."""
    found = source.stat()
    copy_name = hashlib.sha256(f"{source}\0{found.st_mtime_ns}\0{found.st_size}".encode()
                               ).hexdigest() + source.suffix
    kept = mirror / copy_name
    if not kept.exists():
        mirror.mkdir(parents=True, exist_ok=True)
        temp = mirror / f".{copy_name}.{os.getpid()}"
        shutil.copyfile(source, temp)
        os.replace(temp, kept)
    return kept


class _Environment:
    """The theme's Jinja environment, whose page templates answer from the cache."""

    def __init__(self, env: jinja2.Environment, warm: _Warm) -> None:
        self._env = env
        self._warm = warm

    def get_template(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return _Template(name, self._env.get_template(name, *args, **kwargs), self._warm)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)


class _Template:
    def __init__(self, name: str, template: jinja2.Template, warm: _Warm) -> None:
        self._name = name
        self._template = template
        self._warm = warm

    def render(self, context: Any) -> str:
        return self._warm.rendered(self._name, self._template, context)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def load_cache(path: Path) -> PageCache:
    """A locale's page cache (``site.kept``), or an empty one."""
    return load_kept(path, PageCache) or PageCache()


_PARSED: dict[tuple[str, bytes, bytes], dict[str, Any]] = {}
"""Configuration files MkDocs parsed in this process, by path, bytes and their parent's bytes
(PyYAML's pure-Python loader: a third of MkDocs' fixed work per locale)."""
_INHERIT = re.compile(rb"(?m)^INHERIT: *(\S+) *$")


def _keep_parsed_config() -> None:
    """Make MkDocs read a configuration it read before from memory: the same bytes (and the
    same inherited file's) give the same data. Files with tags (``!ENV``, ``!relative``: their
    values come from elsewhere) are always parsed."""
    import mkdocs.config.defaults as defaults

    parse = defaults.yaml_load
    if getattr(parse, "policysite_kept", False):
        return

    def yaml_load(source: Any, loader: Any = None) -> dict[str, Any]:
        name = getattr(source, "name", None)
        if not isinstance(name, str):
            return parse(source, loader)
        data = source.read()
        text = data if isinstance(data, bytes) else data.encode()
        parents = _INHERIT.findall(text)
        stream = io.BytesIO(text)
        stream.name = name  # INHERIT is relative to it
        if b"!" in text or len(parents) != 1:
            return parse(stream, loader)
        try:
            parent = (Path(name).parent / parents[0].decode()).read_bytes()
        except (OSError, UnicodeDecodeError):
            return parse(stream, loader)
        key = (name, text, parent)
        if key not in _PARSED:
            if b"!" in parent or _INHERIT.search(parent):  # the key names one parent only
                return parse(stream, loader)
            if len(_PARSED) >= 64:
                del _PARSED[next(iter(_PARSED))]
            _PARSED[key] = parse(stream, loader)
        return copy.deepcopy(_PARSED[key])  # MkDocs' validation changes what it is given

    yaml_load.policysite_kept = True  # type: ignore[attr-defined]
    defaults.yaml_load = yaml_load


def build_locale(locale: str, config_file: Path, site_dir: Path, source_date_epoch: str,
                 inputs: str, cache: PageCache) -> LocaleBuild:
    """Build one locale with MkDocs in strict mode (no CSP: the preview's live-reload script is
    inline), then scan its pages; never raises for content problems. ``inputs``: a fingerprint
    of the locale's configuration and theme (the docs are read as MkDocs goes)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = prepare_mkdocs(source_date_epoch)  # as a cold build does
    root = logging.getLogger()
    _keep_parsed_config()
    warm = _Warm(cache, inputs, lambda: len(collector.messages))
    warm.mirror = site_dir.parent.parent / "theme-files"
    start = time.perf_counter()
    clock = Clock()
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
        theme_once(config.theme)  # as cold builds do: listed and compiled once per process
        config.plugins["policysite-warm"] = warm  # type: ignore[assignment]
        config.plugins["policysite-clock"] = clock  # type: ignore[assignment]
        build(config)
    except MkDocsException as exc:
        collector.messages.append(f"ERROR: {exc}")
    except Exception as exc:  # a theme or extension crash: report, never half-publish
        collector.messages.append(f"ERROR: {type(exc).__name__}: {exc}")
    finally:
        root.removeHandler(collector)
    result = LocaleBuild(locale, not collector.messages, time.perf_counter() - start,
                         collector.messages, phases=clock.phases)
    if result.ok:
        start = time.perf_counter()
        cache.keep_only(warm.used)
        result.files = files = files_below(site_dir, f"{site_dir.name}/")
        result.pages = warm.pages
        scans = _scan(site_dir.parent, files, cache)
        result.problems, result.outside_links = check_scans(site_dir.parent, scans,
                                                            within=site_dir.name, files=files)
        result.phases["html scan"] = time.perf_counter() - start
    return result


def _scan(stage: Path, files: set[str], cache: PageCache) -> dict[str, PageScan]:
    """``scan_tree`` of one locale's ``files`` (paths in ``stage``), scanning only pages not
    seen before."""
    scans: dict[str, PageScan] = {}
    used: dict[tuple[str, str], PageScan] = {}
    for name in sorted(files):
        if not name.endswith(".html"):
            continue
        file = stage / name
        text = file.read_text(encoding="utf-8")
        key = (name, hashlib.sha256(text.encode()).hexdigest())
        scan = cache.scans.get(key)
        scans[name] = used[key] = scan if scan is not None else scan_page(text)
    cache.scans = used
    return scans
