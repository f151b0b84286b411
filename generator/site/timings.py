"""Where a build's time goes: seconds per phase, per process (opt-in table).

``POLICYSITE_TIMINGS=1 policysite build`` prints, after the build, one row per phase and one
column per process (the main one, then each worker) to stderr, MkDocs' own steps included.
The figures are always recorded (a few clock reads per locale, picklable with the outcomes);
only the table is opt-in. Wall seconds: a worker's column adds up to its busy time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

ENV = "POLICYSITE_TIMINGS"


@dataclass
class Timings:
    """Seconds per phase in one process; ``lap`` books the time since the last lap."""

    process: int = field(default_factory=os.getpid)
    seconds: dict[str, float] = field(default_factory=dict)
    _last: float = field(default_factory=time.perf_counter, repr=False)

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.add(phase, now - self._last)
        self._last = now

    def add(self, phase: str, seconds: float) -> None:
        self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds


def wanted() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def table(main: Timings, workers: Iterable[Timings]) -> str:
    """Phases as rows (in the order first seen), processes as columns, with a total column."""
    columns: dict[str, dict[str, float]] = {"main": dict(main.seconds)}
    names = {main.process: "main"}
    for timings in workers:
        name = names.setdefault(timings.process, f"worker {len(names)}")
        column = columns.setdefault(name, {})
        for phase, seconds in timings.seconds.items():
            column[phase] = column.get(phase, 0.0) + seconds
    phases = list(dict.fromkeys(phase for column in columns.values() for phase in column))
    width = max(len(phase) for phase in phases) if phases else 5
    heads = [*columns, "total"]
    lines = [f"{'phase':<{width}} " + " ".join(f"{head:>9}" for head in heads)]
    for phase in phases:
        cells = [column.get(phase) for column in columns.values()]
        total = sum(cell for cell in cells if cell is not None)
        lines.append(f"{phase:<{width}} " + " ".join(
            " " * 9 if cell is None else f"{cell:>9.2f}" for cell in [*cells, total]))
    sums = [sum(column.values()) for column in columns.values()]
    lines.append(f"{'all':<{width}} " + " ".join(f"{cell:>9.2f}" for cell in [*sums, sum(sums)]))
    return "\n".join(lines)


def report(main: Timings, workers: Iterable[Timings]) -> None:
    """Print the table to stderr when ``POLICYSITE_TIMINGS`` asks for it."""
    if wanted():
        print(table(main, workers), file=sys.stderr)
