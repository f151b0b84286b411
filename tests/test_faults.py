"""Builds under faults, for real: two builds at once, ``kill -9``, Ctrl-C and SIGTERM at several
moments, a read-only site or project folder, a file where the site should be.

Every fault runs ``python -m generator build`` in a subprocess and checks the promise: no
traceback, one line that says what happened, no worker process that outlives its build for
more than a few seconds, no ``.policysite-*`` folder left next to the site once the build (or
the next one) is over, and a site that is byte for byte the old one or a clean build's.

The tests run as root here, whom file modes do not stop: a read-only folder is then made with
``chattr +i`` (immutable), and the test is skipped with a message where that is refused. Faults
in the middle of a publish are injected in this process (``os.replace`` raising).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.site import publish
from generator.workers import WorkerDied, Workers
from tests.conftest import REPO
from tests.sites import small_project, tree_hashes

LOCALES = "[en, de, ar]"
"""Three locales on two workers: a third MkDocs build is still to come when the first ends."""

INTERRUPTED = "policysite: interrupted; the site was left unchanged"
GONE_WITHIN = 5.0
"""Seconds a worker may outlive its build (generous: they go within milliseconds)."""


# -- processes -----------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", "CI": "1"}


class Build:
    """``policysite build`` running in a subprocess, its standard error going to a file (read
    while it runs, and never a full pipe)."""

    def __init__(self, root: Path, *args: str, session: bool = False, name: str = "build"
                 ) -> None:
        self.root = root
        self.log = root.parent / f"{name}-{time.monotonic_ns()}.stderr"
        self.out = self.log.with_suffix(".stdout")
        with open(self.log, "wb") as log, open(self.out, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "generator", "build", "-j", "2", *args], cwd=root,
                stdout=out, stderr=log, env=_env(), start_new_session=session)
        self.pid = self.process.pid

    @property
    def stderr(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    @property
    def stdout(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def wait(self) -> int:
        return self.process.wait(timeout=300)

    def wait_until(self, condition: Callable[[Build], bool], what: str) -> None:
        """Poll until ``condition`` holds; fail if the build ends first."""
        deadline = time.monotonic() + 120
        while not condition(self):
            if self.process.poll() is not None:
                pytest.fail(f"the build ended (exit {self.process.returncode}) before {what}:\n"
                            f"{self.stderr}")
            assert time.monotonic() < deadline, f"no {what} after 120 s"
            time.sleep(0.01)


def _stat(pid: int) -> tuple[str, int] | None:
    """State letter and parent PID of a process, None if there is no such process."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    """Running (a zombie has ended: only its exit status waits to be collected)."""
    found = _stat(pid)
    return found is not None and found[0] not in ("Z", "X")


def children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[1] == pid and stat[0] not in ("Z", "X"):
                found.add(int(entry.name))
    return found


def assert_gone(pids: set[int]) -> None:
    deadline = time.monotonic() + GONE_WITHIN
    while {pid for pid in pids if alive(pid)} and time.monotonic() < deadline:
        time.sleep(0.05)
    left = {pid for pid in pids if alive(pid)}
    assert not left, f"worker processes {sorted(left)} outlived their build"


def leftovers(folder: Path) -> list[str]:
    """Stages and moved-aside sites next to the site (``.policysite/`` is the work folder)."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".policysite-"))


def stages(root: Path) -> list[Path]:
    return [p for p in root.iterdir() if p.name.startswith(".policysite-stage-")]


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "Exception" not in stderr, stderr


# -- moments to strike at --------------------------------------------------------------------


def _warming_up(build: Build) -> bool:
    """Both workers forked: they import MkDocs while the main process loads the project."""
    return len(children(build.pid)) >= 2


def _building(build: Build) -> bool:
    """The stage exists: the workers render and run MkDocs into it."""
    return bool(stages(build.root)) and len(children(build.pid)) >= 2


def _pages_written(build: Build) -> bool:
    """MkDocs has written pages of a locale into the stage."""
    for stage in stages(build.root):
        try:
            if any(stage.glob("*/index.html")):
                return True
        except OSError:  # removed meanwhile
            pass
    return False


