"""Load a merchant project (``site_config.yml`` + ``policies/``) into one validated model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, Problem, ProblemCollector, UsageError
from generator.layout import CONFIG_FILE
from generator.model.catalog import (
    CategoriesFile,
    Category,
    Hub,
    HubsFile,
    PolicyVersion,
    VersionsFile,
)
from generator.model.localized import is_localized_path
from generator.model.market import Market
from generator.model.site import SiteConfig, SiteSettings
from generator.model.types import country_problem
from generator.project.problems import problems_from_validation_error
from generator.source.loading import Document, FieldPath, Mark, load_yaml

POLICIES = "policies"
MAX_MARKETS = 250

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Project:
    """Everything the merchant wrote, typed and checked. Markets are sorted by country code."""

    root: Path
    config: SiteConfig
    categories: dict[str, Category]
    hubs: dict[str, Hub]
    versions: list[PolicyVersion]
    markets: dict[str, Market]
    marks: dict[FieldPath, Mark] = field(repr=False, compare=False)
    warnings: list[Problem] = field(default_factory=list, compare=False)
    notices: list[Problem] = field(default_factory=list, compare=False)
    """About policysite's own rule data used by this project (``check`` shows them)."""

    @property
    def site(self) -> SiteSettings:
        return self.config.site


def _display(root: Path, file: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def _load(root: Path, relative: str, collector: ProblemCollector, required: bool = True
          ) -> Document | None:
    file = root / relative
    if not file.is_file():
        if required:
            collector.add(Problem(relative, message="file is missing",
                                  hint="run 'policysite init' to see a complete example"))
        return None
    try:
        return load_yaml(file, relative)
    except ContentError as exc:
        collector.extend(exc.problems)
        return None


def _copy_marks(value: Any, source: dict[FieldPath, Mark], src_path: FieldPath,
                target: dict[FieldPath, Mark], dst_path: FieldPath) -> None:
    if src_path in source:
        target[dst_path] = source[src_path]
    if isinstance(value, dict):
        for key, item in value.items():
            _copy_marks(item, source, (*src_path, key), target, (*dst_path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _copy_marks(item, source, (*src_path, index), target, (*dst_path, index))


def merge_documents(base: Document | None, over: Document, prefix: FieldPath,
                    marks: dict[FieldPath, Mark], model: type[BaseModel] = Market) -> Any:
    """Deep-merge ``over`` onto ``base`` (mappings merge, everything else replaces).

    A localized text of ``model`` replaces the base's as a whole, so no stale translation of
    the default text survives. Marks of each merged value point at the file that supplied it,
    under ``prefix``.
    """
    base_marks = base.marks if base else {}

    def merge(b: Any, o: Any, path: FieldPath) -> Any:
        if isinstance(b, dict) and isinstance(o, dict) and not _replaces_whole(model, o, path):
            result: dict[str, Any] = {}
            for key in [*b, *(k for k in o if k not in b)]:
                if key in o and key in b:
                    result[key] = merge(b[key], o[key], (*path, key))
                elif key in o:
                    result[key] = o[key]
                    _copy_marks(o[key], over.marks, (*path, key), marks, (*prefix, *path, key))
                else:
                    result[key] = b[key]
                    _copy_marks(b[key], base_marks, (*path, key), marks, (*prefix, *path, key))
            source = over.marks if path in over.marks else base_marks
            if path in source:
                marks[(*prefix, *path)] = source[path]
            return result
        if o is None and b is not None:  # `key:` with nothing after it means "not given"
            _copy_marks(b, base_marks, path, marks, (*prefix, *path))
            return b
        _copy_marks(o, over.marks, path, marks, (*prefix, *path))
        return o

    if base is None or base.data is None:
        _copy_marks(over.data, over.marks, (), marks, prefix)
        return over.data
    return merge(base.data, over.data, ())


def _replaces_whole(model: type[BaseModel], value: dict[str, Any], path: FieldPath) -> bool:
    """A translation replaces the default's as a whole; the model's type says which mappings
    are translations. An empty mapping adds nothing, so it merges like any other."""
    return bool(value) and is_localized_path(model, path)


def _validate(model: type[M], data: Any, prefix: FieldPath, marks: dict[FieldPath, Mark],
              shown_path: str, collector: ProblemCollector) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        collector.extend(problems_from_validation_error(exc, model, prefix, marks, shown_path))
        return None


def load_project(root: Path) -> Project:
    """Load and validate the whole project, reporting every problem at once."""
    from generator.project.validate import check_project  # cross-file rules live in one place

    root = Path(root)
    if not (root / CONFIG_FILE).is_file():
        raise UsageError(f"no {CONFIG_FILE} in {root}; run 'policysite init {root}' to start one")
    collector = ProblemCollector()
    marks: dict[FieldPath, Mark] = {}

    def load_top(relative: str, model: type[M]) -> M | None:
        doc = _load(root, relative, collector)
        if doc is None:
            return None
        marks.update(doc.marks)
        return _validate(model, doc.data, (), doc.marks, relative, collector)

    config = load_top(CONFIG_FILE, SiteConfig)
    categories = load_top(f"{POLICIES}/categories.yml", CategoriesFile)
    hubs = load_top(f"{POLICIES}/hubs.yml", HubsFile)
    versions = load_top(f"{POLICIES}/versions.yml", VersionsFile)
    markets = _load_markets(root, marks, collector)
    collector.raise_if_any()
    assert config and categories and hubs and versions and markets is not None
    project = Project(root=root, config=config, categories=categories.categories,
                      hubs=hubs.hubs, versions=versions.versions, markets=markets, marks=marks)
    collector.extend(check_project(project))
    collector.raise_if_any()
    project.warnings.extend(sorted(collector.warnings))
    project.notices.extend(sorted(collector.notices))
    return project


def _load_markets(root: Path, marks: dict[FieldPath, Mark], collector: ProblemCollector
                  ) -> dict[str, Market]:
    defaults = _load(root, f"{POLICIES}/defaults.yml", collector, required=False)
    market_dir = root / POLICIES / "markets"
    files = sorted(market_dir.glob("*.yml")) if market_dir.is_dir() else []
    if not files:
        collector.add(Problem(f"{POLICIES}/markets", message="no market files (xx.yml) found",
                              hint="add one file per country, e.g. policies/markets/de.yml"))
    if len(files) > MAX_MARKETS:
        collector.add(Problem(f"{POLICIES}/markets", message=f"more than {MAX_MARKETS} markets"))
        return {}
    markets: dict[str, Market] = {}
    for file in files:
        shown = _display(root, file)
        stem = file.stem
        if not re.fullmatch(r"[a-z]{2}", stem, re.ASCII):
            collector.add(Problem(shown, message="market files are named by their lower-case "
                                  "ISO 3166-1 code", hint="e.g. de.yml, gb.yml"))
            continue
        code = stem.upper()
        problem = country_problem(code)
        if problem:
            collector.add(Problem(shown, 1, 1, f"markets.{code}", problem.replace(
                "(did you mean", "(rename the file; did you mean")))
            continue
        doc = _load(root, shown, collector)
        if doc is None:
            continue
        prefix: FieldPath = ("markets", code)
        data = merge_documents(defaults, doc, prefix, marks, Market)
        market = _validate(Market, data, prefix, marks, shown, collector)
        if market is not None:
            markets[code] = market
    return dict(sorted(markets.items()))
