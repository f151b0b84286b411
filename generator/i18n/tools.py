"""``policysite i18n extract|update|compile|status``: Babel's tools, made deterministic.

Extraction and updates go through Babel's Python API with a fixed creation date and sorted
output, so catalogs only change when their messages do.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from generator.i18n.catalogs import DOMAIN, SOURCE_LOCALE, CatalogFiles, read_catalog
from generator.i18n.locales import locale_info

FIXED_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
KEYWORDS = {**DEFAULT_KEYWORDS, "_": None}


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_previous=False,
             ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def extract(files: CatalogFiles) -> Path:
    """Collect every message in templates/ and generator/ into locales/messages.pot."""
    with (files.root / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="policysite", version="1", creation_date=FIXED_DATE,
                      revision_date=FIXED_DATE, charset="utf-8", fuzzy=False,
                      msgid_bugs_address="")
    for filename, lineno, message, comments, context in sorted(
        extract_from_dir(str(files.root), method_map, options_map, keywords=KEYWORDS,
                         comment_tags=("TRANSLATORS:",), strip_comment_tags=True),
        key=lambda item: (item[0], item[1]),
    ):
        catalog.add(message, None, [(filename.replace("\\", "/"), lineno)],
                    auto_comments=comments, context=context)
    _write(files.template, catalog)
    return files.template


def update(files: CatalogFiles, locales: list[str], init_missing: bool = False) -> list[Path]:
    """Merge the template into each locale's catalog (new messages empty, changed ones fuzzy)."""
    template = read_po(files.template.open("rb"))
    written = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        path = files.po_file(locale)
        if path.is_file():
            catalog = read_catalog(path, path.as_posix(), locale)
        elif init_missing:
            catalog = Catalog(locale=locale_info(locale).gettext, domain=DOMAIN,
                              project="policysite", version="1", creation_date=FIXED_DATE,
                              revision_date=FIXED_DATE, charset="utf-8", fuzzy=False)
        else:
            continue
        catalog.update(template, update_header_comment=False)
        catalog.revision_date = FIXED_DATE
        catalog.creation_date = FIXED_DATE
        catalog.fuzzy = False
        _write(path, catalog)
        written.append(path)
    return written


def compile_catalogs(files: CatalogFiles, locales: list[str]) -> list[Path]:
    """Write .mo files (without fuzzy entries) for tools that want them."""
    written = []
    for locale in locales:
        path = files.po_file(locale)
        if not path.is_file():
            continue
        catalog = read_catalog(path, path.as_posix(), locale)
        mo = path.with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written


@dataclass(frozen=True)
class CatalogStatus:
    """How complete one locale is."""

    locale: str
    translated: int
    total: int
    fuzzy: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def catalog_status(files: CatalogFiles, locale: str) -> CatalogStatus:
    template = read_po(files.template.open("rb"))
    total = sum(1 for message in template if message.id)
    if locale == SOURCE_LOCALE:
        return CatalogStatus(locale, total, total, 0)
    path = files.po_file(locale)
    if not path.is_file():
        return CatalogStatus(locale, 0, total, 0)
    catalog = read_catalog(path, path.as_posix(), locale)
    translated = fuzzy = 0
    for message in template:
        if not message.id:
            continue
        ours = catalog.get(message.id, message.context)
        if ours is None:
            continue
        if ours.fuzzy:
            fuzzy += 1
        elif (all(ours.string) if isinstance(ours.string, (list, tuple)) else ours.string):
            translated += 1
    return CatalogStatus(locale, translated, total, fuzzy)
