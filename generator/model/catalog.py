"""Shared lists: product categories, return hubs and policy versions (``policies/*.yml``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from generator.model.base import LocalizedText, Model
from generator.model.site import Address
from generator.model.types import Bool, Date, Days, Slug, Text

Condition = Literal["unused", "tags_attached", "original_packaging", "sealed", "unwashed",
                    "all_accessories", "proof_of_purchase"]
"""What a returned item must be like."""

NonReturnableFamily = Literal["perishable", "sealed_hygiene", "personalised", "digital",
                              "sealed_media", "periodicals", "inseparably_mixed", "final_sale",
                              "intimate_apparel", "food"]
"""Why goods are not returnable. Where the law gives a right of withdrawal, only the families
its regime lists as exceptions (``data/law.yml``, ``right.exceptions``) may be excluded."""


class Category(Model):
    """A product category and whether customers may return it after changing their mind."""

    name: LocalizedText
    returnable: Bool
    """Whether a change-of-mind return is accepted. Faulty items are always accepted."""
    family: NonReturnableFamily | None = None
    """Why it is not returnable; required when returnable is false. In markets with a statutory
    right of withdrawal this is the legal exception relied on, checked against the regime."""
    conditions: list[Condition] = []
    """Conditions a returned item must meet."""
    examples: LocalizedText | None = None
    """A few example products, so customers recognise the category."""


class Hub(Model):
    """A return address: a local hub in the customer's region, or the origin warehouse."""

    name: Text
    """Name shown to customers, e.g. "EU returns hub (Venlo)"."""
    kind: Literal["local_hub", "origin_warehouse"] = "local_hub"
    """A hub in the customer's region, or the warehouse orders ship from."""
    address: Address
    operator: Text | None = None
    """Logistics partner operating the hub."""
    transit_days: Days = 5
    """Calendar days a return parcel usually takes to reach the hub; markets may override."""


class PolicyVersion(Model):
    """One dated version of the policy and what changed in it."""

    id: Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")]
    """Short label such as "2025.2"."""
    effective: Date
    """The day this version applies from (orders placed on or after it)."""
    summary: LocalizedText
    changes: Annotated[list[LocalizedText], Field(min_length=1)]


class CategoriesFile(Model):
    """``policies/categories.yml``."""

    categories: Annotated[dict[Slug, Category], Field(min_length=1)]


class HubsFile(Model):
    """``policies/hubs.yml``."""

    hubs: dict[Slug, Hub] = {}


class VersionsFile(Model):
    """``policies/versions.yml``."""

    versions: Annotated[list[PolicyVersion], Field(min_length=1)]