MOMENTS: dict[str, Callable[[Build], bool]] = {
    "warming up": _warming_up, "building": _building, "pages written": _pages_written}


# -- projects ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project and its site, built once for the module."""
    root = small_project(tmp_path_factory.mktemp("faults") / "shop", ("de",), LOCALES)
    build = Build(root)
    assert build.wait() == 0, build.stderr
    return root


@pytest.fixture
def reference(built: Path) -> dict[str, str]:
    """A clean build's site: what every build of the project must publish."""
    return tree_hashes(built / "site")


@pytest.fixture
def shop(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its site included."""
    return Path(shutil.copytree(built, tmp_path / "shop", symlinks=True))


@pytest.fixture
def unbuilt(built: Path, tmp_path: Path) -> Path:
    """A copy of the project that was never built."""
    return Path(shutil.copytree(built, tmp_path / "shop", symlinks=True,
                                ignore=shutil.ignore_patterns("site", ".policysite")))


# -- two builds at once ----------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_build_waits_for_the_first_and_says_so(unbuilt: Path,
                                                        reference: dict[str, str]) -> None:
    first = Build(unbuilt, name="first")
    first.wait_until(_building, "the first build's stage")
    second = Build(unbuilt, name="second")
    second.wait_until(lambda b: "waiting" in b.stderr or b.process.poll() is not None,
                      "a message")
    assert first.wait() == 0, first.stderr
    assert second.wait() == 0, second.stderr
    no_traceback(first.stderr + second.stderr)
    waiting = [line for line in second.stderr.splitlines() if "waiting" in line]
    assert len(waiting) == 1 and f"PID {first.pid}" in waiting[0], second.stderr
    # It waited for the first build, then found its site up to date.
    assert second.stdout.startswith("Site is up to date"), second.stdout
    assert leftovers(unbuilt) == []
    assert tree_hashes(unbuilt / "site") == reference


@pytest.mark.slow
def test_two_builds_started_together_build_once(unbuilt: Path,
                                                reference: dict[str, str]) -> None:
    """Whichever gets the lock builds; the other waits, then finds the site up to date."""
    builds = [Build(unbuilt, name=name) for name in ("one", "two")]
    for build in builds:
        assert build.wait() == 0, build.stderr
        no_traceback(build.stderr)
    summaries = sorted(build.stdout.split(" ")[0] for build in builds)
    assert summaries == ["Built", "Site"], [build.stdout for build in builds]
    assert leftovers(unbuilt) == []
    assert tree_hashes(unbuilt / "site") == reference


@pytest.mark.slow
def test_ctrl_c_while_waiting_for_another_build(shop: Path, reference: dict[str, str]) -> None:
    first = Build(shop, "--force", name="first")
    first.wait_until(_building, "the first build's stage")
    second = Build(shop, session=True, name="second")
    second.wait_until(lambda b: "waiting" in b.stderr, "the waiting message")
    os.killpg(second.pid, signal.SIGINT)
    assert second.wait() == 130, second.stderr
    assert second.stderr.splitlines()[-1] == INTERRUPTED
    assert first.wait() == 0, first.stderr  # the first build never noticed
    no_traceback(first.stderr + second.stderr)
    assert leftovers(shop) == []
    assert tree_hashes(shop / "site") == reference


# -- kill -9 -----------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_killed_build_takes_its_workers_along(shop: Path, reference: dict[str, str],
                                                moment: str) -> None:
    build = Build(shop, "--force")
    build.wait_until(MOMENTS[moment], moment)
    workers = children(build.pid)
    assert workers
    build.process.kill()
    build.wait()
    assert_gone(workers)
    assert tree_hashes(shop / "site") == reference  # the old site, as it was
    after = Build(shop, name="next")
    assert after.wait() == 0, after.stderr
    no_traceback(after.stderr)
    assert leftovers(shop) == []  # the killed build's stage is gone
    assert tree_hashes(shop / "site") == reference


# -- Ctrl-C and SIGTERM ------------------------------------------------------------------------


def _interrupt(shop: Path, moment: str, send: Callable[[Build], None], code: int) -> None:
    """Strike at ``moment`` with ``send``; the build must stop cleanly, leaving the site."""
    before = tree_hashes(shop / "site")
    build = Build(shop, "--force", session=True)
    build.wait_until(MOMENTS[moment], moment)
    workers = children(build.pid)
    send(build)
    assert build.wait() == code, build.stderr
    no_traceback(build.stderr)
    lines = build.stderr.splitlines()
    assert lines[-1] == INTERRUPTED, build.stderr
    assert build.stdout == ""  # no summary: it was not built
    assert_gone(workers)
    assert leftovers(shop) == []  # removed by the interrupted build itself
    assert tree_hashes(shop / "site") == before


@pytest.mark.slow
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_ctrl_c_stops_the_build_cleanly(shop: Path, moment: str) -> None:
    """Ctrl-C in a terminal signals the whole process group: the build and its workers."""
    _interrupt(shop, moment, lambda build: os.killpg(build.pid, signal.SIGINT), 130)


@pytest.mark.slow
def test_sigint_to_the_build_alone_stops_its_workers(shop: Path) -> None:
    _interrupt(shop, "building", lambda build: build.process.send_signal(signal.SIGINT), 130)


@pytest.mark.slow
@pytest.mark.parametrize("group", [False, True], ids=["the build", "its process group"])
def test_sigterm_stops_the_build_cleanly(shop: Path, group: bool) -> None:
    """``kill PID``, or a service manager stopping the whole group: workers included."""
    def send(build: Build) -> None:
        if group:
            os.killpg(build.pid, signal.SIGTERM)
        else:
            build.process.terminate()

    _interrupt(shop, "pages written", send, 128 + signal.SIGTERM)


# -- workers die with their parent, with or without prctl --------------------------------------


WORKER_SCRIPT = """
import os, sys, time
from pathlib import Path
from generator import workers

if sys.argv[2] == "watchdog":
    workers._set_parent_death_signal = lambda: False  # as where prctl is missing

def busy(folder, item):
    (Path(folder) / str(os.getpid())).touch()
    time.sleep(120)

with workers.Workers(2) as pool:
    list(pool.run(busy, sys.argv[1], [1, 2]))
"""


@pytest.mark.parametrize("how", ["prctl", "watchdog"])
def test_busy_workers_die_with_a_killed_parent(tmp_path: Path, how: str) -> None:
    script = tmp_path / "pool.py"
    script.write_text(WORKER_SCRIPT, encoding="utf-8")
    marks = tmp_path / "pids"
    marks.mkdir()
    parent = subprocess.Popen([sys.executable, str(script), str(marks), how], env=_env(),
                              stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(list(marks.iterdir())) < 2:
        assert parent.poll() is None, parent.stderr.read() if parent.stderr else ""
        assert time.monotonic() < deadline, "the workers never started their tasks"
        time.sleep(0.02)
    pids = {int(p.name) for p in marks.iterdir()}
    parent.kill()
    parent.wait()
    assert_gone(pids)
    assert parent.stderr is not None
    parent.stderr.close()


def _dies_on_zero(shared: None, item: int) -> int:
    if item == 0:
        os._exit(3)  # as the kernel's out-of-memory killer would end it
    time.sleep(0.2)
    return item


def test_a_worker_that_dies_in_a_task_is_an_error_not_a_hang() -> None:
    before = children(os.getpid())
    with pytest.raises(WorkerDied, match="ended"), Workers(2) as pool:
        list(pool.run(_dies_on_zero, None, list(range(6))))
    assert children(os.getpid()) == before


# -- folders that cannot be written ------------------------------------------------------------


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Folders nobody may change: by mode, or for root (whom modes do not stop) immutable."""
    if os.geteuid() != 0:
        modes = [p.stat().st_mode for p in paths]
        for path in paths:
            path.chmod(0o555)
        try:
            yield
        finally:
            for path, mode in zip(paths, modes, strict=True):
                path.chmod(mode)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no way to make a folder read-only")
    done: list[Path] = []
    try:
        for path in paths:
            made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True,
                                  check=False)
            if made.returncode != 0:
                pytest.skip(f"running as root and chattr +i is refused here: {made.stderr}")
            done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run(["chattr", "-i", str(path)], check=True)


