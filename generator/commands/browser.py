"""The built site in a real browser: a local web server and Debian's Chromium.

Shared by the browser tests, ``benchmarks/page_speed.py`` and ``policysite preview-screenshots``
so that all three see the site the same way. The browser is the system's ``chromium``, never one
that Playwright downloads: downloads fail on closed networks, and a second browser would be one
more to keep patched. Playwright is only the remote control (``pip install playwright``).
"""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.errors import PolicySiteError, Problem
from generator.facts.pages import PAGE_KINDS, PageRef

# Without the networking flags Chromium phones home at start (updates, sync, field trials),
# which a closed network refuses; a test must see only the requests the site makes.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
PHONE = {"width": 390, "height": 844}  # CSS pixels of a common phone (iPhone 12-15)
CHROMIUM_NAMES = ("chromium", "chromium-browser")


class BrowserUnavailable(PolicySiteError):
    """Chromium or Playwright is not installed; nothing is wrong with the merchant's files."""

    def __init__(self, what: str, hint: str):
        super().__init__([Problem("policysite", message=what, hint=hint)])


def chromium_executable() -> str | None:
    """Path of the system Chromium, or None."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    """The Chromium path; raises ``BrowserUnavailable`` with install hints if it is missing."""
    path = chromium_executable()
    if path is None:
        raise BrowserUnavailable(
            "Chromium is not installed",
            "install your system's Chromium, e.g. 'sudo apt install chromium' on Debian; "
            "policysite never downloads a browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BrowserUnavailable("Playwright is not installed",
                                 "pip install playwright (it drives the system Chromium)") from exc
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files without a log line per request."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".json": "application/json",
                      ".xml": "application/xml", ".svg": "image/svg+xml"}

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    """A closed tab while a file is still being sent is normal here, not an error to print."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_site(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 at a free port; yields the base URL ("http://…/").

    Over http, not ``file://``: the search worker and the clipboard need a real origin.
    """
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="policysite-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def launch_chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright ``Browser``) with an empty profile, closed afterwards."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() (not a persistent context) starts from a new, empty profile every time.
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=list(CHROMIUM_FLAGS), headless=True)
        try:
            yield browser
        finally:
            browser.close()


def phone_context(browser: Any, locale: str = "en-US", **options: Any) -> Any:
    """A new browser context the size of a phone, with touch, in the given language."""
    return browser.new_context(viewport=dict(PHONE), is_mobile=True, has_touch=True,
                               device_scale_factor=options.pop("device_scale_factor", 1),
                               locale=locale, **options)


def sample_pages(pages: Iterable[PageRef], locale: str) -> dict[str, str]:
    """One page of each kind in ``locale`` (first market by code): kind → path from site root,
    in the page-kind table's order.

    Every kind is one template, so one page per kind covers what a browser can see differ.
    """
    chosen: dict[str, str] = {}
    for page in sorted(pages, key=lambda p: (p.market or "", p.kind)):
        if page.locale == locale and page.kind not in chosen:
            chosen[page.kind] = page.site_path()
    return {kind: chosen[kind] for kind in PAGE_KINDS if kind in chosen}
