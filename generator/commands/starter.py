"""``policysite init``: create a small, commented starter project in a new folder.

The starter files are package data in ``generator/starter/``. The JSON Schemas are not stored
there: they are rendered from the models at init time, so the ``# yaml-language-server:
$schema=…`` line at the top of each file works offline and matches the installed version.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from generator.errors import EnvironmentProblem, UsageError
from generator.model.schema import SCHEMA_DIR, render_schemas

STARTER_DIR = "starter"
"""Folder of the starter project inside the ``generator`` package."""


def starter_files() -> dict[PurePosixPath, bytes]:
    """Relative path → content of every file of a new project, schemas included, sorted."""
    found: dict[PurePosixPath, bytes] = {}

    def walk(node: Traversable, prefix: PurePosixPath) -> None:
        for child in node.iterdir():
            if child.name.startswith(".") or child.name == "__pycache__":
                continue
            path = prefix / child.name
            if child.is_dir():
                walk(child, path)
            else:
                found[path] = child.read_bytes()

    walk(files("generator") / STARTER_DIR, PurePosixPath())
    for name, text in render_schemas().items():
        found[PurePosixPath(SCHEMA_DIR, name)] = text.encode("utf-8")
    return dict(sorted(found.items(), key=lambda item: item[0].as_posix()))


def _check_target(directory: Path) -> None:
    if directory.is_symlink() and not directory.exists():
        raise UsageError(f"{directory} is a broken symbolic link; choose another folder")
    if not directory.exists():
        return
    if not directory.is_dir():
        raise UsageError(f"{directory} exists and is not a folder; choose a new folder")
    try:
        not_empty = any(directory.iterdir())
    except OSError as exc:
        raise EnvironmentProblem.from_os_error(exc, directory, "cannot read") from None
    if not_empty:
        raise UsageError(f"{directory} is not empty; choose a new or empty folder "
                         "(policysite init never overwrites files)")


def create_starter(directory: Path) -> None:
    """Write the starter project into ``directory``, which must be missing or empty.

    Everything is read before anything is written, files are written in sorted order, and a
    file is only ever created, never replaced: if one appears meanwhile, init stops.
    """
    directory = Path(directory)
    _check_target(directory)
    contents = starter_files()
    for relative, data in contents.items():
        target = directory.joinpath(*relative.parts)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as handle:  # "x": fail rather than overwrite
                handle.write(data)
        except FileExistsError:
            raise UsageError(f"{target} already exists; nothing was overwritten") from None
        except OSError as exc:  # the machine's fault (permissions, disk), not the command's
            raise EnvironmentProblem.from_os_error(exc, target, "cannot write") from None
