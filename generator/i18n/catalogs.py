"""Gettext catalogs for template prose: load, compile in memory, and wrap Babel's tools.

Catalogs live in ``locales/<gettext id>/LC_MESSAGES/messages.po``. They are compiled in memory
at build time (never from stale ``.mo`` files) and fuzzy entries are never published.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from generator.errors import ContentError, Problem
from generator.i18n.locales import locale_info

DOMAIN = "messages"
SOURCE_LOCALE = "en"


def N_(message: str) -> str:
    """Mark a message id in Python for extraction (gettext's conventional name); the code that
    shows it translates it later, in the reader's locale."""
    return message


@dataclass(frozen=True)
class CatalogFiles:
    """Where a project's translation files are."""

    root: Path  # the folder holding babel.cfg, templates/ and locales/

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def template(self) -> Path:
        return self.locales_dir / f"{DOMAIN}.pot"

    def po_file(self, locale_id: str) -> Path:
        return self.locales_dir / locale_info(locale_id).gettext / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, shown: str, locale_id: str) -> Catalog:
    """Read a .po file strictly: bad syntax or a non-UTF-8 charset is an error with file:line."""
    try:
        raw = path.read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem(shown, message=f"not valid UTF-8 (byte {exc.start})")
        raise ContentError([problem]) from None
    try:
        catalog = read_po(io.BytesIO(raw), locale=locale_info(locale_id).gettext, domain=DOMAIN,
                          abort_invalid=True, charset="utf-8")
    except Exception as exc:  # Babel raises PoFileError and ValueError variants
        line = getattr(exc, "lineno", 0) or 0
        raise ContentError([Problem(shown, line, 1 if line else 0,
                                    message=f"cannot read catalog: {exc}")]) from None
    return catalog


def load_translations(files: CatalogFiles, locale_id: str) -> Translations:
    """Compiled translations for one locale; the source locale (English) needs no catalog.

    Fuzzy entries are left out, so their msgid (English) shows instead of a guess.
    """
    path = files.po_file(locale_id)
    if locale_id == SOURCE_LOCALE and not path.is_file():
        return Translations()
    if not path.is_file():
        raise ContentError([Problem(path.relative_to(files.root).as_posix(),
                                    message=f"no catalog for locale {locale_id}",
                                    hint="run 'policysite i18n update --init-missing'")])
    catalog = read_catalog(path, path.relative_to(files.root).as_posix(), locale_id)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)
