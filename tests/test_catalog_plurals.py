"""Plural rules: the catalog's own Plural-Forms decides, CLDR only advises (issue 13, point 8).

gettext picks a plural form with the header of the catalog it reads, so a catalog whose header
is valid and whose entries have the forms it names renders correctly whatever CLDR says. Babel
2.19's CLDR data gave es, fr, it and pt_BR three forms, id and ms one, and reordered Arabic and
Filipino; ``check`` failed the shipped catalogs with errors. Here Babel's table is patched to
those rules (whatever Babel is installed), and the difference must be a warning with the fix,
``policysite i18n update`` must migrate header and entries without changing a page, and a
header that disagrees with its own entries (or that gettext cannot run) stays an error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages import plurals
from babel.messages.pofile import read_po

from generator.i18n.catalogs import CatalogFiles, load_translations
from generator.i18n.checks import check_catalog, check_catalogs
from generator.i18n.locales import locale_info, supported_locales
from generator.i18n.tools import update, update_catalogs
from tests.conftest import REPO, copy_example

# CLDR's rules as Babel 2.19.0 gives them (babel.messages.plurals.get_plural).
BABEL_2_19 = {
    "es": (3, "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)"),
    "it": (3, "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)"),
    "fr": (3, "(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2"),
    "pt": (3, "(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2"),
    "pt_BR": (3, "(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2"),
    "id": (1, "0"),
    "ms": (1, "0"),
    "ar": (6, "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : "
              "n % 100 >= 11 && n % 100 <= 99 ? 4 : 5)"),
    "fil": (2, "n != 1 && n != 2 && n != 3 && (n % 10 == 4 || n % 10 == 6 || n % 10 == 9)"),
}
CHANGED = ["es", "fr", "it", "pt_BR", "id", "ms", "ar", "fil"]
COUNTS = [0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 14, 21, 99, 100, 101, 102, 111, 1000, 1000000,
          2000000, 1000001]
PLURAL_MESSAGES = [("%(num)s business day", "%(num)s business days"),
                   ("%(num)s character", "%(num)s characters")]

HEADER = '''msgid ""
msgstr ""
"Language: {lang}\\n"
"Plural-Forms: {forms}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

'''
DAY_DE = ('#, python-format\nmsgid "%(num)s day"\nmsgid_plural "%(num)s days"\n'
          'msgstr[0] "%(num)s Tag"\nmsgstr[1] "%(num)s Tage"\n')


@pytest.fixture
def babel_2_19(monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed Babel answers with 2.19's CLDR plural rules."""
    for key, rule in BABEL_2_19.items():
        monkeypatch.setitem(plurals.PLURALS, key, rule)


def _po(tmp_path: Path, lang: str, forms: str, body: str) -> Path:
    path = tmp_path / "messages.po"
    path.write_text(HEADER.format(lang=lang, forms=forms) + body, encoding="utf-8")
    return path


def _copy_catalogs(tmp_path: Path) -> CatalogFiles:
    shutil.copytree(REPO / "locales", tmp_path / "locales")
    return CatalogFiles(tmp_path)


def _texts(files: CatalogFiles, locale: str) -> dict[tuple[str, int], str]:
    translations = load_translations(files, locale)
    return {(singular, n): translations.ngettext(singular, plural, n)
            for singular, plural in PLURAL_MESSAGES for n in COUNTS}


# -- check: a warning, not an error --------------------------------------------------------

def test_the_shipped_catalogs_pass_with_babel_2_19_rules_and_say_how_to_migrate(
        babel_2_19: None) -> None:
    files = CatalogFiles(REPO)
    locales = list(supported_locales())
    assert check_catalogs(files, locales) == []
    found = check_catalogs(files, locales, include_warnings=True)
    assert [p.severity for p in found] == ["warning"] * len(CHANGED)
    assert sorted(p.path for p in found) == sorted(
        f"locales/{locale_info(locale).gettext}/LC_MESSAGES/messages.po" for locale in CHANGED)
    es = next(str(p) for p in found if p.path.startswith("locales/es/"))
    assert es.startswith("locales/es/LC_MESSAGES/messages.po:15:1: warning: Plural-Forms has 2 "
                         "forms, CLDR (Babel ")
    assert "has 3 for es" in es
    assert ("'policysite i18n update' migrates the header and plural entries to: nplurals=3; "
            "plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);") in es
    ar = next(str(p) for p in found if p.path.startswith("locales/ar/"))
    assert "Plural-Forms picks forms differently from CLDR" in ar


def test_a_consistent_header_that_differs_from_cldr_is_a_warning(tmp_path: Path) -> None:
    """German with one form for everything: odd, but gettext renders exactly what it says."""
    body = ('#, python-format\nmsgid "%(num)s day"\nmsgid_plural "%(num)s days"\n'
            'msgstr[0] "%(num)s Tag(e)"\n')
    path = _po(tmp_path, "de", "nplurals=1; plural=0;", body)
    problems = check_catalog(path, "x.po", "de")
    assert [(p.severity, p.line) for p in problems] == [("warning", 4)]
    assert "Plural-Forms has 1 form, CLDR (Babel" in problems[0].message


