"""``policysite i18n add LOCALE``: any language Babel knows becomes one of the project's.

The table of locales is data (``locales/locales.yml``); ``add`` writes its row and the locale's
catalog, and untranslated page text shows in English with the fallback notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.support import Translations
from click.testing import CliRunner, Result

from generator.commands.cli import cli
from generator.i18n.catalogs import Untranslated
from generator.i18n.locales import (
    LOCALE_TABLE,
    locale_info,
    read_locale_table,
    supported_locales,
    use_locale_table,
)
from generator.i18n.new_locale import describe_locale, search_language
from generator.layout import package_root, templates_dir_for
from generator.project.load import load_project
from generator.render.markdown import gettext_functions, render_locale_pages
from generator.site.build import build_site
from tests.conftest import edit, facts_of, locate
from tests.sites import korean_project, tree_hashes

BUNDLED_TABLE = package_root() / "locales" / LOCALE_TABLE
NOTICE = "Translation in progress"  # the notice's title, in English: ko has no translation


@pytest.fixture(autouse=True)
def _bundled_table_after() -> Iterator[None]:
    """Tests here load projects with more locales: later tests see the bundled table again."""
    yield
    use_locale_table(None)


def add(root: Path, locale: str) -> Result:
    return CliRunner().invoke(cli, ["i18n", "add", locale, "-f", str(root)])


def rows(root: Path) -> list[str]:
    return re.findall(r"(?m)^- \{id: ([A-Za-z_]+),", (root / "locales" / LOCALE_TABLE)
                      .read_text(encoding="utf-8"))


def test_add_ko_copies_the_bundled_catalogs_then_creates_its_own(project: Path) -> None:
    assert not (project / "locales").exists()
    result = add(project, "ko")
    assert result.exit_code == 0, result.output
    assert "copied the bundled catalogs and locale table into locales/" in result.stdout
    assert result.stderr == ""  # Material has Korean words and a Korean search stemmer
    # The bundled catalogs came along, the new one is from messages.pot with CLDR's rule.
    assert (project / "locales" / "de" / "LC_MESSAGES" / "messages.po").is_file()
    po = project / "locales" / "ko" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.plural_forms == get_plural("ko").plural_forms == "nplurals=1; plural=0;"
    with (project / "locales" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    assert {m.id for m in catalog if m.id} == {m.id for m in template if m.id}
    assert not any(m.string if isinstance(m.string, str) else any(m.string)
                   for m in catalog if m.id)
    assert "created locales/ko/LC_MESSAGES/messages.po (Plural-Forms: nplurals=1; plural=0;)" \
        in result.stdout
    # The row, read back as every build reads it, next to the bundled rows, sorted, with the
    # header comment kept.
    table = read_locale_table(project / "locales" / LOCALE_TABLE)
    assert table.rows["ko"] == describe_locale("ko")[0]
    ko = table.rows["ko"]
    assert (ko.bcp47, ko.gettext, ko.material, ko.search, ko.direction) == \
        ("ko", "ko", "ko", "ko", "ltr")
    bundled = read_locale_table(BUNDLED_TABLE)
    assert {k: v for k, v in table.rows.items() if k != "ko"} == dict(bundled.rows)
    assert rows(project) == sorted(rows(project)) and "ko" in rows(project)
    text = (project / "locales" / LOCALE_TABLE).read_text(encoding="utf-8")
    header = BUNDLED_TABLE.read_text(encoding="utf-8").split("\nlocales:")[0]
    assert text.startswith(header + "\nlocales:")
    assert "1. add ko to site.locales" in result.stdout
    assert "policysite i18n status" in result.stdout


def test_a_second_add_changes_nothing(project: Path) -> None:
    assert add(project, "ko").exit_code == 0
    before = tree_hashes(project)
    again = add(project, "ko")
    assert again.exit_code == 0
    assert again.stdout == "ko is already one of this project's languages; nothing changed\n"
    assert tree_hashes(project) == before


def test_a_bundled_locale_is_already_there_and_nothing_is_copied(project: Path) -> None:
    result = add(project, "de")
    assert (result.exit_code, result.stdout) == (
        0, "de is already one of this project's languages; nothing changed\n")
    assert not (project / "locales").exists()


@pytest.mark.parametrize("written", ["xx", "not a locale", "ko_ZZ_x!"])
def test_a_locale_babel_does_not_know_is_bad_usage(project: Path, written: str) -> None:
    result = add(project, written)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f'policysite: "{written}" is not a locale Babel knows; write a language code such as '
        f"ko, pt_PT or zh_Hant"]
    assert "Traceback" not in result.output
    assert not (project / "locales").exists()


def test_a_bcp47_spelling_is_normalised(project: Path) -> None:
    result = add(project, "pt-PT")
    assert result.exit_code == 0, result.output
    info = read_locale_table(project / "locales" / LOCALE_TABLE).rows["pt_PT"]
    # Material's "pt" is European Portuguese; lunr's Portuguese stemmer serves both.
    assert (info.bcp47, info.gettext, info.material, info.search) == ("pt-PT", "pt_PT", "pt", "pt")
    assert (project / "locales" / "pt_PT" / "LC_MESSAGES" / "messages.po").is_file()


def test_a_language_material_lacks_warns_and_uses_english(project: Path) -> None:
    result = add(project, "sw")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: Material for MkDocs has no language file for sw: the theme's own words "
        "(search box, buttons, footer) will be in English",
        "warning: Material's search has no stemmer for sw: its pages are searched with "
        "English word rules"]
    info = read_locale_table(project / "locales" / LOCALE_TABLE).rows["sw"]
    assert (info.material, info.search) == ("en", "en")


@pytest.mark.parametrize(("locale", "material", "search", "direction"), [
    ("ja", "ja", "ja", "ltr"),  # lunr.ja with TinySegmenter (tinyseg.js)
    ("zh_Hant", "zh-Hant", "zh", "ltr"),  # Traditional: never Material's Simplified "zh"
    ("zh_Hans", "zh", "zh", "ltr"),
    ("he", "he", "en", "rtl"),  # Material has lunr.he, but MkDocs' search would drop it
    ("fil", "tl", "en", "ltr"),
    ("ar", "ar", "ar", "rtl"),
])
def test_rows_are_found_in_the_installed_theme(locale: str, material: str, search: str,
                                               direction: str) -> None:
    info, _ = describe_locale(locale)
    assert (info.material, info.search, info.direction) == (material, search, direction)


def test_the_bundled_rows_are_what_add_would_write_for_their_theme_parts() -> None:
    """The shipped rows agree with detection wherever Material has the language's parts."""
    for info in read_locale_table(BUNDLED_TABLE).rows.values():
        found, warnings = describe_locale(info.id)
        assert (found.bcp47, found.direction) == (info.bcp47, info.direction), info.id
        assert found.material == info.material, info.id
        assert found.search == info.search or (warnings and info.search == "en"), info.id


