"""Preview benchmark: how long a merchant waits, after saving a YAML file, to see the new value
in ``policysite serve`` (not a test; prints figures).

Starts ``policysite serve`` on a copy of the example (a temporary folder, a free port), waits for
the first build, then makes five one-field edits in one market file (``return_window.days`` of
``policies/markets/de.yml``) and five in ``policies/defaults.yml`` (``returns.ship_within_days``),
one after another. After each write it polls the served page ``/de/de/`` until the new value is
in it, and prints the median and worst time from the write to the new value being served, per
group, and the median CPU time the server (with its workers) spent per edit: on a machine that
other work keeps busy, the wall times grow with the load and the CPU times do not.

    python3 benchmarks/serve.py [--edits 5] [--keep DIR]

Targets (issue 18, two cores): a one-market edit visible in under 1.5 s (median); a
``defaults.yml`` edit (every market) in less than a full build. The server is stopped however
the benchmark ends (Ctrl-C too): it runs in its own process group, which is terminated, then
killed if it lingers.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = "/de/de/"
POLL_SECONDS = 0.02
TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class Edit:
    """One field to change: the file, the line that holds it, and how the page shows it."""

    label: str
    file: str
    line: re.Pattern[str]
    """Matches the field's line; group 1 is the number (the rest of the line is kept)."""
    shown: Callable[[int], re.Pattern[str]]
    """What the served page contains once the field has the given value."""


EDITS = (
    # The market's own window: in the page's JSON-LD (merchantReturnDays).
    Edit("one market (de.yml return_window.days)", "policies/markets/de.yml",
         re.compile(r"(?m)^(?<=return_window:\n)  days: (\d+)"),
         lambda value: re.compile(rf'"merchantReturnDays":\s*{value}\b')),
    # Every market's time to send the parcel back after the RMA (the German page's wording).
    Edit("every market (defaults.yml returns.ship_within_days)", "policies/defaults.yml",
         re.compile(r"(?m)^  ship_within_days: (\d+)"),
         lambda value: re.compile(rf"spätestens\s+{value}\s+Tage\s+nach\s+Erhalt")),
)


def copy_example(dest: Path) -> Path:
    """The example project, with its own templates and catalogs (edits elsewhere in the
    repository during the run change nothing here)."""
    shutil.copy(REPO / "site_config.yml", dest / "site_config.yml")
    for folder in ("policies", "templates", "locales"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def group_cpu(group: int) -> float:
    """CPU seconds used so far by a process group (its ended children that were waited for
    included); NaN where ``/proc`` is not there to read."""
    total = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return float("nan")
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == group:  # pgrp; then utime, stime, cutime, cstime
            total += sum(int(value) for value in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def wait_for(url: str, shown: re.Pattern[str], server: subprocess.Popen[str]) -> float:
    """Poll until the page shows ``shown``; the time it took (raises when it never does)."""
    started = time.perf_counter()
    while not shown.search(fetch(url)):
        if server.poll() is not None:
            raise SystemExit(f"serve stopped (exit {server.returncode})")
        if time.perf_counter() - started > TIMEOUT_SECONDS:
            raise SystemExit(f"{url} never showed {shown.pattern!r}")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def edit_value(path: Path, line: re.Pattern[str], value: int) -> None:
    """Set the number on the field's line, leaving every other byte of the file as it was."""
    text = path.read_text(encoding="utf-8")
    found = line.search(text)
    if found is None:
        raise SystemExit(f"{path}: no line matches {line.pattern!r}")
    start, end = found.span(1)
    path.write_text(text[:start] + str(value) + text[end:], encoding="utf-8")


def current_value(path: Path, line: re.Pattern[str]) -> int:
    found = line.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit(f"{path}: no line matches {line.pattern!r}")
    return int(found.group(1))


def run_edits(root: Path, url: str, edit: Edit, count: int,
              server: subprocess.Popen[str]) -> tuple[list[float], list[float]]:
    """Make ``count`` edits of one field, each after the last was served; seconds per edit,
    wall and CPU."""
    path = root / edit.file
    value = current_value(path, edit.line)
    seconds, cpu = [], []
    for _ in range(count):
        value += 1
        used = group_cpu(server.pid)
        edit_value(path, edit.line, value)
        seconds.append(wait_for(url, edit.shown(value), server))
        time.sleep(0.3)  # let the server settle (and finish) before the next write
        cpu.append(group_cpu(server.pid) - used)
    return seconds, cpu


def stop(server: subprocess.Popen[str]) -> None:
    """End the server's whole process group (its build workers too), politely first."""
    if server.poll() is not None:
        return
    with _suppress_missing():
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with _suppress_missing():
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()


class _suppress_missing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        return kind is ProcessLookupError


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # Ctrl-C and SIGTERM both end in stop(), even when started where SIGINT was ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=5, help="edits per file (default 5)")
    parser.add_argument("--keep", type=Path, help="make the project copy in this folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="policysite-serve-bench-", dir=args.keep))
    root = copy_example(tmp)
    port = free_port()
    url = f"http://127.0.0.1:{port}{PAGE}"
    log = (tmp / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-f", str(root / "site_config.yml"),
         "-a", f"127.0.0.1:{port}"], cwd=root, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=log, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)  # its own group: Ctrl-C here reaches it only through stop()
    try:
        first = EDITS[0]
        started = time.perf_counter()
        wait_for(url, first.shown(current_value(root / first.file, first.line)), server)
        print(f"first build served after {time.perf_counter() - started:.2f} s "
              f"(CPU {group_cpu(server.pid):.2f} s, starting Python included); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for edit in EDITS:
            seconds, cpu = run_edits(root, url, edit, args.edits, server)
            print(f"{edit.label}: median {statistics.median(seconds):.2f} s, "
                  f"worst {max(seconds):.2f} s "
                  f"({', '.join(f'{s:.2f}' for s in seconds)}); "
                  f"CPU per edit {statistics.median(cpu):.2f} s")
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    finally:
        stop(server)
        log.close()
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"project and serve.log kept in {tmp}")


if __name__ == "__main__":
    main()
