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
def test_statutory_right_is_complete_where_given(code: str) -> None:
    right = regimes()[code].right
    if right is None:
        assert regimes()[code].floor_days == 0
        return
    assert right.days > 0
    # a refund deadline always says what it is counted from, and "immediately" from the notice
    assert (right.refund_days is None) == (right.refund_counted_from is None)
    if right.refund_days == 0:
        assert right.refund_counted_from == "notice"
    if right.refund_counted_from == "goods_back_or_proof":
        assert right.goods_back_within_days is not None


@pytest.mark.parametrize("code", sorted(RAW))
def test_unconfirmed_regimes_never_fail_a_build_but_confirmed_ones_name_official_texts(
        code: str) -> None:
    regime = regimes()[code]
    secondary = ("lawguru.com", "juristas.mx", "smartlex", "coolingoff", "beijing.gov.cn")
    if regime.confirmed:
        assert not any(host in url for url in regime.sources for host in secondary), (
            "confirmed regimes cite the official text in sources; copies read go to read_in")


def test_brazil_allows_no_exceptions_and_refunds_immediately() -> None:
    right = regimes()["BR"].right
    assert right is not None
    assert right.exceptions == {} and right.refund_days == 0 and right.days == 7


def test_eu_exceptions_are_the_closed_art_16_list() -> None:
    right = regimes()["EU"].right
    assert right is not None
    assert set(right.exceptions) == {"personalised", "perishable", "sealed_hygiene",
                                     "inseparably_mixed", "sealed_media", "periodicals",
                                     "digital"}
    letters = {"personalised": "c", "perishable": "d", "sealed_hygiene": "e",
               "inseparably_mixed": "f", "sealed_media": "i", "periodicals": "j", "digital": "m"}
    for family, provision in right.exceptions.items():  # each language's Official Journal form
        assert isinstance(provision, dict)
        assert provision["en"] == f"Art. 16({letters[family]}) Directive 2011/83/EU"
        assert provision["de"] == f"Art. 16 Buchst. {letters[family]} der Richtlinie 2011/83/EU"
        assert provision["fr"].startswith(f"art. 16, point {letters[family]})")
    assert right.withdrawal_function_from is not None
    assert right.withdrawal_function_from.isoformat() == "2026-06-19"


def test_japan_default_right_applies_only_without_displayed_terms() -> None:
    regime = regimes()["JP"]
    assert regime.right is not None and regime.right.applies == "without_displayed_terms"
    assert regime.floor_days == 0  # pages always display the merchant's return terms
