"""Stage, then swap: a failed, interrupted or concurrent build never leaves a half-written or
destroyed site, nor a folder of its own next to it.

The stage is created next to the site (same filesystem) with ``mkdtemp``; only a finished and
checked stage replaces the site, by two renames, rolled back if the second fails. Around that:

- one build of a project at a time: ``build_lock`` holds ``.policysite/build.lock``, and a
  second build waits for the first, saying so;
- a build's stage carries its PID and a lock of its own while in use, so that ``remove_stale``
  (run by every build) removes only the stages of builds that are gone;
- Ctrl-C and SIGTERM stop a build (``stop_signals_raise``) as a ``KeyboardInterrupt``, once,
  never in the middle of creating a stage or of the swap (``interrupts_deferred``);
- what the site folder must be for a build to replace it (``check_writable``), checked before
  the build starts.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from generator.errors import BuildError, EnvironmentProblem, Problem
from generator.layout import WORK_DIR

STAGE_PREFIX = ".policysite-stage-"
OLD_PREFIX = ".policysite-old-"
LOCK_FILE = "build.lock"
"""In the project's work folder (``.policysite/``): held by the build running there."""

_STAGE_PID = re.compile(re.escape(STAGE_PREFIX) + r"(\d+)-")
_OLD_PID = re.compile(re.escape(OLD_PREFIX) + r"\d+")
_READ_ONLY_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
_NO_LOCKS_ERRNOS = frozenset({errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.EBADF})


# -- interrupts --------------------------------------------------------------------------------


@dataclass
class Interrupts:
    """What ``stop_signals_raise`` saw during one build."""

    received: int = 0
    """The signal that stopped the build (SIGINT or SIGTERM), 0 if none."""
    pending: int = 0
    """A signal that arrived while interrupts were deferred, raised when they end."""
    deferring: int = 0
    active: bool = False
    """The handlers are installed (by the outermost ``stop_signals_raise``)."""

    def reset(self, active: bool = False) -> None:
        self.received = self.pending = self.deferring = 0
        self.active = active


_interrupts = Interrupts()


class BuildInterrupted(BuildError):
    """Ctrl-C or SIGTERM stopped the build: exit 130 or 143 (128 + the signal), as a shell
    reports a command the signal ended; the build's stage and workers are gone."""

    def __init__(self, number: int, published: bool) -> None:
        super().__init__("interrupted after the new site was published" if published
                         else "interrupted; the site was left unchanged")
        self.exit_code = 128 + number


def _on_stop_signal(number: int, frame: FrameType | None) -> None:
    if _interrupts.received:
        return  # already stopping: cleaning up must not be cut short
    if _interrupts.deferring:
        _interrupts.pending = number
        return
    _interrupts.received = number
    raise KeyboardInterrupt


