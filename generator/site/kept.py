"""Values the preview keeps in files between builds, for whichever worker needs them next.

``policysite serve`` builds each locale in any of its worker processes, so what one build
learned (``warm_mkdocs.PageCache``, ``render.memo``'s renders) is pickled into the preview's
private work folder, replaced whole, and read back by the next build of the locale. A process
keeps what it last read or wrote in memory while the file is the same one.
"""

from __future__ import annotations

import os
import pickle
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

Kept = TypeVar("Kept")

_LOADED: dict[Path, tuple[tuple[int, ...], Any]] = {}
"""The values this process read or wrote, with their files' identities (every save is a new
file). An outdated copy would only miss entries: their keys name everything they depend on."""


def _identity(path: Path) -> tuple[int, ...]:
    found = path.stat()
    return (found.st_ino, found.st_mtime_ns, found.st_size)


def load_kept(path: Path, kind: type[Kept]) -> Kept | None:
    """The value kept in ``path``: this process's copy if the file is the one it last read or
    wrote, else the file's; None if there is none, or it is not a ``kind``."""
    try:
        stamp = _identity(path)
    except OSError:
        return None
    known = _LOADED.get(path)
    if known is not None and known[0] == stamp and isinstance(known[1], kind):
        return known[1]
    try:
        value = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None
    if not isinstance(value, kind):
        return None
    _LOADED[path] = (stamp, value)
    return value


def save_kept(path: Path, value: object) -> None:
    """Keep ``value`` in ``path`` for whichever process reads it next (replaced whole). Best
    effort: on a full or read-only disk the next build only has less to reuse."""
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temp, path)
        _LOADED[path] = (_identity(path), value)
    except OSError:
        with suppress(OSError):
            temp.unlink()
