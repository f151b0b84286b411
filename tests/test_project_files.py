"""Every file in ``policies/`` and ``policies/markets/`` is either read or reported.

A market saved as ``de.yaml`` used to vanish without a word (``check`` said OK with one market
fewer); these tests pin the one-line problems that name such files instead, and the few
harmless names (hidden files, editor backups, notes) that are left alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.project.load import load_project
from tests.conftest import copy_example

MARKETS = "policies/markets"


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems if p.severity == "error"]


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The example with two markets, so that losing one still leaves a project."""
    return copy_example(tmp_path / "shop", ("de", "gb"))


def case_sensitive(folder: Path) -> bool:
    probe = folder / "case-probe"
    probe.write_text("", encoding="utf-8")
    try:
        return not (folder / "CASE-PROBE").exists()
    finally:
        probe.unlink()


# -- markets ---------------------------------------------------------------------------------


def test_a_market_saved_as_yaml_is_an_error_not_a_missing_market(shop: Path) -> None:
    (shop / MARKETS / "de.yml").rename(shop / MARKETS / "de.yaml")
    assert problems(shop) == [
        f"{MARKETS}/de.yaml: is not read: policysite reads .yml files only "
        "(rename it to de.yml)"]


@pytest.mark.parametrize("suffix", [".YML", ".Yml", ".YAML"])
def test_other_spellings_of_the_extension_are_errors_too(shop: Path, suffix: str) -> None:
    (shop / MARKETS / "de.yml").rename(shop / MARKETS / f"de{suffix}")
    assert problems(shop) == [
        f"{MARKETS}/de{suffix}: is not read: policysite reads .yml files only "
        "(rename it to de.yml)"]


def test_a_yaml_file_next_to_its_yml_twin_is_an_error(shop: Path) -> None:
    shutil.copy(shop / MARKETS / "de.yml", shop / MARKETS / "de.yaml")
    assert problems(shop) == [
        f"{MARKETS}/de.yaml: is not read: policysite reads .yml files only, here de.yml "
        "(merge what it adds into de.yml and delete it)"]


def test_market_files_differing_only_by_case_name_both_and_clash(shop: Path) -> None:
    if not case_sensitive(shop / MARKETS):
        pytest.skip("this file system cannot hold DE.yml next to de.yml")
    shutil.copy(shop / MARKETS / "de.yml", shop / MARKETS / "DE.yml")
    found = problems(shop)
    assert found == [
        f"{MARKETS}/DE.yml: clashes with {MARKETS}/de.yml: names that differ only in case are "
        "the same file on case-insensitive file systems (Windows, macOS), so one of them "
        "would be lost (merge DE.yml into de.yml and delete it)"]


def test_an_upper_case_market_file_alone_is_told_its_name(shop: Path) -> None:
    (shop / MARKETS / "de.yml").rename(shop / MARKETS / "DE.yml")
    found = problems(shop)
    assert found == [f"{MARKETS}/DE.yml: market files are named by their lower-case ISO "
                     "3166-1 code (rename it to de.yml)"]


def test_an_unknown_file_among_the_markets_is_an_error(shop: Path) -> None:
    (shop / MARKETS / "de.json").write_text("{}", encoding="utf-8")
    (shop / MARKETS / "old").mkdir()
    assert problems(shop) == [
        f"{MARKETS}/de.json: is not read: this folder holds one xx.yml file per market "
        "(move it out of policies/ or delete it)",
        f"{MARKETS}/old: is not read: this folder holds one xx.yml file per market "
        "(move it out of policies/ or delete it)"]


# -- policies/ -------------------------------------------------------------------------------


def test_a_shared_file_saved_as_yaml_is_one_error(shop: Path) -> None:
    (shop / "policies/hubs.yml").rename(shop / "policies/hubs.yaml")
    assert problems(shop) == [
        "policies/hubs.yaml: is not read: policysite reads .yml files only "
        "(rename it to hubs.yml)"]


def test_defaults_saved_as_yaml_is_an_error(shop: Path) -> None:
    (shop / "policies/defaults.yml").rename(shop / "policies/defaults.yaml")
    assert "policies/defaults.yaml: is not read: policysite reads .yml files only (rename it " \
           "to defaults.yml)" in problems(shop)


def test_an_unknown_yml_file_gets_a_did_you_mean(shop: Path) -> None:
    shutil.copy(shop / "policies/hubs.yml", shop / "policies/hub.yml")
    assert problems(shop) == [
        "policies/hub.yml: is not read: policies/ holds categories.yml, defaults.yml, "
        'hubs.yml, versions.yml and markets/ (did you mean "hubs.yml"?)']


def test_an_unknown_folder_is_an_error(shop: Path) -> None:
    (shop / "policies/market").mkdir()
    shutil.copy(shop / MARKETS / "de.yml", shop / "policies/market/fr.yml")
    assert problems(shop) == [
        "policies/market: is not read: policies/ holds categories.yml, defaults.yml, "
        'hubs.yml, versions.yml and markets/ (did you mean "markets"?)']


def test_shared_files_differing_only_by_case_name_both(shop: Path) -> None:
    if not case_sensitive(shop / "policies"):
        pytest.skip("this file system cannot hold Hubs.yml next to hubs.yml")
    shutil.copy(shop / "policies/hubs.yml", shop / "policies/Hubs.yml")
    assert problems(shop) == [
        "policies/Hubs.yml: clashes with policies/hubs.yml: names that differ only in case are "
        "the same file on case-insensitive file systems (Windows, macOS), so one of them "
        "would be lost (merge Hubs.yml into hubs.yml and delete it)"]


def test_an_upper_case_shared_file_or_folder_is_told_its_name(shop: Path) -> None:
    (shop / "policies/hubs.yml").rename(shop / "policies/Hubs.yml")
    (shop / MARKETS).rename(shop / "policies/Markets")
    assert problems(shop) == [
        "policies/Hubs.yml: is not read: names in policies/ are lower-case "
        "(rename it to hubs.yml)",
        "policies/Markets: is not read: names in policies/ are lower-case "
        "(rename it to markets)"]


@pytest.mark.parametrize("name", ["README.md", "notes.txt", ".gitkeep", ".DS_Store",
                                  "de.yml~", ".de.yml.swp", "#de.yml#", "de.yml.bak",
                                  "de.yml.orig", "Thumbs.db", "desktop.ini"])
def test_harmless_files_are_left_alone_and_only_the_unknown_one_reported(
        shop: Path, name: str) -> None:
    for folder in ("policies", MARKETS):
        (shop / folder / name).write_text("notes\n", encoding="utf-8")
    (shop / "policies/.git").mkdir()
    (shop / MARKETS / "fr.yaml").write_text("currency: EUR\n", encoding="utf-8")
    assert problems(shop) == [
        f"{MARKETS}/fr.yaml: is not read: policysite reads .yml files only "
        "(rename it to fr.yml)"]


def test_an_unreadable_folder_is_one_line(shop: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder")
    folder = shop / MARKETS
    folder.chmod(0o300)
    try:
        found = problems(shop)
    finally:
        folder.chmod(0o755)
    assert found == [f"{MARKETS}: cannot list the folder: Permission denied"]
