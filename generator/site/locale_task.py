"""One locale's work (render, check, write, fingerprint, build) and the workers that do it.

Each locale is one task: generation and MkDocs run in the same worker, so one locale renders
while another builds and no core waits for the slowest locale between two phases. Workers
(``generator.workers``) are forked as soon as a build starts and import MkDocs and compile the
page templates while the main process loads and validates the project.
"""

from __future__ import annotations

import hashlib
import importlib
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.support import Translations
from jinja2 import TemplateError

from generator.captions.lint import Marks, lint_kits
from generator.errors import ContentError, Problem
from generator.facts.site import SiteFacts
from generator.i18n.catalogs import CatalogFiles, load_translations
from generator.i18n.checks import check_catalogs
from generator.i18n.locales import LocaleTable, use_locale_table
from generator.render.markdown import make_environment, render_locale_pages
from generator.render.memo import FactsKey, RenderMemo
from generator.render.template_errors import template_problem
from generator.site.engines import ENGINES, LocaleBuild
from generator.site.kept import load_kept, save_kept
from generator.site.mkdocs_project import MARKDOWN_EXTENSIONS, write_locale_project
from generator.site.request import Progress
from generator.site.timings import Timings
from generator.workers import Workers


@dataclass
class LocaleJob:
    """What every locale's task needs (pickled once per build for the workers)."""

    facts: SiteFacts
    marks: Marks
    """Where each value was written, for caption problems."""
    root: Path
    work: Path
    templates: Path
    catalogs: CatalogFiles
    shared: dict[str, bytes]
    """Files every locale's project uses (theme overrides, base.yml), for the fingerprints."""
    assets: dict[str, bytes]
    strict: bool
    stage: Path
    epoch: str
    engine: str
    csp: bool
    previous: dict[str, str]
    """Fingerprints of the locales in the published site that may be reused."""
    build: bool
    """False when the build is already known to fail: generate and check only."""
    locales: LocaleTable
    """The project's locale table: workers were forked before the project was loaded."""
    kinds: frozenset[str] | None = None
    """The page kinds to build (``build --kit-only``); None: every page."""
    memo_key: FactsKey | None = None
    """The preview's (``render.memo``): pages whose markets this key says did not change are
    taken from the locale's earlier renders, kept in ``work/cache``; None: render every page."""


@dataclass
class LocaleOutcome:
    """What one locale's task did (picklable, returned from workers)."""

    locale: str
    pages: int = 0
    fingerprint: str = ""
    fallbacks: int = 0
    errors: list[Problem] = field(default_factory=list)
    """Problems in the locale's catalog or the templates."""
    warnings: list[Problem] = field(default_factory=list)
    caption_problems: list[Problem] = field(default_factory=list)
    generation_seconds: float = 0.0
    mkdocs_seconds: float = 0.0
    reused: bool = False
    """Unchanged since the published build, which is copied instead."""
    structured: dict[str, str] = field(default_factory=dict)
    """Each page's JSON-LD, by source."""
    bare_fingerprint: str = ""
    """With a memo: the fingerprint of the project with its pages' JSON-LD left out."""
    build: LocaleBuild | None = None
    """None when the locale was not built (reused, or the build is failing anyway)."""
    timings: Timings = field(default_factory=Timings)
    """Seconds per phase, in the process that ran the task (``generator.site.timings``)."""

    @property
    def failing(self) -> bool:
        return bool(self.errors or any(p.severity == "error" for p in self.caption_problems))

    def progress_line(self, done: int, total: int) -> str:
        if self.build is None:
            status = ("failed checks" if self.failing else "unchanged" if self.reused
                      else "checked, not built")
            return f"[{done}/{total}] {self.locale}: {status}"
        status = "ok" if self.build.ok else "FAILED"
        return f"[{done}/{total}] {self.locale}: {status} in {self.build.seconds:.1f} s"


def fingerprint(files: dict[str, bytes]) -> str:
    """One hash of named contents, whatever order they come in."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def run_locale(job: LocaleJob, locale: str) -> LocaleOutcome:
    """Generate one locale's project, then build it unless it is unchanged or failing."""
    started = time.perf_counter()
    use_locale_table(job.locales)
    outcome = LocaleOutcome(locale)
    config = _generate(job, outcome)
    outcome.generation_seconds = time.perf_counter() - started
    if config is None or outcome.failing or not job.build:
        return outcome
    outcome.reused = job.previous.get(locale) == outcome.fingerprint
    if outcome.reused:
        return outcome
    started = time.perf_counter()
    run = ENGINES[job.engine]
    outcome.build = run(locale, str(config), str(job.stage / locale), job.epoch, job.csp)
    outcome.mkdocs_seconds = time.perf_counter() - started
    for phase, seconds in outcome.build.phases.items():
        outcome.timings.add(phase, seconds)
    return outcome


