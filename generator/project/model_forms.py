"""Statutory model withdrawal texts per regime and language, read from ``data/model_forms.yml``.

The EU Directive and the UK Regulations give a model text the trader may use (Part A, the
instructions, completed for our kind of sale) and a model form the consumer may send back (Part
B). Pages print them word for word, so they are data: the renderer escapes every piece and fills
in only the ``{trader}`` and ``{return_address}`` markers, never treating the text as a template.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.model.base import Model
from generator.model.types import Bool, Date, HttpsUrl, LocaleId, LongText, Text
from generator.source.loading import load_yaml

MODEL_FORMS_FILE = Path(__file__).resolve().parent.parent / "data" / "model_forms.yml"

ModelFormKey = Literal["EU", "UK"]
"""The regimes with a model form; ``law.yml``'s ``right.model_form`` names one of them."""

MARKERS = ("trader", "return_address")
_MARKER = re.compile(r"\{([a-z_]+)\}")

Lines = Annotated[list[Text], Field(min_length=1)]


def pieces(text: str) -> list[tuple[str, str]]:
    """``text`` split at its markers: ("text", literal) and (marker name, "") pairs, in order.

    Templates print the literal parts escaped and put their own value where a marker stands,
    so nothing in the official text is ever read as markup or template syntax.
    """
    parts = _MARKER.split(text)
    out: list[tuple[str, str]] = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append((part, ""))
        elif part:
            out.append(("text", part))
    return out


def _markers(texts: list[str]) -> list[str]:
    return [name for text in texts for name in _MARKER.findall(text)]


class Section(Model):
    """One headed part of the instructions ("Right of withdrawal", "Effects of withdrawal")."""

    heading: Text
    paragraphs: Lines


class Instructions(Model):
    """Part A, the model instructions, completed as the law's notes require for our sales."""

    title: Text
    trader_instruction: Text
    """The official note the ``{trader}`` marker stands for (name, address, phone, e-mail)."""
    return_address_instruction: Text
    """The official bracket the ``{return_address}`` marker replaces (who receives the goods)."""
    sections: Annotated[list[Section], Field(min_length=1)]

    def paragraphs(self) -> list[str]:
        return [p for section in self.sections for p in section.paragraphs]

    @model_validator(mode="after")
    def _each_marker_once(self) -> Instructions:
        found = _markers(self.paragraphs())
        if sorted(found) != sorted(MARKERS):
            raise ValueError("the instructions must hold {trader} and {return_address} exactly "
                             f"once each, found {found}")
        return self


class Form(Model):
    """Part B, the model form, verbatim but for the trader line."""

    title: Text
    note: Text
    """The official line in brackets under the title ("complete and return this form only …")."""
    to: Text
    """The addressee line, with ``{trader}`` where the official bracket stands."""
    trader_instruction: Text
    """That official bracket, word for word, so a reader can see what was replaced."""
    declaration: Text
    fields: Lines
    """What the consumer fills in: order dates, name, address, signature, date."""
    footnote: Text

    @model_validator(mode="after")
    def _trader_once(self) -> Form:
        found = _markers([self.title, self.note, self.to, self.declaration, *self.fields,
                          self.footnote])
        if found != ["trader"] or "{trader}" not in self.to:
            raise ValueError(f"the form must hold {{trader}} once, in `to`; found {found}")
        return self


class ModelFormText(Model):
    """The model instructions and form of one regime in one language, with their provenance."""

    source: HttpsUrl
    """The official publication the text is taken from."""
    checked: Date
    verified: Bool
    """True only if the whole text was compared with a stored copy of the official text."""
    note: LongText | None = None
    """What was compared with what, and what is still uncertain."""
    instructions: Instructions
    form: Form

    def pieces(self, text: str) -> list[tuple[str, str]]:
        """See :func:`pieces` (a method, so templates reach it through the facts)."""
        return pieces(text)


class ModelFormsFile(Model):
    model_forms: dict[ModelFormKey, Annotated[dict[LocaleId, ModelFormText],
                                              Field(min_length=1)]]


@cache
def model_forms() -> dict[str, dict[str, ModelFormText]]:
    """Regime key → locale → text, loaded once with the strict loader merchant files use."""
    document = load_yaml(MODEL_FORMS_FILE, "generator/data/model_forms.yml")
    forms = ModelFormsFile.model_validate(document.data).model_forms
    return {str(key): texts for key, texts in forms.items()}


def unverified_model_forms() -> list[tuple[str, str, ModelFormText]]:
    """(regime key, locale, text) of every text not yet compared with the official one, in
    file order, for ``check`` to warn about: a build still uses them."""
    return [(key, locale, text) for key, texts in model_forms().items()
            for locale, text in texts.items() if not text.verified]

