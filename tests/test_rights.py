"""The legal layer: statutory rights computed from law.yml, kept apart from the merchant's policy.

Property tests over dates check that deadlines follow the rule data and that seasons never
shorten a window; rule tests check each law rule at and just past its boundary; a scan of every
rendered locale checks that no commercial condition is printed inside the statutory section.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.escape import md_escape
from generator.facts.site import load_and_resolve
from generator.i18n.catalogs import load_translations
from generator.i18n.labels import LABELS
from generator.layout import catalogs_for, templates_dir_for
from generator.model.market import SeasonalOverride
from generator.project.load import load_project
from generator.render.markdown import render_locale_pages
from tests.conftest import copy_example, edit, set_line

REPO = Path(__file__).resolve().parent.parent
PROJECT, FACTS = load_and_resolve(REPO)
WITH_RIGHT = sorted(code for code, f in FACTS.markets.items() if f.statutory)
DAY = datetime.timedelta(days=1)
dates = st.dates(datetime.date(2025, 1, 1), datetime.date(2029, 12, 31))


def test_markets_with_a_statutory_right_are_the_ones_the_law_gives_one() -> None:
    assert WITH_RIGHT == ["BR", "DE", "ES", "FR", "GB", "IE", "IT", "MX", "SA"]
    assert FACTS.markets["JP"].statutory is None  # 返品特約 are displayed: no 8-day default


# -- deadlines ----------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(WITH_RIGHT), delivered=dates, wait=st.integers(0, 30))
def test_statutory_deadlines_follow_the_rule_data(code: str, delivered: datetime.date,
                                                  wait: int) -> None:
    right = FACTS.markets[code].statutory
    assert right is not None
    rule = right.rule
    last = right.last_notice_day(delivered)
    if rule.business_days:  # exactly `days` business days after delivery, ending on one
        counted = [delivered + n * DAY for n in range(1, (last - delivered).days + 1)]
        assert sum(map(right.calendar.is_business_day, counted)) == rule.days
        assert right.calendar.is_business_day(last)
    else:
        assert last == delivered + rule.days * DAY
    notice = min(delivered + wait * DAY, last)  # any day the notice can be given
    refund = right.refund_deadline(notice)
    if rule.refund_days is None:
        assert refund is None
        return
    assert refund is not None
    latest_goods = notice + (rule.goods_back_within_days or 0) * DAY
    allowed = {"notice": notice, "goods_back_or_proof": latest_goods,
               "return_received": latest_goods + right.transit_days * DAY}
    assert rule.refund_counted_from is not None
    assert refund == allowed[rule.refund_counted_from] + rule.refund_days * DAY


@settings(max_examples=60, deadline=None)
@given(code=st.sampled_from(WITH_RIGHT), delivered=dates)
def test_statutory_timeline_never_states_a_later_refund_than_the_law(
        code: str, delivered: datetime.date) -> None:
    right = FACTS.markets[code].statutory
    assert right is not None
    steps = {step.key: delivered + step.offset * DAY for step in right.timeline(delivered)}
    offsets = [step.offset for step in right.timeline(delivered)]
    assert offsets == sorted(offsets)
    assert steps["notice_by"] == right.last_notice_day(delivered)
    if "refund_by" in steps:
        assert steps["refund_by"] == right.refund_deadline(steps["notice_by"])
    else:
        assert right.rule.refund_days is None


@settings(max_examples=80, deadline=None)
@given(delivered=dates, ordered_before=st.integers(0, 20), start=dates,
       length=st.integers(0, 60), extra=st.integers(-40, 90))
def test_a_season_never_gives_fewer_days_than_the_window(
        delivered: datetime.date, ordered_before: int, start: datetime.date, length: int,
        extra: int) -> None:
    de = FACTS.markets["DE"]
    end = start + length * DAY
    season = SeasonalOverride.model_validate({
        "name": {"en": "Season"}, "start": start.isoformat(), "end": end.isoformat(),
        "return_by": (end + extra * DAY).isoformat()})
    facts = dataclasses.replace(de, seasonal_overrides=(season,))
    ordered = delivered - ordered_before * DAY
    last = facts.last_request_day(delivered, ordered)
    assert last >= delivered + de.window.days * DAY
    if start <= ordered <= end:
        assert last >= season.return_by


def test_extended_category_windows_lengthen_only_their_categories() -> None:
    de = FACTS.markets["DE"]
    delivered = datetime.date(2026, 3, 2)
    assert de.last_request_day(delivered, category="shoes") == delivered + 60 * DAY
    assert de.last_request_day(delivered, category="apparel") == delivered + 30 * DAY


def test_commercial_timeline_counts_transit_to_the_hub() -> None:
    for facts in FACTS.markets.values():
        steps = {step.key: step.offset for step in facts.timeline}
        assert steps["arrived"] - steps["ship_by"] == facts.transit_days
        assert steps["inspected"] > steps["arrived"]


# -- rules of check -----------------------------------------------------------------------------

def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(problem) for problem in info.value.problems]


def test_window_at_the_floor_passes_and_one_day_below_fails(project: Path) -> None:
    set_line(project, "policies/markets/de.yml", "  days: 30", "  days: 14")
    load_project(project)
    set_line(project, "policies/markets/de.yml", "  days: 14", "  days: 13")
    found = problems(project)
    assert any("markets.DE.return_window.days: 13 days is shorter than the 14-day" in p
               for p in found), found


def test_business_day_floor_counts_weekends_and_holidays(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("mx",))
    set_line(root, "policies/markets/mx.yml", "  days: 14", "  days: 5")
    found = problems(root)
    assert any("5 days can end before the 5-business-day statutory period" in p
               for p in found), found


@pytest.mark.parametrize(("effective", "required"), [("2026-06-18", False),
                                                     ("2026-06-19", True)])
def test_withdrawal_function_is_required_from_19_june_2026(
        project: Path, effective: str, required: bool) -> None:
    edit(project, "policies/markets/de.yml",
         'withdrawal_function: {url: "https://shop.marumori.example/de/withdraw"}\n', "")
    set_line(project, "policies/versions.yml", "    effective: 2026-06-19",
             f"    effective: {effective}")
    if not required:
        assert load_project(project).markets["DE"].withdrawal_function is None
        return
    found = problems(project)
    assert any("policies/markets/de.yml:" in p and "markets.DE.law:" in p
               and "needs an online withdrawal function" in p for p in found), found


def test_excluding_a_category_needs_an_exception_of_the_regime(project: Path) -> None:
    edit(project, "policies/markets/de.yml", "  clearance:\n    returnable: true\n",
         "  clearance:\n    returnable: false\n")
    found = problems(project)
    assert any("markets.DE.categories.clearance.returnable: clearance is not returnable in DE"
               in p and '"final_sale" is not an exception it allows' in p
               and "Art. 16(c)" in p for p in found), found


def test_a_listed_exception_is_accepted(project: Path) -> None:
    edit(project, "policies/markets/de.yml", "  clearance:\n    returnable: true\n",
         "  clearance:\n    returnable: false\n    family: personalised\n")
    facts = load_and_resolve(project)[1].markets["DE"]
    rule = next(r for r in facts.categories if r.id == "clearance")
    assert rule in facts.excluded_by_law
    assert isinstance(rule.legal_basis, dict)  # cited as each language's Official Journal does
    assert rule.legal_basis["en"] == "Art. 16(c) Directive 2011/83/EU"
    assert rule.legal_basis["de"] == "Art. 16 Buchst. c der Richtlinie 2011/83/EU"


def test_brazil_allows_no_exception_at_all(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("br",))
    edit(root, "policies/markets/br.yml", "  engraved-jewellery: {returnable: true}\n", "")
    found = problems(root)
    assert any("categories.engraved-jewellery.family:" in p and "no exceptions" in p
               for p in found), found


def test_a_season_ending_before_the_normal_window_warns(project: Path) -> None:
    set_line(project, "policies/markets/de.yml", "    return_by: 2027-01-31",
             "    return_by: 2027-01-15")
    warned = [str(p) for p in load_project(project).warnings]
    assert any("seasonal_overrides[0].return_by" in p and "2027-01-30" in p for p in warned)


# -- the statutory section carries no commercial condition -------------------------------------

def _rights_section(markdown: str) -> str:
    match = re.search(r"\{ #rights \}(.*?)\n## ", markdown, re.S)
    assert match, "no statutory section"
    return match.group(1)


@pytest.mark.parametrize("locale", FACTS.site.locales)
def test_statutory_section_never_states_a_commercial_condition(locale: str) -> None:
    translations = load_translations(catalogs_for(REPO), locale)
    rendered = render_locale_pages(FACTS, locale, templates_dir_for(REPO), translations)
    checked = 0
    for code in WITH_RIGHT:
        source = f"{code.lower()}/index.md"
        if source not in rendered.files:
            continue
        facts = FACTS.markets[code]
        assert facts.statutory is not None
        legal = set(facts.statutory.rule.conditions)  # conditions the law itself sets
        section = _rights_section(rendered.files[source])
        commercial = [translations.gettext(LABELS["condition"][name])
                      for name in LABELS["condition"] if name not in legal]
        commercial += [translations.gettext(LABELS["refund_method"]["store_credit"])]
        for phrase in commercial:
            assert phrase not in section, (locale, code, phrase)
        checked += 1
    assert checked or not FACTS.markets_in(locale) or not set(WITH_RIGHT) & set(
        FACTS.markets_in(locale))


READERS = ["de", "fr", "es", "it", "pt_BR", "ar", "en"]


@pytest.mark.parametrize("locale", READERS)
def test_each_legal_fact_is_stated_the_same_way_on_every_page(locale: str) -> None:
    """The statutory refund sentence reads the same on the policy page, the guide and the FAQ,
    and the merchant's refund promise never appears without its "our own policy" layer."""
    translations = load_translations(catalogs_for(REPO), locale)
    rendered = render_locale_pages(FACTS, locale, templates_dir_for(REPO), translations)
    unlayered = translations.gettext("We refund you within %(period)s after checking the item.")
    unlayered_head = md_escape(unlayered.split("%(period)s")[0])
    for code in WITH_RIGHT:
        facts = FACTS.markets[code]
        assert facts.statutory is not None
        if locale not in facts.locales:
            continue
        pages = [rendered.files[f"{code.lower()}/{name}"]
                 for name in ("index.md", "how-to-return.md", "faq.md")]
        # The bare promise would start a line of its own (a sentence or a bullet); the layered
        # sentence may contain it after its lead-in (Arabic: "…، نرد إليك المبلغ خلال"), and a
        # merchant's FAQ answer may word a promise its own way.
        bare = re.compile(rf"^(?:\s*[-*] )?{re.escape(unlayered_head)}", re.M)
        assert not any(bare.search(page) for page in pages), (locale, code)
        if facts.statutory.rule.refund_days is None:
            continue
        marker = re.escape(_refund_marker(translations, facts))
        sentences = [set(re.findall(rf"^.*{marker}.*$",
                                    page, re.M)) for page in pages]
        assert all(sentences), (locale, code, "statutory refund missing on a page")


