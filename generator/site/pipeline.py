"""The build pipeline: validate, then per locale on every core: render → check → MkDocs →
scan; then check links across locales and publish atomically.

Locales whose generated project did not change since the last successful build are copied from
the published site instead of being rebuilt. (Whether anything changed at all is decided
before this module is imported: see ``generator.site.build``.)
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import time
from pathlib import Path

from jinja2 import TemplateError

from generator.captions.lint import lint_merchant_texts, raise_on_errors
from generator.errors import BuildError, ContentError, Problem
from generator.facts.pages import KIT_KINDS
from generator.facts.site import SiteFacts, load_and_resolve
from generator.i18n.locales import locale_table
from generator.layout import CONFIG_FILE, WORK_DIR, catalogs_for, templates_dir_for
from generator.project.validate import strict_translations
from generator.render.markdown import make_environment
from generator.render.root import root_files as build_root_files
from generator.render.template_errors import template_problem
from generator.site.csp import with_csp
from generator.site.engines import LocaleBuild
from generator.site.html_scan import (
    Origins,
    check_outside_links,
    check_scans,
    files_below,
    point_at_sources,
    scan_tree,
)
from generator.site.locale_task import (
    LocaleJob,
    LocaleOutcome,
    fingerprint,
    run_locales,
    start_workers,
)
from generator.site.mkdocs_project import write_base
from generator.site.publish import Stage, interrupts_deferred
from generator.site.request import BuildRequest
from generator.site.state import (
    BuildResult,
    RunState,
    site_manifest,
    state_path,
    tool_versions,
    write_state,
)
from generator.site.timings import Timings
from generator.site.timings import report as report_timings
from generator.workers import Workers

_LOCALES_LINE = re.compile(r"(?m)^\s+locales:\s*\[([^\]\n]*)\]")
ASSETS = ("policysite.css",)


def _read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _theme_css(facts: SiteFacts) -> str:
    theme = facts.site.theme
    # Colours are validated "#rrggbb" strings.
    return f":root{{--ps-primary:{theme.primary};--ps-accent:{theme.accent}}}\n"


def build_changed(request: BuildRequest, run: RunState) -> BuildResult:
    """Validate, run every locale's task, check the whole site and publish it.

    ``run``: what the up-to-date check found, and when the build began (its check counts as
    generation; importing this module is in the total only).
    """
    make_environment.cache_clear()  # templates may have changed since the last build (serve)
    serial_start = time.perf_counter() - run.checked
    root = request.root
    with start_workers(request.jobs, templates_dir_for(root), _locales_hint(root)) as workers:
        # The workers warm up while the project loads.
        return _run(request, run, workers, serial_start)


def _run(request: BuildRequest, run: RunState, workers: Workers, serial_start: float
         ) -> BuildResult:
    """Load and check the project, run the locales' tasks, assemble, publish, store state.

    ``serial_start``: when generation's serial part began (the pipeline import left out).
    """
    root, site_dir, state, engine = request.root, request.site_dir, run.state, request.engine
    work = root / WORK_DIR / "build"
    timings = Timings()
    project, facts = load_and_resolve(root)
    # --strict: the missing translations ``check`` warns about are errors, with the same lines.
    warnings, untranslated = (strict_translations(project.warnings) if request.strict
                              else (project.warnings, []))
    catalogs = catalogs_for(root)
    merchant_captions = lint_merchant_texts(facts, project.marks, catalogs)
    timings.lap("load and check")
    result = BuildResult(locales=len(facts.site.locales), markets=len(facts.markets),
                         warnings=list(warnings))
    same_engine = state.get("engine", "mkdocs") == engine
    previous = (state.get("locales", {}) if run.published and same_engine and not request.force
                else {})
    templates = templates_dir_for(root)
    shared, assets = write_shared(work, facts, templates)
    try:
        root_files = build_root_files(facts, templates, kit_only=request.kit_only)
    except TemplateError as exc:
        raise ContentError([template_problem(exc, root)]) from None
    root_fingerprint = fingerprint(root_files)
    timings.lap("shared and root files")
    stage: Stage | None = None
    try:
        with interrupts_deferred():  # a stage made is a stage removed, whenever Ctrl-C comes
            stage = Stage(site_dir)
        job = LocaleJob(facts, project.marks, root, work, templates, catalogs, shared,
                        assets, request.strict, stage.path, facts.source_date_epoch(), engine,
                        csp=not request.serve, previous=previous,
                        build=not untranslated and not any(p.severity == "error"
                                                           for p in merchant_captions),
                        locales=locale_table(),
                        kinds=KIT_KINDS if request.kit_only else None)
        serial = time.perf_counter() - serial_start
        outcomes = run_locales(workers, job, request.say)
        timings.lap("waiting for the locales")
        raise_problems(warnings, untranslated, outcomes, merchant_captions)
        result.warnings += sorted(set(merchant_captions).union(
            *(o.caption_problems for o in outcomes)))
        result.warnings += [w for o in outcomes for w in o.warnings]
        result.fallbacks = {o.locale: o.fallbacks for o in outcomes}
        result.pages = sum(o.pages for o in outcomes)
        _time_phases(result, outcomes, serial, min(workers.count, len(outcomes)))
        builds = [o.build for o in outcomes if o.build is not None]
        failed = [b for b in builds if not b.ok]
        if failed:
            raise BuildError([Problem(f"{WORK_DIR}/build/{b.locale}/mkdocs.yml",
                                      message=f"MkDocs: {message}")
                              for b in failed for message in (b.warnings or ["build failed"])])
        if (not builds and run.published and same_engine
                and state.get("root") == root_fingerprint):
            # Something was edited without changing any page (a comment, say): remember the
            # new inputs so that the next build stops before generating.
            stage.discard()
            write_state(state_path(root, site_dir), {**state, "inputs": run.inputs, "warnings": [
                dataclasses.asdict(w) for w in result.warnings]})
            result.up_to_date = True
            result.reused = [o.locale for o in outcomes]
            result.total_seconds = time.perf_counter() - run.started
            return result
        result.rebuilt = sorted(b.locale for b in builds)
        result.reused = [o.locale for o in outcomes if o.reused]
        problems = _assemble(stage.path, site_dir, result.reused, builds, root_files,
                             csp=not request.serve)
        timings.lap("assemble, check links")
        if problems:  # named by the files they came from: the pages are not published
            raise BuildError(point_at_sources(problems, Origins(
                root, stage.path, site_dir, work, templates, tuple(facts.pages))))
        with interrupts_deferred():  # the new site and the state that describes it, together
            stage.publish()
            write_state(state_path(root, site_dir), {
                "inputs": run.inputs,
                "summary": {"locales": result.locales, "markets": result.markets,
                            "pages": result.pages},
                "warnings": [dataclasses.asdict(w) for w in result.warnings],
                "engine": engine,
                "kit_only": request.kit_only,  # a kit build never replaces a customer site
                "policy_version": facts.newest.id,  # for check's "never built" warning
                "locales": {o.locale: o.fingerprint for o in outcomes},
                "root": root_fingerprint,
                "site": site_manifest(site_dir),
            })
        timings.lap("publish")
        report_timings(timings, [o.timings for o in outcomes])
    except BaseException as exc:
        # The workers first: a worker still running MkDocs would write into a removed stage.
        workers.close(kill=not isinstance(exc, Exception))
        if stage is not None:
            stage.discard()
        raise
    result.total_seconds = time.perf_counter() - run.started
    return result


def write_shared(work: Path, facts: SiteFacts, templates: Path
                  ) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Write what all locales' projects share; returns it (for fingerprints) and the assets
    each locale's docs get."""
    work.mkdir(parents=True, exist_ok=True)
    write_base(work, facts, templates)
    shared = _read_tree(work / "overrides")
    shared["base.yml"] = (work / "base.yml").read_bytes()
    shared["versions"] = tool_versions().encode()
    assets = {f"assets/{name}": (templates / "assets" / name).read_bytes() for name in ASSETS}
    assets["assets/policysite-theme.css"] = _theme_css(facts).encode()
    return shared, assets


