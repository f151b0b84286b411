"""Forked worker processes for independent tasks that share one large, read-only input.

The build's locale tasks and the caption lint both run one task per locale on every core, and
every task needs the same facts. This pool serves both: it forks (no re-import, no pickled
code), can warm its workers up before it has any work, sends the shared input to each worker
only once, hands back results as they finish, and never leaves a process behind, whatever goes
wrong. With one worker everything runs in this process, one task after another.

A base module: it knows nothing of policies, captions or sites, so every stage can use it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from itertools import count
from multiprocessing import get_context
from typing import Any, TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

_tokens = count(1)
"""Names each run's shared input, so a worker knows whether it already holds it."""

_payload: tuple[int, Any] | None = None
"""In a worker: the last shared input it received, with its token. In the main process: set
only while forking, so that the children inherit the input instead of unpickling it."""


def worker_count(jobs: int | None, tasks: int | None = None) -> int:
    """``-j`` if given, else one worker per CPU core; no more than there are tasks."""
    wanted = jobs or os.cpu_count() or 1
    return max(1, min(wanted, tasks) if tasks else wanted)


class Workers:
    """A fork pool that runs ``task(shared, item)`` for many items; use it as a context manager.

    Workers start on the first ``run``, or earlier with ``start`` (to warm up, through the
    ``warm_up`` initializer, while this process does other work). Leaving the ``with`` block
    cancels the tasks not started and waits for the running ones: a worker left behind makes
    the interpreter's exit race its pipes (a traceback), and may still write files.
    """

    def __init__(self, jobs: int | None = None, tasks: int | None = None, *,
                 warm_up: Callable[..., object] | None = None,
                 warm_up_args: tuple[Any, ...] = ()) -> None:
        self.count = worker_count(jobs, tasks)
        """How many processes run tasks (1: this one)."""
        self._warm_up = warm_up
        self._warm_up_args = warm_up_args
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def start(self) -> Workers:
        """Fork every worker now (no-op with one worker, or when they are already running)."""
        if self.count > 1 and self._pool is None:
            self._pool = ProcessPoolExecutor(self.count, mp_context=get_context("fork"),
                                             initializer=self._warm_up,
                                             initargs=self._warm_up_args)
            try:
                self._pool.submit(int)  # with fork, the first task forks every worker at once
            except BaseException:  # before any ``with`` could close the pool (Ctrl+C)
                self.close()
                raise
        return self

    def close(self) -> None:
        """Cancel the pending tasks, wait for the running ones and end the workers."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.shutdown(wait=True, cancel_futures=True)

    def run(self, task: Callable[[Shared, Item], Result], shared: Shared,
            items: Sequence[Item]) -> Iterator[Result]:
        """``task(shared, item)`` for every item, yielded as each finishes (in any order).

        ``task`` must be a module-level function (it is pickled by name). A task's exception
        is raised here; the tasks still pending are cancelled when the pool is closed.
        """
        if self.count == 1 or len(items) <= 1:
            # Shipping the input to a worker would cost more than the one task saves.
            return (task(shared, item) for item in items)
        global _payload
        token = next(_tokens)
        blob: bytes | None = None
        if self._pool is None:  # forked now: the workers inherit the input as it is
            saved, _payload = _payload, (token, shared)
            try:
                self.start()
            finally:
                _payload = saved
        else:  # already running: each worker unpickles the input once, for its first task
            blob = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)
        assert self._pool is not None
        futures: list[Future[Result]] = [
            self._pool.submit(_call, task, token, blob, item) for item in items]
        return (future.result() for future in as_completed(futures))


def _call(task: Callable[[Any, Any], Result], token: int, blob: bytes | None,
          item: object) -> Result:
    """Run one task in a worker, with the run's shared input (unpickled once per worker)."""
    global _payload
    if _payload is None or _payload[0] != token:
        if blob is None:  # cannot happen: a pool forked for a run inherits its input
            raise RuntimeError("worker has no shared input for this run")
        _payload = (token, pickle.loads(blob))
    return task(_payload[1], item)
