"""Forked worker processes for independent tasks that share one large, read-only input.

The build's locale tasks and the caption lint both run one task per locale on every core, and
every task needs the same facts. This pool serves both: it forks (no re-import, no pickled
code), can warm its workers up before it has any work, sends the shared input to each worker
only once, hands back results as they finish, and never leaves a process behind, whatever goes
wrong: not when a task fails, not on Ctrl-C, not even when this process is killed with
``kill -9`` (each worker asks the kernel for a signal when its parent dies and, where that is
unavailable, watches its parent itself). With one worker everything runs in this process, one
task after another.

Each worker has a pipe of its own to this process, so that a worker that dies, or is killed,
can never leave a shared queue or lock in a state that blocks the others: its pipe just ends.

A base module: it knows nothing of policies, captions or sites, so every stage can use it.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from itertools import count
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

_tokens = count(1)
"""Names each run's shared input, so a worker knows whether it already holds it."""

_payload: tuple[int, Any] | None = None
"""In a worker: the last shared input it received, with its token. In the main process: set
only while forking, so that the children inherit the input instead of unpickling it."""

_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_WATCH_SECONDS = 0.25
"""How often a worker without a parent-death signal checks that its parent still lives."""


class WorkerDied(RuntimeError):
    """A worker process ended in the middle of a task (killed, or out of memory)."""


class RemoteTraceback(Exception):
    """Where a task failed in its worker: set as the cause of the exception raised here."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return self.text


def worker_count(jobs: int | None, tasks: int | None = None) -> int:
    """``-j`` if given, else one worker per CPU core; no more than there are tasks."""
    wanted = jobs or os.cpu_count() or 1
    return max(1, min(wanted, tasks) if tasks else wanted)


class _Worker:
    """One forked process and this process's end of its pipe."""

    def __init__(self, process: BaseProcess, pipe: Connection, token: int) -> None:
        self.process = process
        self.pipe = pipe
        self.token = token
        """The shared input the worker holds (0: none)."""
        self.busy = False


class Workers:
    """A fork pool that runs ``task(shared, item)`` for many items; use it as a context manager.

    Workers start on the first ``run``, or earlier with ``start`` (to warm up, through the
    ``warm_up`` function, while this process does other work). Leaving the ``with`` block
    normally, or through an ``Exception``, drops the tasks not started and waits for the
    running ones (they may be writing files that the caller is about to remove); leaving it
    through an interrupt (``KeyboardInterrupt``, ``SystemExit``) kills the workers at once.

    Workers ignore SIGINT: a Ctrl-C reaches the whole process group, and stopping the workers
    is this process's business. Use a pool from the thread that created it: the kernel's
    parent-death signal follows the thread that forked.
    """

    def __init__(self, jobs: int | None = None, tasks: int | None = None, *,
                 warm_up: Callable[..., object] | None = None,
                 warm_up_args: tuple[Any, ...] = ()) -> None:
        self.count = worker_count(jobs, tasks)
        """How many processes run tasks (1: this one)."""
        self._warm_up = warm_up
        self._warm_up_args = warm_up_args
        self._workers: list[_Worker] = []

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.close(kill=kind is not None and not issubclass(kind, Exception))

    def start(self) -> Workers:
        """Fork every worker now (no-op with one worker, or when they are already running)."""
        if self.count > 1 and not self._workers:
            try:
                with _stop_signals_blocked():  # the workers ignore them before they arrive
                    for _ in range(self.count):
                        self._workers.append(self._fork())
            except BaseException:  # an interrupt, delivered as the signals are unblocked
                self.close(kill=True)
                raise
        return self

    def _fork(self) -> _Worker:
        context = get_context("fork")
        ours, theirs = context.Pipe()
        others = [worker.pipe for worker in self._workers] + [ours]
        process = context.Process(target=_serve, daemon=True, args=(
            theirs, os.getpid(), others, self._warm_up, self._warm_up_args))
        try:
            process.start()
        finally:
            theirs.close()
        return _Worker(process, ours, _payload[0] if _payload is not None else 0)

    def close(self, kill: bool = False) -> None:
        """End the workers: wait for the running tasks (their results are dropped), or with
        ``kill`` stop them at once. Either way no worker is left when this returns.

        A worker without a task is stopped at once either way: it may still be warming up
        (a build that fails its checks need not wait for that), and holds nothing to lose.
        """
        workers, self._workers = self._workers, []
        try:
            for worker in workers:
                if kill:
                    break
                _drain(worker)
        except BaseException:  # interrupted while waiting: stop them all now
            kill = True
            raise
        finally:
            for worker in workers:
                worker.process.kill()
                worker.process.join()
                worker.pipe.close()

    def run(self, task: Callable[[Shared, Item], Result], shared: Shared,
            items: Sequence[Item]) -> Iterator[Result]:
        """``task(shared, item)`` for every item, yielded as each finishes (in any order).

        ``task`` must be a module-level function (it is sent by name). A task's exception is
        raised here, with the worker's traceback as its cause; the tasks not yet started are
        dropped when the pool is closed.
        """
        if self.count == 1 or len(items) <= 1:
            # Shipping the input to a worker would cost more than the one task saves.
            return (task(shared, item) for item in items)
        global _payload
        token = next(_tokens)
        blob: bytes | None = None
        if not self._workers:  # forked now: the workers inherit the input as it is
            saved, _payload = _payload, (token, shared)
            try:
                self.start()
            finally:
                _payload = saved
        else:  # already running: each worker unpickles the input once, for its first task
            for worker in self._workers:  # what a run left unfinished
                _drain(worker)
            blob = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)
        pending = deque(items)
        for worker in self._workers:  # every worker starts at once, as with a queue
            if pending:
                self._send(worker, task, token, blob, pending.popleft())
        return self._results(task, token, blob, pending)

    def _send(self, worker: _Worker, task: Callable[[Any, Any], Any], token: int,
              blob: bytes | None, item: object) -> None:
        try:
            worker.pipe.send((task, token, None if worker.token == token else blob, item))
        except OSError:  # its end of the pipe is closed: it has ended
            raise WorkerDied(f"worker process {worker.process.pid} ended unexpectedly"
                             ) from None
        worker.token = token
        worker.busy = True

    def _results(self, task: Callable[[Any, Any], Result], token: int, blob: bytes | None,
                 pending: deque[Any]) -> Iterator[Result]:
        by_pipe = {worker.pipe: worker for worker in self._workers}
        while busy := [worker.pipe for worker in self._workers if worker.busy]:
            for pipe in wait(busy):
                worker = by_pipe[pipe]  # type: ignore[index]
                result = _receive(worker)
                if pending:
                    self._send(worker, task, token, blob, pending.popleft())
                yield result


