"""``policysite check`` and ``policysite schema`` as a user runs them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.model.schema import render_schemas
from tests.conftest import REPO, copy_example, own_lines, set_line

DE = "policies/markets/de.yml"
PROBLEM_LINE = re.compile(r"^[\w./-]+\.yml:\d+:\d+: [\w.\[\]-]+: \S.*$")
OK_LINE = re.compile(r"^OK: (\d+) markets, (\d+) locales, (\d+) categories, "
                     r"(\d+) policy versions$")


def _counts(root: Path) -> tuple[int, int, int, int]:
    """What the OK line must report, counted from the files without the code under test."""
    config = yaml.safe_load((root / "site_config.yml").read_text(encoding="utf-8"))
    policies = root / "policies"
    categories = yaml.safe_load((policies / "categories.yml").read_text(encoding="utf-8"))
    versions = yaml.safe_load((policies / "versions.yml").read_text(encoding="utf-8"))
    return (len(list((policies / "markets").glob("*.yml"))), len(config["site"]["locales"]),
            len(categories["categories"]), len(versions["versions"]))


def _break(root: Path) -> None:
    """Three problems in two files."""
    set_line(root, DE, "  days:", "  days: 0")
    set_line(root, DE, "currency:", "currency: EUX")
    set_line(root, "site_config.yml", "  base_url:", "  base_url: http://shop.example/")


def test_check_on_the_example_prints_one_ok_line() -> None:
    result = CliRunner().invoke(cli, ["check", "-f", str(REPO)])
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout.startswith("OK: ")
    match = OK_LINE.match(result.stdout.rstrip("\n"))
    assert match, result.stdout
    assert tuple(int(n) for n in match.groups()) == _counts(REPO)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.output + result.stderr


def test_check_accepts_the_config_file_itself(project: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "-f", str(project / "site_config.yml")])
    assert result.exit_code == 0, result.stderr
    match = OK_LINE.match(result.stdout.rstrip("\n"))
    assert match, result.stdout
    assert tuple(int(n) for n in match.groups()) == _counts(project)
    assert match.group(1) == "1"


def test_check_quiet_prints_nothing_on_success(project: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "-q", "-f", str(project)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert own_lines(result.stderr) == []


def test_check_prints_warnings_and_still_succeeds(project: Path) -> None:
    set_line(project, DE, "  phone:", '  phone: "+1 650-253-0000"')
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 0
    assert result.stderr.startswith(f"{DE}:")
    assert ": markets.DE.contact.phone: warning: is a US number; callers from DE pay " \
           "international rates (add a local number if you have one)\n" in result.stderr
    assert result.stdout.startswith("OK: 1 markets, ")


def test_check_on_bad_content_exits_1_with_one_line_per_problem(project: Path) -> None:
    _break(project)
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1] == "Aborted with 3 errors."
    assert len(lines) == 4
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line), line
    market = (project / DE).read_text(encoding="utf-8").split("\n")
    config = (project / "site_config.yml").read_text(encoding="utf-8").split("\n")
    assert lines[:3] == [
        f'{DE}:{market.index("currency: EUX") + 1}:1: markets.DE.currency: "EUX" is not an ISO '
        "4217 currency code",
        f'{DE}:{market.index("  days: 0") + 1}:3: markets.DE.return_window.days: must be at '
        'least 1, got "0"',
        f'site_config.yml:{config.index("  base_url: http://shop.example/") + 1}:3: '
        'site.base_url: must start with "https://", got "http://shop.example/"',
    ]
    assert "Traceback" not in result.output + result.stderr


def test_check_on_broken_yaml_exits_1_without_traceback(project: Path) -> None:
    (project / DE).write_bytes(b"currency: \xff\n")
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    assert result.stderr == (f"{DE}:1:11: not valid UTF-8 (byte offset 10) "
                             "(save the file as UTF-8)\n")
    assert "Traceback" not in result.output + result.stderr


def test_unknown_option_exits_2() -> None:
    result = CliRunner().invoke(cli, ["check", "--bogus"])
    assert result.exit_code == 2
    assert "Error: No such option '--bogus'." in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_unknown_command_exits_2() -> None:
    result = CliRunner().invoke(cli, ["chek"])
    assert result.exit_code == 2
    assert "No such command 'chek'" in result.stderr


def test_missing_site_config_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "-f", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"policysite: no site_config.yml in {tmp_path}; run "
                             f"'policysite init {tmp_path}' to start one\n")


def test_check_defaults_to_the_current_folder(project: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK: 1 markets, ")


def test_schema_writes_every_schema(tmp_path: Path) -> None:
    out = tmp_path / "out" / "schema"
    result = CliRunner().invoke(cli, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    expected = render_schemas()
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    for name, text in expected.items():
        assert (out / name).read_text(encoding="utf-8") == text
    assert result.stdout.splitlines() == [f"wrote {out / name}" for name in expected]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)


def test_real_process_ok(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", markets=None)
    result = _run("check", "-f", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    match = OK_LINE.match(result.stdout.rstrip("\n"))
    assert match, result.stdout
    assert tuple(int(n) for n in match.groups()) == _counts(root)


def test_real_process_bad_content(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop")
    _break(root)
    result = _run("check", "-f", str(root), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "Aborted with 3 errors."
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines
    assert "Traceback" not in result.stdout + result.stderr


def test_real_process_missing_config(tmp_path: Path) -> None:
    result = _run("check", "-f", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("policysite: no site_config.yml in ")
    assert "Traceback" not in result.stdout + result.stderr