@contextmanager
def stop_signals_raise() -> Iterator[Interrupts]:
    """While a build runs: SIGINT and SIGTERM raise ``KeyboardInterrupt`` in the main thread,
    the first one only (later ones are ignored while the build cleans up).

    SIGTERM would otherwise end the process on the spot and leave the stage behind. Signals
    whose handling the caller changed (ignored, say, or handled by an application embedding
    the build) are left alone, and so is every signal outside the main thread.
    """
    if threading.current_thread() is not threading.main_thread() or _interrupts.active:
        yield _interrupts
        return
    defaults = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
    previous = {number: signal.getsignal(number) for number in defaults}
    _interrupts.reset(active=True)
    try:
        for number, default in defaults.items():
            if previous[number] is default:
                signal.signal(number, _on_stop_signal)
        yield _interrupts
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        _interrupts.reset()


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold back a stop signal until the block is done (creating a stage, the swap): it is
    raised when the block ends."""
    _interrupts.deferring += 1
    try:
        yield
    finally:
        _interrupts.deferring -= 1
        if not _interrupts.deferring and _interrupts.pending and not _interrupts.received:
            _interrupts.received, _interrupts.pending = _interrupts.pending, 0
            raise KeyboardInterrupt


# -- one build at a time -----------------------------------------------------------------------


@contextmanager
def build_lock(root: Path, say: Callable[[str], None]
               ) -> Iterator[EnvironmentProblem | None]:
    """Hold the project's build lock; if another build holds it, say so and wait.

    Yields None, or the problem that kept the lock file from being created (a read-only
    project): the caller may then read, to find the site up to date, but must write nothing.
    The kernel releases the lock when the process ends, even by ``kill -9``.
    """
    path = root / WORK_DIR / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno not in _READ_ONLY_ERRNOS:
            raise
        yield EnvironmentProblem.from_os_error(exc, root, f"cannot create {WORK_DIR}, the "
                                               "build's work folder, here")
        return
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno not in _READ_ONLY_ERRNOS:
            raise
        yield EnvironmentProblem.from_os_error(exc, path, "cannot create the build's lock")
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
            say("waiting for another build of this project"
                + (f" (PID {holder})" if holder.isdigit() else "") + " to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError as exc:  # a file system without locks: build as before
            if exc.errno not in _NO_LOCKS_ERRNOS:
                raise
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        yield None
    finally:
        os.close(handle)


# -- the stage ---------------------------------------------------------------------------------


def remove_stale(site_dir: Path) -> None:
    """Remove stages and old trees left by builds that were killed; never a stage that a live
    build (this one's PID in its name, or a lock on it) is still using.

    A build killed between the swap's two renames (only ``kill -9`` can do that) leaves no
    site and the old one moved aside: that one is put back, not removed.
    """
    site_dir = site_dir.resolve()
    parent = site_dir.parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.iterdir()):
        if not leftover.name.startswith((STAGE_PREFIX, OLD_PREFIX)) or leftover.is_symlink() \
                or not leftover.is_dir():
            continue
        if leftover.name.startswith(STAGE_PREFIX) and _in_use(leftover):
            continue
        suffix = f"-{site_dir.name}"
        if leftover.name.endswith(suffix) and _OLD_PID.fullmatch(leftover.name[:-len(suffix)]) \
                and not os.path.lexists(site_dir):
            os.replace(leftover, site_dir)
            continue
        shutil.rmtree(leftover, ignore_errors=True)


def _in_use(stage: Path) -> bool:
    found = _STAGE_PID.match(stage.name)
    if found and int(found.group(1)) != os.getpid() and _alive(int(found.group(1))):
        return True
    try:
        handle = os.open(stage, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # no locks on this file system: the PID decided
        return False
    finally:
        os.close(handle)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def make_stage(site_dir: Path) -> Path:
    """A new, private, empty folder next to the site, named after this process."""
    parent = site_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=parent))


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)


class Stage:
    """A build's stage, locked against other builds' ``remove_stale`` until it is published or
    discarded. Create it inside ``interrupts_deferred``, so that it is never made and lost."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        try:
            self.path = make_stage(site_dir)
        except OSError as exc:
            raise EnvironmentProblem.from_os_error(
                exc, site_dir.resolve().parent, "cannot create the build's stage folder"
            ) from None
        self._lock: int | None = None
        try:
            self._lock = os.open(self.path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # no locks here: the PID in the name protects it
            self._release()

    def publish(self) -> None:
        """Replace the site with the stage, never interrupted half-way."""
        try:
            with interrupts_deferred():
                swap_into_place(self.path, self.site_dir)
        except OSError as exc:
            raise EnvironmentProblem.from_os_error(exc, self.site_dir,
                                                   "cannot publish the new site") from None
        self._release()

    def discard(self) -> None:
        discard(self.path)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def swap_into_place(stage: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` with ``stage``; on any failure the old site stays where it was."""
    site_dir = site_dir.resolve()
    os.chmod(stage, 0o755)  # mkdtemp makes it private
    if not site_dir.exists():
        os.replace(stage, site_dir)
        return
    if not site_dir.is_dir():  # someone's file: never moved aside, where nothing removes it
        raise NotADirectoryError(errno.ENOTDIR, "a file, not a site folder", str(site_dir))
    old = site_dir.parent / f"{OLD_PREFIX}{os.getpid()}-{site_dir.name}"  # see remove_stale
    if old.exists():
        shutil.rmtree(old)
    os.replace(site_dir, old)
    try:
        os.replace(stage, site_dir)
    except OSError:
        os.replace(old, site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


# -- what a build must be able to write --------------------------------------------------------


def check_writable(root: Path, site_dir: Path) -> None:
    """Stop before building if the build could not publish: the site is a file, or a folder
    it must write in (the site and every folder in it, the one next to it, the work folder)
    is read-only. Reading and checking first costs a build's worth of time for nothing."""
    site_dir = site_dir.resolve()
    problems: list[Problem] = []
    if site_dir.exists() and not site_dir.is_dir():
        problems.append(Problem(str(site_dir), message="a file, not a folder: the site is "
                                "published here", hint="move the file away, or build into "
                                "another folder with -d"))
    elif site_dir.is_dir():
        for folder, subfolders, _ in os.walk(site_dir):
            subfolders.sort()
            if not os.access(folder, os.W_OK | os.X_OK):
                problems.append(_read_only(Path(folder), "a build replaces the whole site"))
                subfolders.clear()
    places: dict[Path, list[str]] = {}
    places.setdefault(_existing(site_dir.parent), []).append(
        "the build's stage is made here, next to the site")
    places.setdefault(_existing(root / WORK_DIR), []).append(
        "the build keeps its work files and state here")
    for place, whys in places.items():
        if not os.access(place, os.W_OK | os.X_OK):
            problems.append(_read_only(place, " and ".join(whys)))
    if problems:
        raise BuildError(problems)


def _existing(path: Path) -> Path:
    """``path``, or the nearest folder above it that exists (the build creates the rest)."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _read_only(folder: Path, why: str) -> Problem:
    try:
        read_only_fs = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_fs = False
    reason = os.strerror(errno.EROFS) if read_only_fs else "folder is read-only"
    return Problem(str(folder), message=f"{reason}; {why}",
                   hint="make it writable, or build into another folder with -d")