def _quiet_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", "-q", "-j", "2", *args],
                          cwd=root, capture_output=True, text=True, env=_env(), timeout=300,
                          check=False)


def one_line(stderr: str, *needles: str) -> str:
    no_traceback(stderr)
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.slow
def test_a_read_only_site_folder_is_one_line(shop: Path) -> None:
    before = tree_hashes(shop / "site")
    with read_only(shop / "site"):
        done = _quiet_build(shop, "--force")
    assert done.returncode == 1, done.stderr
    one_line(done.stderr, f"{shop / 'site'}: ")
    assert leftovers(shop) == []
    assert tree_hashes(shop / "site") == before


@pytest.mark.slow
def test_a_read_only_folder_inside_the_site_is_one_line(shop: Path) -> None:
    before = tree_hashes(shop / "site")
    with read_only(shop / "site" / "de"):
        done = _quiet_build(shop, "--force")
    assert done.returncode == 1, done.stderr
    one_line(done.stderr, f"{shop / 'site' / 'de'}: ")
    assert leftovers(shop) == []
    assert tree_hashes(shop / "site") == before


@pytest.mark.slow
def test_a_read_only_project_folder_is_one_line(unbuilt: Path) -> None:
    """A build that must write (its lock, stage and state) says where it cannot; one that
    finds the site up to date writes nothing, so it needs no write access."""
    before = sorted(p.name for p in unbuilt.iterdir())
    with read_only(unbuilt):
        done = _quiet_build(unbuilt)
    assert done.returncode == 1, done.stderr
    one_line(done.stderr, f"{unbuilt}")
    assert sorted(p.name for p in unbuilt.iterdir()) == before
    assert _quiet_build(unbuilt).returncode == 0
    with read_only(unbuilt, unbuilt / ".policysite", unbuilt / "site"):
        done = _quiet_build(unbuilt)
    assert done.returncode == 0, done.stderr
    no_traceback(done.stderr)


