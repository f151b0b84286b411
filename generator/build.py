"""``policysite build``: validate, then per locale on every core: render → check → MkDocs →
scan; then check links across locales and publish.

Locales whose generated project did not change since the last successful build are copied from
the published site instead of being rebuilt; when nothing changed, nothing is done at all.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
import shutil
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from generator import __version__
from generator.captions.lint import lint_merchant_texts, raise_on_errors
from generator.checks.html import check_outside_links, check_scans, scan_tree
from generator.csp import with_csp
from generator.errors import BuildError, ContentError, Problem
from generator.i18n import CatalogFiles
from generator.locale_tasks import LocaleJob, LocaleOutcome, Progress, Workers, fingerprint
from generator.mkdocs_project import write_base
from generator.mkdocs_runner import LocaleBuild
from generator.project import CONFIG_FILE, Project, load_project
from generator.publish import discard, make_stage, remove_stale, swap_into_place
from generator.render import all_site_pages, make_environment
from generator.root_pages import root_files as build_root_files
from generator.template_errors import template_problem

WORK_DIR = ".policysite"
_LOCALES_LINE = re.compile(r"(?m)^\s+locales:\s*\[([^\]\n]*)\]")
ASSETS = ("policysite.css",)


@dataclass
class BuildResult:
    """Figures for the summary line and the benchmark."""

    locales: int = 0
    markets: int = 0
    pages: int = 0
    generation_seconds: float = 0.0
    """What generation adds to the total: loading and checking, then its work on the workers."""
    mkdocs_seconds: float = 0.0
    """What the MkDocs builds (with their CSP and scan) add: their work on the workers."""
    generation_work: float = 0.0
    """Generation's own time, summed over the processes that did it."""
    mkdocs_work: float = 0.0
    """MkDocs builds' own time, summed over the worker processes."""
    total_seconds: float = 0.0
    rebuilt: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    up_to_date: bool = False
    fallbacks: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        if self.up_to_date:
            return (f"Site is up to date: {self.locales} locales, {self.markets} markets, "
                    f"{self.pages} pages in {self.total_seconds:.2f} seconds.")
        return (f"Built {self.locales} locales, {self.markets} markets, {self.pages} pages "
                f"in {self.total_seconds:.2f} seconds.")


def package_root() -> Path:
    """Where the bundled ``templates/`` and ``locales/`` live.

    In a source checkout (and an editable install) that is the repository; a wheel carries
    them in ``generator/bundled/`` (see pyproject.toml).
    """
    source = Path(__file__).resolve().parent.parent
    if (source / "templates" / "pages").is_dir():
        return source
    return Path(__file__).resolve().parent / "bundled"


def templates_dir_for(root: Path) -> Path:
    """A project's own ``templates/`` folder, else the bundled one."""
    own = root / "templates"
    return own if (own / "pages").is_dir() else package_root() / "templates"


def catalogs_for(root: Path) -> CatalogFiles:
    own = root / "locales"
    return CatalogFiles(root if own.is_dir() else package_root())


def source_date_epoch(project: Project) -> str:
    """Fixed build timestamp (sitemaps): the newest policy version's date, never the clock."""
    newest = project.versions[-1].effective
    moment = datetime.datetime.combine(newest, datetime.time(), tzinfo=datetime.UTC)
    return str(int(moment.timestamp()))


def _read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _site_manifest(site_dir: Path) -> str:
    """Cheap fingerprint of the published site (paths, sizes, modification times)."""
    if not site_dir.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(site_dir).as_posix()}:{stat.st_size}:"
                          f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _tool_versions() -> str:
    names = ("mkdocs", "mkdocs-material", "pymdown-extensions", "babel", "markdown")
    return ",".join(f"{name}={version(name)}" for name in names) + f",policysite={__version__}"


def _theme_css(project: Project) -> str:
    theme = project.site.theme
    # Colours are validated "#rrggbb" strings.
    return f":root{{--ps-primary:{theme.primary};--ps-accent:{theme.accent}}}\n"


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False,
               jobs: int | None = None, progress: Progress | None = None,
               force: bool = False, serve: bool = False, engine: str = "mkdocs"
               ) -> BuildResult:
    """Build the whole site into ``site_dir`` atomically; raise ``PolicySiteError`` on failure.

    ``serve`` marks a live-preview build, whose pages get the live-reload script injected.
    """
    started = time.perf_counter()
    make_environment.cache_clear()  # templates may have changed since the last build (serve)
    say = progress or (lambda message: None)
    root = Path(root).resolve()
    site_dir = (site_dir or root / "site").resolve()
    remove_stale(site_dir)
    state = _read_state(_state_path(root, site_dir))
    manifest_ok = site_dir.is_dir() and state.get("site") == _site_manifest(site_dir)
    inputs = _inputs_fingerprint(root, engine=engine, strict=strict, serve=serve)
    if not force and manifest_ok and state.get("inputs") == inputs:
        # Same inputs, same code, untouched site: nothing to validate, render or build.
        return _unchanged(state, time.perf_counter() - started)
    with Workers(jobs, templates_dir_for(root), _locales_hint(root)) as workers:
        # The workers warm up while the project loads.
        return _build_changed(root, site_dir, state, inputs, started, workers,
                              strict=strict, say=say, force=force, serve=serve, engine=engine)


