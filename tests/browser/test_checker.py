"""The eligibility checker in Chromium gives the Python oracle's answers (facts/eligibility.py).

The script's own function is called through ``page.evaluate`` on a table of cases for every
market of the test site (with the rules the built page carries) and of the whole example (with
``rules_json``: Mexico's business days and holidays): dates the day before, on and after each
deadline, across a season and across a daylight-saving change in the market's time zone, for
every category, condition and reason. The visible form is then driven for a few answers, with
the browser's clock and time zone set so that its day differs from the market's. The browser
runs in another time zone than any market, so no answer can lean on the browser's own.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.support import Translations

from generator.commands.browser import phone_context
from generator.facts.checker_rules import rules_json
from generator.facts.eligibility import (
    ITEM_CONDITIONS,
    REASONS,
    answer,
    answer_order,
    governing_facts,
    input_problem,
    market_versions,
    today_in,
)
from generator.facts.market import MarketFacts
from generator.facts.pages import PageRef
from generator.facts.site import load_and_resolve, resolve_site
from generator.i18n.regional import format_locale
from generator.render.checker import checker_data
from tests.browser.conftest import RECORD_VIOLATIONS, Site, visit

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent.parent
BROWSER_ZONE = "Pacific/Chatham"  # UTC+12:45 / +13:45: no market's day, no market's DST
DAY = datetime.timedelta(days=1)
# Tables go in and out as one JSON text: Playwright serialises big structures slowly.
ANSWER = """(table) => { const [rules, cases] = JSON.parse(table);
  return JSON.stringify(cases.map((c) => window.PolicysiteChecker.answer(rules, c))); }"""
TODAY = "([zone, instants]) => instants.map((ms) => window.PolicysiteChecker.todayIn(zone, " \
        "new Date(ms)))"


def checker_path(facts: MarketFacts, site_locales: list[str]) -> str:
    locale = next(locale for locale in site_locales if locale in facts.locales)
    return PageRef(locale, "checker", facts.code).site_path()


def dst_changes(zone: str, year: int) -> list[datetime.datetime]:
    """The instants (UTC) at which ``zone`` changes its offset in ``year``."""
    tz = ZoneInfo(zone)
    start = datetime.datetime(year, 1, 1, tzinfo=datetime.UTC)
    changes = []
    hour = datetime.timedelta(hours=1)
    for step in range(366 * 24):
        before, after = start + step * hour, start + (step + 1) * hour
        if before.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset():
            changes.append(after)
    return changes


def deliveries(facts: MarketFacts) -> list[tuple[datetime.date, datetime.date | None]]:
    """(delivered, ordered): an ordinary one; one whose periods span each daylight-saving
    change of the market's zone, or each public holiday of a period in business days; orders
    on and around each season's first and last day (delivered the same day, where the normal
    window ends before the season's day, and later)."""
    base = facts.example_delivery
    pairs: list[tuple[datetime.date, datetime.date | None]] = [(base, base - 3 * DAY)]
    for change in dst_changes(facts.time_zone, base.year):
        day = change.astimezone(ZoneInfo(facts.time_zone)).date()
        pairs.append((day - 5 * DAY, day - 8 * DAY))
    right = facts.statutory
    if right is not None and right.rule.business_days:  # periods that span a public holiday
        pairs += [(day - 2 * DAY, day - 4 * DAY) for day in right.calendar.holidays_in(base.year)]
    for season in facts.seasonal_overrides:
        for ordered in (season.start - DAY, season.start, season.end, season.end + DAY):
            pairs += [(ordered, ordered), (ordered + 2 * DAY, ordered)]
    return pairs


def cases(facts: MarketFacts) -> Iterator[dict[str, str]]:
    """Every category × condition × reason, on the days around each of its deadlines."""
    for delivered, ordered in deliveries(facts):
        for category in (rule.id for rule in facts.categories):
            start = ordered if facts.window.starts == "order" and ordered else delivered
            days = {delivered, facts.last_request_day(start, ordered, category)}
            if facts.statutory:
                days.add(facts.statutory.last_notice_day(delivered))
            todays = sorted({day + shift * DAY for day in days for shift in (-1, 0, 1)})
            for today in todays:
                for condition in ITEM_CONDITIONS:
                    for reason in REASONS:
                        yield {"category": category, "condition": condition, "reason": reason,
                               "delivered": delivered.isoformat(),
                               "ordered": ordered.isoformat() if ordered else "",
                               "today": today.isoformat()}
    # Dates the page must refuse.
    base = facts.example_delivery
    for delivered, ordered, today in ((base, "", base), (base + DAY, base, base),
                                      (base, base + DAY, base + DAY)):
        yield {"category": facts.categories[0].id, "condition": "as_delivered",
               "reason": "changed_mind", "delivered": delivered.isoformat(),
               "ordered": ordered if isinstance(ordered, str) else ordered.isoformat(),
               "today": today.isoformat()}
    yield {"category": facts.categories[0].id, "condition": "as_delivered",
           "reason": "changed_mind", "delivered": "", "ordered": "", "today": base.isoformat()}


