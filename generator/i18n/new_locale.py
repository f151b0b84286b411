"""``policysite i18n add LOCALE``: make any locale Babel knows one of the project's languages.

Adds the locale's row to the project's ``locales/locales.yml`` (its spellings for HTML, the
catalog folder, Material's language file and search, and its direction, found rather than
guessed) and creates its catalog from ``messages.pot`` with its plural rule. A project that used
the bundled catalogs gets its own copy first: the bundled files belong to the installed package.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale
from babel.core import get_global
from babel.messages.pofile import read_po

from generator.errors import UsageError
from generator.i18n.catalogs import SOURCE_LOCALE, CatalogFiles
from generator.i18n.locales import (
    LOCALE_TABLE,
    LocaleInfo,
    canonical_id,
    read_locale_table,
    write_rows,
)
from generator.i18n.tools import init_catalog
from generator.layout import CONFIG_FILE, catalogs_for, locale_table_for

# Where Material (and MkDocs' own search, which checks the language first) name a language
# otherwise than CLDR does.
_MATERIAL_NAMES = {"fil": "tl"}
_LUNR_NAMES = {"nb": "no", "nn": "no"}
# Search languages that need a word splitter besides their stemmer (no spaces between words).
_SEGMENTERS = {"ja": "tinyseg.js", "th": "wordcut.js"}


@dataclass
class AddedLocale:
    """What ``add_locale`` did, for the command to say."""

    info: LocaleInfo
    already: bool = False
    """The locale was one of the project's languages: nothing was changed."""
    copied: bool = False
    """The bundled catalogs and table were copied into the project's ``locales/`` first."""
    catalog: str = ""
    """The catalog, relative to the project."""
    created: bool = False
    """The catalog was created (False: one was there already and was kept)."""
    plural_forms: str = ""
    table: str = f"locales/{LOCALE_TABLE}"
    warnings: list[str] = field(default_factory=list)
    """Parts Material cannot do in this language (English is used for them)."""


def add_locale(root: Path, written: str) -> AddedLocale:
    """Add the locale ``written`` (``ko``, ``pt_PT`` or ``pt-PT``) to the project in ``root``.

    ``UsageError`` when Babel does not know it or there is no project here.
    """
    if not (root / CONFIG_FILE).is_file():
        raise UsageError(f"no {CONFIG_FILE} in {root}; run 'policysite init {root}' to start one")
    locale_id = canonical_id(written)
    if locale_id is None:
        raise UsageError(f'"{written}" is not a locale Babel knows; write a language code such '
                         f"as ko, pt_PT or zh_Hant")
    table_file = locale_table_for(root)
    table = read_locale_table(table_file, _shown(root, table_file))
    if locale_id in table.rows:
        return AddedLocale(table.rows[locale_id], already=True)
    info, warnings = describe_locale(locale_id)
    result = AddedLocale(info, warnings=warnings)
    files = catalogs_for(root)
    if files.root != root:  # the bundled catalogs: the project gets its own copy to edit
        shutil.copytree(files.locales_dir, root / "locales",
                        ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
        result.copied = True
        files = CatalogFiles(root)
    path = files.locales_dir / info.gettext / "LC_MESSAGES" / "messages.po"
    result.catalog = _shown(root, path)
    if not path.is_file():
        init_catalog(files, info.gettext, path)
        result.created = True
    result.plural_forms = _plural_forms(path)
    # The table last: a run stopped before this leaves the locale unlisted, and the next one
    # keeps the catalog it finds.
    write_locale_table(files.locales_dir / LOCALE_TABLE, [*table.rows.values(), info],
                       header_from=table_file)
    return result


def describe_locale(locale_id: str) -> tuple[LocaleInfo, list[str]]:
    """A locale's row, found in the installed Babel and Material, and a warning for each part
    Material cannot do in it."""
    parsed = Locale.parse(locale_id)
    bcp47 = "-".join(part for part in (parsed.language, parsed.script, parsed.territory,
                                       parsed.variant) if part)
    warnings = []
    material = material_language(parsed)
    if material is None:
        material = SOURCE_LOCALE
        warnings.append(f"Material for MkDocs has no language file for {locale_id}: the "
                        f"theme's own words (search box, buttons, footer) will be in English")
    search = search_language(parsed)
    if search is None:
        search = SOURCE_LOCALE
        warnings.append(f"Material's search has no stemmer for {locale_id}: its pages are "
                        f"searched with English word rules")
    direction = "rtl" if parsed.character_order == "right-to-left" else "ltr"
    return LocaleInfo(locale_id, bcp47, locale_id, material, search, direction), warnings


def _material_templates() -> Path:
    import material  # type: ignore[import-untyped]  # the theme, as installed

    return Path(material.__file__).resolve().parent / "templates"


def material_language(parsed: Locale) -> str | None:
    """Material's language file for a locale: the most specific that exists; a language's
    file only when its usual script is the locale's (Material's ``zh`` is Simplified)."""
    folder = _material_templates() / "partials" / "languages"
    language = _MATERIAL_NAMES.get(parsed.language, parsed.language)
    candidates = [f"{language}-{part}" for part in (parsed.script, parsed.territory) if part]
    if parsed.script and parsed.territory:
        candidates.insert(0, f"{language}-{parsed.script}-{parsed.territory}")
    if parsed.script is None or _usual_script(parsed.language) == parsed.script:
        candidates.append(language)
    return next((name for name in candidates if (folder / f"{name}.html").is_file()), None)


def _usual_script(language: str) -> str | None:
    likely = get_global("likely_subtags").get(language)
    return Locale.parse(likely).script if likely else None


def search_language(parsed: Locale) -> str | None:
    """The search language for a locale when Material bundles its stemmer (and word splitter),
    and MkDocs' search accepts it; None otherwise."""
    import mkdocs.contrib.search

    if parsed.language == SOURCE_LOCALE:
        return SOURCE_LOCALE
    name = _LUNR_NAMES.get(parsed.language, parsed.language)
    lunr = _material_templates() / "assets" / "javascripts" / "lunr"
    mkdocs_lunr = Path(mkdocs.contrib.search.__file__).parent / "lunr-language"
    needed = [lunr / "min" / f"lunr.{name}.min.js", mkdocs_lunr / f"lunr.{name}.js"]
    if name in _SEGMENTERS:
        needed.append(lunr / _SEGMENTERS[name])
    return name if all(path.is_file() for path in needed) else None


def write_locale_table(path: Path, rows: list[LocaleInfo], header_from: Path) -> None:
    """Write the table through YAML's emitter, one flow mapping per row, sorted by id, under
    the header comment of ``header_from`` (the file it was read from)."""
    header = []
    for line in header_from.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            break
        header.append(line)
    body = yaml.safe_dump({"locales": write_rows(rows)}, sort_keys=False,
                          default_flow_style=None, allow_unicode=True, width=100)
    text = "\n".join([*header, ""]) + body if header else body
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _plural_forms(path: Path) -> str:
    with path.open("rb") as handle:
        return str(read_po(handle).plural_forms)


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()

