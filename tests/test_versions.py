"""Policy versions: snapshots, the computed changelog, earlier versions' pages and checks.

Every project here has three versions (the example's 2025.1, 2025.2 and 2026.1): the two
earlier ones as snapshots in ``policies/archive/<id>/``, the newest in ``policies/`` itself.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.support import Translations
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.errors import ContentError
from generator.facts.pages import PageRef
from generator.facts.site import load_and_resolve
from generator.facts.versions import Change
from generator.layout import WORK_DIR, templates_dir_for
from generator.project.load import load_project
from generator.render.markdown import LocaleRenderer, make_environment
from generator.site.unpublished import unpublished_version
from tests.conftest import copy_example, edit, own_lines, set_line
from tests.sites import small_project

DE = "policies/markets/de.yml"
DE_2025_1 = "policies/archive/2025.1/markets/de.yml"
DE_2025_2 = "policies/archive/2025.2/markets/de.yml"
VERSIONS = "policies/versions.yml"


def _where(text: str, line: str, inside: str | None = None) -> str:
    """``line:column`` of ``line`` in ``text`` (the column of ``inside`` in it, else its
    first non-blank character)."""
    number = text.split("\n").index(line) + 1
    column = line.index(inside) + 1 if inside else len(line) - len(line.lstrip()) + 1
    return f"{number}:{column}"


def _check(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", "-f", str(root)])
    return result.exit_code, own_lines(result.stderr)


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """The example cut to Germany, with a history the changelog can show: 14 days and a
    €4.95 label fee in 2025.1, 30 days from 2025.2, no label fee from 2026.1."""
    root = copy_example(tmp_path / "shop", ("de",))
    set_line(root, DE_2025_1, "  days:", "  days: 14")
    set_line(root, DE_2025_2, "  days:", "  days: 30")
    set_line(root, DE_2025_2, "  return_label_fee:", '  return_label_fee: "4.95"')
    set_line(root, DE, "  return_label_fee:", '  return_label_fee: "0"')
    return root


def _changes(root: Path, version: str, market: str = "DE") -> tuple[Change, ...] | None:
    return load_and_resolve(root)[1].history[version].changes[market]


def _page(root: Path, source: str, locale: str = "en") -> str:
    """One page's Markdown in English, with Markdown's character escapes read back."""
    facts = load_and_resolve(root)[1]
    pages = sorted(page for page in facts.pages if page.locale == locale)
    renderer = LocaleRenderer(facts, locale, make_environment(str(templates_dir_for(root))),
                              Translations(), pages, set(facts.pages), [])
    page = next(page for page in pages if page.source == source)
    return html.unescape(renderer.render(page))


# -- the computed changes ----------------------------------------------------------------------

def test_changes_are_computed_from_consecutive_versions(shop: Path) -> None:
    assert _changes(shop, "2025.1") is None  # nothing before it to compare with
    assert [(c.key, c.old, c.new) for c in _changes(shop, "2025.2") or ()] == [
        ("window_days", 14, 30)]
    latest = {c.key: c for c in _changes(shop, "2026.1") or ()}
    assert latest["label_fee"].old.amount == Decimal("4.95") and latest["label_fee"].new is None
    assert latest["withdrawal_function"].old is False and latest["withdrawal_function"].new
    assert latest["season"].old.return_by < latest["season"].new.return_by


def test_an_unchanged_version_has_no_changes(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("gb",))
    assert _changes(root, "2025.2", "GB") == ()


def test_a_new_hub_and_threshold_are_changes_of_the_example() -> None:
    history = load_and_resolve(Path(__file__).parent.parent)[1].history
    [hub] = history["2025.2"].changes["SG"] or ()
    assert (hub.key, hub.old.address.city, hub.new.address.city) == (
        "hub", "Shenzhen", "Port Klang")
    [threshold] = history["2025.2"].changes["MX"] or ()
    assert (threshold.key, threshold.old, str(threshold.new.amount)) == (
        "keep_it_below", None, "75.00")
    assert history["2025.2"].changes["MY"] is None  # Malaysia was new in 2025.2


def test_changelog_page_states_each_change_beside_the_note(shop: Path) -> None:
    text = _page(shop, "de/changes.md")
    assert "- Time to ask for a return: 14 days → 30 days" in text
    assert re.search(r'- Fee for our return label: <bdi dir="ltr">4,95\s€</bdi> → no fee', text)
    assert "The first version of our returns policy for Germany." in text
    # The merchant's own note stands beside the computed lines.
    assert "- Southeast Asian returns now go to our hub in Port Klang instead of Shenzhen." \
        in text
    assert "[Full text of this version](v/2025.1.md)" in text
    assert "in force on the day you placed it" in text


def test_history_page_dates_each_earlier_version_and_links_the_changelogs(shop: Path) -> None:
    text = _page(shop, "history.md")
    assert "For orders placed from March 1, 2025 to July 28, 2025." in text
    assert "- [Germany](de/changes.md)" in text


# -- earlier versions' pages -------------------------------------------------------------------

def test_an_earlier_versions_page_shows_its_own_terms_and_dates(shop: Path) -> None:
    text = _page(shop, "de/v/2025.1.md")
    assert "# Returns policy: Germany, version 2025.1" in text
    assert ("Version 2025.1 applied to orders placed from 1 March 2025 to 28 July 2025. An "
            "order is governed by the version in force on the day it was placed.") in text
    assert "you have 14 days to ask for a return" in text
    assert re.search(r"4,95\s€", text) and "[Read the current version](../index.md)" in text
    assert "search:\n  exclude: true" in text  # out of the site's search
    current = _page(shop, "de/index.md")
    assert "you have 30 days to ask for a return" in current
    assert "Version 2026.1, in force from 19 June 2026." in current


def test_earlier_pages_exist_only_where_the_market_has_its_policy_page(shop: Path) -> None:
    facts = load_and_resolve(shop)[1]
    earlier = {page for page in facts.pages if page.kind == "version"}
    assert earlier == {PageRef(locale, "version", "DE", version)
                       for locale in ("de", "en") for version in ("2025.1", "2025.2")}
    assert PageRef("en", "version", "DE", "2025.1").site_path() == "en/de/v/2025.1/"


def test_the_version_in_force_on_an_order_date(shop: Path) -> None:
    history = load_and_resolve(shop)[1].history
    assert history.in_force_on(datetime.date(2025, 2, 28)) is None
    assert history.in_force_on(datetime.date(2025, 7, 28)).id == "2025.1"  # type: ignore
    assert history.in_force_on(datetime.date(2025, 7, 29)).id == "2025.2"  # type: ignore
    assert history.in_force_on(datetime.date(2030, 1, 1)).id == "2026.1"  # type: ignore


# -- snapshots ---------------------------------------------------------------------------------

def test_version_new_snapshots_the_newest_version_and_lists_the_next(shop: Path) -> None:
    before = (shop / DE).read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, [
        "version", "new", "2099.1", "--effective", "2099-01-01", "-f", str(shop),
        "--summary", "Longer returns in Germany.", "--change", "Germany: 45 days to return."])
    assert result.exit_code == 0, result.output
    assert "into policies/archive/2026.1/" in result.stdout
    copied = (shop / "policies/archive/2026.1/markets/de.yml").read_text(encoding="utf-8")
    schema = "# yaml-language-server: $schema="
    assert copied.replace(f"{schema}../../", schema, 1) == before
    assert (shop / "policies/archive/2026.1/hubs.yml").is_file()
    assert not (shop / "policies/archive/2026.1/versions.yml").exists()
    assert (shop / VERSIONS).read_text(encoding="utf-8").endswith(
        '  - id: "2099.1"\n    effective: 2099-01-01\n    summary:\n'
        '      en: "Longer returns in Germany."\n    changes:\n'
        '      - en: "Germany: 45 days to return."\n')
    # The merchant now edits policies/ for the new version; the record stays as it was.
    set_line(shop, DE, "  days:", "  days: 45")
    facts = load_and_resolve(shop)[1]
    assert [(c.key, c.old, c.new) for c in facts.history["2099.1"].changes["DE"] or ()] == [
        ("window_days", 30, 45)]
    assert facts.history["2026.1"].markets["DE"].window.days == 30
    assert facts.history["2026.1"].until == datetime.date(2098, 12, 31)


@pytest.mark.parametrize(("arguments", "message"), [
    (["2026.1", "--effective", "2099-01-01"], 'version "2026.1" is already listed'),
    (["2099.1", "--effective", "2020-01-01"], "is in the past"),
    (["2099 1", "--effective", "2099-01-01"], "id: letters, digits, dots and hyphens"),
])
def test_version_new_refuses_a_wrong_version(shop: Path, arguments: list[str],
                                             message: str) -> None:
    result = CliRunner().invoke(cli, ["version", "new", *arguments, "-f", str(shop),
                                      "--summary", "x", "--change", "y"])
    assert result.exit_code == 2 and message in result.stderr, result.output
    assert not (shop / "policies/archive/2026.1").exists()


def test_a_listed_version_without_its_snapshot_is_an_error_at_its_id(shop: Path) -> None:
    shutil.rmtree(shop / "policies/archive/2025.2")
    text = (shop / VERSIONS).read_text(encoding="utf-8")
    where = _where(text, '  - id: "2025.2"', "id")
    code, lines = _check(shop)
    assert code == 1
    assert (f"{VERSIONS}:{where}: versions[1].id: version "
            "2025.2 has no snapshot in policies/archive/2025.2/ (its pages are built from that "
            "copy of the policy files as they were; restore it from a backup or version "
            "control (policysite version new makes it before the next change))") in lines
    assert "Traceback" not in "\n".join(lines)


def test_a_snapshot_nothing_reads_is_an_error(shop: Path) -> None:
    shutil.copytree(shop / "policies/archive/2025.2", shop / "policies/archive/2024.9")
    shutil.copytree(shop / "policies/archive/2025.2", shop / "policies/archive/2026.1")
    code, lines = _check(shop)
    assert code == 1
    assert ("policies/archive/2024.9: is not read: versions.yml lists no earlier version 2024.9 "
            "(add the version to versions.yml, or delete the folder)") in lines
    assert ("policies/archive/2026.1: is not read: version 2026.1 is the newest, whose files "
            "are policies/ itself (delete the folder, or add the next version to versions.yml)"
            ) in lines


def test_an_error_in_a_snapshot_names_the_snapshots_file(shop: Path) -> None:
    text = set_line(shop, DE_2025_1, "  days:", "  days: 0")
    with pytest.raises(ContentError) as raised:
        load_and_resolve(shop)
    assert [str(p) for p in raised.value.problems if p.severity == "error"] == [
        f"{DE_2025_1}:{_where(text, '  days: 0', 'days')}: markets.DE.return_window.days: must be "
        'at least 1, got "0"']


def test_load_project_alone_reads_the_newest_version_only(shop: Path) -> None:
    set_line(shop, DE_2025_1, "  days:", "  days: 0")  # only the history is broken
    assert load_project(shop).markets["DE"].return_window.days == 30


# -- check's warnings --------------------------------------------------------------------------

def test_a_note_naming_a_period_the_data_did_not_change_to_is_a_warning(shop: Path) -> None:
    old = "  - en: Southeast Asian returns now go to our hub in Port Klang instead of Shenzhen."
    line = "      - en: Returns within 45 days in Germany."
    text = edit(shop, VERSIONS, old.replace("  - en:", "      - en:", 1), line)
    code, lines = _check(shop)
    assert code == 0
    assert (f"{VERSIONS}:{_where(text, line, 'en:')}: versions[1].changes[0].en: warning: "
            "mentions 45 days, but no market's return window or refund time changed to 45 "
            "days in version 2025.2 (periods: 30) (check the note or the policy files; the "
            "changelog shows the computed changes)") in lines
    edit(shop, VERSIONS, line, "      - en: Returns within 30 days in Germany.")
    found = [line for line in _check(shop)[1] if "mentions" in line]
    # The first version's note promises 30 days, but this shop gave 14 then.
    assert [line.split(": warning: ")[1][:60] for line in found] == [
        "mentions 30 days, but no market's return window or refund ti"]
    assert "versions[0].changes[0].en" in found[0] and "has 30 days in version 2025.1" in found[0]


def _state(root: Path, version: str | None) -> None:
    folder = root / WORK_DIR
    folder.mkdir(exist_ok=True)
    state = {"inputs": "x"} if version is None else {"policy_version": version}
    (folder / "state-0123456789ab.json").write_text(json.dumps(state), encoding="utf-8")


def test_a_version_in_force_that_no_build_published_is_a_warning(shop: Path) -> None:
    project = load_project(shop)
    day = datetime.date(2026, 6, 19)
    assert unpublished_version(project, day) is None  # never built: no site to be stale
    _state(shop, "2025.2")
    warning = unpublished_version(project, day)
    assert warning is not None and warning.severity == "warning"
    text = (shop / VERSIONS).read_text(encoding="utf-8")
    assert str(warning) == (
        f"{VERSIONS}:{_where(text, '    effective: 2026-06-19', 'effective')}: "
        "versions[2].effective: warning: version 2026.1 has been in force since 2026-06-19, "
        "but no build has published it: the site still shows an earlier version (run "
        "policysite build and publish site/)")
    assert unpublished_version(project, day - datetime.timedelta(days=1)) is None  # not yet
    _state(shop, None)  # a build from before versions were recorded
    assert unpublished_version(project, day) is not None
    _state(shop, "2026.1")
    assert unpublished_version(project, day) is None


# -- the built site ----------------------------------------------------------------------------

@pytest.mark.slow
def test_earlier_versions_are_built_at_their_addresses(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    set_line(root, DE_2025_1, "  days:", "  days: 14")
    done = subprocess.run([sys.executable, "-m", "generator", "build", "-q", "-j", "1", "-f",
                           str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    site = root / "site"
    old = (site / "en/de/v/2025.1/index.html").read_text(encoding="utf-8")
    assert re.search(r"you have 14\s+days to ask for a return", old)
    assert "version 2025.1" in old and "28 July 2025" in old
    german = (site / "de/de/v/2025.2/index.html").read_text(encoding="utf-8")
    assert 'hreflang="en"' in german and "/en/de/v/2025.2/" in german
    changes = (site / "en/de/changes/index.html").read_text(encoding="utf-8")
    assert re.search(r"14\s+days → 30\s+days", changes)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/en/de/v/2025.1/</loc>" in sitemap and "/en/de/changes/</loc>" in sitemap
    index = (site / "en/search/search_index.json").read_text(encoding="utf-8")
    # Records of earlier terms stay out of the site's search: it finds the terms in force.
    assert "de/v/2025.1/" not in index and "de/changes/" not in index and "de/faq/" in index
    # The build recorded the version it published: check has nothing to say about it.
    code, lines = _check(root)
    assert code == 0 and not any("no build has published" in line for line in lines)
