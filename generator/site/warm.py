"""Warm rebuilds for ``policysite serve``: after an edit, redo only what the edit can change.

``policysite build`` starts from nothing in a fresh process; the preview lives on between
edits, so it keeps, in this process:

- the earlier versions' projects (``policies/archive/``, loaded again only when their files,
  the site config, the language table or ``versions.yml`` change); the current project is
  loaded and checked every time, its unchanged markets' models reused (``project.load``);
- per locale, the pages, titles and caption kits rendered before, each with the markets it
  read (``render.memo``): a page is rendered again when one of them, or what all pages share,
  changed;
- each published locale's fingerprints: a locale rendered the same is not built; one whose
  pages changed only in their JSON-LD is its published pages with that replaced
  (``site.patch``);
- per locale, MkDocs' work on unchanged pages (``generator.site.warm_mkdocs``).

Each rebuild stages the whole site (unchanged locales as hard links to the published files),
checks it as ``build`` does and swaps it in; a failing one leaves the last good site served
and raises ``PolicySiteError`` with the problems. Output is the same as ``policysite build
--serve`` would give: ``tests/test_serve_warm.py`` compares the two.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import time
from pathlib import Path

from jinja2 import TemplateError

from generator.captions.lint import lint_merchant_texts
from generator.errors import BuildError, ContentError, Problem
from generator.facts.site import SiteFacts, resolve_site
from generator.facts.versions import note_problems
from generator.i18n.locales import locale_table
from generator.layout import CONFIG_FILE, catalogs_for, locale_table_for, templates_dir_for
from generator.project.archive import load_archives
from generator.project.load import Project, load_project
from generator.render.markdown import make_environment
from generator.render.memo import facts_key
from generator.render.root import root_files as build_root_files
from generator.render.template_errors import template_problem
from generator.site.engines import LocaleBuild
from generator.site.html_scan import (
    Origins,
    check_outside_links,
    check_scans,
    point_at_sources,
    scan_tree,
)
from generator.site.kept import save_kept
from generator.site.locale_task import (
    LocaleJob,
    LocaleOutcome,
    fingerprint,
    run_locale,
    start_workers,
)
from generator.site.patch import patch_structured_data
from generator.site.pipeline import raise_problems, write_shared
from generator.site.publish import Stage
from generator.site.state import BuildResult
from generator.site.timings import Timings
from generator.site.timings import report as report_timings
from generator.site.warm_mkdocs import build_locale, load_cache
from generator.workers import Workers


def tree_digest(*paths: Path) -> str:
    """One hash of every file under ``paths`` (names and contents; compiled catalogs left out,
    as the build's inputs fingerprint leaves them out)."""
    digest = hashlib.sha256()
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in files:
            if file.is_file() and file.suffix != ".mo":
                digest.update(file.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclasses.dataclass
class Published:
    """What a published locale was made from, and the build that made it."""

    fingerprint: str
    bare_fingerprint: str
    """Its project's, with the pages' JSON-LD left out."""
    structured: dict[str, str]
    """Its pages' JSON-LD, by source."""
    build: LocaleBuild


@dataclasses.dataclass
class WarmJob:
    """What every locale's task needs in one rebuild (sent once to each worker)."""

    job: LocaleJob
    """Generation's inputs (``job.build`` is False: the task builds, warm)."""
    build: bool
    """False when the rebuild is known to fail already: generate and check only."""
    previous: dict[str, Published]
    """The published locales: one rendered the same is not built; one whose pages changed
    only in their JSON-LD is made from its published pages (``site.patch``)."""
    shared: str
    """The fingerprint of what every locale's project shares (theme, base config, tools)."""
    site_dir: Path
    """The published site."""


def locale_task(warm: WarmJob, locale: str) -> LocaleOutcome:
    """Render one locale, then build it (into ``work/out/<locale>``) if its project changed;
    run in a worker, with the page cache from the locale's last build, whoever built it."""
    outcome = run_locale(warm.job, locale)
    if outcome.failing or not warm.build:
        return outcome
    published = warm.previous.get(locale)
    outcome.reused = published is not None and published.fingerprint == outcome.fingerprint
    if outcome.reused:
        return outcome
    started = time.perf_counter()
    work, epoch = warm.job.work, warm.job.epoch
    config = work / locale / "mkdocs.yml"
    out = work / "out" / locale
    cache_file = work / "cache" / f"{locale}.pickle"
    cache = load_cache(cache_file)
    if (published is not None and published.bare_fingerprint == outcome.bare_fingerprint
            and cache.holes and all(cache.holes.values())):  # the theme prints it verbatim
        outcome.build = patch_structured_data(warm.site_dir / locale, out, published.build,
                                              published.structured, outcome.structured)
        if outcome.build is not None:
            outcome.timings.add("JSON-LD replaced", time.perf_counter() - started)
            return outcome
    shutil.rmtree(out, ignore_errors=True)
    inputs = hashlib.sha256(config.read_bytes() + f"\0{warm.shared}\0{epoch}".encode())
    outcome.build = build_locale(locale, config, out, epoch, inputs.hexdigest(), cache)
    if outcome.build.ok:
        save_kept(cache_file, cache)
    outcome.mkdocs_seconds = time.perf_counter() - started
    for phase, seconds in outcome.build.phases.items():
        outcome.timings.add(phase, seconds)
    return outcome


@dataclasses.dataclass
class _Good:
    """The last build that was published."""

    sources: str
    """Templates and catalogs (``tree_digest``)."""
    outcomes: dict[str, LocaleOutcome]
    builds: dict[str, LocaleBuild]
    """The build of each published locale: its links to other locales (checked again whenever
    the site changes) and its files."""


class WarmSite:
    """Builds one project into one preview folder, again and again, keeping what it can."""

    def __init__(self, root: Path, site_dir: Path, work: Path, jobs: int | None = None
                 ) -> None:
        self.root = root.resolve()
        self.site_dir = site_dir.resolve()
        self.work = work.resolve()
        """Private to this preview: the locales' MkDocs projects and fresh builds."""
        self._good: _Good | None = None
        self._archives: tuple[str, dict[str, Project]] | None = None
        self._jobs = jobs
        self._workers: Workers | None = None
        self.last_timings: tuple[Timings, list[Timings]] | None = None
        """The last good rebuild's seconds per phase (``POLICYSITE_TIMINGS`` prints them)."""
        """Started by the first build (before the server's threads) and kept: each holds the
        theme's file list and compiled templates."""

    def close(self) -> None:
        """Stop the workers (the preview is over)."""
        if self._workers is not None:
            self._workers.close(kill=True)
            self._workers = None

    def build(self) -> BuildResult:
        """Rebuild what changed and publish it; raise ``PolicySiteError`` (the site untouched)
        when the project has problems."""
        started = time.perf_counter()
        timings = Timings()
        root, work = self.root, self.work
        templates, catalogs = templates_dir_for(root), catalogs_for(root)
        sources = tree_digest(templates, catalogs.locales_dir)
        good = self._good
        if good is None or good.sources != sources:
            make_environment.cache_clear()  # templates may have changed
        if self._workers is None:  # they import MkDocs and compile templates while we load
            self._workers = start_workers(self._jobs, templates)
        timings.lap("sources, workers")
        project, facts = self._load()
        timings.lap("load and check")
        merchant_captions = lint_merchant_texts(facts, project.marks, catalogs)
        timings.lap("caption lint")
        shared, assets = write_shared(work, facts, templates)
        try:
            root_files = build_root_files(facts, templates)
        except TemplateError as exc:
            raise ContentError([template_problem(exc, root)]) from None
        epoch = facts.source_date_epoch()
        locales_table = locale_table()
        job = LocaleJob(facts, project.marks, root, work, templates, catalogs, shared, assets,
                        strict=False, stage=work / "out", epoch=epoch, engine="mkdocs",
                        csp=False, previous={}, build=False, locales=locales_table,
                        memo_key=facts_key(facts, sources, locales_table))
        previous = {locale: Published(o.fingerprint, o.bare_fingerprint, o.structured,
                                      good.builds[locale])
                    for locale, o in good.outcomes.items()} if good else {}
        warm = WarmJob(job, not any(p.severity == "error" for p in merchant_captions),
                       previous, fingerprint(shared), self.site_dir)
        locales = list(facts.site.locales)
        timings.lap("shared and root files")
        done = {o.locale: o for o in self._workers.run(locale_task, warm, locales)}
        timings.lap("waiting for the locales")
        outcomes = {locale: done[locale] for locale in locales}
        raise_problems(project.warnings, [], list(outcomes.values()), merchant_captions)
        builds = {locale: o.build for locale, o in outcomes.items() if o.build is not None}
        failed = [b for b in builds.values() if not b.ok]
        if failed:
            raise BuildError([Problem(str(work / b.locale / "mkdocs.yml"),
                                      message=f"MkDocs: {message}")
                              for b in failed for message in (b.warnings or ["build failed"])])
        published = {locale: builds[locale] if locale in builds or good is None
                     else good.builds[locale] for locale in outcomes}
        self._publish(builds, published, root_files, facts)
        timings.lap("publish")
        self._good = _Good(sources, outcomes, published)
        self.last_timings = (timings, [o.timings for o in outcomes.values()])
        report_timings(*self.last_timings)
        result = BuildResult(locales=len(outcomes), markets=len(facts.markets),
                             pages=sum(o.pages for o in outcomes.values()),
                             rebuilt=sorted(builds),
                             patched=sorted(locale for locale, b in builds.items() if b.patched),
                             reused=[locale for locale in outcomes if locale not in builds])
        result.warnings = [*project.warnings, *sorted(set(merchant_captions).union(
            *(o.caption_problems for o in outcomes.values()))),
            *(w for o in outcomes.values() for w in o.warnings)]
        result.fallbacks = {locale: o.fallbacks for locale, o in outcomes.items()}
        result.total_seconds = time.perf_counter() - started
        return result

    def _load(self) -> tuple[Project, SiteFacts]:
        """``load_and_resolve``, with the earlier versions' projects kept while their inputs
        stay the same (loading them is most of the time the front half takes)."""
        root = self.root
        project = load_project(root)
        key = hashlib.sha256("\0".join([
            tree_digest(root / CONFIG_FILE, locale_table_for(root),
                        root / "policies" / "archive"),
            repr(project.versions)]).encode()).hexdigest()
        if self._archives is None or self._archives[0] != key:
            self._archives = (key, load_archives(project))
        facts = resolve_site(project, self._archives[1])
        project.warnings.extend(note_problems(project, facts.history))
        return project, facts

    def _publish(self, builds: dict[str, LocaleBuild], published: dict[str, LocaleBuild],
                 root_files: dict[str, bytes], facts: SiteFacts) -> None:
        """Stage the new site (new builds moved in, the other locales hard-linked from the
        published site), check what spans locales, swap it in."""
        stage = Stage(self.site_dir)
        try:
            for locale in published:
                target = stage.path / locale
                if locale in builds:
                    shutil.move(self.work / "out" / locale, target)  # a rename on one disk
                else:
                    shutil.copytree(self.site_dir / locale, target, copy_function=os.link)
            for name, content in root_files.items():
                (stage.path / name).parent.mkdir(parents=True, exist_ok=True)
                (stage.path / name).write_bytes(content)
            # The locales listed their files as they were built: no walk of the whole site.
            files = set(root_files).union(*(build.files for build in published.values()))
            problems, links = check_scans(stage.path, scan_tree(stage.path, "", recursive=False),
                                          files=files)
            problems = [p for b in builds.values() for p in b.problems] + problems
            problems += check_outside_links(stage.path, links + [
                link for build in published.values() for link in build.outside_links], files)
            if problems:
                raise BuildError(point_at_sources(problems, Origins(
                    self.root, stage.path, self.site_dir, self.work, templates_dir_for(self.root),
                    tuple(facts.pages))))
            stage.publish()
        except BaseException:
            stage.discard()
            raise
