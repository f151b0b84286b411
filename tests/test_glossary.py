"""Statutory terms must be translated with each jurisdiction's own vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = yaml.safe_load((ROOT / "locales" / "glossary.yml").read_text(encoding="utf-8"))

# Which locales must carry which statutory term (the languages of the markets it applies to).
REQUIRED = {
    "eu_right_of_withdrawal": {"de", "fr", "es", "it"},
    "br_right_of_regret": {"pt_BR"},
    "jp_return_special_terms": {"ja"},
}


def _catalog(locale: str):
    path = ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("term", sorted(REQUIRED))
def test_required_locales_have_a_glossary_entry(term: str) -> None:
    missing = REQUIRED[term] - set(GLOSSARY["terms"][term]["locales"])
    assert not missing, f"glossary term {term} has no wording for {sorted(missing)}"


def _cases():
    for key, term in sorted(GLOSSARY["terms"].items()):
        for locale, wording in sorted(term["locales"].items()):
            for msgid in term["msgids"]:
                yield pytest.param(key, locale, wording, msgid, id=f"{key}-{locale}")


@pytest.mark.parametrize(("key", "locale", "wording", "msgid"), list(_cases()))
def test_glossary_term_is_used_in_translation(key: str, locale: str, wording: str,
                                              msgid: str) -> None:
    message = _catalog(locale).get(msgid)
    assert message is not None, f"{locale}: catalog lacks the message for {key}"
    assert message.string, f"{locale}: message for {key} is not translated"
    assert not message.fuzzy, f"{locale}: message for {key} is fuzzy"
    assert wording.lower() in message.string.lower(), (
        f"{locale}: the translation for {key} must use the statutory term {wording!r}:\n"
        f"{message.string}")


def test_glossary_msgids_exist_in_template() -> None:
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    for key, term in GLOSSARY["terms"].items():
        for msgid in term["msgids"]:
            assert template.get(msgid) is not None, f"{key}: msgid no longer in templates"


def _translated(locale: str):
    for message in _catalog(locale):
        if message.id and message.string:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            yield ids[0], [s for s in strings if s]


LOCALES = sorted(p.parent.parent.name for p in (ROOT / "locales").glob("*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("locale", LOCALES)
def test_brand_names_are_kept_as_written(locale: str) -> None:
    """TikTok Shop, WhatsApp, LINE, RMA…: never translated, re-cased or spelt another way
    (a German compound may hyphenate it: "TikTok-Shop-App")."""
    wrong = [f"{brand!r} missing in {text!r}"
             for msgid, strings in _translated(locale)
             for brand in GLOSSARY["brands"] if brand in msgid
             for text in strings if brand not in text.replace("-", " ")]
    assert not wrong, "\n".join(wrong)


def _market_carriers() -> list[object]:
    carriers: list[object] = []
    for path in sorted((ROOT / "policies" / "markets").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        carriers += (data.get("returns") or {}).get("carriers") or []
    return carriers


def test_the_example_names_its_categories_as_the_glossary_does() -> None:
    """Category names are one term per market language, the same wherever they appear."""
    categories = yaml.safe_load((ROOT / "policies" / "categories.yml").read_text(
        encoding="utf-8"))["categories"]
    wrong = [f"{slug}.{locale}: {categories[slug]['name'].get(locale)!r} is not {term!r}"
             for slug, terms in GLOSSARY["vocabulary"]["categories"].items()
             for locale, term in terms.items()
             if categories[slug]["name"].get(locale) != term]
    assert not wrong, "\n".join(wrong)


def test_carriers_known_by_a_local_name_use_it() -> None:
    glossary = GLOSSARY["vocabulary"]["carriers"]
    localized = [c for c in _market_carriers() if isinstance(c, dict) and c.get("en") in glossary]
    assert localized, "the example names no carrier with a local name"
    for carrier in localized:
        assert isinstance(carrier, dict)
        for locale, name in glossary[carrier["en"]].items():
            assert carrier.get(locale) == name, carrier
    plain = [c for c in _market_carriers() if isinstance(c, str)]
    assert not set(plain) & set(glossary), "a carrier with a local name is given as one string"
