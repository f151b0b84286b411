"""Run one MkDocs build in a worker process and report its warnings as plain data.

Strict mode counts only warnings on the ``mkdocs`` logger; Markdown extensions log elsewhere, so
a handler on the root logger counts every WARNING (hardening.md §7).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.checks.html import PageScan, scan_tree
from generator.csp import add_csp


@dataclass
class LocaleBuild:
    """What happened when one locale was built (picklable, returned from workers)."""

    locale: str
    ok: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)
    scans: dict[str, PageScan] = field(default_factory=dict)
    """Allowlist scan of the locale's pages, done in the worker so it runs on every core."""


def finish_locale(build: LocaleBuild, site_dir: str, csp: bool) -> LocaleBuild:
    """After a successful build: add the Content-Security-Policy, then scan the pages."""
    if build.ok:
        locale_dir = Path(site_dir)
        if csp:
            add_csp(locale_dir)
        build.scans = scan_tree(locale_dir.parent, locale_dir.name)
    return build


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def run_mkdocs(locale: str, config_file: str, site_dir: str, source_date_epoch: str,
               csp: bool = True) -> LocaleBuild:
    """Build one locale with MkDocs in strict mode; never raises for content problems."""
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ.setdefault("TZ", "UTC")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    logging.getLogger("mkdocs").propagate = True
    start = time.perf_counter()
    ok = True
    try:
        config = load_config(config_file, site_dir=site_dir, strict=True)
        build(config)
    except MkDocsException as exc:
        ok = False
        collector.messages.append(f"ERROR: {exc}")
    except Exception as exc:  # a theme or extension crash: report, never half-publish
        ok = False
        collector.messages.append(f"ERROR: {type(exc).__name__}: {exc}")
    finally:
        root.removeHandler(collector)
    seconds = time.perf_counter() - start
    if collector.messages:
        ok = False
    return finish_locale(LocaleBuild(locale, ok, seconds, collector.messages), site_dir, csp)


def run_zensical(locale: str, config_file: str, site_dir: str, source_date_epoch: str,
                 csp: bool = True) -> LocaleBuild:
    """Build one locale with Zensical (which reads mkdocs.yml) in strict mode, then move its
    output (``site/`` next to the config) into the stage."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    project = Path(config_file).parent
    output = project / "site"
    shutil.rmtree(output, ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": source_date_epoch, "TZ": "UTC"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "zensical", "build", "-s", "-c", "-f",
                           config_file], cwd=project, env=env, capture_output=True, text=True,
                          check=False)
    seconds = time.perf_counter() - start
    messages = [line for line in (done.stdout + done.stderr).splitlines()
                if "warning" in line.lower() or "error" in line.lower()]
    if done.returncode != 0 or not output.is_dir():
        return LocaleBuild(locale, False, seconds, messages or [f"zensical exited with "
                                                                 f"{done.returncode}"])
    shutil.move(str(output), site_dir)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    return finish_locale(LocaleBuild(locale, not messages, seconds, messages), site_dir, csp)


ENGINES = {"mkdocs": run_mkdocs, "zensical": run_zensical}
"""Build engines: both read the same plain mkdocs.yml and Markdown."""
