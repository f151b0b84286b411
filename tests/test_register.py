"""One register per kind of text (locales/glossary.yml ``registers``): in each language with a
T/V distinction the customer pages keep theirs (German "Sie"), the TikTok captions and their
pages speak informally ("du"), the formal versions of the caption messages (msgctxt "formal",
used where site_config.yml sets ``captions.register``) only formally, and no text mixes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from generator.i18n.registers import CONTEXT

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = yaml.safe_load((ROOT / "locales" / "glossary.yml").read_text(encoding="utf-8"))
CAPTION_SOURCES = ("generator/captions/", "templates/pages/captions.md.j2",
                   "templates/pages/kit.md.j2", "templates/partials/kit.j2")


def page_kinds(locations: list[tuple[str, int | None]]) -> set[str]:
    """Where a message is shown: on the captions and kit pages and in captions, or on customer
    pages."""
    return {"captions" if path.startswith(CAPTION_SOURCES) else "pages" for path, _ in locations}


def forms_in(text: str, markers: dict[str, str]) -> set[str]:
    return {form for form, pattern in markers.items() if re.search(pattern, text)}


def allowed_forms(rule: dict, locations: list[tuple[str, int | None]],
                  context: str | None) -> set[str]:
    """The forms a message may use: a formal version the formal one; otherwise the informal
    one in captions, the pages' register on customer pages, none on both."""
    if context == CONTEXT:
        return {rule["formal"]}
    kinds = page_kinds(locations)
    if len(kinds) != 1:
        return set()
    return {rule["informal"] if kinds == {"captions"} else rule[rule["pages"]]}


def _messages(locale: str):
    path = ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:  # fuzzy entries are never published (a translator's to-do)
        if not message.id or not message.string or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message, [s for s in strings if s]


@pytest.mark.parametrize("locale", sorted(GLOSSARY["registers"]))
def test_each_kind_of_text_keeps_its_register(locale: str) -> None:
    rule = GLOSSARY["registers"][locale]
    markers: dict[str, str] = rule["markers"]
    wrong = []
    formal_versions = 0
    for message, strings in _messages(locale):
        allowed = allowed_forms(rule, message.locations, message.context)
        formal_versions += message.context == CONTEXT
        for text in strings:
            used = forms_in(text, markers)
            if used - allowed:
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                where = "formal version" if message.context == CONTEXT else sorted(
                    page_kinds(message.locations))
                wrong.append(f"{where} uses {sorted(used - allowed)}: {msgid!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)
    assert formal_versions, f"{locale} has no formal versions of the caption messages"


def test_the_table_names_each_form_and_the_pages_register() -> None:
    for locale, rule in GLOSSARY["registers"].items():
        assert set(rule["markers"]) == {rule["formal"], rule["informal"]}, locale
        assert rule["pages"] in ("formal", "informal"), locale


# Each language's markers on a formal and an informal sentence, and one with neither form.
SAMPLES = {
    "de": ("Wenn Sie es sich anders überlegen, zahlen Sie den Versand.",
           "Du hast 30 Tage Zeit. Schick dein Paket zurück.", "Rückgabe innerhalb von 30 Tagen."),
    "es": ("Si cambia de opinión, usted paga el envío.",
           "Si cambias de opinión, tú pagas el envío.", "Devoluciones en un plazo de 30 días."),
    "fr": ("Vous avez 30 jours pour votre retour.", "Tu as 30 jours pour ton retour.",
           "Retours sous 30 jours."),
    "it": ("La spedizione del reso è a Suo carico.", "La spedizione del reso è a tuo carico.",
           "Reso entro 30 giorni."),
    "id": ("Anda punya waktu 30 hari.", "Kamu punya waktu 30 hari. Cek pesananmu.",
           "Retur dalam 30 hari."),
    "ms": ("Anda mempunyai 30 hari.", "Korang ada 30 hari.", "Pemulangan dalam tempoh 30 hari."),
    "zh_Hans": ("退货运费由您承担。", "退货运费由你承担。", "30天内可退货。"),
}


@pytest.mark.parametrize("locale", sorted(GLOSSARY["registers"]))
def test_the_markers_tell_the_forms_apart(locale: str) -> None:
    rule = GLOSSARY["registers"][locale]
    formal, informal, neither = SAMPLES[locale]
    assert forms_in(formal, rule["markers"]) == {rule["formal"]}
    assert forms_in(informal, rule["markers"]) == {rule["informal"]}
    assert forms_in(neither, rule["markers"]) == set()


def test_page_kinds_come_from_the_message_locations() -> None:
    assert page_kinds([("generator/captions/phrases.py", 3)]) == {"captions"}
    assert page_kinds([("templates/pages/policy.md.j2", 9),
                       ("templates/pages/captions.md.j2", 2)]) == {"pages", "captions"}


def test_a_formal_version_may_only_use_the_formal_form() -> None:
    rule = GLOSSARY["registers"]["de"]
    assert allowed_forms(rule, [("generator/captions/phrases.py", 3)], CONTEXT) == {"Sie"}
    assert allowed_forms(rule, [("generator/captions/phrases.py", 3)], None) == {"du"}
    assert allowed_forms(rule, [("templates/pages/policy.md.j2", 9)], None) == {"Sie"}
