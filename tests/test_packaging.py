"""A wheel carries everything a build reads, and builds a site without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(REPO),
                    "-w", str(out)], check=True, capture_output=True, text=True)
    (found,) = out.glob("policysite-*.whl")
    return found


def test_the_wheel_holds_the_templates_catalogs_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"generator/bundled/templates/{p.relative_to(REPO / 'templates').as_posix()}"
                for p in (REPO / "templates").rglob("*") if p.is_file()}
    expected |= {f"generator/bundled/locales/{p.relative_to(REPO / 'locales').as_posix()}"
                 for p in (REPO / "locales").rglob("*") if p.suffix in (".po", ".pot", ".yml")}
    expected |= {f"generator/data/{p.name}" for p in (REPO / "generator" / "data").glob("*.yml")}
    assert expected - names == set()
    assert not [name for name in names if name.endswith(".mo") or "__pycache__" in name]


def test_an_installed_wheel_builds_the_starter_site(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, capture_output=True, text=True)
    env = {**os.environ, "PYTHONPATH": str(target)}  # ahead of the editable source tree
    shop = tmp_path / "shop"
    for command in (["init", str(shop)], ["build", "-q", "-f", str(shop)]):
        done = subprocess.run([sys.executable, "-m", "generator", *command], cwd=tmp_path,
                              env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    code = "import generator.layout as b; print(b.package_root())"
    where = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(target / "generator" / "bundled")
    assert (shop / "site" / "index.html").is_file()
    assert (shop / "site" / "en" / "index.html").is_file()
