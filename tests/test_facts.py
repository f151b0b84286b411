"""The resolve stage: every derived fact computed once, from the model and the rule data."""

from __future__ import annotations

import dataclasses
import datetime
import typing
from decimal import Decimal
from pathlib import Path

import pytest
from babel.support import Translations

from generator.facts import market as facts_market
from generator.facts.market import MarketFacts, Money
from generator.facts.pages import PAGE_KINDS, plan_pages
from generator.facts.site import SiteFacts, load_and_resolve, resolve_site
from generator.facts.versions import version_pages
from generator.i18n.labels import LABELS
from generator.layout import templates_dir_for
from generator.model import market as model_market
from generator.model.catalog import Category
from generator.project.customs import crosses_customs_border
from generator.project.law import regimes
from generator.render.markdown import render_locale_pages
from tests.conftest import copy_example, set_line

REPO = Path(__file__).resolve().parent.parent
PROJECT, FACTS = load_and_resolve(REPO)


def test_every_market_is_resolved_with_its_own_values() -> None:
    assert list(FACTS.markets) == sorted(PROJECT.markets)
    for code, facts in FACTS.markets.items():
        market = PROJECT.markets[code]
        assert facts.code == code
        assert facts.window.days == market.return_window.days
        assert facts.regime == regimes()[market.law.regime]
        assert facts.hub == PROJECT.hubs[market.returns.destination]
        assert facts.cross_border == crosses_customs_border(code, facts.hub.address.country)


def test_fees_are_money_in_the_market_currency(project: Path) -> None:
    set_line(project, "policies/markets/de.yml", "  return_label_fee:",
             '  return_label_fee: "4.95"')
    facts = load_and_resolve(project)[1].markets["DE"]
    assert facts.return_label_fee == Money(Decimal("4.95"), "EUR")
    for money in (facts.return_label_fee, facts.restocking_amount,
                  facts.refund_without_return_below):
        assert money is None or money.currency == facts.currency


def test_timeline_adds_up_the_policy_stages() -> None:
    for code, facts in FACTS.markets.items():
        market = PROJECT.markets[code]
        steps = {step.key: step.offset for step in facts.timeline}
        assert steps["delivered"] == 0
        assert steps["request_by"] == market.return_window.days
        # answers and inspections come on working days, so they take at least as many days
        assert steps["ship_by"] >= (steps["request_by"] + market.process.rma.approval_days
                                    + market.returns.ship_within_days)
        assert steps["arrived"] == steps["ship_by"] + facts.transit_days
        assert steps["inspected"] >= steps["arrived"] + market.process.inspection.days
        assert steps["refunded"] == steps["inspected"] + market.refunds.processing_days
        newest = PROJECT.versions[-1].effective
        assert facts.example_delivery == newest
        assert facts.example_last_day - newest == datetime.timedelta(market.return_window.days)


def test_phone_forms_come_from_the_written_number(project: Path) -> None:
    set_line(project, "policies/markets/de.yml", "  phone:", '  phone: "+49 3012345678"')
    facts = load_and_resolve(project)[1].markets["DE"]
    assert facts.phone_e164 == "+493012345678"
    assert facts.phone_display == "+49 30 12345678"


def test_market_exceptions_override_category_defaults() -> None:
    for code, facts in FACTS.markets.items():
        market = PROJECT.markets[code]
        for rule in facts.categories:
            exception = market.categories.get(rule.id)
            expected = exception.returnable if exception else PROJECT.categories[rule.id].returnable
            assert rule.returnable == expected, (code, rule.id)
        assert {r.id for r in facts.returnable} | {r.id for r in facts.not_returnable} == set(
            PROJECT.categories)