def test_japanese_search_needs_its_segmenter(monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    """Without tinyseg.js lunr.ja cannot split words: no Japanese search then."""
    from babel import Locale

    import generator.i18n.new_locale as new_locale

    real = new_locale._material_templates()
    fake = tmp_path / "templates"
    lunr = fake / "assets" / "javascripts" / "lunr"
    (lunr / "min").mkdir(parents=True)
    for name in ("lunr.ja.min.js", "lunr.ko.min.js"):
        (lunr / "min" / name).write_bytes((real / "assets/javascripts/lunr/min" / name)
                                          .read_bytes())
    monkeypatch.setattr(new_locale, "_material_templates", lambda: fake)
    assert search_language(Locale.parse("ja")) is None
    assert search_language(Locale.parse("ko")) == "ko"


def test_a_project_with_catalogs_but_no_table_gets_one(project: Path) -> None:
    """Projects that copied the catalogs before the table was data keep working."""
    (project / "locales").mkdir()
    (project / "locales" / "messages.pot").write_bytes(
        (package_root() / "locales" / "messages.pot").read_bytes())
    result = add(project, "ko")
    assert result.exit_code == 0, result.output
    assert "copied" not in result.stdout
    table = read_locale_table(project / "locales" / LOCALE_TABLE)
    assert set(table.rows) == {*read_locale_table(BUNDLED_TABLE).rows, "ko"}


def test_after_add_the_project_accepts_ko_and_check_passes_it(project: Path) -> None:
    assert add(project, "ko").exit_code == 0
    edit(project, "site_config.yml", "  locales: [en, es, de, fr, it, pt_BR, ja, zh_Hans, id, "
         "ms, th, vi, fil, ar]", "  locales: [en, de, ko]")
    edit(project, "policies/markets/de.yml", "locales: [de, en]", "locales: [de, en, ko]")
    loaded = load_project(project)
    assert loaded.site.locales[-1] == "ko"
    assert locale_info("ko").bcp47 == "ko"
    use_locale_table(None)
    assert "ko" not in supported_locales()  # the bundled table: ko is the project's own


def test_an_unsupported_locale_says_how_to_add_it(project: Path) -> None:
    edit(project, "policies/markets/de.yml", "locales: [de, en]", "locales: [de, en, ko]")
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if '"ko"' in line]
    assert len(lines) == 1
    assert re.fullmatch(r'policies/markets/de\.yml:\d+:\d+: markets\.DE\.locales\[2\]: "ko" is '
                        r"not one of this project's languages yet; add it with: policysite "
                        r"i18n add ko", lines[0]), lines[0]