def _refund_marker(translations: object, facts: object) -> str:
    """A piece of the statutory refund sentence that holds no placeholder."""
    from generator.facts.market import MarketFacts

    assert isinstance(facts, MarketFacts) and facts.statutory is not None
    rule = facts.statutory.rule
    gettext = translations.gettext  # type: ignore[attr-defined]
    if rule.refund_days == 0:
        text = gettext("We refund you immediately, adjusted for inflation: %(what)s.")
    else:
        assert rule.refund_counted_from is not None
        text = gettext(LABELS["refund_from"][rule.refund_counted_from])
    pieces = [p for p in re.split(r"%\(\w+\)s", text) if p.strip()]
    return md_escape(max(pieces, key=len).strip())


@pytest.mark.slow
def test_no_built_page_attaches_a_commercial_condition_to_the_right(tmp_path: Path) -> None:
    """The built HTML of every market with a right, in each of its languages."""
    from generator.site.build import build_site

    root = copy_example(tmp_path / "shop", ("de", "gb", "br", "mx", "sa"))
    build_site(root, jobs=2)
    checked = 0
    for code in ("DE", "GB", "BR", "MX", "SA"):
        facts = FACTS.markets[code]
        assert facts.statutory is not None
        legal = set(facts.statutory.rule.conditions)
        for locale in facts.locales:
            html = (root / "site" / locale / code.lower() / "index.html").read_text("utf-8")
            match = re.search(r'<h2 id="rights".*?(?=<h2 )', html, re.S)
            assert match, (locale, code)
            section = match.group(0)
            translations = load_translations(catalogs_for(REPO), locale)
            for name, msgid in LABELS["condition"].items():
                if name not in legal:
                    assert _html(translations.gettext(msgid)) not in section, (locale, code, name)
            for msgid in (LABELS["refund_method"]["store_credit"],
                          "If you change your mind, a restocking fee of %(fee)s of the item "
                          "price is deducted."):
                head = translations.gettext(msgid).split("%(")[0]
                assert _html(head) not in section, (locale, code, msgid)
            checked += 1
    assert checked == sum(len(FACTS.markets[c].locales) for c in ("DE", "GB", "BR", "MX", "SA"))


