"""The code passes its own static checks: types (mypy) and lint (ruff), as CI runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_mypy_finds_no_type_errors_in_the_generator() -> None:
    from mypy import api

    stdout, stderr, status = api.run(["--config-file", str(REPO / "pyproject.toml"),
                                      str(REPO / "generator")])
    assert status == 0, stdout + stderr


def test_ruff_finds_nothing_to_fix() -> None:
    ruff = shutil.which("ruff") or f"{sys.executable} -m ruff"
    done = subprocess.run([*ruff.split(), "check", "--no-cache", str(REPO)], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
