"""Load a merchant project (``site_config.yml`` + ``policies/``) into one validated model."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ContentError, Problem, ProblemCollector, UsageError, group_markets
from generator.i18n.locales import read_locale_table, use_locale_table
from generator.layout import CONFIG_FILE, locale_table_for
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
E = TypeVar("E")


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


def load_project(root: Path, policies: str = POLICIES,
                 versions: list[PolicyVersion] | None = None) -> Project:
    """Load and validate the whole project, reporting every problem at once.

    ``policies`` and ``versions`` load an earlier version's snapshot instead
    (``generator.project.archive``): its folder, with the versions up to it, since a snapshot
    holds no ``versions.yml`` of its own; ``site_config.yml`` is always the current one.

    One run finds everything it can: the cross-file rules run on whatever validated (every
    market whose model validated, with the shared files it names), so field errors do not hide
    them; only a rule that needs a part that failed is skipped. A mistake in a value several
    markets inherit from ``defaults.yml`` is one problem naming those markets.
    """
    from generator.project.validate import check_project  # cross-file rules live in one place

    root = Path(root)
    if not (root / CONFIG_FILE).is_file():
        raise UsageError(f"no {CONFIG_FILE} in {root}; run 'policysite init {root}' to start one")
    # The project's languages first: validation accepts the locales its table lists, and
    # everything after this (in this process) spells them as the table does.
    table = locale_table_for(root)
    use_locale_table(read_locale_table(table, _display(root, table)))
    collector = ProblemCollector()
    marks: dict[FieldPath, Mark] = {}
    found = scan_policies(root, collector, policies, snapshot=versions is not None)

    def load_top(relative: str, model: type[M]) -> M | None:
        doc = _load(root, relative, collector, required=relative not in found.misnamed)
        if doc is None:
            return None
        marks.update(doc.marks)
        return _validate(model, doc.data, (), doc.marks, relative, collector)

    config = load_top(CONFIG_FILE, SiteConfig)
    categories = _load_entries(root, f"{policies}/categories.yml", CategoriesFile, found, marks,
                               collector)
    hubs = _load_entries(root, f"{policies}/hubs.yml", HubsFile, found, marks, collector)
    listed = (VersionsFile(versions=versions) if versions is not None
              else load_top(f"{policies}/versions.yml", VersionsFile))
    markets = _load_markets(root, found, marks, collector, policies)
    if config is not None:  # every rule reads the site's locales
        ready = {} if listed is None else _checkable(markets, categories, hubs)
        project = Project(root=root, config=config,
                          categories=categories.valid if categories else {},
                          hubs=hubs.valid if hubs else {},
                          versions=listed.versions if listed else [],
                          markets=ready, marks=marks)
        collector.extend(check_project(project))
    collector.raise_if_any()
    # No errors: every part validated, so the project checked above is the whole project.
    assert config is not None and listed is not None and len(project.markets) == len(markets)
    project.warnings.extend(sorted(group_markets(collector.warnings)))
    project.notices.extend(sorted(group_markets(collector.notices)))
    return project


@dataclass
class _Entries(Generic[E]):
    """The entries of a shared file (categories, hubs) that validated, and those that did not.

    Markets naming a broken entry skip the cross-file rules, which would only call it unknown.
    """

    valid: dict[str, E]
    broken: set[str]
    unsure: bool = False
    """Some entry's name is itself invalid: any name not among the valid entries may be the one
    meant, so a market naming one is not checked either."""

    def certain(self, name: str) -> bool:
        """Whether the rules can judge a reference to ``name`` (known, or surely unknown)."""
        return name in self.valid or not (name in self.broken or self.unsure)


def _load_entries(root: Path, relative: str, model: type[BaseModel], found: ScannedPolicies,
                  marks: dict[FieldPath, Mark], collector: ProblemCollector
                  ) -> _Entries[Any] | None:
    """Validate a file of named entries; when it fails, keep the entries that validate alone.

    ``None`` when not even the entries' names are known (missing file, broken YAML)."""
    key = next(iter(model.model_fields))
    doc = _load(root, relative, collector, required=relative not in found.misnamed)
    if doc is None:
        return None
    marks.update(doc.marks)
    whole = _validate(model, doc.data, (), doc.marks, relative, collector)
    if whole is not None:
        return _Entries(dict(getattr(whole, key)), set())
    raw = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        return None
    entries: _Entries[Any] = _Entries({}, set())
    for name, value in raw.items():
        try:  # its problems were reported with the whole file's
            entries.valid.update(getattr(model.model_validate({key: {name: value}}), key))
        except ValidationError as exc:
            entries.broken.add(name)
            entries.unsure |= any("[key]" in error["loc"] for error in exc.errors())
    return entries


