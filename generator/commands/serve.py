"""``policysite serve``: build into a private folder and rebuild when inputs change.

Uses MkDocs' live-reload server (it injects the reload script and watches files), with our own
builder: a change to the YAML, templates or catalogs regenerates and rebuilds only the locales
whose Markdown changed.
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
from generator.site.build import run_build
from generator.site.request import BuildRequest

log = logging.getLogger("policysite.serve")


def watched_paths(root: Path) -> list[Path]:
    """Everything a rebuild depends on."""
    paths = [root / "site_config.yml", root / "policies", templates_dir_for(root),
             catalogs_for(root).locales_dir]
    return [path for path in paths if path.exists()]


def make_builder(root: Path, site_dir: Path, say: Callable[[str], None]) -> Callable[[], None]:
    """A builder that reports problems instead of stopping the server."""
    request = BuildRequest(root, site_dir, serve=True)  # the same for every rebuild

    def rebuild() -> None:
        try:
            result = run_build(request)
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
    """Serve a live preview until interrupted."""
    with tempfile.TemporaryDirectory(prefix="policysite-serve-") as tmp:
        site_dir = Path(tmp) / "site"
        builder = make_builder(root, site_dir, say)
        builder()
        if not site_dir.is_dir():
            raise PolicySiteError("the first build failed; fix the problems above and retry")
        _check_address(host, port)
        server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir))
        for path in watched_paths(root):
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
