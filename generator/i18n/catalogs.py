"""Gettext catalogs for template prose: load, compile in memory, and wrap Babel's tools.

Catalogs live in ``locales/<gettext id>/LC_MESSAGES/messages.po``. They are compiled in memory
at build time (never from stale ``.mo`` files) and fuzzy entries are never published.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from functools import cache
from gettext import NullTranslations, c2py
from pathlib import Path

import babel
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.support import Translations

from generator.errors import ContentError, Problem
from generator.i18n.locales import LocaleInfo, locale_info

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


_COMPILED: dict[tuple[str, str, LocaleInfo, PluralRule], tuple[bytes, Translations]] = {}
"""The last translations compiled per catalog file in this process, with the file's bytes
(``serve``'s workers compile each catalog again only when it changed)."""


def load_translations(files: CatalogFiles, locale_id: str) -> Translations:
    """Compiled translations for one locale; the source locale (English) needs no catalog.

    Fuzzy entries are left out, so their msgid (English) shows instead of a guess. Callers
    never change what they get (the renderer adds its fallback to a copy), so the same
    catalog's translations are shared.
    """
    path = files.po_file(locale_id)
    if locale_id == SOURCE_LOCALE and not path.is_file():
        return Translations()
    if not path.is_file():
        raise ContentError([Problem(path.relative_to(files.root).as_posix(),
                                    message=f"no catalog for locale {locale_id}",
                                    hint="run 'policysite i18n update --init-missing'")])
    key = (str(path), locale_id, locale_info(locale_id), cldr_plural_rule(locale_id))
    raw = path.read_bytes()
    known = _COMPILED.get(key)
    if known is not None and known[0] == raw:
        return known[1]
    translations = _compile(path, files, locale_id)
    _COMPILED[key] = (raw, translations)
    return translations


def _compile(path: Path, files: CatalogFiles, locale_id: str) -> Translations:
    catalog = read_catalog(path, path.relative_to(files.root).as_posix(), locale_id)
    for message in list(catalog):
        # Babel would fill a plural's empty forms with the English msgids by position (Korean's
        # one form would read "30 day"): left out, the whole message is missing, so English
        # shows with English plurals and the page says it is partly untranslated.
        if (message.id and isinstance(message.string, (list, tuple))
                and not all(message.string)):
            catalog.delete(message.id, message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


class Untranslated(NullTranslations):
    """A catalog's fallback: counts the messages it lacks and shows their English source.

    gettext asks a fallback only after a lookup in the catalog failed, so a translated message
    costs nothing more; the renderer compares the count before and after a page to know
    whether the page needs the "partly in another language" notice.
    """

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def gettext(self, message: str) -> str:
        self.count += 1
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.count += 1
        return msgid1 if n == 1 else msgid2


# -- plural rules -------------------------------------------------------------------------------
# gettext picks a plural form with the catalog's own ``Plural-Forms`` header, never with CLDR, so
# a catalog is right when its header is valid and its entries have the forms the header names.
# CLDR (through Babel) is only the reference a catalog should follow: its data changes between
# Babel releases (2.19 gave es, fr, it and pt_BR three forms, id and ms one, and reordered
# Arabic), which must never break a site that was correct the day before.

# Counts a rule is compared on: every count a page shows in practice, and the large round
# numbers some CLDR rules single out (the "many" form of 1000000 in es, fr, it, pt).
PLURAL_SAMPLE: tuple[int, ...] = (
    *range(1001),
    *sorted({k * 10**e + d for e in range(3, 10) for k in (1, 2, 5)
             for d in (0, 1, 2, 3, 11, 101)}),
)


@dataclass(frozen=True)
class PluralRule:
    """A gettext plural rule: how many forms, and the C expression that picks one for n."""

    num_plurals: int
    expr: str

    @property
    def header(self) -> str:
        """The value of a ``Plural-Forms`` header."""
        return f"nplurals={self.num_plurals}; plural={self.expr};"

    def problem(self) -> str | None:
        """Why gettext cannot use this rule (bad expression, a form out of range), or None."""
        if self.num_plurals < 1:
            return f"nplurals={self.num_plurals}, at least 1 needed"
        try:
            indices = self.indices()
        except ValueError as exc:
            return f"plural={self.expr} is not a valid expression: {exc}"
        for number, index in zip(PLURAL_SAMPLE, indices, strict=True):
            if not 0 <= index < self.num_plurals:
                return (f"plural={self.expr} picks form {index} for n={number}, "
                        f"but nplurals={self.num_plurals}")
        return None

    def indices(self) -> tuple[int, ...]:
        """The form picked for each count of ``PLURAL_SAMPLE`` (ValueError if it cannot run)."""
        return _indices(self.expr)

    def same_as(self, other: PluralRule) -> bool:
        """Whether both rules pick the same form for every count (spelling aside)."""
        return self.num_plurals == other.num_plurals and self.indices() == other.indices()


@cache
def _indices(expr: str) -> tuple[int, ...]:
    try:
        rule = c2py(expr)
        return tuple(rule(number) for number in PLURAL_SAMPLE)
    except (ValueError, SyntaxError, ArithmeticError, TypeError, NameError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None


def catalog_plural_rule(catalog: Catalog) -> PluralRule:
    """The rule gettext will use for this catalog: its header, else its locale's CLDR rule."""
    return PluralRule(catalog.num_plurals, catalog.plural_expr)


def cldr_plural_rule(locale_id: str) -> PluralRule:
    """CLDR's rule for a locale, as the installed Babel has it."""
    rule = get_plural(locale_info(locale_id).gettext)
    return PluralRule(rule.num_plurals, rule.plural_expr)


def babel_version() -> str:
    """Named in messages, because CLDR's plural data changes between Babel releases."""
    return str(babel.__version__)


def plural_form_sources(old: PluralRule, new: PluralRule) -> list[list[int]]:
    """For each form of ``new``, the forms of ``old`` that covered the same counts, the most
    used first (ties: the later form, as "other" is last). A form no sampled count reaches
    takes the old rule's last form. Both rules must be valid."""
    used: list[Counter[int]] = [Counter() for _ in range(new.num_plurals)]
    for old_index, new_index in zip(old.indices(), new.indices(), strict=True):
        used[new_index][old_index] += 1
    return [sorted(counts, key=lambda index: (-counts[index], -index)) or [old.num_plurals - 1]
            for counts in used]