def test_same_count_but_other_forms_is_a_warning(tmp_path: Path) -> None:
    path = _po(tmp_path, "de", "nplurals=2; plural=(n > 1);", DAY_DE)
    problems = check_catalog(path, "x.po", "de")
    assert [p.severity for p in problems] == ["warning"]
    assert "picks forms differently from CLDR" in problems[0].message
    # The same rule as CLDR's, spelled differently, is no difference at all.
    path = _po(tmp_path, "de", "nplurals=2; plural=n!=1;", DAY_DE)
    assert check_catalog(path, "x.po", "de") == []


# -- check: what gettext cannot use is still an error --------------------------------------

def test_entries_with_fewer_forms_than_their_header_are_an_error(tmp_path: Path,
                                                                  babel_2_19: None) -> None:
    """The header says three forms (as CLDR now does), the entry was written with two."""
    body = ('#, python-format\nmsgid "%(num)s day"\nmsgid_plural "%(num)s days"\n'
            'msgstr[0] "%(num)s día"\nmsgstr[1] "%(num)s días"\n')
    path = _po(tmp_path, "es", f"nplurals=3; plural={BABEL_2_19['es'][1]};", body)
    assert [str(p) for p in check_catalog(path, "x.po", "es")] == [
        "x.po:10:1: \"%(num)s day\" has 2 plural forms, the catalog's Plural-Forms has 3 "
        "(translate every msgstr[n])"]


@pytest.mark.parametrize(("forms", "why"), [
    ("nplurals=2; plural=n;", "picks form 2 for n=2, but nplurals=2"),
    ("nplurals=2; plural=(n != 1;", "is not a valid expression"),
    ("nplurals=2; plural=n % 0;", "is not a valid expression"),
    ("nplurals=0; plural=0;", "nplurals=0, at least 1 needed"),
])
def test_a_header_gettext_cannot_use_is_an_error(tmp_path: Path, forms: str, why: str) -> None:
    """Python's gettext would raise on loading it, or fall back to English for some counts."""
    problems = check_catalog(_po(tmp_path, "de", forms, DAY_DE if "nplurals=2" in forms
                                 else ""), "x.po", "de")
    assert [(p.severity, p.line) for p in problems][:1] == [("error", 4)]
    assert why in str(problems[0])
    assert "write CLDR's nplurals=2; plural=(n != 1); or run 'policysite i18n update'" in str(
        problems[0])


# -- i18n update: migrates header and entries, pages unchanged -----------------------------

def test_update_migrates_every_changed_catalog_and_pages_read_the_same(
        tmp_path: Path, babel_2_19: None) -> None:
    files = _copy_catalogs(tmp_path)
    before = {locale: _texts(files, locale) for locale in CHANGED}
    updated = update_catalogs(files, list(supported_locales()))
    migrated = {u.path.parent.parent.name: u.migration for u in updated if u.migration}
    assert sorted(migrated) == sorted(locale_info(locale).gettext for locale in CHANGED)
    assert all(move.fuzzy == () for move in migrated.values() if move)
    assert check_catalogs(files, list(supported_locales()), include_warnings=True) == []
    for locale in CHANGED:
        assert _texts(files, locale) == before[locale], locale
        path = files.po_file(locale)
        catalog = read_po(path.open("rb"))
        assert catalog.num_plurals == BABEL_2_19[locale][0]
        assert catalog.plural_expr == BABEL_2_19[locale][1]
    es = read_po(files.po_file("es").open("rb"))
    assert es["%(num)s business day"].string == (
        "%(num)s día hábil", "%(num)s días hábiles", "%(num)s días hábiles")
    assert read_po(files.po_file("id").open("rb"))["%(num)s business day"].string == (
        "%(num)s hari kerja",)
    plural_entries = sum(1 for message in es if message.pluralizable and message.string)
    line = next(u.describe() for u in updated if u.path == files.po_file("es"))
    assert line.startswith(f"updated {files.po_file('es')}: Plural-Forms migrated to CLDR's "
                           "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)"
                           f" (was nplurals=2; plural=(n != 1)); {plural_entries} plural entries "
                           "rewritten, 0 marked fuzzy")


def test_update_leaves_catalogs_that_follow_cldr_as_they_are(tmp_path: Path) -> None:
    """With the installed Babel's own rules, whatever they are: migrate, then nothing moves."""
    files = _copy_catalogs(tmp_path)
    update(files, list(supported_locales()))
    first = {locale: files.po_file(locale).read_bytes() for locale in supported_locales()
             if locale != "en"}
    assert all(u.migration is None for u in update_catalogs(files, list(supported_locales())))
    assert first == {locale: files.po_file(locale).read_bytes() for locale in first}


def _german_days(tmp_path: Path, forms: str) -> CatalogFiles:
    """A template with one plural message and a German catalog on the Plural-Forms ``forms``."""
    files = CatalogFiles(tmp_path)
    files.po_file("de").parent.mkdir(parents=True)
    files.template.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "%(num)s day"\nmsgid_plural "%(num)s days"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n', encoding="utf-8")
    files.po_file("de").write_text(HEADER.format(lang="de", forms=forms) + DAY_DE,
                                   encoding="utf-8")
    return files


