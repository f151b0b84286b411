"""Which merchant texts exist in which locale (falling back to the default locale otherwise)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.i18n.locales import SUPPORTED
from generator.source.loading import FieldPath


@dataclass
class Coverage:
    """Merchant free-text fields shown in one locale, and those that fall back."""

    locale: str
    total: int = 0
    missing: list[FieldPath] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)


def _localized_fields(value: Any, where: FieldPath) -> list[tuple[FieldPath, dict[str, str]]]:
    found: list[tuple[FieldPath, dict[str, str]]] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found += _localized_fields(getattr(value, name), (*where, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _localized_fields(item, (*where, index))
    elif isinstance(value, dict) and value:
        if all(isinstance(k, str) and k in SUPPORTED and isinstance(v, str)
               for k, v in value.items()):
            found.append((where, value))
        else:
            for key, item in value.items():
                found += _localized_fields(item, (*where, key))
    return found


def merchant_coverage(project: Any) -> dict[str, Coverage]:
    """Per site locale: the merchant texts its pages show, and which lack that locale."""
    shared = _localized_fields(project.config, ())
    for slug, category in project.categories.items():
        shared += _localized_fields(category, ("categories", slug))
    for index, version in enumerate(project.versions):
        shared += _localized_fields(version, ("versions", index))
    result = {}
    for locale in project.site.locales:
        coverage = Coverage(locale)
        fields = list(shared)
        for code, market in project.markets.items():
            if locale in market.locales:
                fields += _localized_fields(market, ("markets", code))
        for where, texts in fields:
            coverage.total += 1
            if locale not in texts:
                coverage.missing.append(where)
        result[locale] = coverage
    return result
