"""Faults of the machine, not the content: one line naming the path and the OS reason, exit 1.

Full disks, read-only folders, paths through a regular file, and closed or full standard
output. Every fault runs the real command in a subprocess (a small tmpfs and a read-only bind
mount in a private mount namespace where ``unshare`` allows it, skipped with a message
otherwise); only EACCES is injected in the process, since the tests run as root, whom file
modes do not stop. An export is written atomically: after a failure no partial or temporary
file is left, and a previous export stays as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.commands.cli import cli, handle_errors
from tests.conftest import REPO, copy_example

SIGPIPE_EXIT = 141
"""Exit status when the reader of standard output went away: 128 + SIGPIPE, as shells show
for ``cat`` or ``yes`` in the same place."""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


def run(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """``policysite ARGS`` in a fresh process; stdout may be a file descriptor."""
    return subprocess.run(_command(*args), stdout=stdout, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8", env=_env(), timeout=180, check=False)


def one_line(stderr: str, *needles: str) -> str:
    """The single line on standard error, which names every needle; never a traceback."""
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --- export captions -o FILE ------------------------------------------------------------------


def test_export_onto_a_full_device_is_one_line(project: Path) -> None:
    result = run("export", "captions", "-f", str(project), "-o", "/dev/full")
    assert result.returncode == 1
    one_line(result.stderr, "/dev/full: ", "No space left on device", "free some space")
    assert Path("/dev/full").is_char_device()  # written to, never replaced by a file


def test_export_below_a_regular_file_names_the_path(project: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    target = blocker / "out" / "captions.csv"
    result = run("export", "captions", "-f", str(project), "-o", str(target))
    assert result.returncode == 1
    one_line(result.stderr, f"{target}: ", "Not a directory")
    assert blocker.read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_where_the_kernel_refuses_writing(project: Path) -> None:
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no /sys here: nothing that even root may not create files in")
    target = "/sys/kernel/captions.csv"
    result = run("export", "captions", "-f", str(project), "-o", target)
    assert result.returncode == 1
    one_line(result.stderr, f"{target}: ", "Permission denied")
    assert not Path(target).exists()


def test_export_permission_denied_leaves_the_old_file(project: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "captions.csv").write_text("old\n", encoding="utf-8")
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int) -> int:
        if Path(path).parent == out and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = CliRunner().invoke(cli, ["export", "captions", "-f", str(project),
                                      "-o", str(out / "captions.csv")])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    one_line(result.stderr, f"{out / 'captions.csv'}: ", "Permission denied",
             "check its permissions")
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == ["captions.csv"]
    assert (out / "captions.csv").read_text(encoding="utf-8") == "old\n"


def test_export_replaces_a_file_whole_and_keeps_its_folder_clean(project: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "captions.csv").write_text("old\n", encoding="utf-8")
    result = run("export", "captions", "-f", str(project), "-o", str(out / "captions.csv"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["captions.csv"]
    assert (out / "captions.csv").read_bytes().startswith(b"\xef\xbb\xbfmarket,")
    # the file gets the usual mode for new files, not the 0600 of a temporary file
    assert (out / "captions.csv").stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_export_through_a_symbolic_link_replaces_the_linked_file(project: Path,
                                                                 tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    result = run("export", "captions", "-f", str(project), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"\xef\xbb\xbfmarket,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv", "shop"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# --- standard output ----------------------------------------------------------------------------


def test_export_to_a_full_standard_output_is_one_line(project: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = run("export", "captions", "-f", str(project), stdout=full.fileno())
    assert result.returncode == 1
    one_line(result.stderr, "standard output: ", "No space left on device")


def test_lines_to_a_full_standard_output_are_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:  # "wrote schema/…" lines, through click.echo
        result = run("schema", "-o", str(tmp_path / "schema"), stdout=full.fileno())
    assert result.returncode == 1
    one_line(result.stderr, "standard output: ", "No space left on device")


@pytest.fixture
def closed_pipe() -> Iterator[int]:
    """The write end of a pipe whose reader has gone."""
    read, write = os.pipe()
    os.close(read)
    yield write
    os.close(write)


@pytest.mark.parametrize("command", [["export", "captions", "-f", "{project}"],
                                     ["export", "captions", "--format", "json", "-f",
                                      "{project}"],
                                     ["schema", "-o", "{project}/schema"]])
def test_a_closed_pipe_ends_quietly(project: Path, closed_pipe: int,
                                    command: list[str]) -> None:
    result = run(*[arg.format(project=project) for arg in command], stdout=closed_pipe)
    assert result.returncode == SIGPIPE_EXIT
    assert result.stderr == ""


def test_export_piped_into_head(tmp_path: Path) -> None:
    if shutil.which("head") is None:
        pytest.skip("no head command")
    root = copy_example(tmp_path / "shop", markets=None)  # far more than a pipe buffer
    producer = subprocess.Popen(_command("export", "captions", "-f", str(root)),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    assert producer.stdout is not None and producer.stderr is not None
    head = subprocess.Popen(["head", "-1"], stdin=producer.stdout, stdout=subprocess.PIPE)
    producer.stdout.close()  # head is now the only reader, as in a shell pipeline
    first, _ = head.communicate(timeout=180)
    stderr = producer.stderr.read().decode("utf-8")
    producer.stderr.close()
    assert producer.wait(timeout=180) == SIGPIPE_EXIT, stderr
    assert first.decode("utf-8-sig").startswith("market,locale,kind,")
    assert stderr == ""


# --- the handler keeps real bugs visible -----------------------------------------------------


@pytest.mark.parametrize("exc", [
    OSError(errno.EXDEV, "Invalid cross-device link", "/tmp/a", "/mnt/b"),
    OSError("no errno at all"),
    FileNotFoundError(errno.ENOENT, "No such file or directory",
                      str(REPO / "generator" / "templates-missing.txt")),
    FileNotFoundError(errno.ENOENT, "No such file or directory"),
    ValueError("a bug"),
])
def test_the_handler_lets_bugs_crash(exc: Exception) -> None:
    @click.command()
    @handle_errors
    def broken() -> None:
        raise exc

    result = CliRunner().invoke(broken, [])
    assert result.exception is exc


def test_the_handler_makes_a_user_path_fault_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)  # resolving it would raise: the handler must not

    @click.command()
    @handle_errors
    def reads() -> None:
        (loop / "site_config.yml").read_text(encoding="utf-8")

    result = CliRunner().invoke(reads, [])
    assert result.exit_code == 1
    one_line(result.stderr, f"{loop / 'site_config.yml'}: Too many levels of symbolic links")


def test_the_handler_names_the_file_that_a_library_write_failed_on(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"

    @click.command()
    @handle_errors
    def writes() -> None:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write("{}")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as a full disk does

    result = CliRunner().invoke(writes, [])
    assert result.exit_code == 1
    one_line(result.stderr, f"{target}: No space left on device (the disk is full")


# --- a small full disk and a read-only project, in a private mount namespace ------------------


def _in_namespace(script: str, tmp_path: Path, *command: str,
                  env: dict[str, str] | None = None) -> dict[str, str]:
    """Run ``script`` (which mounts, then runs ``"$@"``) as root in its own mount namespace;
    returns the files it wrote to ``$OUT``. Skips where mounting is not allowed."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare: cannot mount a small or read-only file system here")
    out = tmp_path / "results"
    out.mkdir()
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True, timeout=60, check=False)
    if probe.returncode != 0:
        pytest.skip("mounting needs privileges this test run lacks: "
                    + probe.stderr.decode(errors="replace").strip())
    done = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", *command],
                          env={**_env(), **(env or {}), "OUT": str(out)}, capture_output=True,
                          timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return {p.name: p.read_text(encoding="utf-8", errors="replace") for p in out.iterdir()}