def oracle(facts: MarketFacts, case: dict[str, str]) -> dict[str, Any]:
    def day(text: str) -> datetime.date | None:
        return datetime.date.fromisoformat(text) if text else None

    delivered, ordered, today = day(case["delivered"]), day(case["ordered"]), day(case["today"])
    assert today is not None
    problem = input_problem(facts, delivered, ordered, today)
    if problem is not None:
        return {"error": problem}
    assert delivered is not None
    return answer(facts, case["category"], delivered, ordered, case["condition"],  # type: ignore[arg-type]
                  case["reason"], today).as_json()  # type: ignore[arg-type]


def compare(page: Any, facts: MarketFacts, rules: dict[str, Any]) -> int:
    table = list(cases(facts))
    got = json.loads(page.evaluate(ANSWER, json.dumps([rules, table])))
    wrong = [(case, expected, actual) for case, expected, actual
             in zip(table, (oracle(facts, case) for case in table), got, strict=True)
             if expected != actual]
    assert not wrong, f"{facts.code}: {len(wrong)} of {len(table)} differ, e.g. " + json.dumps(
        wrong[:3], indent=1)
    return len(table)


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    context = phone_context(browser, timezone_id=BROWSER_ZONE)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def test_script_answers_as_the_oracle_in_every_market_of_the_site(context: Any,
                                                                 site: Site) -> None:
    facts = resolve_site(site.project)
    total = 0
    for code, market in facts.markets.items():
        page_visit = visit(context, site.url(checker_path(market, site.project.site.locales)))
        page = page_visit.page
        rules = json.loads(page.locator("#ps-checker-data").text_content())["rules"]
        total += compare(page, market, rules)
        assert page_visit.console_errors == page_visit.page_errors == [], code
        assert page_visit.csp_violations() == [], code
        page.close()
    assert total > 5_000  # the table is not empty by accident


def test_script_answers_as_the_oracle_for_every_example_market(context: Any,
                                                              site: Site) -> None:
    """The whole example through the rules the page would carry: Mexico counts its 5 days
    of revocation in business days, around its public holidays."""
    _, example = load_and_resolve(REPO)
    assert any(m.statutory and m.statutory.rule.business_days for m in example.markets.values())
    page = visit(context, site.url(site.samples("en")["checker"])).page
    for code, market in example.markets.items():
        compare(page, market, rules_json(market, format_locale(market.locales[0], code)))
    page.close()


def test_today_is_the_markets_day_across_daylight_saving_changes(context: Any,
                                                                site: Site) -> None:
    page = visit(context, site.url(site.samples("en")["checker"])).page
    _, example = load_and_resolve(REPO)
    half_hour = datetime.timedelta(minutes=30)
    for zone in sorted({market.time_zone for market in example.markets.values()}):
        year = 2026
        moments = dst_changes(zone, year) or [datetime.datetime(year, 6, 1, tzinfo=datetime.UTC)]
        instants = [moment + step * half_hour for moment in moments for step in range(-60, 61)]
        got = page.evaluate(TODAY, [zone, [int(i.timestamp() * 1000) for i in instants]])
        expected = [today_in(zone, instant).isoformat() for instant in instants]
        assert got == expected, zone
    page.close()


def _form(page: Any) -> dict[str, Any]:
    return {name: page.locator(f"#ps-{name}") for name in
            ("category", "condition", "reason", "delivered", "ordered")}


def test_the_form_by_keyboard_in_the_markets_day_without_a_request(browser: Any,
                                                                   site: Site) -> None:
    # 23:30 UTC on 28 March 2026: already the 29th in Berlin, still the 28th in Los Angeles.
    context = phone_context(browser, timezone_id="America/Los_Angeles")
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC))
        page.goto(site.url(PageRef("en", "checker", "DE").site_path()), wait_until="networkidle")
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        data = json.loads(page.locator("#ps-checker-data").text_content())
        assert page.locator("#ps-checker").is_visible()
        assert page.locator("#ps-delivered").get_attribute("max") == "2026-03-29"
        fields = _form(page)
        fields["category"].select_option("apparel")
        fields["delivered"].fill("2026-03-15")
        fields["ordered"].fill("2026-03-12")
        page.locator("#ps-checker button[type=submit]").focus()
        page.keyboard.press("Enter")
        result = page.locator("#ps-checker-result")
        text = result.inner_text()
        # The right's 14 days from 15 March end on the 29th: Berlin's today.
        assert data["text"]["statutory_heading"] in text
        assert data["text"]["today_last"] in text
        assert "Days left after today: 16" in text  # our 30 days: 14 April
        assert data["text"]["label_fee"] in text
        assert page.locator("#ps-checker-result a[href='../withdrawal-form/']").count() == 1
        # A delivery after Berlin's today is refused, and focus goes back to the date.
        fields["delivered"].fill("2026-03-30")
        page.locator("#ps-checker button[type=submit]").click()
        assert result.inner_text().strip() == data["text"]["errors"]["delivered_future"]
        assert fields["delivered"].get_attribute("aria-invalid") == "true"
        assert page.evaluate("document.activeElement.id") == "ps-delivered"
        assert requests == []
        assert page.evaluate("window.__psViolations") == []
    finally:
        context.close()


