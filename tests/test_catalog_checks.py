"""The catalog checker catches each class of translation problem, naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.support import Translations

from generator.i18n.catalogs import CatalogFiles, load_translations
from generator.i18n.checks import check_catalog

HEADER_DE = '''msgid ""
msgstr ""
"Language: de\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

'''

HEADER_AR = HEADER_DE.replace("Language: de", "Language: ar").replace(
    "nplurals=2; plural=(n != 1);",
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=0 && n%100<=2 ? 4 : 5);")


def _check(tmp_path: Path, body: str, header: str = HEADER_DE, locale: str = "de") -> list[str]:
    path = tmp_path / "messages.po"
    path.write_text(header + body, encoding="utf-8")
    return [str(p) for p in check_catalog(path, "locales/de/LC_MESSAGES/messages.po", locale)]


def test_a_clean_catalog_has_no_problems(tmp_path: Path) -> None:
    assert _check(tmp_path, 'msgid "Within %(period)s."\nmsgstr "Innerhalb von %(period)s."\n'
                  ) == []


def test_dropped_placeholder(tmp_path: Path) -> None:
    assert _check(tmp_path, 'msgid "Refund of %(amount)s."\nmsgstr "Erstattung."\n') == [
        'locales/de/LC_MESSAGES/messages.po:9:1: placeholders differ in "Refund of '
        "%(amount)s.\": msgid has ['%(amount)'], msgstr[0] has []"]


def test_renamed_brace_placeholder(tmp_path: Path) -> None:
    problems = _check(tmp_path, 'msgid "Hi {name}"\nmsgstr "Hallo {nom}"\n')
    assert len(problems) == 1 and "placeholders differ" in problems[0]


def test_stray_percent(tmp_path: Path) -> None:
    problems = _check(tmp_path, 'msgid "Save 10%% now"\nmsgstr "Jetzt 10% sparen"\n')
    assert problems == ['locales/de/LC_MESSAGES/messages.po:9:1: stray "%" in "Save 10%% now" '
                        '(write "%%" for a percent sign)']


def test_markup_added_by_translator(tmp_path: Path) -> None:
    problems = _check(tmp_path, 'msgid "Read the policy"\n'
                                'msgstr "Lesen Sie die [Richtlinie](https://evil.example)"\n')
    assert problems == ['locales/de/LC_MESSAGES/messages.po:9:1: markup differs in "Read the '
                        'policy" (translate the text, keep tags and links as they are)']


def test_bidi_control_in_translation(tmp_path: Path) -> None:
    problems = _check(tmp_path, 'msgid "Contact"\nmsgstr "Kon\u202etakt"\n')
    assert problems == ['locales/de/LC_MESSAGES/messages.po:9:1: invisible direction control '
                        'U+202E in "Contact"']


def test_fuzzy_entry_is_reported(tmp_path: Path) -> None:
    problems = _check(tmp_path, '#, fuzzy\nmsgid "Contact"\nmsgstr "Kontakt"\n')
    assert problems == ['locales/de/LC_MESSAGES/messages.po:10:1: fuzzy entry "Contact" would '
                        'not be published (review it and remove the fuzzy flag)']


def test_plural_header_other_than_cldr(tmp_path: Path) -> None:
    """gettext follows the catalog's header: a difference from CLDR is a warning
    (tests/test_catalog_plurals.py has the rest)."""
    header = HEADER_AR.replace("nplurals=6;", "nplurals=2;").replace(
        "plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=0 && n%100<=2 ? 4 : 5);", "plural=(n != 1);")
    problems = _check(tmp_path, "", header=header, locale="ar")
    assert len(problems) == 1
    assert "warning: Plural-Forms has 2 forms, CLDR (Babel" in problems[0]
    assert "has 6 for ar" in problems[0]


def test_plural_entry_with_too_few_forms(tmp_path: Path) -> None:
    body = ('msgid "%(num)s day"\nmsgid_plural "%(num)s days"\n'
            'msgstr[0] "%(num)s يوم"\nmsgstr[1] "يوم"\n')
    problems = _check(tmp_path, body, header=HEADER_AR, locale="ar")
    assert any("has 2 plural forms, the catalog's Plural-Forms has 6" in p for p in problems)


def test_non_utf8_catalog(tmp_path: Path) -> None:
    path = tmp_path / "messages.po"
    raw = HEADER_DE.encode() + b'msgid "a"\nmsgstr "\xe4"\n'
    path.write_bytes(raw)
    offset = raw.index(b"\xe4")
    assert [str(p) for p in check_catalog(path, "x.po", "de")] == [
        f"x.po: not valid UTF-8 (byte {offset})"]


def test_latin1_charset_header(tmp_path: Path) -> None:
    header = HEADER_DE.replace("charset=UTF-8", "charset=ISO-8859-1")
    problems = _check(tmp_path, 'msgid "a"\nmsgstr "b"\n', header=header)
    assert len(problems) == 1 and "charset=UTF-8" in problems[0]


# -- plural tables ------------------------------------------------------------------------

ARABIC = [  # count → expected gettext plural index (CLDR: zero, one, two, few, other, many)
    (0, 0), (1, 1), (2, 2), (3, 3), (10, 3), (11, 5), (99, 5), (100, 4), (101, 4), (102, 4),
    (103, 3), (111, 5)]


@pytest.mark.parametrize(("count", "index"), ARABIC)
def test_arabic_plural_index_matches_cldr(count: int, index: int) -> None:
    translations = load_translations(CatalogFiles(Path(__file__).resolve().parent.parent), "ar")
    assert translations.plural(count) == index


POLISH = [(1, 0), (2, 1), (4, 1), (5, 2), (12, 2), (22, 1), (25, 2), (101, 2), (102, 1)]


@pytest.mark.parametrize(("count", "index"), POLISH)
def test_three_form_plural_table(count: int, index: int) -> None:
    """A three-form language (Polish): the checker's source of truth, Babel, follows CLDR."""
    from gettext import c2py

    from babel.messages.plurals import get_plural

    rule = get_plural("pl")
    assert rule.num_plurals == 3
    assert c2py(rule.plural_expr)(count) == index


def test_arabic_catalog_has_six_distinct_forms_where_it_matters() -> None:
    translations = load_translations(CatalogFiles(Path(__file__).resolve().parent.parent), "ar")
    assert isinstance(translations, Translations)
    forms = {translations.ngettext("%(num)s character", "%(num)s characters", n)
             for n in (0, 1, 2, 3, 11, 100)}
    assert len(forms) >= 5, forms