def _checkable(markets: dict[str, Market], categories: _Entries[Category] | None,
               hubs: _Entries[Hub] | None) -> dict[str, Market]:
    """The validated markets whose cross-file rules can run: the hub and categories they name
    validated, or are surely unknown (the rules report those)."""
    if categories is None or hubs is None:
        return {}
    return {code: market for code, market in markets.items()
            if hubs.certain(market.returns.destination)
            and all(map(categories.certain, _category_names(market)))}


def _category_names(market: Market) -> set[str]:
    return {*market.categories, *(slug for window in market.extended_windows
                                  for slug in window.categories)}


_VALIDATED: dict[tuple[str, bytes, bytes, bytes], tuple[Market, dict[FieldPath, Mark]]] = {}
"""Markets that validated without a problem, with their marks, by their file's name and bytes,
the defaults' bytes and the language table's (all a market's model depends on). ``serve``
loads the project after every edit; an edit changes one market file, or the defaults."""
_VALIDATED_MAX = 512


def _read_bytes(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError:
        return b""  # missing or unreadable: reported when it is loaded


def _load_markets(root: Path, found: ScannedPolicies, marks: dict[FieldPath, Mark],
                  collector: ProblemCollector, policies: str) -> dict[str, Market]:
    """Every market file that validated, by country code (sorted)."""
    defaults_file = f"{policies}/defaults.yml"
    defaults_bytes = _read_bytes(root / defaults_file)
    table_bytes = _read_bytes(locale_table_for(root))
    defaults = _load(root, defaults_file, collector, required=False)
    # Without its defaults a market lacks half its fields: say "rename defaults.yaml" once
    # instead of a screenful of "is required" (the files' YAML is still checked).
    validate = defaults_file not in found.misnamed
    if len(found.markets) > MAX_MARKETS:
        collector.add(Problem(f"{policies}/markets", message=f"more than {MAX_MARKETS} markets"))
        return {}
    markets: dict[str, Market] = {}
    for file in found.markets:
        shown = _display(root, file)
        code = file.stem.upper()
        problem = country_problem(code)
        if problem:
            collector.add(Problem(shown, 1, 1, f"markets.{code}", problem.replace(
                "(did you mean", "(rename the file; did you mean")))
            continue
        key = (shown, _read_bytes(file), defaults_bytes, table_bytes)
        kept = _VALIDATED.get(key) if validate and key[1] else None
        if kept is not None:
            markets[code] = kept[0]
            marks.update(kept[1])
            continue
        problems = len(collector.problems)
        doc = _load(root, shown, collector)
        if doc is None or not validate:
            continue
        prefix: FieldPath = ("markets", code)
        own: dict[FieldPath, Mark] = {}
        data = merge_documents(defaults, doc, prefix, own, Market)
        marks.update(own)
        market = _validate(Market, data, prefix, marks, shown, collector)
        if market is not None:
            markets[code] = market
            if len(collector.problems) == problems:
                if len(_VALIDATED) >= _VALIDATED_MAX:
                    del _VALIDATED[next(iter(_VALIDATED))]
                _VALIDATED[key] = (market, own)
    return dict(sorted(markets.items()))


# -- which files policies/ holds --------------------------------------------------------------

SHARED_FILES = ("categories.yml", "defaults.yml", "hubs.yml", "versions.yml")
MARKETS = "markets"
ARCHIVE = "archive"
"""Earlier versions' snapshots, one folder each (``generator.project.archive``)."""
_MARKET_FILE = re.compile(r"[a-z]{2}\.yml", re.ASCII)
_HARMLESS_NAMES = {"thumbs.db", "desktop.ini"}
_HARMLESS_SUFFIXES = (".md", ".txt", "~", ".swp", ".swo", ".bak", ".orig")
_HARMLESS_PREFIXES = ("readme", "license", "licence", "changelog")
_CLASH = ("clashes with {other}: names that differ only in case are the same file on "
          "case-insensitive file systems (Windows, macOS), so one of them would be lost")


@dataclass
class ScannedPolicies:
    """What ``policies/`` holds: the market files to read, and the expected files that are
    there only under another spelling (reported once, not also as missing)."""

    markets: list[Path] = field(default_factory=list)
    misnamed: set[str] = field(default_factory=set)


def harmless(name: str) -> bool:
    """Names nobody expects policysite to read, left alone without a word: hidden files
    (``.gitkeep``, ``.DS_Store``, ``.git``, editor swap files), editor backups (``de.yml~``,
    ``#de.yml#``, ``.bak``, ``.orig``), notes (README, ``.md``, ``.txt``) and system files."""
    lowered = name.lower()
    return (name.startswith(".") or lowered.endswith(_HARMLESS_SUFFIXES)
            or (name.startswith("#") and name.endswith("#")) or lowered in _HARMLESS_NAMES
            or lowered.startswith(_HARMLESS_PREFIXES))


def scan_policies(root: Path, collector: ProblemCollector, policies: str = POLICIES,
                  snapshot: bool = False) -> ScannedPolicies:
    """Make every entry of ``policies/`` and ``policies/markets/`` either read or reported.

    A file policysite does not read used to be skipped silently (``de.yaml``: a market gone,
    and ``check`` said OK); now it is an error naming the file, with how to fix it.
    ``snapshot``: ``policies`` is an earlier version's folder, without ``versions.yml`` and
    ``archive/`` (``archive/`` itself is checked by ``generator.project.archive``).
    """
    found = ScannedPolicies()
    folder = root / policies
    shared = tuple(name for name in SHARED_FILES if not snapshot or name != "versions.yml")
    folders = (MARKETS,) if snapshot else (MARKETS, ARCHIVE)
    names = _list(folder, policies, collector) or []
    for name, problem in _classify(names, {*shared, *folders}, policies,
                                   f"{policies}/ holds {', '.join(shared)} and "
                                   f"{MARKETS}/").items():
        if problem is None:
            continue
        collector.add(problem)
        expected = _expected_name(name)
        if expected in (*shared, MARKETS) and expected not in names:
            found.misnamed.add(f"{policies}/{expected}")
    market_dir = folder / MARKETS
    shown = f"{policies}/{MARKETS}"
    if not market_dir.is_dir():
        names = []
    else:
        listed = _list(market_dir, shown, collector)
        if listed is None:
            return found  # cannot list it: said so, and "no market files" would be wrong
        names = listed
    market_names = {name for name in names if _MARKET_FILE.fullmatch(name)}
    for name, problem in _classify(names, market_names, shown, "this folder holds one xx.yml "
                                   "file per market").items():
        if problem is None:
            found.markets.append(market_dir / name)
        else:
            collector.add(problem)
    found.markets.sort()
    # An earlier version may have had none of today's markets (its snapshot keeps none).
    if not found.markets and not snapshot and shown not in found.misnamed and not any(
            p.path.startswith(shown + "/") for p in collector.errors):
        collector.add(Problem(shown, message="no market files (xx.yml) found",
                              hint="add one file per country, e.g. policies/markets/de.yml"))
    return found


def _list(folder: Path, shown: str, collector: ProblemCollector) -> list[str] | None:
    """The names in ``folder`` (none if it does not exist); ``None`` if it cannot be read."""
    try:
        return sorted(entry.name for entry in folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as exc:
        collector.add(Problem(shown, message=f"cannot list the folder: {exc.strerror}"))
        return None


def _expected_name(name: str) -> str:
    """How a YAML file is meant to be spelled: ``DE.yaml`` → ``de.yml``."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or suffix.lower() not in ("yml", "yaml"):
        return name.lower()
    return f"{stem.lower()}.yml"


def _classify(names: list[str], expected: set[str], folder: str, holds: str
              ) -> dict[str, Problem | None]:
    """Each name not left alone → ``None`` if it is read, else the problem that names it."""
    result: dict[str, Problem | None] = {}
    names = [name for name in names if not harmless(name)]
    present = set(names)
    by_fold: dict[str, list[str]] = {}
    for name in names:
        by_fold.setdefault(name.casefold(), []).append(name)
    for name in names:
        shown = f"{folder}/{name}"
        if name in expected:
            result[name] = None
            continue
        twins = [other for other in by_fold[name.casefold()] if other != name]
        keeper = next((other for other in twins if other in expected), None)
        if keeper is None and twins and min(by_fold[name.casefold()]) != name:
            keeper = min(by_fold[name.casefold()])  # neither is right: the first is renamed
        if keeper is not None:
            result[name] = Problem(shown, message=_CLASH.format(other=f"{folder}/{keeper}"),
                                   hint=f"merge {name} into {keeper} and delete it")
            continue
        target = _expected_name(name)
        is_yaml = name.lower().endswith((".yml", ".yaml"))
        if is_yaml and not name.endswith(".yml"):
            if target in present:
                result[name] = Problem(shown, message="is not read: policysite reads .yml "
                                       f"files only, here {target}",
                                       hint=f"merge what it adds into {target} and delete it")
            else:
                result[name] = Problem(shown, message="is not read: policysite reads .yml "
                                       "files only", hint=f"rename it to {target}")
        elif is_yaml and folder.endswith(MARKETS):
            hint = (f"rename it to {target}" if _MARKET_FILE.fullmatch(target)
                    else "e.g. de.yml, gb.yml")
            result[name] = Problem(shown, message="market files are named by their lower-case "
                                   "ISO 3166-1 code", hint=hint)
        elif target in expected:  # Hubs.yml, Markets/: read on Windows and macOS only
            result[name] = Problem(shown, message="is not read: names in policies/ are "
                                   "lower-case", hint=f"rename it to {target}")
        else:
            close = difflib.get_close_matches(name, sorted(expected), n=1, cutoff=0.6)
            result[name] = Problem(shown, message=f"is not read: {holds}",
                                   hint=f'did you mean "{close[0]}"?' if close
                                   else "move it out of policies/ or delete it")
    return result
