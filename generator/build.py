"""``policysite build``: validate → render → MkDocs per locale in parallel → check → publish.

Locales whose generated project did not change since the last successful build are copied from
the published site instead of being rebuilt; when nothing changed, nothing is done at all.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from babel.support import Translations

from generator import __version__
from generator.captions.lint import check_captions
from generator.checks.catalogs import check_catalogs
from generator.checks.html import check_scans, scan_tree
from generator.csp import with_csp
from generator.errors import BuildError, ContentError, Problem
from generator.i18n import CatalogFiles, load_translations
from generator.mkdocs_project import write_base, write_locale_project
from generator.mkdocs_runner import ENGINES, LocaleBuild
from generator.pages import PageRef
from generator.project import Project, load_project
from generator.publish import discard, make_stage, remove_stale, swap_into_place
from generator.render import all_site_pages, make_environment, render_locale
from generator.root_pages import root_files as build_root_files

WORK_DIR = ".policysite"
ASSETS = ("policysite.css",)

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """Figures for the summary line and the benchmark."""

    locales: int = 0
    markets: int = 0
    pages: int = 0
    generation_seconds: float = 0.0
    mkdocs_seconds: float = 0.0
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
    """Where the bundled templates live (the repository or the installed package)."""
    return Path(__file__).resolve().parent.parent


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


def _hash_tree(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


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


@dataclass
class _Generated:
    locale: str
    config_file: Path
    fingerprint: str
    pages: int


@dataclass
class _LocaleJob:
    """Everything one locale's generation needs (shared with forked workers, not pickled)."""

    project: Project
    work: Path
    templates: Path
    catalogs: CatalogFiles
    pages: set[PageRef]
    shared: dict[str, bytes]
    assets: dict[str, bytes]
    strict: bool


_JOB: _LocaleJob | None = None


def _generate_locale(locale: str) -> tuple[_Generated, int, list[Problem]]:
    """Render, write and fingerprint one locale; returns its warnings (missing catalog)."""
    job = _JOB
    assert job is not None
    warnings: list[Problem] = []
    try:
        translations = load_translations(job.catalogs, locale)
    except ContentError as exc:
        if job.strict or not _only_missing(exc):
            raise
        warnings.extend(replace(p, severity="warning") for p in exc.problems)
        translations = Translations()
    files, titles, used_fallbacks = render_locale(job.project, locale, job.templates,
                                                  translations, job.pages)
    config = write_locale_project(job.work, job.project, locale, files, titles, job.assets)
    tree = {name: text.encode() for name, text in files.items()}
    tree.update(job.assets)
    tree["mkdocs.yml"] = config.read_bytes()
    fingerprint = _hash_tree({**tree, **{f"shared/{k}": v for k, v in job.shared.items()}})
    pages = sum(1 for p in job.pages if p.locale == locale)
    return _Generated(locale, config, fingerprint, pages), len(used_fallbacks), warnings


def generate_projects(project: Project, work: Path, strict: bool = False,
                      jobs: int | None = None
                      ) -> tuple[list[_Generated], dict[str, int], list[Problem]]:
    """Render every locale into ``work/<locale>/`` and fingerprint each project.

    Locales are independent, so with several cores they render in forked worker processes.
    """
    global _JOB
    root = project.root
    templates = templates_dir_for(root)
    work.mkdir(parents=True, exist_ok=True)
    write_base(work, project, templates)
    shared = _read_tree(work / "overrides")
    shared["base.yml"] = (work / "base.yml").read_bytes()
    shared["versions"] = _tool_versions().encode()
    assets = {f"assets/{name}": (templates / "assets" / name).read_bytes() for name in ASSETS}
    assets["assets/policysite-theme.css"] = _theme_css(project).encode()
    _JOB = _LocaleJob(project, work, templates, catalogs_for(root), all_site_pages(project),
                      shared, assets, strict)
    locales = list(project.site.locales)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(locales)))
    env = make_environment(str(templates))  # compile once; forked workers inherit the result
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        env.get_template(name)
    try:
        if workers == 1 or len(locales) < 4:
            results = [_generate_locale(locale) for locale in locales]
        else:
            with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
                results = list(pool.map(_generate_locale, locales))
    finally:
        _JOB = None
    generated = [generated for generated, _, _ in results]
    fallbacks = {g.locale: count for g, count, _ in results}
    warnings = [w for _, _, found in results for w in found]
    missing = [Problem("policies", message=f"{count} merchant texts have no {g.locale} "
                       "translation", hint="run 'policysite i18n status' to list them")
               for g, count, _ in results if strict and count]
    if missing:
        raise BuildError(missing)
    return generated, fallbacks, warnings


