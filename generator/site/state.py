"""What the last build into a site left behind, and whether anything has changed since.

A build stores a fingerprint of its inputs and of the published site; the next build compares
them before it loads anything, so a rebuild with nothing to do costs a few file reads.
Kept free of heavy imports for the same reason.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator import __version__
from generator.errors import Problem
from generator.layout import CONFIG_FILE, WORK_DIR, catalogs_for, templates_dir_for
from generator.site.request import BuildRequest


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
    patched: list[str] = field(default_factory=list)
    """Rebuilt locales whose pages changed only in their JSON-LD (``serve``: ``site.patch``)."""
    up_to_date: bool = False
    fallbacks: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        if self.up_to_date:
            return (f"Site is up to date: {self.locales} locales, {self.markets} markets, "
                    f"{self.pages} pages in {self.total_seconds:.2f} seconds.")
        return (f"Built {self.locales} locales, {self.markets} markets, {self.pages} pages "
                f"in {self.total_seconds:.2f} seconds.")


@dataclass(frozen=True)
class RunState:
    """What the up-to-date check found, handed to the pipeline when there is work to do."""

    state: dict[str, Any]
    """What the last build into the same site stored (empty if none)."""
    inputs: str
    """This build's inputs fingerprint, stored when it succeeds."""
    published: bool
    """The site folder is the one ``state`` describes, untouched since."""
    started: float
    """``time.perf_counter()`` when the build began (for the total)."""
    checked: float
    """Seconds the check took (counted as generation)."""


def state_path(root: Path, site_dir: Path) -> Path:
    """Where the last build into ``site_dir`` left its fingerprints (one file per output)."""
    site_key = hashlib.sha256(str(site_dir).encode()).hexdigest()[:12]
    return root / WORK_DIR / f"state-{site_key}.json"


def read_state(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def built_versions(root: Path) -> set[str] | None:
    """The policy versions the project's builds have published (any site folder); None when
    it has never been built (no state to read). The kit alone (``build --kit-only``) publishes
    no policy, so its builds do not count."""
    states = [read_state(path) for path in sorted((root / WORK_DIR).glob("state-*.json"))]
    sites = [state for state in states if not state.get("kit_only")]
    if not sites:
        return None
    return {str(found) for state in sites if (found := state.get("policy_version")) is not None}


def write_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")


def site_manifest(site_dir: Path) -> str:
    """Cheap fingerprint of the published site (paths, sizes, modification times).

    Every up-to-date check reads it, for thousands of files: one ``scandir`` per folder and
    one ``stat`` per file, a folder's files first, then its sub-folders (symbolic links to
    folders are not followed), all in name order.
    """
    if not site_dir.is_dir():
        return ""
    digest = hashlib.sha256()

    def visit(folder: str, relative: str) -> None:
        files: list[os.DirEntry[str]] = []
        folders: list[os.DirEntry[str]] = []
        with os.scandir(folder) as entries:
            for entry in entries:
                (folders if entry.is_dir() else files).append(entry)
        lines = []
        for entry in sorted(files, key=lambda entry: entry.name):
            stat = entry.stat()
            lines.append(f"{relative}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}\n")
        digest.update("".join(lines).encode())
        for entry in sorted(folders, key=lambda entry: entry.name):
            if not entry.is_symlink():
                visit(entry.path, entry.name if relative == "." else f"{relative}/{entry.name}")

    visit(str(site_dir), ".")
    return digest.hexdigest()


def tool_versions() -> str:
    names = ("mkdocs", "mkdocs-material", "pymdown-extensions", "babel", "markdown")
    return ",".join(f"{name}={version(name)}" for name in names) + f",policysite={__version__}"


def inputs_fingerprint(request: BuildRequest) -> str:
    """Hash of everything a build reads: project files, templates, catalogs, our code, tools,
    and the options that change the output."""
    root = request.root
    digest = hashlib.sha256(repr(sorted(request.output_options().items())).encode())
    digest.update(tool_versions().encode())
    sources = [root / CONFIG_FILE, root / "policies", templates_dir_for(root),
               catalogs_for(root).locales_dir, Path(__file__).resolve().parent.parent]
    for source in sources:
        files = [source] if source.is_file() else sorted(source.rglob("*"))
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".mo":
                digest.update(file.as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def unchanged_result(state: dict[str, Any], seconds: float) -> BuildResult:
    """The result of a build that found nothing to do, from what the last build stored."""
    summary = state.get("summary", {})
    result = BuildResult(locales=summary.get("locales", 0), markets=summary.get("markets", 0),
                         pages=summary.get("pages", 0), up_to_date=True, total_seconds=seconds)
    result.warnings = [Problem(**w) for w in state.get("warnings", [])]
    result.reused = sorted(state.get("locales", {}))
    return result