def test_the_page_plan_is_resolved_once_for_the_site() -> None:
    markets = {code: list(f.locales) for code, f in FACTS.markets.items()}
    optional = {code: list(f.optional_pages) for code, f in FACTS.markets.items()}
    plan = plan_pages(FACTS.site.locales, markets, optional)
    assert FACTS.pages == frozenset([*plan, *version_pages(FACTS.history, plan)])
    with_form = {page.market for page in FACTS.pages if page.kind == "withdrawal_form"}
    assert with_form == {"DE", "ES", "FR", "GB", "IE", "IT"}
    for locale in FACTS.site.locales:
        assert FACTS.markets_in(locale) == [c for c, f in FACTS.markets.items()
                                            if locale in f.locales]


def test_facts_hold_no_raw_model_or_project() -> None:
    """Templates get facts only: neither a whole ``Market`` nor the ``Project`` is inside."""
    forbidden = (model_market.Market, type(PROJECT))
    for cls in (MarketFacts, SiteFacts):
        hints = typing.get_type_hints(cls)
        for name, hint in hints.items():
            assert hint not in forbidden, f"{cls.__name__}.{name} is {hint}"


def test_rendering_does_not_resolve_again(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("resolve_market called while rendering")

    monkeypatch.setattr(facts_market, "resolve_market", fail)
    rendered = render_locale_pages(FACTS, "en", templates_dir_for(REPO), Translations())
    assert "en/de/index.md" not in rendered.files  # keys are per-locale paths
    assert "de/index.md" in rendered.files


def test_statutory_periods_on_the_page_come_from_the_law_data() -> None:
    """The regime's days are data (law.yml), not words in a template."""
    de = FACTS.markets["DE"]
    assert de.regime_id == "EU" and de.statutory is not None
    rule = de.statutory.rule.model_copy(update={"days": 21, "refund_days": 9})
    changed = dataclasses.replace(de, statutory=dataclasses.replace(de.statutory, rule=rule))
    facts = dataclasses.replace(FACTS, markets={**FACTS.markets, "DE": changed})
    page = render_locale_pages(facts, "en", templates_dir_for(REPO),
                               Translations()).files["de/index.md"]
    assert "within 21 days without giving any reason" in page
    assert "No later than 9 days after the day we receive your notice" in page
    assert "within 14 days without giving any reason" not in page


def _literal_values(annotation: object) -> set[str]:
    values: set[str] = set()
    for arg in typing.get_args(annotation) or ():
        values |= _literal_values(arg)
    if typing.get_origin(annotation) is typing.Literal:
        values |= set(typing.get_args(annotation))
    return values


@pytest.mark.parametrize(("kind", "model", "field"), [
    ("payer", model_market.ShippingCosts, "change_of_mind"),
    ("window_start", model_market.ReturnWindow, "starts"),
    ("refund_method", model_market.Refunds, "methods"),
    ("method", model_market.Returns, "methods"),
    ("stage", model_market.Notification, "stage"),
    ("weekday", model_market.OpeningHours, "days"),
    ("condition", Category, "conditions"),
    ("family", Category, "family"),
])
def test_every_enumeration_value_has_a_label(kind: str, model: type, field: str) -> None:
    allowed = _literal_values(model.model_fields[field].annotation)
    assert allowed, f"{model.__name__}.{field} is not an enumeration"
    assert set(LABELS[kind]) == allowed


def test_page_kind_table_drives_search_and_sitemap(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop")
    facts = resolve_site(load_and_resolve(root)[0])
    rendered = render_locale_pages(facts, "en", templates_dir_for(root), Translations())
    for page in facts.pages:
        if page.locale != "en":
            continue
        front = rendered.files[page.source].split("\n---\n", 1)[0]
        assert ("exclude: true" in front) == (not PAGE_KINDS[page.kind].in_search), page
        assert ("robots: noindex" in front) == (not PAGE_KINDS[page.kind].in_sitemap), page


def test_every_exception_a_regime_lists_has_its_legal_wording() -> None:
    listed = {family for regime in regimes().values() if regime.right
              for family in regime.right.exceptions}
    assert listed <= set(LABELS["exception"])
    assert set(LABELS["exception"]) <= _literal_values(Category.model_fields["family"].annotation)