def test_the_form_for_a_faulty_item_across_a_border(browser: Any, site: Site) -> None:
    context = phone_context(browser, locale="ja-JP", timezone_id=BROWSER_ZONE)
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(datetime.datetime(2026, 9, 1, 3, 0, tzinfo=datetime.UTC))
        page.goto(site.url(PageRef("ja", "checker", "JP").site_path()), wait_until="networkidle")
        data = json.loads(page.locator("#ps-checker-data").text_content())
        fields = _form(page)
        fields["category"].select_option("snacks")
        fields["condition"].select_option("used")
        fields["reason"].select_option("defective")
        fields["delivered"].fill("2026-01-10")
        assert data["asksOrderDate"]  # Japan's orders were governed by three policy versions
        fields["ordered"].fill("2026-01-06")
        page.locator("#ps-checker button[type=submit]").click()
        text = page.locator("#ps-checker-result").inner_text()
        for key in ("faulty", "customs", "step_rma", "rma_how"):
            assert data["text"][key] in text, key
        assert data["text"]["payer"]["merchant"] in text
        assert page.locator("#ps-checker-result a[href='../how-to-return/#customs']").count() == 1
        assert page.evaluate("window.__psViolations") == []
    finally:
        context.close()


def test_without_javascript_the_page_says_how_to_find_out(browser: Any, site: Site) -> None:
    context = phone_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(PageRef("en", "checker", "DE").site_path()))
        assert not page.locator("#ps-checker").is_visible()
        text = page.locator(".md-content").inner_text()
        assert "30 days to ask for a return" in text and "withdraw" in text
        assert page.locator(".md-content a[href='../']").count() >= 1  # the policy page
        assert page.locator(".md-content a[href='../contact/']").count() >= 1
    finally:
        context.close()


ANSWER_ORDER = """(table) => { const [data, cases] = JSON.parse(table);
  return JSON.stringify(cases.map((c) => window.PolicysiteChecker.answerOrder(data, c))); }"""


def version_cases(history: Any, code: str) -> Iterator[dict[str, str]]:
    """Orders around each version's first day and each version's seasons, in every current
    category, changed mind and faulty, on the days around the governing version's last day."""
    current = history.newest.markets[code]
    orders: set[datetime.date] = set()
    for version in market_versions(history, code):
        first = version.version.effective
        orders |= {first - DAY, first, first + DAY}
        for season in version.markets[code].seasonal_overrides:
            orders |= {season.start, season.end, season.end + DAY}
    for ordered in sorted(orders):
        delivered = ordered + 2 * DAY
        for rule in current.categories:
            facts = governing_facts(history, code, ordered, rule.id)
            start = ordered if facts.window.starts == "order" else delivered
            last = facts.last_request_day(start, ordered, rule.id)
            for today in (delivered, last - DAY, last, last + DAY):
                for reason in ("changed_mind", "defective"):
                    yield {"category": rule.id, "condition": "as_delivered", "reason": reason,
                           "delivered": delivered.isoformat(), "ordered": ordered.isoformat(),
                           "today": today.isoformat()}
    day = current.example_delivery.isoformat()
    yield {"category": current.categories[0].id, "condition": "as_delivered",
           "reason": "changed_mind", "delivered": day, "ordered": "", "today": day}


def version_oracle(history: Any, code: str, case: dict[str, str]) -> dict[str, Any]:
    def day(text: str) -> datetime.date | None:
        return datetime.date.fromisoformat(text) if text else None

    today = day(case["today"])
    assert today is not None
    reply = answer_order(history, code, case["category"], day(case["delivered"]),
                         day(case["ordered"]), case["condition"],  # type: ignore[arg-type]
                         case["reason"], today)  # type: ignore[arg-type]
    return {"error": reply} if isinstance(reply, str) else reply.as_json()


def test_script_follows_the_version_in_force_on_the_order_date(context: Any,
                                                              site: Site) -> None:
    """The page carries every version's rules for its market; an order is answered by the
    version in force on its order date, as ``eligibility.answer_order`` does."""
    _, example = load_and_resolve(REPO)
    history = example.history
    page = visit(context, site.url(site.samples("en")["checker"])).page
    checked = 0
    for code in ("DE", "GB", "MX", "MY"):
        market = example.markets[code]
        locale = market.locales[0]
        data = json.loads(str(checker_data(
            market, history, PageRef(locale, "checker", code.lower()),
            format_locale(locale, code), Translations(),
            lambda text: text.get("en") or next(iter(text.values())), "X")))
        assert len(data["versions"]) == len(market_versions(history, code)) - 1
        table = list(version_cases(history, code))
        got = json.loads(page.evaluate(ANSWER_ORDER, json.dumps([data, table])))
        wrong = [(case, expected, actual) for case, expected, actual in zip(
            table, (version_oracle(history, code, case) for case in table), got, strict=True)
            if expected != actual]
        assert not wrong, f"{code}: {len(wrong)} of {len(table)} differ, e.g. " + json.dumps(
            wrong[:2], indent=1)
        checked += len(table)
    assert checked > 500
    page.close()
