"""Every page renders in every locale, no template text stays English on other pages, and every
caption message has its formal version (msgctxt "formal") translated in each language with a
formal register (locales/glossary.yml ``registers``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from generator.facts.site import load_and_resolve
from generator.i18n.catalogs import load_translations
from generator.i18n.registers import CONTEXT, has_registers, is_caption_message, register_table
from generator.layout import catalogs_for, templates_dir_for
from generator.render.markdown import render_locale_pages

REPO = Path(__file__).resolve().parent.parent
PROJECT, FACTS = load_and_resolve(REPO)
PAGES = FACTS.pages


class Recording:
    """Delegates to real translations and remembers messages that came back untranslated."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.untranslated: set[str] = set()

    def gettext(self, message: str) -> str:
        # GNUTranslations keeps translated messages in _catalog; a miss falls back to English
        # (a translation identical to the English, like "E-mail", is still in the catalog).
        if message not in self.inner._catalog and re.search(r"[A-Za-z]{3}", message):
            self.untranslated.add(message)
        return self.inner.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        if (singular, 0) not in self.inner._catalog:
            self.untranslated.add(singular)
        return self.inner.ngettext(singular, plural, count)

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet: copy.copy() makes the object without __init__
            raise AttributeError(name)
        return getattr(self.inner, name)


@pytest.mark.parametrize("locale", [loc for loc in PROJECT.site.locales if loc != "en"])
def test_no_template_text_left_in_english(locale: str) -> None:
    translations = Recording(load_translations(catalogs_for(REPO), locale))
    rendered = render_locale_pages(FACTS, locale, templates_dir_for(REPO), translations)
    assert rendered.files, "no pages rendered"
    assert all(rendered.titles.values())
    assert sorted(translations.untranslated) == []


@pytest.mark.slow  # renders every page of every locale
def test_every_page_renders_in_every_locale() -> None:
    for locale in PROJECT.site.locales:
        expected = {p.source for p in PAGES if p.locale == locale}
        files = render_locale_pages(FACTS, locale, templates_dir_for(REPO),
                                    load_translations(catalogs_for(REPO), locale)).files
        assert set(files) == expected, locale
        for source, text in files.items():
            assert text.count("\n# ") == 1, (locale, source)  # exactly one page title


def test_recording_notices_a_missing_catalog() -> None:
    """The check above can fail: an empty catalog leaves every page in English."""
    from babel.support import Translations

    empty = Recording(Translations())
    render_locale_pages(FACTS, "de", templates_dir_for(REPO), empty)
    assert "Returns and exchanges" in empty.untranslated


def _catalog(path: Path) -> Any:
    with path.open("rb") as handle:
        return read_po(handle)


TEMPLATE = _catalog(REPO / "locales" / "messages.pot")
FORMAL_IDS = sorted(m.id for m in TEMPLATE if m.context == CONTEXT)


def test_every_caption_message_has_a_formal_version_in_the_template() -> None:
    """``i18n extract`` adds them: one per singular message under generator/captions/."""
    captions = sorted(m.id for m in TEMPLATE
                      if m.context is None and is_caption_message(m.locations, m.id))
    assert captions, "no caption messages found"
    assert captions == FORMAL_IDS


@pytest.mark.parametrize("locale", sorted(register_table()))
def test_formal_versions_are_translated(locale: str) -> None:
    """Missing or fuzzy formal versions read informal on a formal site: each is a failure."""
    catalog = _catalog(catalogs_for(REPO).po_file(locale))
    missing = []
    for msgid in FORMAL_IDS:
        message = catalog.get(msgid, CONTEXT)
        if message is None or not message.string or message.fuzzy:
            missing.append(msgid)
    assert missing == [], f"{locale}: {len(missing)} formal versions missing or fuzzy"


@pytest.mark.parametrize("locale", [loc for loc in PROJECT.site.locales
                                    if loc != "en" and not has_registers(loc)])
def test_one_register_languages_have_no_formal_entries(locale: str) -> None:
    """``i18n update`` merges formal versions only where a language has a formal register;
    elsewhere the plain entry is the caption text in any register."""
    catalog = _catalog(catalogs_for(REPO).po_file(locale))
    assert [m.id for m in catalog if m.context == CONTEXT] == []