def _only_missing(exc: ContentError) -> bool:
    return all(p.message.startswith("no catalog") for p in exc.problems)


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
    say = progress or (lambda message: None)
    root = Path(root).resolve()
    site_dir = (site_dir or root / "site").resolve()
    work = root / WORK_DIR / "build"
    remove_stale(site_dir)
    site_key = hashlib.sha256(str(site_dir).encode()).hexdigest()[:12]
    state_path = root / WORK_DIR / f"state-{site_key}.json"
    state = _read_state(state_path)
    manifest_ok = site_dir.is_dir() and state.get("site") == _site_manifest(site_dir)
    inputs = _inputs_fingerprint(root, engine=engine, strict=strict, serve=serve)
    if not force and manifest_ok and state.get("inputs") == inputs:
        # Same inputs, same code, untouched site: nothing to validate, render or build.
        return _unchanged(state, time.perf_counter() - started)
    project = load_project(root)
    caption_warnings = check_captions(project, catalogs_for(root))  # errors stop the build
    catalog_problems = check_catalogs(catalogs_for(root), project.site.locales)
    if catalog_problems:
        raise ContentError(catalog_problems)
    result = BuildResult(locales=len(project.site.locales), markets=len(project.markets),
                         warnings=list(project.warnings))
    result.warnings += caption_warnings

    generated, result.fallbacks, catalog_warnings = generate_projects(project, work, strict, jobs)
    result.warnings += catalog_warnings
    result.pages = sum(g.pages for g in generated)
    result.generation_seconds = time.perf_counter() - started

    same_engine = state.get("engine", "mkdocs") == engine
    previous = state.get("locales", {}) if manifest_ok and same_engine else {}
    to_build = [g for g in generated if force or previous.get(g.locale) != g.fingerprint]
    root_files = build_root_files(project, templates_dir_for(root))
    root_fingerprint = _hash_tree(root_files)
    if (not to_build and manifest_ok and same_engine
            and state.get("root") == root_fingerprint):
        result.up_to_date = True
        result.reused = [g.locale for g in generated]
        result.total_seconds = time.perf_counter() - started
        return result

    stage = make_stage(site_dir)
    try:
        mkdocs_started = time.perf_counter()
        builds = _run_builds(to_build, stage, source_date_epoch(project), jobs, say, engine,
                             csp=not serve)
        result.mkdocs_seconds = time.perf_counter() - mkdocs_started
        failed = [b for b in builds if not b.ok]
        if failed:
            raise BuildError([Problem(f"{WORK_DIR}/build/{b.locale}/mkdocs.yml",
                                      message=f"MkDocs: {message}")
                              for b in failed for message in (b.warnings or ["build failed"])])
        rebuilt = {g.locale for g in to_build}
        for g in generated:
            if g.locale not in rebuilt:
                shutil.copytree(site_dir / g.locale, stage / g.locale)
                result.reused.append(g.locale)
        result.rebuilt = sorted(rebuilt)
        for name, content in root_files.items():
            target = stage / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        scans = {name: scan for build in builds for name, scan in build.scans.items()}
        for page in sorted(stage.glob("*.html")):  # the root language picker
            if not serve:  # the live-reload script of `serve` is inline and must run
                page.write_text(with_csp(page.read_text(encoding="utf-8")), encoding="utf-8")
        scans.update(scan_tree(stage, "", recursive=False))
        # Reused locales were scanned when they were built; links into them are still checked.
        problems = check_scans(stage, scans)
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
        "locales": {g.locale: g.fingerprint for g in generated},
        "root": root_fingerprint,
        "site": _site_manifest(site_dir),
    })
    result.total_seconds = time.perf_counter() - started
    return result


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


def _run_builds(to_build: list[_Generated], stage: Path, epoch: str, jobs: int | None,
                say: Progress, engine: str = "mkdocs", csp: bool = True) -> list[LocaleBuild]:
    if not to_build:
        return []
    run = ENGINES[engine]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(to_build)))
    results: list[LocaleBuild] = []
    if workers == 1:
        for g in to_build:
            results.append(run(g.locale, str(g.config_file), str(stage / g.locale), epoch, csp))
            say(_progress_line(results[-1], len(results), len(to_build)))
        return results
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        futures = [pool.submit(run, g.locale, str(g.config_file), str(stage / g.locale),
                               epoch, csp) for g in to_build]
        for future in as_completed(futures):
            results.append(future.result())
            say(_progress_line(results[-1], len(results), len(to_build)))
    return sorted(results, key=lambda b: b.locale)


def _progress_line(build: LocaleBuild, done: int, total: int) -> str:
    status = "ok" if build.ok else "FAILED"
    return f"[{done}/{total}] {build.locale}: {status} in {build.seconds:.1f} s"


def _read_state(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
