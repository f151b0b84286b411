"""Missing translations, one line each with file, line and column: ``check`` warns, ``build
--strict`` fails with the same lines.

What counts (``generator/project/validate.py``, ``missing_translations``): a market's own texts
(its file over ``defaults.yml``) in each language the market is published in, and the shared
categories, which every market's pages list, in every language a market is published in.
Site-wide texts (the tagline, the version notes) may stay in the default language: their pages
mark them and say so, and neither ``check`` nor ``--strict`` counts them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.project.load import load_project
from generator.project.validate import is_missing_translation, missing_translations
from tests.conftest import REPO, copy_example, edit, locate, set_line
from tests.sites import small_project

DEFAULTS = "policies/defaults.yml"
CATEGORIES = "policies/categories.yml"
MS_PACKING = ("      ms: Masukkan semula barang ke dalam pembungkusan asalnya bersama semua tag "
              "dan aksesori.\n")


def _without_ms_packing(root: Path) -> str:
    """Drop the Malay text of the first packing step in defaults.yml; return ``line:col`` of
    the step (its first key, as written)."""
    text = edit(root, DEFAULTS, MS_PACKING, "")
    line, column = locate(text, "en: Put the item back in its original packaging")
    return f"{line}:{column}"


def _translation_lines(root: Path) -> list[str]:
    return [str(p) for p in load_project(root).warnings if is_missing_translation(p)]


def test_a_missing_text_in_defaults_is_named_with_its_file_line_and_market(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("my",))
    where = _without_ms_packing(root)
    assert where.endswith(":7")
    assert _translation_lines(root) == [
        f"{DEFAULTS}:{where}: markets.MY.returns.packing[0]: warning: no ms text "
        "(pages in ms show the en text)"]


def test_markets_not_published_in_the_language_are_not_affected(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "us"))
    _without_ms_packing(root)
    assert _translation_lines(root) == []


def test_a_market_file_text_is_reported_in_the_market_file(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("sa",))
    market = "policies/markets/sa.yml"
    text = (root / market).read_text(encoding="utf-8")
    arabic = text.index("      ar: شُحن طلبك")  # the Arabic of the first FAQ answer
    text = edit(root, market, text[arabic:text.index("\n", arabic) + 1], "")
    # A mapping's problems point at its key, as every other problem does.
    line, column = locate(text, "answer:\n      en: Your order was shipped from our warehouse")
    assert _translation_lines(root) == [
        f"{market}:{line}:{column}: markets.SA.faq[0].answer: warning: no ar text "
        "(pages in ar show the en text)"]


def test_a_category_is_reported_once_for_every_market_that_lists_it(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "fr", "it"))
    text = edit(root, CATEGORIES, " fr: Vêtements,", "")
    line, column = locate(text, "name: {en: Clothing")
    assert _translation_lines(root) == [
        f"{CATEGORIES}:{line}:{column}: categories.apparel.name: warning: "
        "no fr text (pages in fr show the en text)"]


def test_site_wide_texts_may_stay_in_the_default_language(tmp_path: Path) -> None:
    # Version notes and the tagline belong to no market: a page in a language they lack shows
    # them in English, marked, by design (here: the first version's notes without Malay).
    root = copy_example(tmp_path / "shop", None)
    versions = root / "policies" / "versions.yml"
    text = versions.read_text(encoding="utf-8")
    first_ms = next(line for line in text.splitlines() if line.startswith("      ms: "))
    versions.write_text(text.replace(first_ms + "\n", "", 1), encoding="utf-8")
    project = load_project(root)
    assert any("ms" not in version.summary for version in project.versions)
    assert missing_translations(project) == []


def test_the_example_has_no_missing_translation() -> None:
    assert missing_translations(load_project(REPO)) == []


def test_check_warns_and_exits_0(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("my",))
    where = _without_ms_packing(root)
    result = CliRunner().invoke(cli, ["check", "-f", str(root)])
    assert result.exit_code == 0, result.output
    assert (f"{DEFAULTS}:{where}: markets.MY.returns.packing[0]: warning: no ms text "
            "(pages in ms show the en text)") in result.stderr.splitlines()
    assert result.stdout.startswith("OK: ")


@pytest.mark.slow
def test_build_strict_fails_with_the_same_lines_as_errors(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("my",), locales="[en, ms, zh_Hans]")
    where = _without_ms_packing(root)
    site = root / "site"
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--strict", "-q", "-j",
                           "1", "-f", str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert (f"{DEFAULTS}:{where}: markets.MY.returns.packing[0]: no ms text "
            "(pages in ms show the en text)") in lines
    assert not any("warning: no ms text" in line for line in lines), lines
    assert not site.exists()
    # Without --strict the same text is a warning and the site is built.
    done = subprocess.run([sys.executable, "-m", "generator", "build", "-q", "-j", "1", "-f",
                           str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (f"{DEFAULTS}:{where}: markets.MY.returns.packing[0]: warning: no ms text "
            "(pages in ms show the en text)") in done.stderr.splitlines()


@pytest.mark.slow
def test_build_strict_passes_when_only_site_wide_texts_fall_back(tmp_path: Path) -> None:
    # Saudi Arabia's texts are all in Arabic; the version notes are not, and stay English.
    root = small_project(tmp_path / "shop", markets=("sa",), locales="[en, ar]")
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--strict", "-q", "-j",
                           "1", "-f", str(root)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "site" / "ar" / "history" / "index.html").is_file()


def test_texts_customers_never_see_are_not_counted(project: Path) -> None:
    # Germany's returns stay inside the EU customs union, so a customs section is never shown
    # (a warning of its own says so); its missing German text is not a missing translation.
    set_line(project, "policies/markets/de.yml", "faq:",
             "customs:\n  duties_refunded: true\n  declaration: {en: Returned goods}\nfaq:")
    warnings = [str(p) for p in load_project(project).warnings]
    assert any("markets.DE.customs: warning:" in w for w in warnings), warnings
    assert not [w for w in warnings if "no de text" in w]