def test_merging_forms_that_differ_takes_the_other_form_and_marks_it_fuzzy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """German with one form: "1 Tage" would be wrong, so a translator must look."""
    monkeypatch.setitem(plurals.PLURALS, "de", (1, "0"))
    files = _german_days(tmp_path, "nplurals=2; plural=(n != 1);")
    [updated] = update_catalogs(files, ["de"])
    assert updated.migration is not None and updated.migration.fuzzy == ("%(num)s day",)
    message = read_po(files.po_file("de").open("rb"))["%(num)s day"]
    assert message.string == ("%(num)s Tage",)
    assert message.fuzzy
    problems = check_catalog(files.po_file("de"), "x.po", "de")
    assert [p.message for p in problems] == [
        'fuzzy entry "%(num)s day" would not be published']


def test_update_repairs_a_header_gettext_cannot_run_and_asks_for_review(
        tmp_path: Path) -> None:
    """No counts to go by: the forms stay in place under CLDR's header, every entry fuzzy."""
    files = _german_days(tmp_path, "nplurals=2; plural=n;")
    [updated] = update_catalogs(files, ["de"])
    assert updated.migration is not None and updated.migration.fuzzy == ("%(num)s day",)
    catalog = read_po(files.po_file("de").open("rb"))
    assert (catalog.num_plurals, catalog.plural_expr) == plurals.get_plural("de")
    assert catalog["%(num)s day"].string == ("%(num)s Tag", "%(num)s Tage")
    assert catalog["%(num)s day"].fuzzy


def test_update_adds_forms_by_what_the_old_rule_showed_for_the_same_counts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Arabic's forms 4 and 5 swapped places in Babel 2.19: a migration swaps the texts."""
    monkeypatch.setitem(plurals.PLURALS, "ar", BABEL_2_19["ar"])
    files = _copy_catalogs(tmp_path)
    old = read_po(files.po_file("ar").open("rb"))["%(num)s business day"].string
    before = _texts(files, "ar")
    update(files, ["ar"])
    new = read_po(files.po_file("ar").open("rb"))["%(num)s business day"].string
    assert (new[4], new[5]) == (old[5], old[4])
    assert _texts(files, "ar") == before


# -- for real: the command line ------------------------------------------------------------

def _project(tmp_path: Path) -> Path:
    root = copy_example(tmp_path / "project")
    shutil.copytree(REPO / "locales", root / "locales")
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "generator", *args, "-f", str(root)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def _set_header(root: Path, forms: str, strings: int) -> Path:
    """German catalog with ``forms`` and every plural entry cut to ``strings`` forms."""
    path = root / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Plural-Forms: nplurals=2; plural=(n != 1);", f"Plural-Forms: {forms}")
    lines = [line for line in text.split("\n")
             if not (line.startswith("msgstr[") and int(line[7]) >= strings)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_check_passes_a_consistent_header_that_differs_from_cldr(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _set_header(root, "nplurals=1; plural=0;", 1)
    done = _run(root, "check", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_check_fails_a_header_that_disagrees_with_its_entries(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _set_header(root, "nplurals=3; plural=(n == 1 ? 0 : n == 2 ? 1 : 2);", 2)
    done = _run(root, "check", "-q")
    assert done.returncode == 1
    lines = (root / "locales/de/LC_MESSAGES/messages.po").read_text(encoding="utf-8").splitlines()
    entry = lines.index('msgid "%(num)s business day"')  # the problem names the msgid's line
    assert (f"locales/de/LC_MESSAGES/messages.po:{entry + 1}:1: \"%(num)s business day\" has 2 "
            "plural forms, the catalog's Plural-Forms has 3") in done.stdout + done.stderr
    assert "Traceback" not in done.stderr



def _one_form_german(tmp_path: Path) -> Path:
    """The example with a German catalog on a one-form plural rule, entries agreeing."""
    from tests.conftest import REPO, copy_example

    root = copy_example(tmp_path / "shop")
    shutil.copytree(REPO / "locales", root / "locales")
    po = root / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8").replace(
        "nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;")
    text = re.sub(r'msgstr\[1\] ".*"\n(?:".*"\n)*', "", text)
    po.write_text(text, encoding="utf-8")
    return root


def test_check_prints_a_non_cldr_plural_header_as_a_warning_and_succeeds(tmp_path: Path) -> None:
    """A catalog whose header and entries agree is valid: check warns with the fix, exit 0."""
    root = _one_form_german(tmp_path)
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
    assert "locales/de/LC_MESSAGES/messages.po:" in result.stderr
    assert ": warning: Plural-Forms has 1 form, CLDR" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_build_with_a_non_cldr_plural_header_warns_and_publishes(tmp_path: Path) -> None:
    root = _one_form_german(tmp_path)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert ": warning: Plural-Forms has 1 form, CLDR" in result.stderr
    assert (root / "site" / "de" / "de" / "index.html").is_file()