def test_export_onto_a_full_small_disk_leaves_the_old_export(project: Path,
                                                             tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
        mount -t tmpfs -o size=4k tmpfs '{disk}' || exit 1
        printf 'old' > '{disk}/captions.csv'
        "$@" 2> "$OUT/stderr"; echo $? > "$OUT/rc"
        ls -A '{disk}' > "$OUT/listing"; cat '{disk}/captions.csv' > "$OUT/content"
    """
    got = _in_namespace(script, tmp_path, *_command("export", "captions", "-f", str(project),
                                                    "-o", str(disk / "captions.csv")))
    assert got["rc"].strip() == "1"
    one_line(got["stderr"], f"{disk / 'captions.csv'}: ", "No space left on device")
    assert got["listing"].split() == ["captions.csv"]
    assert got["content"] == "old"


def test_subtitle_export_onto_a_full_small_disk_writes_nothing(project: Path,
                                                               tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
        mount -t tmpfs -o size=4k tmpfs '{disk}' || exit 1
        "$@" 2> "$OUT/stderr"; echo $? > "$OUT/rc"
        find '{disk}' -mindepth 1 > "$OUT/listing"
    """
    got = _in_namespace(script, tmp_path, *_command("export", "captions", "-f", str(project),
                                                    "--format", "srt", "-o",
                                                    str(disk / "subs")))
    assert got["rc"].strip() == "1"
    one_line(got["stderr"], f"{disk / 'subs'}/", "No space left on device")
    assert got["listing"] == ""


READ_ONLY = """
    mount --bind "$P" "$P" && mount -o remount,bind,ro "$P" || exit 1
    "$@" > "$OUT/stdout" 2> "$OUT/stderr"; echo $? > "$OUT/rc"
"""


def _read_only_project(project: Path, tmp_path: Path, *args: str) -> dict[str, str]:
    return _in_namespace(READ_ONLY, tmp_path, *_command(*args), env={"P": str(project)})


def test_build_in_a_read_only_project_is_one_line(project: Path, tmp_path: Path) -> None:
    got = _read_only_project(project, tmp_path, "build", "-q", "-f", str(project))
    assert got["rc"].strip() == "1", got["stderr"]
    one_line(got["stderr"], f"{project}", "Read-only file system")
    assert sorted(p.name for p in project.iterdir()) == ["policies", "site_config.yml"]


def test_export_into_a_read_only_project_is_one_line(project: Path, tmp_path: Path) -> None:
    target = project / "captions.csv"
    got = _read_only_project(project, tmp_path, "export", "captions", "-f", str(project),
                             "-o", str(target))
    assert got["rc"].strip() == "1"
    one_line(got["stderr"], f"{target}: ", "Read-only file system",
             "choose another place")


def test_init_and_schema_in_a_read_only_folder_exit_1(project: Path, tmp_path: Path) -> None:
    got = _read_only_project(project, tmp_path, "init", str(project / "new"))
    assert got["rc"].strip() == "1"  # the machine's fault, not the command line's
    one_line(got["stderr"], f"{project / 'new'}", "Read-only file system")
    shutil.rmtree(tmp_path / "results")
    got = _read_only_project(project, tmp_path, "schema", "-o", str(project / "schema"))
    assert got["rc"].strip() == "1"
    one_line(got["stderr"], f"{project / 'schema'}", "Read-only file system")


@pytest.mark.slow  # serve builds the site first
def test_serve_on_a_taken_address_is_one_line(tmp_path: Path) -> None:
    import socket

    root = copy_example(tmp_path / "shop")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"127.0.0.1:{port}: cannot serve: Address already in use (another program "
            "listens there") in result.stderr
