"""Run one MkDocs build in a worker process and report its warnings as plain data.

Strict mode counts only warnings on the ``mkdocs`` logger; Markdown extensions log elsewhere, so
a handler on the root logger counts every WARNING (../shared/reference/hardening.md §7).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from generator.errors import Problem
from generator.site.code_blocks import reuse_highlighting
from generator.site.csp import add_csp
from generator.site.html_scan import OutsideLink, check_scans, scan_tree


@dataclass
class LocaleBuild:
    """What happened when one locale was built (picklable, returned from workers)."""

    locale: str
    ok: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """What the allowlist scan found in the locale's pages (done in the worker, on every core)."""
    outside_links: list[OutsideLink] = field(default_factory=list)
    """Links out of the locale's folder, checked when the whole site is staged."""
    files: set[str] = field(default_factory=set)
    """The locale's files, as paths in the site (``serve``'s builds list them)."""
    pages: dict[str, str] = field(default_factory=dict)
    """Each page's HTML file (in the locale's folder) by its Markdown source (``serve``'s)."""
    patched: bool = False
    """Made from the published pages, their JSON-LD replaced (``site.patch``)."""
    phases: dict[str, float] = field(default_factory=dict)
    """Seconds per step: MkDocs' own, the CSP, the scan (``generator.site.timings``)."""


def finish_locale(build: LocaleBuild, site_dir: str, csp: bool) -> LocaleBuild:
    """After a successful build: add the Content-Security-Policy, then scan the pages."""
    if build.ok:
        locale_dir = Path(site_dir)
        start = time.perf_counter()
        if csp:
            add_csp(locale_dir)
        build.phases["csp"] = time.perf_counter() - start
        scans = scan_tree(locale_dir.parent, locale_dir.name)
        build.problems, build.outside_links = check_scans(locale_dir.parent, scans,
                                                          within=locale_dir.name)
        build.phases["html scan"] = time.perf_counter() - start - build.phases["csp"]
    return build


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory for the next build in the same process.

    Every MkDocs build makes a new Jinja environment and compiles Material's templates again
    (about 0.2 s); a worker builds several locales with the same theme. Jinja checks each
    entry against a checksum of the template's source, so a changed template is recompiled.
    """

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.entries:
            bucket.bytecode_from_string(self.entries[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.entries[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


_LISTED: dict[str, list[str]] = {}
"""The files of each installed theme folder, listed once per process (``_ThemeLoader``)."""


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's loader, listing the installed theme's folders once per process.

    MkDocs lists every theme folder in every build to find the few static files it copies,
    then filters the names: Material's 14,000 icons included, about 70 ms a locale. Installed
    packages do not change while a worker lives, so their listing is kept, without the hidden
    names the filter drops anyway; the project's overrides folder (``custom_dir``, rewritten by
    every build) is listed afresh. The files MkDocs copies are the same: output unchanged.
    """

    def __init__(self, folders: list[str], custom_dir: str | None) -> None:
        super().__init__(folders)
        self.custom_dir = custom_dir

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if folder == self.custom_dir:
                found.update(jinja2.FileSystemLoader(folder).list_templates())
            else:
                if folder not in _LISTED:  # without hidden names: MkDocs never copies those
                    _LISTED[folder] = [name for name in jinja2.FileSystemLoader(folder)
                                       .list_templates() if not _hidden(name)]
                found.update(_LISTED[folder])
        return sorted(found)


def _hidden(name: str) -> bool:
    """A dot-file or a file in a dot-folder (Material's ``.icons``), which MkDocs' theme file
    filter drops (``.*``, ``*/.*``); templates include icons by name, never by listing."""
    return name.startswith(".") or "/." in name


