"""Whether a return crosses a customs border, from the dated data in ``data/customs_unions.yml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from generator.model.base import Model
from generator.source.loading import load_yaml

UNIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "customs_unions.yml"


class Union(Model):
    name: str
    checked: str
    source: str
    members: list[str]


class UnionsFile(Model):
    unions: dict[str, Union]


@cache
def _unions() -> dict[str, Union]:
    data = load_yaml(UNIONS_FILE, "generator/data/customs_unions.yml").data
    return UnionsFile.model_validate(data).unions


def crosses_customs_border(origin: str, destination: str) -> bool:
    """True when goods sent from ``origin`` to ``destination`` need a customs declaration."""
    if origin == destination:
        return False
    return not any(origin in union.members and destination in union.members
                   for union in _unions().values())
