"""``policysite serve``: build into a private folder and rebuild when inputs change.

Uses MkDocs' live-reload server (it injects the reload script, watches files and refreshes the
browser), with our own builder: a warm one (``generator.site.warm``) that keeps the project,
templates and MkDocs' work on unchanged pages between edits, and renders and builds again only
the locales an edit can change. A failing rebuild prints its problems and leaves the last good
site served.
"""

from __future__ import annotations

import errno
import logging
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.errors import EnvironmentProblem, PolicySiteError
from generator.layout import catalogs_for, templates_dir_for
from generator.site.publish import stop_signals_raise
from generator.site.warm import WarmSite

log = logging.getLogger("policysite.serve")


def watched_paths(root: Path) -> list[Path]:
    """Everything a rebuild depends on."""
    paths = [root / "site_config.yml", root / "policies", templates_dir_for(root),
             catalogs_for(root).locales_dir]
    return [path for path in paths if path.exists()]


POLL_SECONDS = 0.1
"""How often the server looks for changed files (MkDocs' default, 0.5 s, is most of the wait
for a warm rebuild; a look costs a few hundred ``stat`` calls)."""


def make_builder(site: WarmSite, say: Callable[[str], None]) -> Callable[[], None]:
    """A builder that reports problems instead of stopping the server."""

    def rebuild() -> None:
        try:
            result = site.build()
        except PolicySiteError as exc:
            for problem in exc.problems:
                say(str(problem))
            say("Build failed; the preview shows the last good build.")
            return
        say(result.summary())

    return rebuild


ADDRESS_ERRORS = (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES)
"""Why a preview cannot listen: the port is taken, not this machine's, or privileged."""


def _check_address(host: str, port: int) -> None:
    """Fail with one line before saying "Serving on" when the address cannot be used."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno not in ADDRESS_ERRORS:
                raise
            raise EnvironmentProblem.from_os_error(exc, f"{host}:{port}",
                                                   "cannot serve") from None


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000,
          say: Callable[[str], None] = print, open_in_browser: bool = False) -> None:
    """Serve a live preview until interrupted (Ctrl-C, or SIGTERM: either way the workers and
    the private folder are removed)."""
    with stop_signals_raise(), tempfile.TemporaryDirectory(prefix="policysite-serve-") as tmp:
        site_dir = Path(tmp) / "site"
        site = WarmSite(root, site_dir, Path(tmp) / "work")
        try:
            _serve_site(site, host, port, say, open_in_browser)
        finally:
            site.close()


def _serve_site(site: WarmSite, host: str, port: int, say: Callable[[str], None],
                open_in_browser: bool) -> None:
    builder = make_builder(site, say)
    builder()
    if not site.site_dir.is_dir():
        raise PolicySiteError("the first build failed; fix the problems above and retry")
    _check_address(host, port)
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site.site_dir),
                              polling_interval=POLL_SECONDS)
    for path in watched_paths(site.root):
        server.watch(str(path))
    say(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
    try:
        server.serve(open_in_browser=open_in_browser)
    except KeyboardInterrupt:
        say("Stopped.")
    except OSError as exc:
        if exc.errno not in ADDRESS_ERRORS:
            raise
        raise EnvironmentProblem.from_os_error(exc, f"{host}:{port}", "cannot serve") from None
    finally:
        server.shutdown()