def theme_once(theme: Any) -> None:
    """Give every Jinja environment of ``theme`` (MkDocs', and the search plugin's, which
    compiles the language partials twice per locale for two words) the compiled templates
    and a ``_ThemeLoader``; nothing is loaded through the replaced loader before. For every
    MkDocs build in a process: cold builds' workers and ``serve``'s (``warm_mkdocs``)."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = _ThemeLoader(list(theme.dirs), theme.custom_dir)
        env.bytecode_cache = _COMPILED
        return env

    theme.get_env = get_env


def list_themes_once() -> None:
    """Keep MkDocs' list of installed themes for the process. MkDocs clears its own cache of
    it every time it loads a theme, so each locale's configuration read the installed
    packages' entry points again (a fifth of a warm rebuild's configuration time); packages
    do not change while a build or a preview runs."""
    from mkdocs import utils

    found = utils.get_themes
    if getattr(found, "policysite_kept", False) or not hasattr(found, "cache_clear"):
        return  # done, or a MkDocs that lists them otherwise: left as it is
    themes = found()

    def get_themes() -> Any:
        return themes

    get_themes.cache_clear = lambda: None  # type: ignore[attr-defined]
    get_themes.policysite_kept = True  # type: ignore[attr-defined]
    utils.get_themes = get_themes  # type: ignore[assignment]


class Clock:
    """Times MkDocs' steps between the plugin events that mark them (added last, so its
    ``on_post_build`` follows the search plugin's index)."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()
        self._paging = False

    def _lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = now - self._last
        self._last = now

    def on_pre_build(self, **_: object) -> None:
        self._lap("mkdocs: config")

    def on_files(self, *_: object, **__: object) -> None:
        self._lap("mkdocs: docs and theme files")

    def on_nav(self, *_: object, **__: object) -> None:
        self._lap("mkdocs: nav")

    def on_env(self, *_: object, **__: object) -> None:
        self._lap("mkdocs: markdown")

    def on_page_context(self, *_: object, **__: object) -> None:
        if not self._paging:  # the first page's: static files and sitemap are written
            self._paging = True
            self._lap("mkdocs: static files, sitemap")

    def on_post_build(self, **_: object) -> None:
        self._lap("mkdocs: pages, search index")


class WarningCollector(logging.Handler):
    """MkDocs' warnings of one build, as lines (strict mode reports them as problems)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def prepare_mkdocs(source_date_epoch: str) -> WarningCollector:
    """What every MkDocs build in a worker does first (cold builds' and ``serve``'s): the
    fixed build time, the work kept per process, and a collector of every warning, attached
    to the root logger (the caller removes it)."""
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.setdefault("TZ", "UTC")
    reuse_highlighting()
    list_themes_once()
    collector = WarningCollector()
    logging.getLogger().addHandler(collector)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    logging.getLogger("mkdocs").propagate = True
    return collector


def run_mkdocs(locale: str, config_file: str, site_dir: str, source_date_epoch: str,
               csp: bool = True) -> LocaleBuild:
    """Build one locale with MkDocs in strict mode; never raises for content problems."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = prepare_mkdocs(source_date_epoch)
    root = logging.getLogger()
    start = time.perf_counter()
    clock = Clock()
    ok = True
    try:
        config = load_config(config_file, site_dir=site_dir, strict=True)
        theme_once(config.theme)
        # Added at run time, never to mkdocs.yml. Duck-typed: MkDocs only looks for on_*
        # methods (subclassing BasePlugin would import the plugin machinery into every
        # process that imports this module).
        config.plugins["policysite-clock"] = clock  # type: ignore[assignment]
        build(config)
    except MkDocsException as exc:
        ok = False
        collector.messages.append(f"ERROR: {exc}")
    except Exception as exc:  # a theme or extension crash: report, never half-publish
        ok = False
        collector.messages.append(f"ERROR: {type(exc).__name__}: {exc}")
    finally:
        root.removeHandler(collector)
    seconds = time.perf_counter() - start
    if collector.messages:
        ok = False
    return finish_locale(LocaleBuild(locale, ok, seconds, collector.messages,
                                     phases=clock.phases), site_dir, csp)


def run_zensical(locale: str, config_file: str, site_dir: str, source_date_epoch: str,
                 csp: bool = True) -> LocaleBuild:
    """Build one locale with Zensical (which reads mkdocs.yml) in strict mode, then move its
    output (``site/`` next to the config) into the stage."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    project = Path(config_file).parent
    output = project / "site"
    shutil.rmtree(output, ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch, "TZ": "UTC"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "-s", "-c", "-f",
                           config_file], cwd=project, env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    messages = [line for line in (done.stdout + done.stderr).splitlines()
                if "warning" in line.lower() or "error" in line.lower()]
    if done.returncode != 0 or not output.is_dir():
        return LocaleBuild(locale, False, seconds, messages or [f"zensical exited with "
                                                                 f"{done.returncode}"])
    shutil.move(str(output), site_dir)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    return finish_locale(LocaleBuild(locale, not messages, seconds, messages), site_dir, csp)


ENGINES = {"mkdocs": run_mkdocs, "zensical": run_zensical}
"""Build engines: both read the same plain mkdocs.yml and Markdown."""