def _assemble(stage: Path, site_dir: Path, reused: list[str], builds: list[LocaleBuild],
              root_files: dict[str, bytes], csp: bool) -> list[Problem]:
    """Complete the stage (reused locales, the root pages) and check what spans locales."""
    for locale in reused:
        shutil.copytree(site_dir / locale, stage / locale)
    for name, content in root_files.items():
        target = stage / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    for page in sorted(stage.glob("*.html")):  # the root language picker
        if csp:  # not for `serve`: its live-reload script is inline and must run
            page.write_text(with_csp(page.read_text(encoding="utf-8")), encoding="utf-8")
    # Each locale's pages were scanned, and their links inside the locale checked, by its
    # worker (reused locales when they were built); what is left needs the whole site.
    files = files_below(stage)  # one walk of the whole site for both checks
    problems, outside = check_scans(stage, scan_tree(stage, "", recursive=False), files=files)
    problems = [p for build in builds for p in build.problems] + problems
    return problems + check_outside_links(stage, outside + [
        link for build in builds for link in build.outside_links], files)


def _time_phases(result: BuildResult, outcomes: list[LocaleOutcome], serial: float,
                 workers: int) -> None:
    """Split the time into generation and MkDocs, by the work each did.

    The two overlap on the workers (one locale renders while another builds), so neither can
    be read off the clock: each figure is its work spread over the workers, which is what it
    adds to the total when every core is busy. Loading and checking before the workers start
    count fully as generation.
    """
    result.generation_work = serial + sum(o.generation_seconds for o in outcomes)
    result.mkdocs_work = sum(o.mkdocs_seconds for o in outcomes)
    result.generation_seconds = serial + (result.generation_work - serial) / workers
    result.mkdocs_seconds = result.mkdocs_work / workers


def raise_problems(warnings: list[Problem], untranslated: list[Problem],
                   outcomes: list[LocaleOutcome], merchant_captions: list[Problem]) -> None:
    """Stop once with every problem found: catalogs, captions, translations (``--strict``)."""
    loading = [p for o in outcomes for p in o.errors]
    if loading:  # as ``check`` reports them: the project's warnings first
        raise ContentError([*warnings, *untranslated, *loading])
    captions = sorted(set(merchant_captions).union(*(o.caption_problems for o in outcomes)))
    raise_on_errors([*warnings, *untranslated], captions)
    if untranslated:
        raise BuildError([*warnings, *captions, *untranslated])


def _locales_hint(root: Path) -> int | None:
    """How many locales the config lists, at a glance (only to start no idle workers).

    Workers start before the project is loaded and validated; a config this misses just gets
    one worker per core.
    """
    config = root / CONFIG_FILE
    found = _LOCALES_LINE.search(config.read_text(encoding="utf-8", errors="replace")
                                 if config.is_file() else "")
    return len(found.group(1).split(",")) if found else None
