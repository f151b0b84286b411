"""``policysite build``: stop at once when nothing changed, else build the whole site.

The check reads only the stored fingerprints, the project's files and the published site's
file list; the pipeline (``generator.site.pipeline``) and everything it imports are loaded only
when there is work to do, so an up-to-date rebuild costs a fraction of a second.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.site.publish import remove_stale
from generator.site.state import (
    BuildResult,
    inputs_fingerprint,
    read_state,
    site_manifest,
    state_path,
    unchanged_result,
)

if TYPE_CHECKING:
    from generator.site.locale_task import Progress


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False,
               jobs: int | None = None, progress: Progress | None = None,
               force: bool = False, serve: bool = False, engine: str = "mkdocs"
               ) -> BuildResult:
    """Build the whole site into ``site_dir`` atomically; raise ``PolicySiteError`` on failure.

    ``serve`` marks a live-preview build, whose pages get the live-reload script injected.
    """
    started = time.perf_counter()
    root = Path(root).resolve()
    site_dir = (site_dir or root / "site").resolve()
    remove_stale(site_dir)
    state = read_state(state_path(root, site_dir))
    published = site_dir.is_dir() and state.get("site") == site_manifest(site_dir)
    inputs = inputs_fingerprint(root, engine=engine, strict=strict, serve=serve)
    if not force and published and state.get("inputs") == inputs:
        # Same inputs, same code, untouched site: nothing to validate, render or build.
        return unchanged_result(state, time.perf_counter() - started)
    checked = time.perf_counter() - started
    from generator.site.pipeline import build_changed  # the whole pipeline: only when needed

    return build_changed(root, site_dir, state, inputs, started, checked, published=published,
                         jobs=jobs, strict=strict, progress=progress, force=force,
                         serve=serve, engine=engine)
