"""The worker pool the build's locale tasks and the caption lint share (``generator.workers``)."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from generator.workers import Workers, worker_count

# -- tasks (module level: a worker finds them by name) ----------------------------------------


def _pid_and_square(shared: int, item: int) -> tuple[int, int]:
    time.sleep(0.05)  # long enough that one worker cannot take every task
    return os.getpid(), shared * item * item


def _fail_on_zero(folder: Path, item: int) -> int:
    """Item 0 fails at once; the others mark when they start and when they end."""
    if item == 0:
        raise ValueError("task 0 failed")
    (folder / f"{item}.started").touch()
    time.sleep(0.3)
    (folder / f"{item}.done").touch()
    return item


class Payload:
    """Counts how often it is pickled (in this process) and unpickled (in each process)."""

    pickled = 0
    unpickled = 0

    def __init__(self, value: int) -> None:
        self.value = value

    def __getstate__(self) -> dict[str, int]:
        Payload.pickled += 1
        return {"value": self.value}

    def __setstate__(self, state: dict[str, int]) -> None:
        Payload.unpickled += 1
        self.value = state["value"]


def _unpickled_so_far(shared: Payload, item: int) -> tuple[int, int, int]:
    time.sleep(0.05)
    return os.getpid(), Payload.unpickled, shared.value + item


_WARMED: str | None = None


def _warm(word: str) -> None:
    global _WARMED
    _WARMED = word


def _warmed(shared: None, item: int) -> str | None:
    return _WARMED


# -- helpers -----------------------------------------------------------------------------------


def _live_children() -> set[int]:
    """Child processes of this one, as multiprocessing and the kernel (``/proc``) see them;
    a zombie counts: a child nobody waited for."""
    pids = {process.pid for process in multiprocessing.active_children() if process.pid}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # ended meanwhile
            continue
        if int(fields[1]) == os.getpid():
            pids.add(int(stat.parent.name))
    return pids


@pytest.fixture
def no_children_left():
    """Fails the test if it leaves a child process behind."""
    before = _live_children()
    yield
    assert _live_children() - before == set()


# -- the tests ---------------------------------------------------------------------------------


def test_worker_count_follows_jobs_cores_and_tasks() -> None:
    assert worker_count(3) == 3
    assert worker_count(8, 2) == 2
    assert worker_count(1, 5) == 1
    assert worker_count(None) == (os.cpu_count() or 1)
    assert worker_count(None, 1) == 1
    assert worker_count(4, 0) == 4  # no task count known: as asked


def test_several_workers_share_the_tasks(no_children_left: None) -> None:
    items = list(range(12))
    with Workers(2) as workers:
        assert workers.count == 2
        results = list(workers.run(_pid_and_square, 3, items))
    assert sorted(value for _, value in results) == [3 * i * i for i in items]
    pids = {pid for pid, _ in results}
    assert len(pids) == 2 and os.getpid() not in pids


def test_one_worker_runs_every_task_here_one_after_another(no_children_left: None) -> None:
    before = _live_children()
    with Workers(1) as workers:
        results = workers.run(_pid_and_square, 2, [1, 2, 3])
        first = next(results)  # lazily: one task done, not all
        assert first == (os.getpid(), 2)
        assert _live_children() == before
        assert list(results) == [(os.getpid(), 8), (os.getpid(), 18)]


def test_one_task_runs_here_even_with_several_workers(no_children_left: None) -> None:
    with Workers(2) as workers:
        assert list(workers.run(_pid_and_square, 1, [5])) == [(os.getpid(), 25)]


def test_a_failing_task_raises_here_and_leaves_no_process(tmp_path: Path,
                                                          no_children_left: None) -> None:
    items = list(range(20))
    with pytest.raises(ValueError, match="task 0 failed"), Workers(2) as workers:
        workers.start()
        for _ in workers.run(_fail_on_zero, tmp_path, items):
            pass
    started = {p.stem for p in tmp_path.glob("*.started")}
    done = {p.stem for p in tmp_path.glob("*.done")}
    assert started == done  # the tasks already running were waited for
    assert len(started) < len(items) // 2  # the pending ones were cancelled


def test_an_interrupt_while_reading_results_stops_the_workers(no_children_left: None) -> None:
    with pytest.raises(KeyboardInterrupt), Workers(2) as workers:
        for _ in workers.run(_pid_and_square, 1, list(range(40))):
            raise KeyboardInterrupt


def test_a_started_pool_unpickles_the_shared_input_once_per_worker(
        no_children_left: None) -> None:
    Payload.pickled = Payload.unpickled = 0
    with Workers(2) as workers:
        workers.start()  # forked before the input exists, as the build's workers are
        first = list(workers.run(_unpickled_so_far, Payload(100), list(range(10))))
        second = list(workers.run(_unpickled_so_far, Payload(200), list(range(10))))
    assert Payload.pickled == 2  # once per run, in this process
    assert sorted(value for _, _, value in first) == [100 + i for i in range(10)]
    assert sorted(value for _, _, value in second) == [200 + i for i in range(10)]
    assert len({pid for pid, _, _ in first}) == 2
    for pid in {pid for pid, _, _ in first + second}:
        assert {count for p, count, _ in first if p == pid} <= {1}, first
        assert {count for p, count, _ in second if p == pid} <= {2}, second


def test_a_pool_forked_for_its_run_inherits_the_input_unpickled(no_children_left: None) -> None:
    Payload.pickled = Payload.unpickled = 0
    with Workers(2) as workers:
        results = list(workers.run(_unpickled_so_far, Payload(7), list(range(6))))
    assert Payload.pickled == 0
    assert {count for _, count, _ in results} == {0}
    assert sorted(value for _, _, value in results) == [7 + i for i in range(6)]


def test_workers_warm_up_before_their_tasks(no_children_left: None) -> None:
    with Workers(2, warm_up=_warm, warm_up_args=("ready",)) as workers:
        workers.start()
        assert set(workers.run(_warmed, None, [1, 2, 3, 4])) == {"ready"}
    assert _WARMED is None  # only the workers ran the initializer
