"""The kit page of one locale: every market's kit, and the choices its filter offers.

The page lists the same kits as the markets' captions pages (``LocaleRenderer.kit`` builds each
once, so the caption lint judges what both pages show); this module only orders them and says
which kinds of text, caption angles and TikTok length limits a marketer can filter by.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.captions.compose import ANGLES
from generator.captions.kit import Kit

KIND_SLUGS = {"caption": "caption", "pinned_comment": "pinned-comment", "reply": "reply",
              "script": "script"}
"""Piece kinds in the captions page's order, as the ids the page and its filter use."""


@dataclass(frozen=True)
class LengthLimit:
    """A limit a text can be filtered by: TikTok's for captions or for comments."""

    limit: int
    """In UTF-16 code units, as TikTok and the page's counts measure."""
    kind: str
    """"caption" or "comment" (a pinned comment and replies are comments)."""


@dataclass(frozen=True)
class Angle:
    """A caption angle the filter offers."""

    id: str
    """As ``Piece.angle`` and the page's data-ps-angle ("key-fact", "pov", …)."""
    name: str
    """The catalog message naming it ("Key fact"), translated by the page."""


@dataclass(frozen=True)
class KitIndex:
    kits: list[Kit]
    """One per market published in the locale, ordered by the country's name there."""
    kinds: list[str]
    """The slugs of the piece kinds the kits hold (``KIND_SLUGS``' order)."""
    limits: list[LengthLimit]
    """The distinct limits of the kits' texts, shortest first."""
    angles: list[Angle]
    """The angles of the kits' captions (``ANGLES``' order)."""


def kind_slug(kind: str) -> str:
    return KIND_SLUGS[kind]


def kit_index(kits: list[Kit], country: Callable[[str], str]) -> KitIndex:
    """The kits ordered by country name (``country``: a code's name in the page's language),
    with the kinds, limits and angles present, so the filter offers no choice that shows
    nothing."""
    ordered = sorted(kits, key=lambda kit: (country(kit.market), kit.market))
    present = {piece.kind for kit in ordered for piece in kit.pieces}
    limits = {LengthLimit(piece.limit, "caption" if piece.kind == "caption" else "comment")
              for kit in ordered for piece in kit.pieces if piece.limit is not None}
    angles = {piece.angle for kit in ordered for piece in kit.captions}
    return KitIndex(ordered, [slug for kind, slug in KIND_SLUGS.items() if kind in present],
                    sorted(limits, key=lambda limit: (limit.limit, limit.kind)),
                    [Angle(angle, name) for angle, name in ANGLES.items() if angle in angles])
