"""Stage-then-swap publishing (``generator/site/publish.py``) on real folders.

The promise: readers see the old site until the new one is complete, a failed swap leaves the
old site where it was, and leftovers of killed builds are cleaned up without touching anything
else next to the site.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.site import publish
from generator.site.publish import discard, make_stage, remove_stale, swap_into_place


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read_tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Names in ``folder`` that belong to publishing's own bookkeeping."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".policysite-"))


OLD = {"index.html": "old home", "de/index.html": "alt"}
NEW = {"index.html": "new home", "fr/index.html": "nouveau"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A published site with the ``OLD`` pages in ``tmp_path/public/site``."""
    site = tmp_path / "public" / "site"
    write_tree(site, OLD)
    return site


# -- make_stage ------------------------------------------------------------------------------


def test_a_stage_is_a_new_empty_private_folder_next_to_the_site(site: Path) -> None:
    stage = make_stage(site)
    assert stage.is_dir() and list(stage.iterdir()) == []
    # Same folder as the site, so the swap is a rename on one filesystem.
    assert stage.parent == site.parent
    assert stage.name.startswith(".policysite-stage-")
    assert stat.S_IMODE(stage.stat().st_mode) & 0o077 == 0
    assert read_tree(site) == OLD


def test_every_stage_is_a_different_folder(site: Path) -> None:
    first, second = make_stage(site), make_stage(site)
    assert first != second
    assert first.is_dir() and second.is_dir()


def test_a_stage_for_a_site_whose_folder_does_not_exist_yet(tmp_path: Path) -> None:
    site = tmp_path / "a" / "b" / "site"
    stage = make_stage(site)
    assert stage.parent == tmp_path / "a" / "b"
    assert not site.exists()


def test_a_stage_is_made_next_to_the_real_site_behind_a_symlink(tmp_path: Path,
                                                                  site: Path) -> None:
    link = tmp_path / "link-to-site"
    link.symlink_to(site, target_is_directory=True)
    stage = make_stage(link)
    assert stage.parent == site.parent


# -- swap_into_place -------------------------------------------------------------------------


def test_the_old_site_stays_until_the_swap_and_is_then_replaced(site: Path) -> None:
    stage = make_stage(site)
    write_tree(stage, NEW)
    assert read_tree(site) == OLD  # a build in progress never shows
    swap_into_place(stage, site)
    assert read_tree(site) == NEW  # nothing of the old site is mixed in
    assert not stage.exists()
    assert leftovers(site.parent) == []


def test_a_published_site_is_readable_by_everyone(site: Path) -> None:
    stage = make_stage(site)
    write_tree(stage, NEW)
    swap_into_place(stage, site)
    assert stat.S_IMODE(site.stat().st_mode) == 0o755


def test_the_first_publish_creates_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    stage = make_stage(site)
    write_tree(stage, NEW)
    swap_into_place(stage, site)
    assert read_tree(site) == NEW
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert leftovers(tmp_path) == []


def test_publishing_twice_in_one_process(site: Path) -> None:
    """``serve`` rebuilds in the same process: the second swap must work like the first."""
    for pages in (NEW, OLD):
        stage = make_stage(site)
        write_tree(stage, pages)
        swap_into_place(stage, site)
        assert read_tree(site) == pages
    assert leftovers(site.parent) == []