def _build_changed(root: Path, site_dir: Path, state: dict[str, Any], inputs: str,
                   started: float, workers: Workers, *, strict: bool, say: Progress,
                   force: bool, serve: bool, engine: str) -> BuildResult:
    """Validate, run every locale's task, check the whole site and publish it."""
    work = root / WORK_DIR / "build"
    state_path = _state_path(root, site_dir)
    manifest_ok = site_dir.is_dir() and state.get("site") == _site_manifest(site_dir)
    project = load_project(root)
    catalogs = catalogs_for(root)
    merchant_captions = lint_merchant_texts(project, catalogs)
    result = BuildResult(locales=len(project.site.locales), markets=len(project.markets),
                         warnings=list(project.warnings))
    same_engine = state.get("engine", "mkdocs") == engine
    previous = state.get("locales", {}) if manifest_ok and same_engine and not force else {}
    templates = templates_dir_for(root)
    shared, assets = _write_shared(work, project, templates)
    try:
        root_files = build_root_files(project, templates)
    except TemplateError as exc:
        raise ContentError([template_problem(exc, root)]) from None
    root_fingerprint = fingerprint(root_files)
    stage = make_stage(site_dir)
    try:
        job = LocaleJob(project, work, templates, catalogs, all_site_pages(project), shared,
                        assets, strict, stage, source_date_epoch(project), engine,
                        csp=not serve, previous=previous,
                        build=not any(p.severity == "error" for p in merchant_captions))
        serial = time.perf_counter() - started
        outcomes = workers.run(job, say)
        _raise_problems(project, outcomes, merchant_captions)
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
        if (not builds and manifest_ok and same_engine
                and state.get("root") == root_fingerprint):
            # Something was edited without changing any page (a comment, say): remember the
            # new inputs so that the next build stops before generating.
            discard(stage)
            _write_state(state_path, {**state, "inputs": inputs, "warnings": [
                dataclasses.asdict(w) for w in result.warnings]})
            result.up_to_date = True
            result.reused = [o.locale for o in outcomes]
            result.total_seconds = time.perf_counter() - started
            return result
        result.rebuilt = sorted(b.locale for b in builds)
        result.reused = [o.locale for o in outcomes if o.reused]
        problems = _assemble(stage, site_dir, result.reused, builds, root_files, csp=not serve)
        if problems:
            raise BuildError(problems)
        swap_into_place(stage, site_dir)
    except BaseException:
        discard(stage)
        raise
    _write_state(state_path, {
        "inputs": inputs,
        "summary": {"locales": result.locales, "markets": result.markets,
                    "pages": result.pages},
        "warnings": [dataclasses.asdict(w) for w in result.warnings],
        "engine": engine,
        "locales": {o.locale: o.fingerprint for o in outcomes},
        "root": root_fingerprint,
        "site": _site_manifest(site_dir),
    })
    result.total_seconds = time.perf_counter() - started
    return result


def _write_shared(work: Path, project: Project, templates: Path
                  ) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Write what all locales' projects share; returns it (for fingerprints) and the assets
    each locale's docs get."""
    work.mkdir(parents=True, exist_ok=True)
    write_base(work, project, templates)
    shared = _read_tree(work / "overrides")
    shared["base.yml"] = (work / "base.yml").read_bytes()
    shared["versions"] = _tool_versions().encode()
    assets = {f"assets/{name}": (templates / "assets" / name).read_bytes() for name in ASSETS}
    assets["assets/policysite-theme.css"] = _theme_css(project).encode()
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
    problems, outside = check_scans(stage, scan_tree(stage, "", recursive=False))
    problems = [p for build in builds for p in build.problems] + problems
    return problems + check_outside_links(stage, outside + [
        link for build in builds for link in build.outside_links])


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


def _raise_problems(project: Project, outcomes: list[LocaleOutcome],
                    merchant_captions: list[Problem]) -> None:
    """Stop once with every problem the locales found: catalogs, captions, translations."""
    loading = [p for o in outcomes for p in o.errors]
    if loading:
        raise ContentError(loading)
    captions = sorted(set(merchant_captions).union(*(o.caption_problems for o in outcomes)))
    raise_on_errors(project, captions)
    untranslated = [p for o in outcomes for p in o.untranslated]
    if untranslated:
        raise BuildError(untranslated)


def _locales_hint(root: Path) -> int | None:
    """How many locales the config lists, at a glance (only to start no idle workers).

    Workers start before the project is loaded and validated; a config this misses just gets
    one worker per core.
    """
    config = root / CONFIG_FILE
    found = _LOCALES_LINE.search(config.read_text(encoding="utf-8", errors="replace")
                                 if config.is_file() else "")
    return len(found.group(1).split(",")) if found else None


def _state_path(root: Path, site_dir: Path) -> Path:
    """Where the last build into ``site_dir`` left its fingerprints (one file per output)."""
    site_key = hashlib.sha256(str(site_dir).encode()).hexdigest()[:12]
    return root / WORK_DIR / f"state-{site_key}.json"


def _inputs_fingerprint(root: Path, **options: object) -> str:
    """Hash of everything a build reads: project files, templates, catalogs, our code, tools."""
    digest = hashlib.sha256(repr(sorted(options.items())).encode())
    digest.update(_tool_versions().encode())
    sources = [root / "site_config.yml", root / "policies", templates_dir_for(root),
               catalogs_for(root).locales_dir, Path(__file__).resolve().parent]
    for source in sources:
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".mo":
                digest.update(file.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def _unchanged(state: dict[str, Any], seconds: float) -> BuildResult:
    summary = state.get("summary", {})
    result = BuildResult(locales=summary.get("locales", 0), markets=summary.get("markets", 0),
                         pages=summary.get("pages", 0), up_to_date=True, total_seconds=seconds)
    result.warnings = [Problem(**w) for w in state.get("warnings", [])]
    result.reused = sorted(state.get("locales", {}))
    return result


def _read_state(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