def _generate(job: LocaleJob, outcome: LocaleOutcome) -> Path | None:
    """Write the locale's MkDocs project and fingerprint it; None if it cannot be rendered."""
    locale = outcome.locale
    found = check_catalogs(job.catalogs, [locale], include_warnings=True)
    outcome.errors = [p for p in found if p.severity == "error"]
    if outcome.errors:
        return None
    outcome.warnings = [p for p in found if p.severity != "error"]  # e.g. a non-CLDR plural
    outcome.timings.lap("catalogs")
    try:
        translations = load_translations(job.catalogs, locale)
    except ContentError as exc:
        if job.strict or not all(p.message.startswith("no catalog") for p in exc.problems):
            outcome.errors = exc.problems
            return None
        outcome.warnings += [replace(p, severity="warning") for p in exc.problems]
        translations = Translations()
    memo_file = job.work / "cache" / f"{locale}.render.pickle"
    memo = None if job.memo_key is None else RenderMemo(
        job.memo_key, load_kept(memo_file, dict) or {})
    try:
        rendered = render_locale_pages(job.facts, locale, job.templates, translations,
                                       job.kinds, memo)
    except TemplateError as exc:  # a project's own templates are the user's to fix
        outcome.errors = [template_problem(exc, job.root)]
        return None
    if memo is not None:
        save_kept(memo_file, memo.for_next_build())
    outcome.timings.lap("render pages")
    outcome.caption_problems = lint_kits(job.facts, job.marks, job.catalogs, rendered.kits)
    outcome.timings.lap("caption lint")
    outcome.fallbacks = len(rendered.fallbacks)
    config = write_locale_project(job.work, job.facts, locale, rendered.files,
                                  rendered.titles, job.assets, job.kinds)
    tree = {name: text.encode() for name, text in rendered.files.items()}
    tree.update(job.assets)
    tree["mkdocs.yml"] = config.read_bytes()
    tree.update({f"shared/{name}": content for name, content in job.shared.items()})
    outcome.fingerprint = fingerprint(tree)
    outcome.structured = rendered.structured
    if memo is not None:
        outcome.bare_fingerprint = fingerprint(
            {**tree, **{name: text.encode() for name, text in rendered.bare.items()}})
    outcome.pages = len(rendered.files)
    outcome.timings.lap("write project")
    return config


def start_workers(jobs: int | None, templates: Path, tasks: int | None = None) -> Workers:
    """Fork the build's workers now, to import MkDocs and compile templates while the project
    loads; with one worker (``-j 1`` or one core) tasks run in this process instead."""
    return Workers(jobs, tasks, warm_up=_warm_up, warm_up_args=(str(templates),)).start()


def run_locales(workers: Workers, job: LocaleJob, say: Progress) -> list[LocaleOutcome]:
    """Every locale's outcome, in site order; says each one as it finishes.

    The locales with the most pages start first, so that no core is left idle at the end
    while the last, largest locale builds alone.
    """
    locales = list(job.facts.site.locales)
    pages = Counter(page.locale for page in job.facts.pages
                    if job.kinds is None or page.kind in job.kinds)
    largest_first = sorted(locales, key=lambda locale: -pages[locale])  # stable: site order
    outcomes: list[LocaleOutcome] = []
    for outcome in workers.run(run_locale, job, largest_first):
        outcomes.append(outcome)
        say(outcome.progress_line(len(outcomes), len(locales)))
    return sorted(outcomes, key=lambda outcome: locales.index(outcome.locale))


def _warm_up(templates: str) -> None:
    """Worker initializer: import MkDocs and compile the page templates ahead of the tasks.

    Best effort: whatever fails here fails again, and is reported, in the task itself.
    """
    try:
        importlib.import_module("mkdocs.commands.build")
        importlib.import_module("material.plugins.search.plugin")
        for extension in MARKDOWN_EXTENSIONS:
            name = extension if isinstance(extension, str) else next(iter(extension))
            importlib.import_module(name if "." in name else f"markdown.extensions.{name}")
        env = make_environment(templates)
        for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
            env.get_template(name)
    except Exception:  # see the docstring
        pass
