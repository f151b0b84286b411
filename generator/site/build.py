"""``policysite build``: stop at once when nothing changed, else build the whole site.

The check reads only the stored fingerprints, the project's files and the published site's
file list; the pipeline (``generator.site.pipeline``) and everything it imports are loaded only
when there is work to do, so an up-to-date rebuild costs a fraction of a second.
"""

from __future__ import annotations

import time
from pathlib import Path

from generator.site.publish import remove_stale
from generator.site.request import BuildRequest, Progress
from generator.site.state import (
    BuildResult,
    RunState,
    inputs_fingerprint,
    read_state,
    site_manifest,
    state_path,
    unchanged_result,
)


def build_site(root: Path, site_dir: Path | None = None, *, strict: bool = False,
               jobs: int | None = None, progress: Progress | None = None,
               force: bool = False, serve: bool = False, engine: str = "mkdocs"
               ) -> BuildResult:
    """Build the whole site into ``site_dir`` (default ``root/site``) atomically; raise
    ``PolicySiteError`` on failure. The keyword form of ``run_build``, for callers with loose
    options (see ``BuildRequest`` for what each means)."""
    return run_build(BuildRequest.for_project(root, site_dir, strict=strict, jobs=jobs,
                                              progress=progress, force=force, serve=serve,
                                              engine=engine))


def run_build(request: BuildRequest) -> BuildResult:
    """Build what ``request`` asks for, or nothing if the published site is up to date."""
    started = time.perf_counter()
    remove_stale(request.site_dir)
    state = read_state(state_path(request.root, request.site_dir))
    published = (request.site_dir.is_dir()
                 and state.get("site") == site_manifest(request.site_dir))
    inputs = inputs_fingerprint(request)
    if not request.force and published and state.get("inputs") == inputs:
        # Same inputs, same code, untouched site: nothing to validate, render or build.
        return unchanged_result(state, time.perf_counter() - started)
    run = RunState(state, inputs, published, started, time.perf_counter() - started)
    from generator.site.pipeline import build_changed  # the whole pipeline: only when needed

    return build_changed(request, run)
