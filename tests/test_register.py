"""One register per page kind (locales/glossary.yml ``registers``): German customer pages say
"Sie", the TikTok captions and their page say "du", and no page mixes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

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


def _messages(locale: str):
    path = ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id or not message.string:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield message, [s for s in strings if s]


@pytest.mark.parametrize("locale", sorted(GLOSSARY["registers"]))
def test_each_page_kind_keeps_its_register(locale: str) -> None:
    rule = GLOSSARY["registers"][locale]
    markers: dict[str, str] = rule["markers"]
    wrong = []
    for message, strings in _messages(locale):
        kinds = page_kinds(message.locations)
        allowed = {rule[kind] for kind in kinds} if len(kinds) == 1 else set()
        for text in strings:
            used = forms_in(text, markers)
            if used - allowed:
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                wrong.append(f"{sorted(kinds)} uses {sorted(used - allowed)}: "
                             f"{msgid!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_markers_tell_the_forms_apart() -> None:
    markers = GLOSSARY["registers"]["de"]["markers"]
    assert forms_in("Wenn Sie es sich anders überlegen, zahlen Sie den Versand.", markers) \
        == {"Sie"}
    assert forms_in("Du hast 30 Tage Zeit. Schick dein Paket zurück.", markers) == {"du"}
    assert forms_in("Rückgabe innerhalb von 30 Tagen.", markers) == set()


def test_page_kinds_come_from_the_message_locations() -> None:
    assert page_kinds([("generator/captions/phrases.py", 3)]) == {"captions"}
    assert page_kinds([("templates/pages/policy.md.j2", 9),
                       ("templates/pages/captions.md.j2", 2)]) == {"pages", "captions"}