def _drain(worker: _Worker) -> None:
    """Wait for the worker's running task, if any, and drop its result or failure."""
    if worker.busy:
        with suppress(Exception):
            _receive(worker)


def _receive(worker: _Worker) -> Any:
    """The result of the worker's running task; its exception is raised here."""
    try:
        ok, value, where = worker.pipe.recv()
    except (EOFError, OSError):
        worker.busy = False
        raise WorkerDied(f"worker process {worker.process.pid} ended in the middle of a task"
                         ) from None
    worker.busy = False
    if not ok:
        value.__cause__ = RemoteTraceback(where)
        raise value
    return value


@contextmanager
def _stop_signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back in this thread (and in children forked meanwhile)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach Python handlers in the main thread only
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


# -- in the worker -----------------------------------------------------------------------------


def _serve(pipe: Connection, parent: int, others: list[Connection],
           warm_up: Callable[..., object] | None, warm_up_args: tuple[Any, ...]) -> None:
    """A worker's life: warm up, then run the tasks that come through ``pipe`` until it ends.

    Starts with SIGINT and SIGTERM blocked (see ``Workers.start``): Ctrl-C is ignored, SIGTERM
    ends the worker at once, and neither can interrupt it in this process's Python handlers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    for other in others:  # the parent's ends of the pipes, inherited: only the parent's
        other.close()
    _die_with(parent)
    broken: BaseException | None = None
    if warm_up is not None:
        try:
            warm_up(*warm_up_args)
        except Exception as exc:  # reported with the first task, where the caller sees it
            broken = exc
    while True:
        try:
            message = pipe.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        try:
            if broken is not None:
                raise broken
            reply: tuple[bool, Any, str] = (True, _call(*message), "")
        except BaseException as exc:  # SystemExit too: this process must serve on
            failure = exc if isinstance(exc, Exception) else RuntimeError(
                f"task ended with {exc!r}")
            reply = (False, failure, traceback.format_exc())
        try:
            pipe.send(reply)
        except (EOFError, OSError):
            return
        except Exception:  # a result or exception that cannot be pickled
            pipe.send((False, RuntimeError(f"task result cannot be sent back: {reply[1]!r}"),
                       traceback.format_exc()))


def _call(task: Callable[[Any, Any], Result], token: int, blob: bytes | None,
          item: object) -> Result:
    """Run one task in a worker, with the run's shared input (unpickled once per worker)."""
    global _payload
    if _payload is None or _payload[0] != token:
        if blob is None:  # cannot happen: the pool sends the input to a worker without it
            raise RuntimeError("worker has no shared input for this run")
        _payload = (token, pickle.loads(blob))
    return task(_payload[1], item)


def _die_with(parent: int) -> None:
    """End this worker when its parent ends, even by ``kill -9``: by the kernel's parent-death
    signal where there is one (Linux), else by a thread that watches the parent's PID."""
    if not _set_parent_death_signal():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before it could be watched
        os._exit(1)


def _set_parent_death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent dies (Linux ``prctl``); False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # this process's own symbols: libc's too
        pr_set_pdeathsig = 1
        return int(libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no prctl
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)
