"""Earlier policy versions: each one a snapshot of the policy files, kept in the project.

``policies/`` always holds the newest version listed in ``policies/versions.yml``; every earlier
version's files live in ``policies/archive/<id>/`` (``defaults.yml``, ``categories.yml``,
``hubs.yml``, ``markets/``), which ``policysite version new`` copies before the merchant edits
anything, so an old version cannot be forgotten. A snapshot is loaded by the normal loader with
the current ``site_config.yml`` and the versions up to its own; its errors are reported with its
own file paths (its pages are built from it), its warnings are not: they judge a record that can
no longer change.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.errors import ContentError, EnvironmentProblem, Problem, UsageError
from generator.model.catalog import PolicyVersion
from generator.project.load import (
    ARCHIVE,
    MARKETS,
    POLICIES,
    SHARED_FILES,
    Project,
    harmless,
    load_project,
)
from generator.project.problems import problem_at

SNAPSHOT_FILES = tuple(name for name in SHARED_FILES if name != "versions.yml")
"""What a snapshot holds besides ``markets/``: the policy, without the list of versions."""


def archive_folder(version_id: str) -> str:
    """Where an earlier version's files live, relative to the project root."""
    return f"{POLICIES}/{ARCHIVE}/{version_id}"


def archive_problems(project: Project) -> list[Problem]:
    """Snapshots that are missing or that nothing reads (errors).

    Every version but the newest needs its folder; a folder for the newest version or for a
    version that is not listed would be silently ignored; two ids that differ only in case
    would share one folder and one page address on Windows and macOS.
    """
    problems: list[Problem] = []
    versions = project.versions
    root = project.root
    seen: dict[str, str] = {}
    for index, version in enumerate(versions):
        where = ("versions", index, "id")
        twin = seen.setdefault(version.id.casefold(), version.id)
        if twin != version.id:
            problems.append(problem_at(project.marks, where, f'differs from "{twin}" only in '
                                       "case: both would share one archive folder and page",
                                       "choose another id"))
        if index < len(versions) - 1 and not (root / archive_folder(version.id)).is_dir():
            problems.append(problem_at(
                project.marks, where, f"version {version.id} has no snapshot in "
                f"{archive_folder(version.id)}/",
                "its pages are built from that copy of the policy files as they were; restore "
                "it from a backup or version control (policysite version new makes it before "
                "the next change)"))
    folder = root / POLICIES / ARCHIVE
    names = sorted(entry.name for entry in folder.iterdir()) if folder.is_dir() else []
    earlier = {version.id for version in versions[:-1]}
    for name in names:
        if harmless(name) or name in earlier:
            continue
        shown = f"{POLICIES}/{ARCHIVE}/{name}"
        if versions and name == versions[-1].id:
            problems.append(Problem(shown, message=f"is not read: version {name} is the newest, "
                                    f"whose files are {POLICIES}/ itself",
                                    hint="delete the folder, or add the next version to "
                                    "versions.yml"))
        else:
            problems.append(Problem(shown, message="is not read: versions.yml lists no earlier "
                                    f"version {name}",
                                    hint="add the version to versions.yml, or delete the folder"))
    return problems


def load_archives(project: Project) -> dict[str, Project]:
    """Every earlier version's project, by version id, oldest first.

    Raises ``ContentError`` with every problem of every snapshot (after the current project's
    warnings, as ``check`` shows them).
    """
    problems = archive_problems(project)
    archives: dict[str, Project] = {}
    for index, version in enumerate(project.versions[:-1]):
        folder = archive_folder(version.id)
        if not (project.root / folder).is_dir():
            continue  # reported above
        try:
            archives[version.id] = load_project(project.root, folder,
                                                project.versions[:index + 1])
        except ContentError as exc:
            problems += [p for p in exc.problems if p.severity == "error"]
    if problems:
        raise ContentError([*project.warnings, *problems])
    return archives


def snapshot(project: Project, new: PolicyVersion) -> tuple[Path, str]:
    """Copy the newest version's files into its archive folder and list ``new`` after it.

    Returns the snapshot folder and the new ``versions.yml`` text. All or nothing: the copy is
    made in a hidden folder and renamed, and ``versions.yml`` is replaced only after it.
    """
    newest = project.versions[-1]
    if new.id.casefold() in {version.id.casefold() for version in project.versions}:
        raise UsageError(f'version "{new.id}" is already listed in {POLICIES}/versions.yml')
    if new.effective <= newest.effective:
        raise UsageError(f"--effective must be later than {newest.effective.isoformat()}, "
                         f"when version {newest.id} took effect")
    root = project.root
    target = root / archive_folder(newest.id)
    if target.exists():
        raise UsageError(f"{archive_folder(newest.id)} exists already; move it away first")
    versions_file = root / POLICIES / "versions.yml"
    text = versions_file.read_text(encoding="utf-8")
    updated = text + ("" if text.endswith("\n") else "\n") + version_entry(new, _indent(text))
    archive = root / POLICIES / ARCHIVE
    temp: Path | None = None
    try:
        archive.mkdir(exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{newest.id}.", dir=archive))
        for name in SNAPSHOT_FILES:
            source = root / POLICIES / name
            if source.is_file():
                copy_file(source, temp / name)
        shutil.copytree(root / POLICIES / MARKETS, temp / MARKETS, copy_function=copy_file,
                        ignore=lambda _, names: [n for n in names if harmless(n)])
        os.replace(temp, target)
        temp = None
        staged = versions_file.with_name(".versions.yml.tmp")
        staged.write_text(updated, encoding="utf-8")
        os.replace(staged, versions_file)
    except OSError as exc:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        elif target.is_dir() and versions_file.read_text(encoding="utf-8") == text:
            shutil.rmtree(target, ignore_errors=True)  # the list was not updated: undo the copy
        raise EnvironmentProblem.from_os_error(exc, doing="cannot write") from None
    return target, updated


_SCHEMA_LINE = "# yaml-language-server: $schema="


def copy_file(source: str | Path, target: str | Path) -> None:
    """Copy a policy file two folders deeper (``archive/<id>/``), its relative schema link
    for editors adjusted to still reach ``schema/``."""
    if not str(source).endswith(".yml"):
        shutil.copy2(source, target)
        return
    text = Path(source).read_text(encoding="utf-8")
    if text.startswith(_SCHEMA_LINE) and not text.startswith(_SCHEMA_LINE + "http"):
        text = _SCHEMA_LINE + "../../" + text[len(_SCHEMA_LINE):]
    Path(target).write_text(text, encoding="utf-8")


def _indent(text: str) -> str:
    """The indentation of the list items under ``versions:`` ("  " in the files we write)."""
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if stripped.startswith("- id:"):
            return line[: len(line) - len(stripped)]
    return "  "


def version_entry(version: PolicyVersion, indent: str = "  ") -> str:
    """The YAML of one ``versions.yml`` entry, texts as JSON strings (valid YAML scalars)."""

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    inner = indent + "  "
    lines = [f"{indent}- id: {text(version.id)}",
             f"{inner}effective: {version.effective.isoformat()}",
             f"{inner}summary:"]
    lines += [f"{inner}  {locale}: {text(value)}" for locale, value in version.summary.items()]
    lines.append(f"{inner}changes:")
    for change in version.changes:
        first = True
        for locale, value in change.items():
            lead = "- " if first else "  "
            lines.append(f"{inner}  {lead}{locale}: {text(value)}")
            first = False
    return "\n".join(lines) + "\n"

