"""Canonical locale ids and their explicit mapping to every naming system we meet.

One id per language (``pt_BR``, ``zh_Hans``), mapped to the HTML ``lang``/``hreflang`` code
(BCP 47), the gettext folder, Material's language partial and lunr's search language. Never
derive one from another ad hoc: Babel resolves likely subtags and Material lacks some ids.

The rows are data, ``locales/locales.yml`` next to the catalogs (a project's own, else the
bundled one; ``policysite i18n add`` writes rows): loading a project puts its table in use
(``use_locale_table``), and the build sends it to its workers with their job, as they were
forked before the project loaded. ``locale_info`` answers from the table in use; before any
project is loaded that is the bundled table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from generator.errors import ContentError, Problem
from generator.package_data import package_root
from generator.source.loading import Document, load_yaml

LOCALE_TABLE = "locales.yml"
"""The table's file name, in the catalogs' ``locales/`` folder."""

DIRECTIONS = ("ltr", "rtl")
_ID = re.compile(r"[a-z]{2,3}(?:_[A-Za-z0-9]{2,8})*", re.ASCII)
"""A canonical id as Babel prints one: a URL folder and a file name on every system."""


@dataclass(frozen=True)
class LocaleInfo:
    """How one locale is spelled for each consumer (one row of ``locales.yml``)."""

    id: str  # canonical id, as written in YAML and used as the URL folder
    bcp47: str  # HTML lang and hreflang
    gettext: str  # folder under locales/
    material: str  # theme.language (a partial in material/templates/partials/languages)
    search: str  # plugins.search.lang (lunr-languages); "en" where lunr has no stemmer
    direction: str  # "ltr" or "rtl"


COLUMNS: tuple[str, ...] = tuple(LocaleInfo.__dataclass_fields__)
"""The table's columns, in the order each row is written."""

# Other spellings merchants write, as hints only: the rows themselves are the table's.
_EXTRA_ALIASES = {"pt-br": "pt_BR", "pt": "pt_BR", "zh": "zh_Hans", "zh-cn": "zh_Hans",
                  "zh_cn": "zh_Hans", "tl": "fil", "en-us": "en", "en_us": "en", "en-gb": "en"}


@dataclass(frozen=True)
class LocaleTable:
    """A project's locales by canonical id, sorted (picklable: workers receive it)."""

    rows: Mapping[str, LocaleInfo]
    aliases: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Lower-case spellings (ids, BCP 47 tags, common other names) → canonical id."""

    @classmethod
    def of(cls, rows: list[LocaleInfo]) -> LocaleTable:
        by_id = {info.id: info for info in sorted(rows, key=lambda info: info.id)}
        aliases = {alias: target for alias, target in _EXTRA_ALIASES.items() if target in by_id}
        aliases.update({info.bcp47.lower(): info.id for info in by_id.values()})
        aliases.update({info.id.lower(): info.id for info in by_id.values()})
        return cls(by_id, aliases)


def read_locale_table(path: Path, shown: str | None = None) -> LocaleTable:
    """Read and check a ``locales.yml``: every problem with its file:line, as ``ContentError``."""
    shown = shown or path.as_posix()
    doc = load_yaml(path, shown)
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict) or set(data) != {"locales"} or not isinstance(
            data["locales"], list) or not data["locales"]:
        raise ContentError([_problem(doc, (), "",
                                     "must be a mapping with one key, 'locales': a list of rows",
                                     "policysite i18n add LOCALE writes rows")])
    rows: list[LocaleInfo] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(data["locales"]):
        where = ("locales", index)
        if not isinstance(row, dict) or set(row) != set(COLUMNS) or not all(
                isinstance(value, str) for value in row.values()):
            problems.append(_problem(doc, where, f"locales[{index}]",
                                     f"a row needs exactly these text fields: "
                                     f"{', '.join(COLUMNS)}"))
            continue
        info = LocaleInfo(**row)
        found = _row_problem(info)
        if found:
            problems.append(_problem(doc, (*where, found[0]), f"locales[{index}].{found[0]}",
                                     found[1]))
        elif info.id in seen:
            problems.append(_problem(doc, (*where, "id"), f"locales[{index}].id",
                                     f'"{info.id}" is listed twice',
                                     f"first as locales[{seen[info.id]}]"))
        else:
            seen[info.id] = index
            rows.append(info)
    if problems:
        raise ContentError(problems)
    return LocaleTable.of(rows)


def _row_problem(info: LocaleInfo) -> tuple[str, str] | None:
    """(column, message) of the first thing wrong with a row, or None."""
    if not _ID.fullmatch(info.id) or canonical_id(info.id) != info.id:
        return "id", f'"{info.id}" is not a canonical locale id Babel knows (e.g. ko, pt_PT)'
    if info.direction not in DIRECTIONS:
        return "direction", f'must be "ltr" or "rtl", got "{info.direction}"'
    for column in ("bcp47", "gettext", "material", "search"):
        if not re.fullmatch(r"[A-Za-z0-9_-]{2,20}", getattr(info, column), re.ASCII):
            return column, f'"{getattr(info, column)}" is not a language code'
    return None


def _problem(doc: Document, where: tuple[str | int, ...], field_path: str, message: str,
             hint: str = "") -> Problem:
    mark = doc.mark_for(where)
    return Problem(doc.path, mark.line, mark.column, field_path, message, hint)


def write_rows(rows: list[LocaleInfo]) -> list[dict[str, str]]:
    """Rows as plain mappings for a YAML emitter: sorted by id, columns in table order."""
    return [{column: getattr(info, column) for column in COLUMNS}
            for info in sorted(rows, key=lambda info: info.id)]


_in_use: LocaleTable | None = None


def use_locale_table(table: LocaleTable | None) -> None:
    """Answer ``locale_info`` from ``table`` (None: the bundled one) in this process."""
    global _in_use
    _in_use = table


def locale_table() -> LocaleTable:
    """The table in use: the loaded project's, else the bundled one."""
    global _in_use
    if _in_use is None:
        _in_use = read_locale_table(package_root() / "locales" / LOCALE_TABLE)
    return _in_use


def supported_locales() -> Mapping[str, LocaleInfo]:
    """The rows of the table in use, by canonical id."""
    return locale_table().rows


def canonical_id(text: str) -> str | None:
    """Babel's canonical id for a locale written either way (``pt-PT``, ``pt_PT``, ``KO``), or
    None when Babel has no data for it."""
    text = text.strip()
    try:
        parsed = Locale.parse(text, sep="-") if "-" in text else Locale.parse(text)
    except (ValueError, TypeError, UnknownLocaleError):
        return None
    found = str(parsed)
    return found if _ID.fullmatch(found) else None


def suggest_locale(text: str) -> str | None:
    """The canonical id a merchant probably meant, among the table's, or None: another
    spelling of one (``pt-BR``, ``EN``), or its language (``de`` for ``de-AT``)."""
    table = locale_table()
    found = table.aliases.get(text.strip().lower().replace("-", "_")) or table.aliases.get(
        text.strip().lower())
    if found is None and (babel_id := canonical_id(text)) is not None:
        language = babel_id.split("_")[0]
        found = babel_id if babel_id in table.rows else (
            language if language in table.rows else None)
    return found


def locale_info(locale_id: str) -> LocaleInfo:
    """The mapping row for a canonical id (KeyError for ids the table lacks)."""
    return locale_table().rows[locale_id]


@cache
def babel_locale(locale_id: str) -> Locale:
    """A parsed Babel ``Locale``, cached: parsing on every call costs ~8 µs per format."""
    return Locale.parse(locale_id)
