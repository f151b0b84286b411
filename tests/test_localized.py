"""Localized text is what the model's types declare, never what a mapping's keys look like."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import ContentError
from generator.model.base import LocalizedLongText, LocalizedText, Model
from generator.model.localized import (
    LOCALIZED,
    is_localized_path,
    localized_fields,
    pick,
)
from generator.model.market import Market
from generator.model.site import SiteConfig
from generator.project.load import load_project, merge_documents
from generator.source.loading import FieldPath, Mark, parse_yaml
from tests.conftest import copy_example, edit, set_line

# Every localized field Market declares, with list indexes and mapping keys as "*".
MARKET_LOCALIZED = {
    ("extended_windows", "*", "name"),
    ("seasonal_overrides", "*", "name"),
    ("returns", "packing", "*"),
    ("returns", "carriers", "*"),  # a carrier known by another name in a language
    ("customs", "declaration"),
    ("customs", "documents", "*"),
    ("customs", "relief"),
    ("categories", "*", "note"),
    ("process", "rma", "how"),
    ("process", "inspection", "criteria", "*"),
    ("process", "quality_control", "*"),
    ("faq", "*", "question"),
    ("faq", "*", "answer"),
    ("captions", "hooks", "*"),
    ("captions", "calls_to_action", "*"),
}


def _pattern(path: FieldPath) -> tuple[str, ...]:
    # Position 1 under "categories" is a slug; every int is a list index.
    return tuple("*" if isinstance(key, int) or (index == 1 and path[0] == "categories")
                 else key for index, key in enumerate(path))


def _at(value: Any, path: FieldPath) -> Any:
    for key in path:
        value = value[key] if isinstance(value, list | dict) else getattr(value, key)
    return value


# -- the walker over validated models --------------------------------------------------------


def test_walker_finds_every_declared_field_of_the_example_markets(tmp_path: Path) -> None:
    project = load_project(copy_example(tmp_path / "shop", markets=None))
    found = [(code, path, texts) for code, market in project.markets.items()
             for path, texts in localized_fields(market, ())]
    assert {_pattern(path) for _, path, texts in found} == MARKET_LOCALIZED
    for code, path, texts in found:
        assert _at(project.markets[code], path) is texts
        assert is_localized_path(Market, path)


def test_walker_prefixes_paths_and_walks_shared_files(tmp_path: Path) -> None:
    project = load_project(copy_example(tmp_path / "shop"))
    market = localized_fields(project.markets["DE"], ("markets", "DE"))
    assert all(path[:2] == ("markets", "DE") for path, _ in market)
    assert (("markets", "DE", "categories", "skincare", "note"),
            project.markets["DE"].categories["skincare"].note) in market
    assert [path for path, _ in localized_fields(project.config, ())] == [("tagline",)]
    version = localized_fields(project.versions[0], ("versions", 0))
    assert [path for path, _ in version] == [
        ("versions", 0, "summary"),
        *(("versions", 0, "changes", i) for i in range(len(project.versions[0].changes)))]


class Inner(Model):
    title: LocalizedText
    labels: dict[str, str] = {}


class Probe(Model):
    heading: LocalizedLongText
    optional: LocalizedText | None = None
    items: list[Inner] = []
    by_slug: dict[str, Inner] = {}
    lookalike: dict[str, str] = {}
    """Keys that happen to be locale ids: still not a translation."""
    steps: list[LocalizedText] = []


def test_walker_follows_lists_mappings_and_optionals_in_field_order() -> None:
    probe = Probe.model_validate({
        "heading": {"en": "H"},
        "optional": {"de": "O"},
        "items": [{"title": {"en": "A"}}, {"title": {"fr": "B"}}],
        "by_slug": {"id": {"title": {"it": "C"}}},
        "steps": [{"en": "1"}, {"en": "2"}],
    })
    assert localized_fields(probe, ("p",)) == [
        (("p", "heading"), {"en": "H"}),
        (("p", "optional"), {"de": "O"}),
        (("p", "items", 0, "title"), {"en": "A"}),
        (("p", "items", 1, "title"), {"fr": "B"}),
        (("p", "by_slug", "id", "title"), {"it": "C"}),
        (("p", "steps", 0), {"en": "1"}),
        (("p", "steps", 1), {"en": "2"}),
    ]


def test_mapping_that_merely_looks_localized_is_not_counted() -> None:
    probe = Probe.model_validate({
        "heading": {"en": "H"},
        "items": [{"title": {"en": "A"}, "labels": {"en": "x", "de": "y"}}],
        "lookalike": {"en": "looks", "de": "alike"},
    })
    assert [path for path, _ in localized_fields(probe, ())] == [
        ("heading",), ("items", 0, "title")]


def test_missing_optional_text_is_skipped() -> None:
    probe = Probe.model_validate({"heading": {"en": "H"}})
    assert localized_fields(probe, ()) == [(("heading",), {"en": "H"})]


def test_the_types_carry_the_marker() -> None:
    assert LOCALIZED in LocalizedText.__metadata__
    assert LOCALIZED in LocalizedLongText.__metadata__


# -- paths of raw data -------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    ("process", "rma", "how"),
    ("customs", "declaration"),
    ("customs", "relief"),  # Optional
    ("customs", "documents", 0),
    ("faq", 3, "answer"),
    ("categories", "it", "note"),  # inside dict[Slug, …], a slug that is also a locale id
    ("extended_windows", 0, "name"),
    ("captions", "hooks", 1),
])
def test_localized_market_paths(path: FieldPath) -> None:
    assert is_localized_path(Market, path)


@pytest.mark.parametrize("path", [
    (),
    ("process", "rma"),
    ("customs", "documents"),  # the list, not an item
    ("process", "rma", "how", "en"),  # one locale's text
    ("categories", "it"),
    ("categories",),
    ("contact", "phone"),
    ("captions", "hashtags", 0),
    ("no_such_field",),
    ("faq", "0", "question"),  # a list is indexed by position
    ("returns", "packing", "first"),
])
def test_other_market_paths(path: FieldPath) -> None:
    assert not is_localized_path(Market, path)


def test_site_config_paths() -> None:
    assert is_localized_path(SiteConfig, ("tagline",))
    assert not is_localized_path(SiteConfig, ("merchant", "vat_ids"))
    assert not is_localized_path(SiteConfig, ("merchant", "vat_ids", "DE"))


# -- the merge asks the type -------------------------------------------------------------------


def _merge(defaults: str, market: str) -> tuple[Any, dict[FieldPath, Mark]]:
    marks: dict[FieldPath, Mark] = {}
    data = merge_documents(parse_yaml(defaults, "defaults.yml"), parse_yaml(market, "de.yml"),
                           ("markets", "DE"), marks, Market)
    return data, marks


def test_market_translation_replaces_the_default_one_as_a_whole() -> None:
    data, marks = _merge("process:\n  rma:\n    how: {en: Default, de: Standard}\n",
                         "process:\n  rma:\n    how: {en: Ours}\n")
    assert data == {"process": {"rma": {"how": {"en": "Ours"}}}}
    assert marks[("markets", "DE", "process", "rma", "how", "en")].path == "de.yml"


def test_empty_mapping_keeps_the_default_translation() -> None:
    data, _ = _merge("process:\n  rma:\n    how: {en: Default}\n",
                     "process:\n  rma:\n    how: {}\n")
    assert data == {"process": {"rma": {"how": {"en": "Default"}}}}


def test_categories_keyed_like_locales_still_merge_key_by_key() -> None:
    # "it" and "id" are locale ids; a guess from the keys would drop the default's note.
    data, _ = _merge("categories:\n  it:\n    returnable: 'false'\n    note: {en: N}\n",
                     "categories:\n  it:\n    returnable: 'true'\n")
    assert data == {"categories": {"it": {"returnable": "true", "note": {"en": "N"}}}}


# -- validation asks the type ------------------------------------------------------------------


def test_missing_default_locale_in_a_market_category_note(project: Path) -> None:
    set_line(project, "site_config.yml", "  default_locale:", "  default_locale: en")
    edit(project, "policies/markets/de.yml",
         "      en: Returnable only while the seal is unbroken.\n", "")
    with pytest.raises(ContentError) as info:
        load_project(project)
    assert [str(p).split(": ", 1)[1] for p in info.value.problems] == [
        'markets.DE.categories.skincare.note: has no "en" text (the default locale, used when '
        "a translation is missing)"]


# -- the one fallback rule ---------------------------------------------------------------------


def test_pick_prefers_the_locale() -> None:
    assert pick({"en": "Hi", "de": "Hallo"}, "de", "en") == ("Hallo", "de")


def test_pick_falls_back_to_the_default_locale() -> None:
    assert pick({"en": "Hi", "fr": "Salut"}, "de", "en") == ("Hi", "en")


def test_pick_treats_empty_text_as_missing() -> None:
    assert pick({"en": "Hi", "de": ""}, "de", "en") == ("Hi", "en")


def test_pick_in_the_default_locale() -> None:
    assert pick({"en": "Hi", "de": "Hallo"}, "en", "en") == ("Hi", "en")


def test_pick_without_the_default_text_raises() -> None:
    with pytest.raises(KeyError):
        pick({"de": "Hallo"}, "fr", "en")


# -- regional variants (es_MX) -----------------------------------------------------------------

SNACKS = {"en": "Snacks", "es": "Aperitivos", "es_MX": "Botanas"}


def test_pick_prefers_the_markets_regional_text() -> None:
    assert pick(SNACKS, "es", "en", "MX") == ("Botanas", "es")
    assert pick(SNACKS, "es", "en", "ES") == ("Aperitivos", "es")
    assert pick(SNACKS, "es", "en") == ("Aperitivos", "es")
    assert pick(SNACKS, "en", "en", "MX") == ("Snacks", "en")


class Named(Model):
    name: LocalizedText


@pytest.mark.parametrize("key", ["es_MX", "pt_BR", "zh_Hans", "en_SG"])
def test_regional_keys_of_project_languages_are_accepted(key: str) -> None:
    assert Named.model_validate({"name": {"en": "x", key: "y"}}).name[key] == "y"


@pytest.mark.parametrize("key", ["es_mx", "xx_MX", "es_MEX", "es-MX_MX"])
def test_other_keys_are_rejected(key: str) -> None:
    with pytest.raises(ValueError, match="locale"):
        Named.model_validate({"name": {"en": "x", key: "y"}})


def test_the_mexican_page_shows_the_mexican_word(tmp_path: Path) -> None:
    from babel.support import Translations

    from generator.layout import templates_dir_for
    from generator.render.markdown import render_locale_pages
    from tests.conftest import facts_of

    root = copy_example(tmp_path / "shop", markets=("mx", "us"))
    files = render_locale_pages(facts_of(root), "es", templates_dir_for(root),
                                Translations()).files
    assert "Botanas y té" in files["mx/index.md"] and "Aperitivos" not in files["mx/index.md"]
