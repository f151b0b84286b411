"""``generator/data/law.yml``: the regimes the model accepts, each sourced and sane."""

from __future__ import annotations

from typing import get_args
from urllib.parse import urlsplit

import pytest

from generator.model.market import LawRegime
from generator.project.law import LAW_FILE, regimes
from generator.source.loading import load_yaml
from tests.conftest import REPO

RAW = load_yaml(LAW_FILE, "generator/data/law.yml").data["regimes"]


def test_law_file_is_the_packaged_one() -> None:
    assert LAW_FILE == REPO / "generator" / "data" / "law.yml"


def test_law_regime_literal_lists_exactly_the_regimes_in_law_yml() -> None:
    literal = list(get_args(LawRegime))
    assert len(literal) == len(set(literal)), "LawRegime lists a regime twice"
    assert set(literal) == set(RAW), (
        f"only in LawRegime: {sorted(set(literal) - set(RAW))}; "
        f"only in law.yml: {sorted(set(RAW) - set(literal))}")


def test_every_regime_validates() -> None:
    assert set(regimes()) == set(RAW)


@pytest.mark.parametrize("code", sorted(RAW))
def test_confirmed_regime_has_a_web_source(code: str) -> None:
    regime = regimes()[code]
    for source in regime.sources:
        parts = urlsplit(source)
        assert parts.scheme in ("https", "http") and parts.hostname, source
    if regime.confirmed:
        assert regime.sources, f"{code} is confirmed but names no source"


@pytest.mark.parametrize("code", sorted(RAW))
def test_day_counts_are_not_negative(code: str) -> None:
    regime = regimes()[code]
    assert regime.floor_days >= 0
    assert regime.refund_within_days is None or regime.refund_within_days >= 0
    assert RAW[code]["floor_days"].isdigit(), "write floor_days as plain digits"


@pytest.mark.parametrize("code", sorted(RAW))
def test_refund_deadline_comes_with_its_starting_point(code: str) -> None:
    regime = regimes()[code]
    assert (regime.refund_within_days is None) == (regime.refund_counted_from is None)