def test_a_failed_swap_leaves_the_old_site_in_place(site: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    stage = make_stage(site)
    write_tree(stage, NEW)
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(source) == stage:  # moving the new site in fails (disk full, permissions)
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(publish.os, "replace", replace)
    with pytest.raises(OSError):
        swap_into_place(stage, site)
    monkeypatch.undo()
    assert read_tree(site) == OLD
    assert read_tree(stage) == NEW  # the caller discards it
    discard(stage)
    assert leftovers(site.parent) == []


def test_a_site_reached_through_a_symlink_is_replaced_where_it_really_is(
        tmp_path: Path, site: Path) -> None:
    link = tmp_path / "link-to-site"
    link.symlink_to(site, target_is_directory=True)
    stage = make_stage(link)
    write_tree(stage, NEW)
    swap_into_place(stage, link)
    assert link.is_symlink()
    assert read_tree(site) == NEW
    assert read_tree(link) == NEW


def test_a_regular_file_where_the_site_should_be(tmp_path: Path) -> None:
    """A file named like the site is either refused (and kept) or replaced, never left behind
    under a bookkeeping name that no later build removes."""
    site = tmp_path / "site"
    site.write_text("my notes", encoding="utf-8")
    stage = make_stage(site)
    write_tree(stage, NEW)
    try:
        swap_into_place(stage, site)
    except OSError:
        assert site.read_text(encoding="utf-8") == "my notes"
        discard(stage)
    else:
        assert read_tree(site) == NEW
    remove_stale(site)
    assert leftovers(tmp_path) == []


# -- discard ---------------------------------------------------------------------------------


def test_discard_removes_the_stage_and_nothing_else(site: Path) -> None:
    stage = make_stage(site)
    write_tree(stage, NEW)
    discard(stage)
    assert not stage.exists()
    assert read_tree(site) == OLD
    assert leftovers(site.parent) == []


def test_discarding_twice_is_harmless(site: Path) -> None:
    stage = make_stage(site)
    discard(stage)
    discard(stage)
    assert not stage.exists()


# -- remove_stale ----------------------------------------------------------------------------


def test_remove_stale_removes_stages_and_old_sites_of_killed_builds(site: Path) -> None:
    stage = make_stage(site)  # a build killed while building
    write_tree(stage, NEW)
    old = site.parent / ".policysite-old-12345"  # a build killed during the swap
    write_tree(old, OLD)
    remove_stale(site)
    assert not stage.exists() and not old.exists()
    assert leftovers(site.parent) == []
    assert read_tree(site) == OLD


def test_remove_stale_touches_nothing_else(tmp_path: Path, site: Path) -> None:
    parent = site.parent
    keep = {
        "other-site/index.html": "another site",
        "policysite-stage-x/index.html": "no leading dot: not ours",
        ".policysite/state.json": "{}",  # the work folder's name is only a prefix
        "notes/.policysite-stage-inner/index.html": "not at the top of the folder",
    }
    write_tree(parent, keep)
    (parent / ".policysite-stage-file").write_text("a file, not a stage", encoding="utf-8")
    write_tree(site, {".policysite-stage-inside/index.html": "inside the site"})
    # A symlink named like a leftover is not followed: its target survives.
    precious = tmp_path / "precious"
    write_tree(precious, {"data.txt": "keep me"})
    (parent / ".policysite-old-link").symlink_to(precious, target_is_directory=True)
    before_site = read_tree(site)

    remove_stale(site)

    assert read_tree(site) == before_site
    for name, text in keep.items():
        assert (parent / name).read_text(encoding="utf-8") == text
    assert (parent / ".policysite-stage-file").is_file()
    assert (parent / ".policysite-old-link").is_symlink()
    assert read_tree(precious) == {"data.txt": "keep me"}


def test_remove_stale_when_nothing_exists_yet(tmp_path: Path) -> None:
    remove_stale(tmp_path / "missing" / "site")  # neither the site nor its folder
    assert not (tmp_path / "missing").exists()
    remove_stale(tmp_path / "site")  # the folder exists, the site does not
    assert list(tmp_path.iterdir()) == []


def test_remove_stale_looks_next_to_the_real_site_behind_a_symlink(tmp_path: Path,
                                                                    site: Path) -> None:
    link = tmp_path / "link-to-site"
    link.symlink_to(site, target_is_directory=True)
    stage = make_stage(link)
    remove_stale(link)
    assert not stage.exists()
    assert read_tree(site) == OLD
