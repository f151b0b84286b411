"""The checker's oracle (facts/eligibility.py), its rules as JSON and its page's data block.

Deadlines are checked the day before, on and after each last day, for the statutory right and
the merchant's window, across a season and with business days; the browser test holds the
page's script to the same answers.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.support import Translations

from generator.facts.checker_rules import rules_json
from generator.facts.eligibility import (
    MEETS,
    Answer,
    answer,
    answer_order,
    asks_order_date,
    governing_facts,
    input_problem,
    market_versions,
    needs_order_date,
    today_in,
)
from generator.facts.market import MarketFacts, Money
from generator.facts.pages import PAGE_KINDS
from generator.facts.site import load_and_resolve
from generator.layout import templates_dir_for
from generator.render.markdown import render_locale_pages
from tests.conftest import copy_example, edit

REPO = Path(__file__).resolve().parent.parent
_, FACTS = load_and_resolve(REPO)
DE, SA, JP, MX = (FACTS.markets[code] for code in ("DE", "SA", "JP", "MX"))
D = datetime.date.fromisoformat
DATA = re.compile(r'<script type="application/json" id="ps-checker-data">(.*?)</script>')


def ask(facts: MarketFacts, today: str, category: str = "apparel", delivered: str = "2026-03-02",
        ordered: str | None = "2026-02-27", condition: str = "as_delivered",
        reason: str = "changed_mind") -> dict[str, object]:
    return answer(facts, category, D(delivered), D(ordered) if ordered else None,
                  condition, reason, D(today)).as_json()  # type: ignore[arg-type]


@pytest.mark.parametrize(("today", "left", "possible"), [
    ("2026-03-15", 1, True), ("2026-03-16", 0, True), ("2026-03-17", -1, False)])
def test_statutory_right_ends_on_its_last_day(today: str, left: int, possible: bool) -> None:
    statutory = ask(DE, today)["statutory"]
    assert statutory == {"possible": possible, "lastDay": "2026-03-16", "daysLeft": left,
                         "whyNot": None if possible else "expired"}


@pytest.mark.parametrize(("today", "possible"), [
    ("2026-03-31", True), ("2026-04-01", True), ("2026-04-02", False)])
def test_policy_window_ends_on_its_last_day(today: str, possible: bool) -> None:
    reply = ask(DE, today)
    policy = reply["policy"]
    assert isinstance(policy, dict)
    assert (policy["lastDay"], policy["possible"]) == ("2026-04-01", possible)
    # After the statutory period the merchant's policy is the only way back, with its label fee.
    assert reply["nextSteps"] == (["rma"] if possible else ["contact"])
    assert reply["fees"] == (["label_fee"] if possible else [])


def test_extended_window_and_season_only_lengthen() -> None:
    shoes = ask(DE, "2026-04-20", category="shoes")["policy"]
    assert shoes == {"possible": True, "lastDay": "2026-05-01", "daysLeft": 11, "whyNot": None}
    # Ordered inside the season (15 Nov – 31 Dec 2026): until 31 January 2027.
    season = ask(DE, "2027-01-31", delivered="2026-12-20", ordered="2026-12-18")["policy"]
    assert season == {"possible": True, "lastDay": "2027-01-31", "daysLeft": 0, "whyNot": None}
    after = ask(DE, "2027-02-01", delivered="2026-12-20", ordered="2026-12-18")["policy"]
    assert after == {"possible": False, "lastDay": "2027-01-31", "daysLeft": -1,
                     "whyNot": "expired"}
    # Ordered the day before the season starts: the normal 30 days.
    before = ask(DE, "2026-12-15", delivered="2026-11-16", ordered="2026-11-14")["policy"]
    assert before == {"possible": True, "lastDay": "2026-12-16", "daysLeft": 1, "whyNot": None}
    # Shoes in the season: 60 days from delivery end later than the season's day, and count.
    shoes_season = ask(DE, "2027-01-01", category="shoes", delivered="2026-12-20",
                       ordered="2026-12-18")["policy"]
    assert isinstance(shoes_season, dict) and shoes_season["lastDay"] == "2027-02-18"


def test_business_days_skip_weekends_and_the_markets_holidays() -> None:
    # Thursday 12 November 2026; Monday 16 November is Mexico's Revolution Day holiday.
    assert D("2026-11-16") in MX.statutory.calendar.holidays_in(2026)  # type: ignore[union-attr]
    statutory = ask(MX, "2026-11-20", delivered="2026-11-12", ordered=None)["statutory"]
    assert statutory == {"possible": True, "lastDay": "2026-11-20", "daysLeft": 0,
                         "whyNot": None}
    late = ask(MX, "2026-11-21", delivered="2026-11-12", ordered=None)["statutory"]
    assert isinstance(late, dict) and late["whyNot"] == "expired"


def test_categories_and_conditions_per_layer() -> None:
    engraved = ask(DE, "2026-03-03", category="engraved-jewellery")
    assert engraved["policy"] == {"possible": False, "lastDay": "2026-04-01", "daysLeft": 29,
                                  "whyNot": "category"}
    assert isinstance(engraved["statutory"], dict)
    assert engraved["statutory"]["whyNot"] == "excluded"
    assert engraved["nextSteps"] == ["contact"]
    # Sealed skincare: the merchant takes it back only sealed.
    opened = ask(DE, "2026-03-03", category="skincare", condition="opened")
    assert isinstance(opened["policy"], dict) and opened["policy"]["whyNot"] == "condition"
    assert isinstance(opened["statutory"], dict) and opened["statutory"]["possible"]


def test_a_hygiene_exception_excludes_only_an_unsealed_item() -> None:
    rule = next(r for r in SA.categories if r.id == "skincare")
    assert rule.legal_basis and rule.family == "sealed_hygiene"
    sealed = ask(SA, "2026-03-03", category="skincare", ordered=None)["statutory"]
    assert isinstance(sealed, dict) and sealed["possible"]
    opened = ask(SA, "2026-03-03", category="skincare", condition="opened", ordered=None)
    assert isinstance(opened["statutory"], dict)
    assert opened["statutory"]["whyNot"] == "excluded"
    # Saudi Arabia's right itself requires an unused product.
    assert SA.statutory and SA.statutory.rule.conditions == ["unused"]
    used = ask(SA, "2026-03-03", condition="used", ordered=None)["statutory"]
    assert isinstance(used, dict) and used["whyNot"] == "condition"


@pytest.mark.parametrize("reason", ["defective", "wrong_item"])
def test_faulty_items_always_go_back_at_our_cost(reason: str) -> None:
    reply = ask(JP, "2027-06-01", category="snacks", condition="used", ordered=None,
                reason=reason)
    assert reply["policy"] == {"possible": True, "lastDay": None, "daysLeft": None,
                               "whyNot": None}
    assert reply["payer"] == JP.shipping.defective_or_wrong == "merchant"
    assert reply["fees"] == [] and reply["deliveryChargeRefunded"] is True
    assert reply["customs"] is JP.cross_border is True
    assert reply["statutory"] is None


def test_fees_for_a_change_of_mind() -> None:
    jp = ask(JP, "2026-03-05", ordered=None)
    assert (jp["payer"], jp["fees"], jp["exchange"]) == ("customer", ["label_fee", "restocking"],
                                                         False)
    # A restocking fee applies only after the statutory period.
    de = dataclasses.replace(DE, restocking_amount=Money(Decimal("3"), "EUR"))
    assert ask(de, "2026-03-16")["fees"] == ["label_fee"]
    assert ask(de, "2026-03-17")["fees"] == ["label_fee", "restocking"]


def test_dates_that_cannot_be_answered() -> None:
    today = D("2026-03-10")
    assert needs_order_date(DE) and not needs_order_date(JP)
    assert input_problem(DE, D("2026-03-01"), None, today) == "ordered_missing"
    assert input_problem(JP, D("2026-03-11"), None, today) == "delivered_future"
    assert input_problem(JP, D("2026-03-01"), D("2026-03-02"), today) == "ordered_after_delivery"
    assert input_problem(JP, D("2026-03-10"), D("2026-03-10"), today) is None
    with pytest.raises(ValueError, match="delivered_future"):
        ask(JP, "2026-03-10", delivered="2026-03-11", ordered=None)
    with pytest.raises(ValueError, match="unknown category"):
        ask(JP, "2026-03-10", category="nothing", ordered=None)


def test_today_is_the_markets_calendar_day_across_daylight_saving_changes() -> None:
    utc = datetime.UTC
    # 28 March 2026, 23:30 UTC: Berlin (UTC+1 until 02:00) is already at 00:30 on the 29th.
    assert today_in("Europe/Berlin", datetime.datetime(2026, 3, 28, 23, 30, tzinfo=utc)) == D(
        "2026-03-29")
    # 24 October 2026, 22:30 UTC: Berlin still on summer time (UTC+2) is at 00:30 on the 25th.
    assert today_in("Europe/Berlin", datetime.datetime(2026, 10, 24, 22, 30, tzinfo=utc)) == D(
        "2026-10-25")
    assert today_in("Europe/Berlin", datetime.datetime(2026, 10, 25, 22, 30, tzinfo=utc)) == D(
        "2026-10-25")
    assert today_in("America/Los_Angeles", datetime.datetime(2026, 3, 8, 7, 30, tzinfo=utc)) == D(
        "2026-03-07")


def test_rules_json_states_the_facts_windows() -> None:
    for facts in FACTS.markets.values():
        rules = rules_json(facts, "en")
        json.dumps(rules, allow_nan=False)  # plain JSON
        for rule in facts.categories:
            start = D("2026-05-04")
            assert start + datetime.timedelta(days=rules["categories"][rule.id]["days"]) == (
                facts.last_request_day(start, None, rule.id))
        assert rules["conditions"] == {state: sorted(met) for state, met in MEETS.items()}
        assert (rules["statutory"] is None) == (facts.statutory is None)
    de = rules_json(DE, "de_DE")
    assert (de["labelFee"], de["keepItBelow"], de["timeZone"]) == ("4,95\xa0€", "5,00\xa0€",
                                                                   "Europe/Berlin")
    mx = rules_json(MX, "es_MX")["statutory"]
    assert mx["businessDays"] and "2026-11-16" in mx["calendar"]["holidays"]
    assert mx["calendar"]["years"] == [DE.example_delivery.year - 1,
                                       DE.example_delivery.year + 3]


def test_checker_page_in_every_market_and_locale_linked_from_the_policy() -> None:
    kind = PAGE_KINDS["checker"]
    assert kind.per_market and kind.in_search and kind.in_sitemap and not kind.in_nav
    pages = {(p.locale, p.market) for p in FACTS.pages if p.kind == "checker"}
    assert pages == {(p.locale, p.market) for p in FACTS.pages if p.kind == "policy"}
    files = render_locale_pages(FACTS, "en", templates_dir_for(REPO), Translations()).files
    assert "[Check whether you can still return your item](checker.md)" in files["de/index.md"]
    page = files["de/checker.md"]
    assert '<form id="ps-checker" class="ps-checker" hidden novalidate>' in page
    from generator.site.mkdocs_project import base_config
    assert "assets/policysite-checker.js" in base_config()["extra_javascript"]
    data = json.loads(DATA.search(page).group(1))  # type: ignore[union-attr]
    assert data["rules"] == rules_json(DE, "en_DE")
    assert data["links"]["model_form"] == "../withdrawal-form/"
    assert data["text"]["excluded"]["engraved-jewellery"].startswith(
        "This right does not cover goods made to your specifications")


def test_merchant_text_cannot_end_the_data_block(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de",))
    edit(root, "policies/defaults.yml", "en: Open the TikTok Shop app,",
         "en: </script><script>alert(1)</script> Open the TikTok Shop app,")
    _, facts = load_and_resolve(root)
    page = render_locale_pages(facts, "en", templates_dir_for(root),
                               Translations()).files["de/checker.md"]
    block = DATA.search(page)
    assert block is not None and "<" not in block.group(1)
    how = json.loads(block.group(1))["text"]["rma_how"]
    assert how.startswith("</script><script>alert(1)</script> Open the TikTok Shop app,")


# -- the version in force on the order date ----------------------------------------------------


def test_an_order_follows_the_version_in_force_on_its_order_date() -> None:
    """Germany's 2025 holiday season (orders to 15 December, returns by 15 January 2026)
    belongs to version 2025.2; the current version's season is 2026's."""
    history = FACTS.history
    ordered, delivered = datetime.date(2025, 12, 10), datetime.date(2025, 12, 12)
    governing = governing_facts(history, "DE", ordered, "apparel")
    assert governing is history["2025.2"].markets["DE"]
    reply = answer_order(history, "DE", "apparel", delivered, ordered, "as_delivered",
                         "changed_mind", datetime.date(2026, 1, 14))
    assert isinstance(reply, Answer) and reply.policy.possible
    assert reply.policy.last_day == datetime.date(2026, 1, 15)
    # Under today's rules the same order would have had only the normal 30 days.
    today_rules = answer(FACTS.markets["DE"], "apparel", delivered, ordered, "as_delivered",
                         "changed_mind", datetime.date(2026, 1, 14))
    assert today_rules.policy.last_day == delivered + datetime.timedelta(days=30)


def test_the_order_date_is_asked_where_versions_differ() -> None:
    history = FACTS.history
    assert not needs_order_date(FACTS.markets["GB"])  # no season, window from delivery
    assert asks_order_date(history, "GB")  # but three versions governed GB orders
    day = FACTS.markets["GB"].example_delivery
    assert answer_order(history, "GB", "apparel", day, None, "as_delivered", "changed_mind",
                        day) == "ordered_missing"
    assert answer_order(history, "GB", "apparel", None, None, "as_delivered", "changed_mind",
                        day) == "delivered_missing"


def test_an_order_before_a_markets_first_version_follows_its_first() -> None:
    history = FACTS.history
    first = market_versions(history, "MY")[0]
    assert first.id != history.versions[0].id  # Malaysia joined later
    before = history.versions[0].version.effective
    assert governing_facts(history, "MY", before) is first.markets["MY"]
    assert governing_facts(history, "MY", None) is FACTS.markets["MY"]
