"""Which merchant texts exist in which locale (falling back to the default locale otherwise)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.localized import localized_fields
from generator.project.load import Project
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


def merchant_coverage(project: Project) -> dict[str, Coverage]:
    """Per site locale: the merchant texts its pages show, and which lack that locale."""
    shared = localized_fields(project.config, ())
    for slug, category in project.categories.items():
        shared += localized_fields(category, ("categories", slug))
    for index, version in enumerate(project.versions):
        shared += localized_fields(version, ("versions", index))
    result = {}
    for locale in project.site.locales:
        coverage = Coverage(locale)
        fields = list(shared)
        for code, market in project.markets.items():
            if locale in market.locales:
                fields += localized_fields(market, ("markets", code))
        for where, texts in fields:
            coverage.total += 1
            if locale not in texts:
                coverage.missing.append(where)
        result[locale] = coverage
    return result
