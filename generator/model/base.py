"""The base model and localized text shared by every part of the policy."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from generator.model.localized import LOCALIZED
from generator.model.types import LongText, Text, TextLocaleId


class Model(BaseModel):
    """Strict and immutable: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False,
                              use_attribute_docstrings=True, validate_default=False)


LocalizedText = Annotated[dict[TextLocaleId, Text], Field(min_length=1), LOCALIZED]
"""One line of text per locale, e.g. ``{en: "Free returns", de: "Kostenlose Rücksendung"}``.
Locales not given fall back to the site's default locale (``localized.pick``); a regional key
such as ``es_MX`` is preferred on that market's pages in that language. ``LOCALIZED`` is
what every walker asks (``localized.localized_fields``, ``localized.is_localized_path``)."""

LocalizedLongText = Annotated[dict[TextLocaleId, LongText], Field(min_length=1), LOCALIZED]
"""Longer text per locale; paragraphs are separated by a blank line."""
