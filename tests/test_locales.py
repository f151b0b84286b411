"""The canonical locale ids map explicitly to every system that names languages."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
from babel import Locale

from generator.i18n.locales import locale_info, suggest_locale, supported_locales

MATERIAL = Path(material.__file__).parent / "templates"
BCP47 = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")

EXPECTED = {  # id: (html lang, gettext folder, Material language, search language, direction)
    "en": ("en", "en", "en", "en", "ltr"),
    "es": ("es", "es", "es", "es", "ltr"),
    "de": ("de", "de", "de", "de", "ltr"),
    "fr": ("fr", "fr", "fr", "fr", "ltr"),
    "it": ("it", "it", "it", "it", "ltr"),
    "pt_BR": ("pt-BR", "pt_BR", "pt-BR", "pt", "ltr"),
    "ja": ("ja", "ja", "ja", "ja", "ltr"),
    "zh_Hans": ("zh-Hans", "zh_Hans", "zh", "zh", "ltr"),
    "id": ("id", "id", "id", "en", "ltr"),
    "ms": ("ms", "ms", "ms", "en", "ltr"),
    "th": ("th", "th", "th", "th", "ltr"),
    "vi": ("vi", "vi", "vi", "vi", "ltr"),
    "fil": ("fil", "fil", "tl", "en", "ltr"),
    "ar": ("ar", "ar", "ar", "ar", "rtl"),
}


def test_the_fourteen_tiktok_shop_languages_are_supported() -> None:
    assert set(supported_locales()) == set(EXPECTED)


@pytest.mark.parametrize("locale_id", sorted(EXPECTED))
def test_mapping_row(locale_id: str) -> None:
    info = locale_info(locale_id)
    assert (info.bcp47, info.gettext, info.material, info.search, info.direction) == \
        EXPECTED[locale_id]


@pytest.mark.parametrize("locale_id", sorted(supported_locales()))
def test_every_mapping_points_at_something_real(locale_id: str) -> None:
    info = locale_info(locale_id)
    assert BCP47.match(info.bcp47), info.bcp47
    assert (MATERIAL / "partials" / "languages" / f"{info.material}.html").is_file()
    lunr = MATERIAL / "assets" / "javascripts" / "lunr" / "min"
    assert info.search == "en" or (lunr / f"lunr.{info.search}.min.js").is_file()
    parsed = Locale.parse(info.gettext)
    assert parsed.text_direction == info.direction
    partial = (MATERIAL / "partials" / "languages" / f"{info.material}.html").read_text()
    if info.direction == "rtl":
        assert '"direction": "rtl"' in partial


@pytest.mark.parametrize(("written", "meant"), [
    ("pt-BR", "pt_BR"), ("pt", "pt_BR"), ("zh-Hans", "zh_Hans"), ("zh-CN", "zh_Hans"),
    ("tl", "fil"), ("en-US", "en"), ("AR", "ar"), ("xx", None)])
def test_suggestions_for_other_spellings(written: str, meant: str | None) -> None:
    assert suggest_locale(written) == meant
