"""Check translation catalogs before any build (../shared/reference/hardening.md §11).

Our own rules, because msgfmt and Babel each miss some: the same placeholders in msgid and every
msgstr regardless of flags, the same markup, a valid Plural-Forms header and every plural entry
with the forms it names, UTF-8, no bidi controls, and no fuzzy entries published. Every problem
names the .po file and line.

gettext follows the catalog's own Plural-Forms, so a header that differs from CLDR (as the
installed Babel has it) is a warning with the fix, never an error: CLDR data changes between
Babel releases, and a catalog that was right yesterday still renders the same pages today.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from generator.errors import ContentError, Problem
from generator.escape import BIDI_CONTROLS
from generator.i18n.catalogs import (
    SOURCE_LOCALE,
    CatalogFiles,
    PluralRule,
    babel_version,
    catalog_plural_rule,
    cldr_plural_rule,
    read_catalog,
)
from generator.i18n.locales import LocaleInfo, locale_info

# No space flag: "10% sparen" is a stray percent, not a "% s" conversion a translator meant.
PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]")
BRACE = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
MARKUP = re.compile(r"</?[A-Za-z][^>]*>|\]\(|\*\*|`")


def _placeholders(text: str) -> list[str]:
    found = []
    for match in PERCENT.finditer(text):
        if match.group(0) == "%%":
            continue
        found.append(match.group(0) if match.group(1) is None else f"%({match.group(1)})")
    found += [f"{{{name}}}" for name in BRACE.findall(text)]
    return sorted(found)


def _stray_percent(text: str) -> bool:
    """A % that is neither %% nor a placeholder corrupts newstyle gettext output."""
    stripped = PERCENT.sub("", text)
    return "%" in stripped


def _strings(message: Message) -> list[str]:
    if isinstance(message.string, (list, tuple)):
        return list(message.string)
    return [message.string or ""]


_CHECKED: dict[tuple[str, str, str, LocaleInfo, PluralRule], tuple[bytes, list[Problem]]] = {}
"""The last check of each catalog file in this process, with the file's bytes (``serve``
checks every catalog on every edit; a catalog checks the same while its bytes, its locale's
row and CLDR's plural rule are)."""


def check_catalog(path: Path, shown: str, locale: str) -> list[Problem]:
    """Every problem in one catalog."""
    raw = path.read_bytes()
    key = (str(path), shown, locale, locale_info(locale), cldr_plural_rule(locale))
    known = _CHECKED.get(key)
    if known is not None and known[0] == raw:
        return list(known[1])
    problems = _check_catalog(raw, path, shown, locale)
    _CHECKED[key] = (raw, list(problems))
    return problems


def _check_catalog(raw: bytes, path: Path, shown: str, locale: str) -> list[Problem]:
    problems: list[Problem] = []
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Problem(shown, message=f"not valid UTF-8 (byte {exc.start})")]
    try:
        catalog: Catalog = read_catalog(path, shown, locale)
    except ContentError as exc:
        return exc.problems
    charset = (catalog.mime_headers and dict(catalog.mime_headers).get("Content-Type", "")) or ""
    if "charset=utf-8" not in charset.lower():
        problems.append(Problem(shown, 1, 1, message=f"header must declare charset=UTF-8, "
                                                     f"got {charset!r}"))
    problems += _check_plural_header(catalog, raw, shown, locale)
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno or 0
        problems += _check_message(message, shown, line, catalog.num_plurals)
    return problems


def _forms(count: int) -> str:
    return f"{count} form" if count == 1 else f"{count} forms"


def _header_line(raw: bytes) -> int:
    """The line of the Plural-Forms header (1 if the file has none)."""
    for number, text in enumerate(raw.splitlines(), start=1):
        if text.lstrip().startswith(b'"Plural-Forms:'):
            return number
    return 1


def _check_plural_header(catalog: Catalog, raw: bytes, shown: str, locale: str) -> list[Problem]:
    """An error if gettext cannot use the header; a warning if it differs from CLDR."""
    rule = catalog_plural_rule(catalog)
    line = _header_line(raw)
    invalid = rule.problem()
    if invalid is not None:
        return [Problem(shown, line, 1, message=f"Plural-Forms: {invalid}",
                        hint=f"write CLDR's {cldr_plural_rule(locale).header} or run "
                             "'policysite i18n update', then review the entries it marks fuzzy")]
    cldr = cldr_plural_rule(locale)
    if cldr.problem() is not None or rule.same_as(cldr):
        return []  # nothing to compare with if Babel's own rule does not run in gettext
    differs = (f"has {_forms(rule.num_plurals)}, CLDR (Babel {babel_version()}) has "
               f"{cldr.num_plurals} for {locale}" if rule.num_plurals != cldr.num_plurals else
               f"picks forms differently from CLDR (Babel {babel_version()}) for {locale}")
    return [Problem(shown, line, 1, severity="warning",
                    message=f"Plural-Forms {differs}; gettext follows the catalog, so pages "
                            "are unchanged",
                    hint=f"'policysite i18n update' migrates the header and plural entries to: "
                         f"{cldr.header}")]


def _check_message(message: Message, shown: str, line: int, num_plurals: int) -> list[Problem]:
    problems = []
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    plural_id = message.id[1] if isinstance(message.id, (list, tuple)) else None
    strings = _strings(message)
    label = msgid[:40]
    if message.fuzzy and any(strings):
        problems.append(Problem(shown, line, 1, message=f'fuzzy entry "{label}" would not be '
                                "published", hint="review it and remove the fuzzy flag"))
    filled = sum(1 for text in strings if text)
    if plural_id is not None and filled and filled != num_plurals:
        # Babel pads missing forms with empty strings: count the ones actually written.
        problems.append(Problem(shown, line, 1, message=f'"{label}" has {filled} plural '
                                f"forms, the catalog's Plural-Forms has {num_plurals}",
                                hint="translate every msgstr[n]"))
    wanted = set(_placeholders(msgid))
    for index, text in enumerate(strings):
        if not text:
            continue
        got = set(_placeholders(text))
        # A plural form may leave out the count ("one day" instead of "%(num)s day").
        allowed_missing = {"%(num)"} if plural_id is not None else set()
        if got - wanted or (wanted - got) - allowed_missing:
            problems.append(Problem(shown, line, 1, message=f'placeholders differ in "{label}": '
                                    f"msgid has {sorted(wanted)}, msgstr[{index}] has "
                                    f"{sorted(got)}"))
        if _stray_percent(text):
            problems.append(Problem(shown, line, 1, message=f'stray "%" in "{label}"',
                                    hint='write "%%" for a percent sign'))
        if sorted(MARKUP.findall(text)) != sorted(MARKUP.findall(msgid)):
            problems.append(Problem(shown, line, 1, message=f'markup differs in "{label}"',
                                    hint="translate the text, keep tags and links as they are"))
        bad = [char for char in text if char in BIDI_CONTROLS]
        if bad:
            problems.append(Problem(shown, line, 1, message=f'invisible direction control '
                                    f'U+{ord(bad[0]):04X} in "{label}"'))
    return problems


def check_catalogs(files: CatalogFiles, locales: list[str], *,
                   include_warnings: bool = False) -> list[Problem]:
    """Check every site locale's catalog that exists (missing ones are reported by status).

    Errors only, unless ``include_warnings``: callers that stop on any problem they get keep
    working, and those that show warnings ask for them.
    """
    problems = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        path = files.po_file(locale)
        if path.is_file():
            problems += check_catalog(path, path.relative_to(files.root).as_posix(), locale)
    return [problem for problem in problems
            if include_warnings or problem.severity == "error"]
