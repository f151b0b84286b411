"""A fee or threshold of 0 means "none": it loads, prints nothing, and cancels a default.

The rule is the same for every fee (``shipping.return_label_fee``, ``restocking_fee.percent``,
``restocking_fee.amount``) and for ``refund_without_return_below``: 0 is read as if the field
were left out. A market file writes 0 to cancel a fee that ``policies/defaults.yml`` sets,
since an empty value (``key:``) keeps the default.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.i18n.catalogs import load_translations
from generator.layout import catalogs_for, templates_dir_for
from generator.project.load import load_project
from generator.render.markdown import render_locale_pages
from tests.conftest import facts_of, locate, set_line

DE = "policies/markets/de.yml"
DEFAULTS = "policies/defaults.yml"


def _rendered_de_policy(root: Path) -> str:
    """The German market's English policy, how-to-return and FAQ pages, joined (not its
    changelog and earlier versions, which show the fees as they were)."""
    facts = facts_of(root)
    catalogs = catalogs_for(root)
    rendered = render_locale_pages(facts, "en", templates_dir_for(root),
                                   load_translations(catalogs, "en"))
    return "\n".join(text for source, text in rendered.files.items() if source.startswith("de/")
                     and not source.startswith("de/v/") and source != "de/changes.md")


def _with_restocking_fee(root: Path, yaml_value: str) -> None:
    set_line(root, DE, "refund_without_return_below:",
             f'refund_without_return_below: "5.00"\nrestocking_fee: {yaml_value}')


@pytest.mark.parametrize("value", ['"0"', '"0.00"'])
def test_a_zero_return_label_fee_is_no_fee(project: Path, value: str) -> None:
    set_line(project, DE, "  change_of_mind:", "  change_of_mind: customer")
    set_line(project, DE, "  return_label_fee:", f"  return_label_fee: {value}")
    assert facts_of(project).markets["DE"].return_label_fee is None
    assert "deducted from your refund if you use our label" not in _rendered_de_policy(project)


def test_a_zero_refund_without_return_threshold_is_none(project: Path) -> None:
    set_line(project, DE, "refund_without_return_below:", 'refund_without_return_below: "0"')
    assert facts_of(project).markets["DE"].refund_without_return_below is None
    assert "without sending the item" not in _rendered_de_policy(project)


@pytest.mark.parametrize("value", ['{percent: "0"}', '{amount: "0"}', '{amount: "0.00"}',
                                   '{percent: "0", amount: "0"}'])
def test_a_zero_restocking_fee_is_no_fee(project: Path, value: str) -> None:
    _with_restocking_fee(project, value)
    market = facts_of(project).markets["DE"]
    assert (market.restocking_percent, market.restocking_amount) == (None, None)
    assert "restocking fee" not in _rendered_de_policy(project)


def test_a_market_cancels_a_default_restocking_fee_with_zero(project: Path) -> None:
    set_line(project, DEFAULTS, "refunds:", 'restocking_fee:\n  percent: "10"\n\nrefunds:')
    assert facts_of(project).markets["DE"].restocking_percent == 10  # the default applies
    _with_restocking_fee(project, '{percent: "0"}')
    market = facts_of(project).markets["DE"]
    assert (market.restocking_percent, market.restocking_amount) == (None, None)


def test_a_market_swaps_a_default_percent_for_an_amount(project: Path) -> None:
    set_line(project, DEFAULTS, "refunds:", 'restocking_fee:\n  percent: "10"\n\nrefunds:')
    _with_restocking_fee(project, '{percent: "0", amount: "2.50"}')
    market = facts_of(project).markets["DE"]
    assert market.restocking_percent is None
    assert market.restocking_amount is not None
    assert str(market.restocking_amount.amount) == "2.50"


@pytest.mark.parametrize("value", ["{}", '{percent: "10", amount: "2.50"}'])
def test_a_restocking_fee_still_needs_exactly_one_charge(project: Path, value: str) -> None:
    _with_restocking_fee(project, value)
    text = (project / DE).read_text(encoding="utf-8")
    line, column = locate(text, "restocking_fee:")
    with pytest.raises(ContentError) as caught:
        load_project(project)
    assert [str(p) for p in caught.value.problems] == [
        f"{DE}:{line}:{column}: markets.DE.restocking_fee: give either percent or amount, not "
        "both or neither"]


@pytest.mark.parametrize(("field", "value"), [("  return_label_fee:", "-1"),
                                              ("refund_without_return_below:", "-1")])
def test_negative_amounts_are_still_rejected(project: Path, field: str, value: str) -> None:
    set_line(project, DE, field, f'{field} "{value}"')
    with pytest.raises(ContentError):
        load_project(project)
