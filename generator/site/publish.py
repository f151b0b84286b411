"""Stage, then swap: a failed build never leaves a half-written or destroyed site.

The stage is created next to the site (same filesystem) with ``mkdtemp``; only a finished and
checked stage replaces the site, by two renames, rolled back if the second fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

STAGE_PREFIX = ".policysite-stage-"
OLD_PREFIX = ".policysite-old-"


def remove_stale(site_dir: Path) -> None:
    """Remove stages and old trees left by builds that were killed."""
    parent = site_dir.resolve().parent
    if not parent.is_dir():
        return
    for leftover in sorted(parent.iterdir()):
        if leftover.name.startswith((STAGE_PREFIX, OLD_PREFIX)) and leftover.is_dir() \
                and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def make_stage(site_dir: Path) -> Path:
    parent = site_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=parent))


def discard(stage: Path) -> None:
    shutil.rmtree(stage, ignore_errors=True)


def swap_into_place(stage: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` with ``stage``; on any failure the old site stays where it was."""
    site_dir = site_dir.resolve()
    os.chmod(stage, 0o755)  # mkdtemp makes it private
    if not site_dir.exists():
        os.replace(stage, site_dir)
        return
    if not site_dir.is_dir():  # someone's file: never moved aside, where nothing removes it
        raise NotADirectoryError(f"{site_dir} is a file, not a site folder; move it away")
    old = site_dir.parent / f"{OLD_PREFIX}{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    os.replace(site_dir, old)
    try:
        os.replace(stage, site_dir)
    except OSError:
        os.replace(old, site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
