"""``policysite build``: stop at once when nothing changed, else build the whole site.

The check reads only the stored fingerprints, the project's files and the published site's
file list; the pipeline (``generator.site.pipeline``) and everything it imports are loaded only
when there is work to do, so an up-to-date rebuild costs a fraction of a second.

One build of a project runs at a time (a second one waits for the project's lock), and a build
stopped by Ctrl-C or SIGTERM removes its stage and workers and says so in one line
(``BuildInterrupted``); see ``generator.site.publish``.
"""

from __future__ import annotations

import errno
import time
from pathlib import Path

from generator.errors import EnvironmentProblem, UsageError
from generator.site.publish import (
    BuildInterrupted,
    build_lock,
    check_writable,
    remove_stale,
    stop_signals_raise,
)
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
               force: bool = False, serve: bool = False, engine: str = "mkdocs",
               kit_only: bool = False) -> BuildResult:
    """Build the whole site into ``site_dir`` (default ``root/site``) atomically; raise
    ``PolicySiteError`` on failure. The keyword form of ``run_build``, for callers with loose
    options (see ``BuildRequest`` for what each means)."""
    return run_build(BuildRequest.for_project(root, site_dir, strict=strict, jobs=jobs,
                                              progress=progress, force=force, serve=serve,
                                              engine=engine, kit_only=kit_only))


_MACHINE_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC,
                             errno.EDQUOT, errno.EIO})
"""OS errors that are the machine's, not a bug: one line naming the file, no traceback."""


def run_build(request: BuildRequest) -> BuildResult:
    """Build what ``request`` asks for, or nothing if the published site is up to date.

    Raises ``BuildInterrupted`` when Ctrl-C or SIGTERM stops it (``serve`` gets the
    ``KeyboardInterrupt`` itself), ``EnvironmentProblem`` when a folder cannot be written.
    """
    before: str | None = None
    with stop_signals_raise() as interrupts:
        try:
            with build_lock(request.root, request.say) as lock_error:
                started = time.perf_counter()  # not counting the wait for another build
                remove_stale(request.site_dir)
                before = site_manifest(request.site_dir)
                return _build_locked(request, lock_error, before, started)
        except KeyboardInterrupt:
            if request.serve or not interrupts.received:
                raise
            published = before is not None and site_manifest(request.site_dir) != before
            raise BuildInterrupted(interrupts.received, published) from None
        except OSError as exc:
            if exc.errno in _MACHINE_ERRNOS and exc.filename is not None:
                raise EnvironmentProblem.from_os_error(exc) from None
            raise


def _refuse_customer_site(request: BuildRequest, state: dict[str, object]) -> None:
    """The kit alone never replaces a customer site: not ``site/``, nor a folder whose last
    build was the whole site (its state says so)."""
    customer_site = bool(state) and request.site_dir.is_dir() and not state.get("kit_only")
    if request.site_dir == request.root / "site" or customer_site:
        raise UsageError(f"--kit-only would replace the customer site in {request.site_dir}; "
                         "choose another folder with -d (default: site-kit/)")


def _build_locked(request: BuildRequest, lock_error: EnvironmentProblem | None, manifest: str,
                  started: float) -> BuildResult:
    """``run_build`` while holding the project's lock (or none, ``lock_error``, if the project
    cannot be written: then only an up-to-date site succeeds). ``manifest``: the site's."""
    state = read_state(state_path(request.root, request.site_dir))
    if request.kit_only:
        _refuse_customer_site(request, state)
    published = request.site_dir.is_dir() and state.get("site") == manifest
    inputs = inputs_fingerprint(request)
    if not request.force and published and state.get("inputs") == inputs:
        # Same inputs, same code, untouched site: nothing to validate, render or build.
        return unchanged_result(state, time.perf_counter() - started)
    if lock_error is not None:
        raise lock_error
    check_writable(request.root, request.site_dir)
    run = RunState(state, inputs, published, started, time.perf_counter() - started)
    from generator.site.pipeline import build_changed  # the whole pipeline: only when needed

    return build_changed(request, run)
