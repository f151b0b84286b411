"""Run one MkDocs build in a worker process and report its warnings as plain data.

Strict mode counts only warnings on the ``mkdocs`` logger; Markdown extensions log elsewhere, so
a handler on the root logger counts every WARNING (hardening.md §7).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field


@dataclass
class LocaleBuild:
    """What happened when one locale was built (picklable, returned from workers)."""

    locale: str
    ok: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def run_mkdocs(locale: str, config_file: str, site_dir: str, source_date_epoch: str) -> LocaleBuild:
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
    return LocaleBuild(locale, ok, seconds, collector.messages)