@pytest.mark.slow
def test_a_file_named_like_the_site_is_refused_and_kept(unbuilt: Path) -> None:
    (unbuilt / "site").write_text("my notes\n", encoding="utf-8")
    done = _quiet_build(unbuilt)
    assert done.returncode == 1, done.stderr
    one_line(done.stderr, f"{unbuilt / 'site'}: ", "not a folder")
    assert (unbuilt / "site").read_text(encoding="utf-8") == "my notes\n"
    assert leftovers(unbuilt) == []


@pytest.mark.slow
@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC])
def test_a_publish_that_the_system_refuses_is_one_line(shop: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       code: int) -> None:
    """The rename that publishes fails (injected: root ignores permissions): one line naming
    the site, the old site kept, nothing left next to it."""
    before = tree_hashes(shop / "site")
    real_replace = os.replace

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        if Path(source).name.startswith(".policysite-stage-"):
            raise OSError(code, os.strerror(code), os.fspath(source))
        real_replace(source, target)

    monkeypatch.setattr(publish.os, "replace", replace)
    monkeypatch.chdir(shop)
    result = CliRunner().invoke(cli, ["build", "-q", "-j", "1", "--force"])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    one_line(result.stderr, f"{shop / 'site'}: ", os.strerror(code))
    assert leftovers(shop) == []
    assert tree_hashes(shop / "site") == before


# -- leftovers of a build killed half-way through the swap -------------------------------------


def test_an_old_site_moved_aside_by_a_killed_build_is_put_back(tmp_path: Path) -> None:
    """Killed between the swap's two renames, a build leaves no site and the old one moved
    aside under a name of its own: the next build puts it back instead of removing it."""
    site = tmp_path / "site"
    stage = publish.make_stage(site)
    (stage / "index.html").write_text("new", encoding="utf-8")
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    real_replace = os.replace
    moved: list[Path] = []

    def killed_after_the_first_rename(source: str | os.PathLike[str],
                                      target: str | os.PathLike[str]) -> None:
        if moved:
            raise SystemExit("killed")  # nothing runs after kill -9: no rollback either
        real_replace(source, target)
        moved.append(Path(target))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(publish.os, "replace", killed_after_the_first_rename)
        with pytest.raises(SystemExit):
            publish.swap_into_place(stage, site)
    assert not site.exists() and moved[0].name.startswith(".policysite-old-")
    publish.remove_stale(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []
