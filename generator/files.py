"""Exported files written all or nothing.

A full disk, a refused folder or Ctrl-C during an export leaves the previous export as it was
and no partial or temporary files: every file is written next to its target first, synced, and
renamed over it only once all are complete.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from generator.errors import EnvironmentProblem


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file or none: ``EnvironmentProblem`` naming the file when the OS refuses.

    Each regular file goes to a hidden temporary file in its own folder first (same file
    system, so the rename is atomic); the targets are replaced only after every temporary file
    is complete and synced. On failure the temporary files and any folders made for them are
    removed. A target that is a device or pipe (``-o /dev/stdout``) is written in place.
    """
    made: list[Path] = []
    staged: list[tuple[Path, Path, Path]] = []  # (target as given, temporary file, real file)
    current = next(iter(files), Path())
    try:
        for current, data in files.items():
            if _is_stream(current):
                current.write_bytes(data)
                continue
            final = current.resolve() if current.is_symlink() else current
            made += _make_folders(final.parent)
            temp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
            staged.append((current, temp, final))
            _write_synced(temp, data)
        for target, temp, final in staged:
            current = target  # named if the rename fails
            os.replace(temp, final)
    except OSError as exc:
        for _, temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise EnvironmentProblem.from_os_error(exc, current, "cannot write") from None


def _is_stream(path: Path) -> bool:
    """True for an existing device, pipe or socket: written in place, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns those created, outermost first."""
    missing: list[Path] = []
    while not folder.is_dir():
        if folder.exists() or folder.is_symlink():  # a file (or broken link) is in the way
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    created = []
    for path in reversed(missing):
        path.mkdir()
        created.append(path)
    return created


def _write_synced(path: Path, data: bytes) -> None:
    """Create ``path`` (never replacing one) with the usual mode for new files, write, sync."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
