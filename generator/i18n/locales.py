"""Canonical locale ids and their explicit mapping to every naming system we meet.

One id per language (``pt_BR``, ``zh_Hans``), mapped to the HTML ``lang``/``hreflang`` code
(BCP 47), the gettext folder, Material's language partial and lunr's search language. Never
derive one from another ad hoc: Babel resolves likely subtags and Material lacks some ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale


@dataclass(frozen=True)
class LocaleInfo:
    """How one supported locale is spelled for each consumer."""

    id: str  # canonical id, as written in YAML and used as the URL folder
    bcp47: str  # HTML lang and hreflang
    gettext: str  # folder under locales/
    material: str  # theme.language (a partial in material/templates/partials/languages)
    search: str  # plugins.search.lang (lunr-languages); "en" where lunr has no stemmer
    direction: str  # "ltr" or "rtl"


SUPPORTED: dict[str, LocaleInfo] = {
    info.id: info
    for info in (
        LocaleInfo("en", "en", "en", "en", "en", "ltr"),
        LocaleInfo("es", "es", "es", "es", "es", "ltr"),
        LocaleInfo("de", "de", "de", "de", "de", "ltr"),
        LocaleInfo("fr", "fr", "fr", "fr", "fr", "ltr"),
        LocaleInfo("it", "it", "it", "it", "it", "ltr"),
        LocaleInfo("pt_BR", "pt-BR", "pt_BR", "pt-BR", "pt", "ltr"),
        LocaleInfo("ja", "ja", "ja", "ja", "ja", "ltr"),
        LocaleInfo("zh_Hans", "zh-Hans", "zh_Hans", "zh", "zh", "ltr"),
        LocaleInfo("id", "id", "id", "id", "en", "ltr"),
        LocaleInfo("ms", "ms", "ms", "ms", "en", "ltr"),
        LocaleInfo("th", "th", "th", "th", "th", "ltr"),
        LocaleInfo("vi", "vi", "vi", "vi", "vi", "ltr"),
        LocaleInfo("fil", "fil", "fil", "tl", "en", "ltr"),
        LocaleInfo("ar", "ar", "ar", "ar", "ar", "rtl"),
    )
}

_ALIASES = {info.bcp47.lower(): info.id for info in SUPPORTED.values()}
_ALIASES.update({info.id.lower(): info.id for info in SUPPORTED.values()})
_ALIASES.update({"pt-br": "pt_BR", "pt": "pt_BR", "zh": "zh_Hans", "zh-cn": "zh_Hans",
                 "zh_cn": "zh_Hans", "tl": "fil", "en-us": "en", "en_us": "en", "en-gb": "en"})


def suggest_locale(text: str) -> str | None:
    """The canonical id a merchant probably meant, or None."""
    return _ALIASES.get(text.strip().lower().replace("-", "_")) or _ALIASES.get(
        text.strip().lower())


def locale_info(locale_id: str) -> LocaleInfo:
    """The mapping row for a canonical id (KeyError for unsupported ids)."""
    return SUPPORTED[locale_id]


@cache
def babel_locale(locale_id: str) -> Locale:
    """A parsed Babel ``Locale``, cached: parsing on every call costs ~8 µs per format."""
    return Locale.parse(locale_id)
