"""Live preview rebuilds on change; Zensical builds the same pages from the same projects."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.site.build import build_site
from tests.sites import small_project

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_policy_changes(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/en/de/"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-f", str(root), "-a", f"127.0.0.1:{port}"],
        cwd=root, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        assert _wait_for(lambda: "within 5 days" in _get(url), 90), "first build not served"
        assert "livereload" in _get(url)
        market = root / "policies" / "markets" / "de.yml"
        market.write_text(market.read_text(encoding="utf-8").replace(
            "processing_days: 5", "processing_days: 9"), encoding="utf-8")
        assert _wait_for(lambda: "within 9 days" in _get(url), 90), "no rebuild after edit"
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                    reason="Zensical is not installed (pip install zensical)")
def test_zensical_builds_the_same_pages_as_mkdocs(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, root / "mkdocs-site", jobs=1)
    build_site(root, root / "zensical-site", jobs=1, engine="zensical")

    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages(root / "mkdocs-site") == pages(root / "zensical-site")
    page = (root / "zensical-site" / "de" / "de" / "index.html").read_text(encoding="utf-8")
    assert 'hreflang="x-default"' in page
    assert '<bdi dir="ltr">' in page
