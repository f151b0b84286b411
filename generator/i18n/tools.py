"""``policysite i18n extract|update|compile|status``: Babel's tools, made deterministic.

Extraction and updates go through Babel's Python API with a fixed creation date and sorted
output, so catalogs only change when their messages do.

``extract`` gives every caption message (singular, under ``generator/captions/``) a formal
version, the same msgid with ``msgctxt "formal"``, which captions set to the formal register
look up first (``i18n.registers``). Marking by location keeps the code plain: whoever adds a
caption sentence to ``Phrases`` gets its formal entry without a second marker. ``update``
merges the formal entries only into the catalogs of languages with a formal register
(``locales/glossary.yml`` ``registers``), never guessed from a similar entry (a new one is
empty); elsewhere the plain entry is the only one.

``update`` also moves a catalog to the CLDR plural rule of the installed Babel when its
Plural-Forms differs (``check`` warns about that): each new form takes the translation the old
rule showed for the same counts, so pages read the same, and an entry is marked fuzzy only when
one new form merges old forms whose translations differ.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from generator.i18n.catalogs import (
    DOMAIN,
    SOURCE_LOCALE,
    CatalogFiles,
    PluralRule,
    catalog_plural_rule,
    cldr_plural_rule,
    plural_form_sources,
    read_catalog,
)
from generator.i18n.locales import locale_info
from generator.i18n.registers import CONTEXT, has_registers, is_caption_message

FIXED_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
KEYWORDS = {**DEFAULT_KEYWORDS, "_": None}
FORMAL_COMMENT = ("Formal version (Sie, vous, usted, Lei, Anda, anda, 您) for "
                  "captions.register: formal")


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
    _add_formal_versions(catalog)
    _write(files.template, catalog)
    return files.template


def _add_formal_versions(catalog: Catalog) -> None:
    """Give every caption message a formal version: the same msgid with the context
    ``formal``, its locations and comments."""
    for message in list(catalog):
        if (message.id and message.context is None
                and is_caption_message(message.locations, message.id)):
            catalog.add(message.id, None, message.locations,
                        auto_comments=[*message.auto_comments, FORMAL_COMMENT],
                        context=CONTEXT)


def is_wanted(message: Message, locale: str) -> bool:
    """Whether ``locale``'s catalog holds this template message: formal versions only in
    languages with a formal register."""
    return message.context != CONTEXT or has_registers(locale)


def _template_for(files: CatalogFiles, locale: str) -> Catalog:
    """The template as ``locale``'s catalog holds it (``is_wanted``)."""
    with files.template.open("rb") as handle:
        template = read_po(handle)
    for message in list(template):
        if message.id and not is_wanted(message, locale):
            template.delete(message.id, message.context)
    return template


@dataclass(frozen=True)
class PluralMigration:
    """A catalog moved to another plural rule by ``update``."""

    old: PluralRule
    new: PluralRule
    entries: int  # plural entries with a translation, rewritten
    fuzzy: tuple[str, ...]  # msgids marked fuzzy: a new form merged differing translations


@dataclass(frozen=True)
class UpdatedCatalog:
    """One catalog ``update`` wrote, and its plural migration if it had one."""

    path: Path
    migration: PluralMigration | None = None

    def describe(self) -> str:
        """One line for the terminal."""
        text = f"updated {self.path}"
        move = self.migration
        if move is not None:
            text += (f": Plural-Forms migrated to CLDR's {move.new.header.rstrip(';')} (was "
                     f"{move.old.header.rstrip(';')}); {move.entries} plural entries rewritten, "
                     f"{len(move.fuzzy)} marked fuzzy")
        return text


