"""``policysite preview-screenshots``: phone-sized PNGs of every page kind, or a clear refusal."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.browser import sample_pages
from generator.commands.screenshots import default_locales
from generator.facts.site import load_and_resolve
from tests.browser.conftest import Site
from tests.conftest import REPO

pytestmark = pytest.mark.browser

KINDS = ("home", "policy", "how_to_return", "faq", "contact", "captions", "history")


def _policysite(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # A separate process: Playwright's sync API cannot start inside the session's own.
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_default_locales_are_default_rtl_and_cjk(site: Site) -> None:
    assert default_locales(site.project) == ["en", "ar", "ja"]


def test_saves_a_phone_sized_png_of_every_page_kind(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    run = _policysite("preview-screenshots", "-f", str(site.root), "-d", str(site.site_dir),
                      "-o", str(out), "--locale", "ar", "--locale", "th")
    assert run.returncode == 0, run.stderr
    _, facts = load_and_resolve(site.root)  # the pages the command sees, earlier versions too
    kinds = {loc: set(sample_pages(facts.pages, loc)) for loc in ("ar", "th")}
    assert set(KINDS) <= kinds["ar"] & kinds["th"]  # every customer page kind is shown
    expected = {"root.png"} | {f"{loc}-{kind}.png" for loc in ("ar", "th") for kind in kinds[loc]}
    assert {p.name for p in out.iterdir()} == expected
    for file in out.iterdir():
        width, height = _png_size(file)
        assert width == 390 and height >= 844, (file.name, width, height)
    assert f"Saved {len(expected)} screenshots" in run.stdout


def test_first_screen_only(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    run = _policysite("preview-screenshots", "-f", str(site.root), "-d", str(site.site_dir),
                      "-o", str(out), "--locale", "ja", "--first-screen")
    assert run.returncode == 0, run.stderr
    assert all(_png_size(file) == (390, 844) for file in out.iterdir())


def test_unknown_locale_is_a_usage_error(site: Site, tmp_path: Path) -> None:
    run = _policysite("preview-screenshots", "-f", str(site.root), "-d", str(site.site_dir),
                      "-o", str(tmp_path), "--locale", "fr")
    assert run.returncode == 2
    assert "not a locale of this site: fr" in run.stderr


def test_missing_chromium_is_reported_not_downloaded(tmp_path: Path) -> None:
    """No browser on PATH: one clear line and exit 1, before any build; nothing is fetched."""
    env = {**os.environ, "PATH": str(tmp_path)}
    run = _policysite("preview-screenshots", "-f", str(tmp_path / "nowhere"), env=env)
    assert run.returncode == 1
    assert "Chromium is not installed" in run.stderr
    assert "apt install chromium" in run.stderr
    assert "Traceback" not in run.stderr