def _html(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def test_australian_no_refunds_wording_is_an_error(project: Path) -> None:
    set_line(project, "policies/markets/de.yml", "law:", "law: {regime: AU}")
    edit(project, "policies/markets/de.yml", "      en: Can I return a gift?\n",
         "      en: Can I return a gift? No refunds on sale items.\n")
    found = problems(project)
    assert any("markets.DE.faq[0].question.en: says there are no refunds" in p for p in found)
    edit(project, "policies/markets/de.yml", "No refunds on sale items.",
         "No refunds if you simply change your mind.")
    assert not [p for p in map(str, load_project(project).warnings)
                if "no refunds" in p]


@pytest.mark.parametrize("regime", ["EU", "UK", "BR", "SA", "CN"])
def test_every_calendar_day_floor_at_and_just_below(project: Path, regime: str) -> None:
    """At the floor no floor problem; one day below, an error (a warning for unconfirmed law)."""
    from generator.project.law import regimes

    floor = regimes()[regime].floor_days
    set_line(project, "policies/markets/de.yml", "law:", f"law: {{regime: {regime}}}")

    def floor_problems() -> list[str]:
        try:
            found = [str(p) for p in load_project(project).warnings]
        except ContentError as error:
            found = [str(p) for p in error.problems]
        return [p for p in found if "statutory minimum" in p]

    set_line(project, "policies/markets/de.yml", "  days: 30", f"  days: {floor}")
    assert floor_problems() == []
    set_line(project, "policies/markets/de.yml", f"  days: {floor}", f"  days: {floor - 1}")
    found = floor_problems()
    assert len(found) == 1 and f"{floor - 1} days is shorter than the {floor}-day" in found[0]
    assert (": warning: " in found[0]) == (not regimes()[regime].confirmed)