def migrate_plural_forms(catalog: Catalog, new: PluralRule) -> PluralMigration | None:
    """Give ``catalog`` the rule ``new``, its header and every plural entry; None if the
    catalog's rule already picks the same forms.

    A new form copies the old form that covered the same counts, so pages read the same for
    every count the two rules agree on. Where a new form covers counts of several old forms
    (fewer forms, or forms regrouped), it takes the one most counts used (the "other" form,
    normally), and the entry is marked fuzzy if those translations differ: some count now
    reads differently, so a translator should confirm it. A header gettext cannot use gives
    no counts to go by: forms are kept by position, the last one copied, entries fuzzy.
    """
    old = catalog_plural_rule(catalog)
    valid = old.problem() is None
    if new.problem() is not None or (valid and old.same_as(new)):
        return None
    sources = (plural_form_sources(old, new) if valid else
               [[min(index, old.num_plurals - 1)] for index in range(new.num_plurals)])
    entries = 0
    fuzzy = []
    for message in catalog:
        if not message.id or not isinstance(message.id, (list, tuple)):
            continue
        strings = (list(message.string) if isinstance(message.string, (list, tuple))
                   else [message.string or ""])
        strings += [""] * (old.num_plurals - len(strings))
        if not any(strings):
            message.string = ("",) * new.num_plurals
            continue
        entries += 1
        message.string = tuple(strings[forms[0]] for forms in sources)
        merged = any(len({strings[index] for index in forms}) > 1 for forms in sources)
        if merged or not valid:
            message.flags.add("fuzzy")
            fuzzy.append(message.id[0])
    catalog.mime_headers = [("Plural-Forms", new.header)]
    return PluralMigration(old, new, entries, tuple(fuzzy))


def update_catalogs(files: CatalogFiles, locales: list[str],
                    init_missing: bool = False) -> list[UpdatedCatalog]:
    """Merge the template into each locale's catalog (new messages empty, changed ones fuzzy),
    moving it to CLDR's plural rule first when its Plural-Forms differs."""
    written = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        template = _template_for(files, locale)
        path = files.po_file(locale)
        migration = None
        if path.is_file():
            catalog = read_catalog(path, path.as_posix(), locale)
            # Before the merge: Babel's merge marks every entry whose form count differs from
            # the header fuzzy and drops nothing; migrated entries already have the new count.
            migration = migrate_plural_forms(catalog, cldr_plural_rule(locale))
        elif init_missing:
            catalog = _new_catalog(locale_info(locale).gettext)
        else:
            continue
        _merge(catalog, template)
        _unguess_formal_versions(catalog)
        _write(path, catalog)
        written.append(UpdatedCatalog(path, migration))
    return written


def _unguess_formal_versions(catalog: Catalog) -> None:
    """Empty the formal versions the merge guessed (fuzzy): a guess is the informal text or
    another sentence's, and ``check`` rejects fuzzy entries; an empty formal version falls
    back to the plain entry until a translator writes it."""
    for message in catalog:
        if message.context == CONTEXT and message.fuzzy:
            message.string = ""
            message.flags.discard("fuzzy")


def _new_catalog(gettext_id: str) -> Catalog:
    """An empty catalog for a locale, with Babel's plural rule for it in its header."""
    return Catalog(locale=gettext_id, domain=DOMAIN, project="policysite", version="1",
                   creation_date=FIXED_DATE, revision_date=FIXED_DATE, charset="utf-8",
                   fuzzy=False)


def _merge(catalog: Catalog, template: Catalog) -> None:
    catalog.update(template, update_header_comment=False)
    catalog.revision_date = FIXED_DATE
    catalog.creation_date = FIXED_DATE
    catalog.fuzzy = False


def init_catalog(files: CatalogFiles, gettext_id: str, path: Path) -> None:
    """Write a new catalog at ``path``: every message of the template, untranslated, as
    ``update --init-missing`` writes one (for a locale the table may not list yet)."""
    template = _template_for(files, gettext_id)
    catalog = _new_catalog(gettext_id)
    _merge(catalog, template)
    _write(path, catalog)


def update(files: CatalogFiles, locales: list[str], init_missing: bool = False) -> list[Path]:
    """The catalogs ``update_catalogs`` wrote (the CLI prints ``UpdatedCatalog.describe``)."""
    return [updated.path for updated in update_catalogs(files, locales, init_missing)]


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
    template = _template_for(files, locale)
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