def test_a_broken_table_is_one_line_per_problem(project: Path) -> None:
    assert add(project, "ko").exit_code == 0
    table = project / "locales" / LOCALE_TABLE
    text = table.read_text(encoding="utf-8")
    text = text.replace("direction: ltr}\n", "direction: sideways}\n", 1)
    text = text.replace("{id: ko,", "{id: Korean,")
    table.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    sideways, korean = locate(text, "direction: sideways"), locate(text, "id: Korean")
    assert result.stderr.splitlines() == [
        f"locales/locales.yml:{sideways[0]}:{sideways[1]}: locales[1].direction: must be "
        f'"ltr" or "rtl", got "sideways"',
        f'locales/locales.yml:{korean[0]}:{korean[1]}: locales[9].id: "Korean" is not a '
        f"canonical locale id Babel knows (e.g. ko, pt_PT)",
        "Aborted with 2 errors.",
    ], result.stderr


# -- untranslated page text: English, counted for the page's notice -----------------------------

def _translations(pairs: dict[str, str]) -> Translations:
    import io

    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="ko")
    for msgid, msgstr in pairs.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def test_gettext_counts_each_use_of_an_untranslated_message() -> None:
    translations = _translations({"Contact": "문의"})
    untranslated = Untranslated()
    translations.add_fallback(untranslated)
    gettext = gettext_functions(translations, untranslated)["gettext"]
    ngettext = gettext_functions(translations, untranslated)["ngettext"]
    assert (gettext("Contact"), gettext("Contact"), untranslated.count) == ("문의", "문의", 0)
    assert gettext("Returns") == "Returns"
    assert gettext("Returns") == "Returns"  # cached, and still counted: a page's notice
    assert untranslated.count == 2
    assert gettext("Hello %(name)s", name="Kim") == "Hello Kim"
    assert ngettext("%(num)s day", "%(num)s days", 30) == "30 days"
    assert untranslated.count == 4


def test_pages_with_untranslated_text_carry_the_notice(project: Path) -> None:
    facts = facts_of(project)
    templates = templates_dir_for(project)
    english = render_locale_pages(facts, "de", templates, Translations())
    assert english.files and all(NOTICE in text for text in english.files.values())
    source = render_locale_pages(facts, "en", templates, Translations())
    assert not any(NOTICE in text for text in source.files.values())


@pytest.mark.slow
def test_an_added_language_is_built_in_english_with_the_notice(tmp_path: Path) -> None:
    root = korean_project(tmp_path / "shop")
    result = build_site(root, jobs=2)  # forked workers: the table travels with their job
    assert result.locales == 3
    config = yaml.safe_load((root / ".policysite" / "build" / "ko" / "mkdocs.yml")
                            .read_text(encoding="utf-8"))
    assert config["theme"] == {"language": "ko"}
    assert config["plugins"] == [{"search": {"lang": ["ko"]}}]
    pages = sorted((root / "site" / "ko").rglob("index.html"))
    assert len(pages) >= 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="ko"[ >]', text), page
        assert NOTICE in text, page
        assert "Some parts of this page are not yet available in your language" in text, page
    english = (root / "site" / "en" / "de" / "faq" / "index.html").read_text(encoding="utf-8")
    assert NOTICE not in english
