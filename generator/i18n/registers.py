"""Forms of address: whether a caption text speaks to the viewer formally or informally.

Caption sentences (the messages of ``generator/captions/``) are translated once in the informal
register creators use on TikTok (du, tú, tu, kamu). For languages with a T/V distinction the
catalogs also hold a formal version of each, as a gettext entry with the context ``formal``
(``policysite i18n extract`` adds them, ``update`` merges them into those languages' catalogs
only). A locale whose captions are set to the formal register (``site_config.yml``
``captions.register``) looks the formal entry up first and falls back to the plain one, so a
caption text missing its formal version reads informal, never English.

Which languages have the distinction, and which register the customer pages' text of each
catalog uses (the support page answers customers in it), is data: ``locales/glossary.yml``
``registers``, also what the tests hold the catalogs to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal, Protocol

from generator.package_data import package_root
from generator.source.loading import load_yaml

Register = Literal["formal", "informal"]
FORMAL: Register = "formal"
INFORMAL: Register = "informal"
CONTEXT = "formal"
"""The gettext context (``msgctxt``) of a caption message's formal version."""

CAPTION_SOURCES = ("generator/captions/",)
"""Where caption messages are: every singular message located here gets a formal version."""


class _Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def pgettext(self, context: str, message: str, /) -> object: ...


@dataclass(frozen=True)
class LanguageRegisters:
    """How one language addresses the reader (a row of the glossary's ``registers``)."""

    formal: str  # the formal form's name, e.g. "Sie"
    informal: str  # e.g. "du"
    pages: Register  # the register of the customer pages' text in this language's catalog
    markers: Mapping[str, str]  # form name → a regular expression only that form matches

    def form(self, register: Register) -> str:
        return self.formal if register == FORMAL else self.informal

    def uses(self, register: Register, text: str) -> bool:
        """Whether ``text`` addresses the reader in ``register``."""
        return re.search(self.markers[self.form(register)], text) is not None


@cache
def register_table() -> Mapping[str, LanguageRegisters]:
    """Languages with a formal and an informal register, by locale id."""
    doc = load_yaml(package_root() / "locales" / "glossary.yml", "locales/glossary.yml")
    rows = doc.data.get("registers") or {}
    return {str(locale): LanguageRegisters(str(row["formal"]), str(row["informal"]),
                                           row["pages"], dict(row["markers"]))
            for locale, row in sorted(rows.items())}


def has_registers(locale: str) -> bool:
    """Whether ``locale`` tells a formal from an informal register (and has formal entries)."""
    return locale in register_table()


def pages_register(locale: str) -> Register:
    """The register the customer pages speak in ``locale`` (informal where there is no
    distinction: the plain entries are then the only ones)."""
    row = register_table().get(locale)
    return row.pages if row is not None else INFORMAL


def is_caption_message(locations: Iterable[tuple[str, int | None]],
                       msgid: object = "") -> bool:
    """Whether a message is a caption sentence, which gets a formal version: singular and
    located under ``generator/captions/``."""
    return isinstance(msgid, str) and any(
        path.replace("\\", "/").startswith(CAPTION_SOURCES) for path, _ in locations)


def translate(tr: _Translations, msgid: str, register: Register) -> str:
    """``msgid`` in ``register``: the formal entry where asked for and present, else the plain
    one. (gettext returns the msgid itself for a missing entry; a formal translation that reads
    exactly like the English source would fall back too, which no caption sentence does.)"""
    if register == FORMAL:
        text = tr.pgettext(CONTEXT, msgid)
        if isinstance(text, str) and text != msgid:
            return text
    return tr.gettext(msgid)
