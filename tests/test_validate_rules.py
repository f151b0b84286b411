"""Cross-field rules of ``generator/project/validate.py``, driven through ``load_project``.

Complements ``tests/test_validation.py`` (which covers field types, the statutory floor, the EU
start rule, JPY amounts, unknown hubs and categories with a close match, a restocking fee with
both parts, an override ending before it starts, ...): here are the rules' other branches and
their boundaries. Each test copies the example (German market only), sets every value its
expectation depends on and computes lines and columns from the edited text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.project.load import load_project
from tests.conftest import edit, locate, set_line

DE = "policies/markets/de.yml"
DEFAULTS = "policies/defaults.yml"
CATEGORIES = "policies/categories.yml"
CONFIG = "site_config.yml"


def load_problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(problem) for problem in info.value.problems]


def warnings(root: Path) -> list[str]:
    return [str(problem) for problem in load_project(root).warnings]


def at(text: str, line: str, key: str | None = None) -> str:
    """``line:col`` of ``key`` (default: the first non-blank) in the one line equal to ``line``."""
    lines = text.split("\n")
    found = [number for number, candidate in enumerate(lines, 1) if candidate == line]
    assert len(found) == 1, f"{line!r} must be exactly one line"
    column = line.index(key) + 1 if key else len(line) - len(line.lstrip()) + 1
    return f"{found[0]}:{column}"


# -- locales ---------------------------------------------------------------------------------


def test_every_binding_locale_outside_the_market_is_reported_at_its_own_index(
        project: Path) -> None:
    set_line(project, DE, "locales:", "locales: [de, en]")
    line = "binding_locales: [de, fr, es]"
    text = set_line(project, DE, "binding_locales:", line)
    assert load_problems(project) == [
        f'{DE}:{at(text, line, "fr,")}: markets.DE.binding_locales[1]: "fr" is not one of this '
        "market's locales",
        f'{DE}:{at(text, line, "es]")}: markets.DE.binding_locales[2]: "es" is not one of this '
        "market's locales",
    ]


def test_a_binding_locale_must_be_a_market_locale_even_if_the_site_has_it(
        project: Path) -> None:
    # "es" is one of the example's site locales, but Germany is not published in Spanish.
    assert "es" in load_project(project).site.locales
    set_line(project, DE, "locales:", "locales: [de, en]")
    line = "binding_locales: [es]"
    text = set_line(project, DE, "binding_locales:", line)
    assert load_problems(project) == [
        f'{DE}:{at(text, line, "es]")}: markets.DE.binding_locales[0]: "es" is not one of this '
        "market's locales"]


def test_binding_locales_that_are_all_market_locales_pass(project: Path) -> None:
    set_line(project, DE, "locales:", "locales: [de, en]")
    set_line(project, DE, "binding_locales:", "binding_locales: [en, de]")
    assert load_project(project).markets["DE"].binding_locales == ["en", "de"]


def test_a_market_locale_listed_twice(project: Path) -> None:
    line = "locales: [de, en, de]"
    text = set_line(project, DE, "locales:", line)
    assert load_problems(project) == [
        f'{DE}:{at(text, line, "de]")}: markets.DE.locales[2]: "de" is listed twice']


def test_a_site_locale_listed_twice(project: Path) -> None:
    line = "  locales: [en, de, es, en]"
    text = set_line(project, CONFIG, "  locales:", line)
    assert load_problems(project) == [
        f'{CONFIG}:{at(text, line, "en]")}: site.locales[3]: "en" is listed twice']


# -- exchanges and restocking fee ------------------------------------------------------------


def test_exchanges_allowed_without_kinds_in_the_market_file(project: Path) -> None:
    line = "  kinds: []"
    text = set_line(project, DE, "faq:", f"exchanges:\n  allowed: true\n{line}\nfaq:")
    assert load_problems(project) == [
        f"{DE}:{at(text, line)}: markets.DE.exchanges.kinds: name at least one kind of exchange "
        "(variant, other_product)"]


def test_exchanges_without_kinds_from_the_defaults_point_at_the_defaults(project: Path) -> None:
    line = "  kinds: []"
    text = set_line(project, DEFAULTS, "  kinds:", line)
    assert load_problems(project) == [
        f"{DEFAULTS}:{at(text, line)}: markets.DE.exchanges.kinds: name at least one kind of "
        "exchange (variant, other_product)"]


def test_no_kinds_are_needed_when_exchanges_are_not_allowed(project: Path) -> None:
    set_line(project, DE, "faq:", "exchanges:\n  allowed: false\n  kinds: []\nfaq:")
    market = load_project(project).markets["DE"]
    assert (market.exchanges.allowed, market.exchanges.kinds) == (False, [])


def add_restocking_fee(root: Path, yaml_value: str) -> tuple[str, str]:
    """Add ``restocking_fee: <yaml_value>`` to the German market; return the text and line."""
    line = f"restocking_fee: {yaml_value}"
    text = set_line(root, DE, "refund_without_return_below:",
                    f'refund_without_return_below: "5.00"\n{line}')
    return text, line


def test_restocking_fee_with_neither_percent_nor_amount(project: Path) -> None:
    text, line = add_restocking_fee(project, "{}")
    assert load_problems(project) == [
        f"{DE}:{at(text, line)}: markets.DE.restocking_fee: give either percent or amount, not "
        "both or neither"]


@pytest.mark.parametrize("value", ['{percent: "10"}', '{amount: "2.50"}'])
def test_restocking_fee_with_exactly_one_part_is_fine(project: Path, value: str) -> None:
    add_restocking_fee(project, value)
    fee = load_project(project).markets["DE"].restocking_fee
    assert fee is not None
    assert (fee.percent is None) != (fee.amount is None)


def test_restocking_fee_amount_keeps_the_currency_decimals(project: Path) -> None:
    text, line = add_restocking_fee(project, '{amount: "2.505"}')
    assert load_problems(project) == [
        f"{DE}:{at(text, line, 'amount')}: markets.DE.restocking_fee.amount: EUR amounts have 2 "
        'decimal places, got "2.505"']


# -- dates and windows -----------------------------------------------------------------------


def test_return_by_on_the_last_day_of_the_season_is_too_early(project: Path) -> None:
    set_line(project, DE, "    start:", "    start: 2026-11-15")
    set_line(project, DE, "    end:", "    end: 2026-12-31")
    line = "    return_by: 2026-12-31"
    text = set_line(project, DE, "    return_by:", line)
    assert load_problems(project) == [
        f"{DE}:{at(text, line)}: markets.DE.seasonal_overrides[0].return_by: must be after end "
        "(2026-12-31)"]


def test_return_by_before_the_season_ends(project: Path) -> None:
    set_line(project, DE, "    start:", "    start: 2026-11-15")
    set_line(project, DE, "    end:", "    end: 2026-12-31")
    line = "    return_by: 2026-12-01"
    text = set_line(project, DE, "    return_by:", line)
    assert load_problems(project) == [
        f"{DE}:{at(text, line)}: markets.DE.seasonal_overrides[0].return_by: must be after end "
        "(2026-12-31)"]


def test_a_one_day_season_returned_the_next_day_is_fine(project: Path) -> None:
    # end == start is allowed ("must not be before start"); return_by one day after end too.
    set_line(project, DE, "    start:", "    start: 2026-11-27")
    set_line(project, DE, "    end:", "    end: 2026-11-27")
    set_line(project, DE, "    return_by:", "    return_by: 2026-11-28")
    (override,) = load_project(project).markets["DE"].seasonal_overrides
    assert (override.end - override.start).days == 0
    assert (override.return_by - override.end).days == 1


def test_a_season_backwards_in_time_reports_both_of_its_dates(project: Path) -> None:
    set_line(project, DE, "    start:", "    start: 2026-12-31")
    end = "    end: 2026-11-15"
    set_line(project, DE, "    end:", end)
    return_by = "    return_by: 2026-11-01"
    text = set_line(project, DE, "    return_by:", return_by)
    assert load_problems(project) == [
        f"{DE}:{at(text, end)}: markets.DE.seasonal_overrides[0].end: must not be before start "
        "(2026-12-31)",
        f"{DE}:{at(text, return_by)}: markets.DE.seasonal_overrides[0].return_by: must be after "
        "end (2026-11-15)",
    ]


@pytest.mark.parametrize("extended", [30, 29])
def test_an_extended_window_must_be_longer_than_the_return_window(project: Path,
                                                                    extended: int) -> None:
    set_line(project, DE, "  days:", "  days: 30")
    line = f"    days: {extended}"
    text = set_line(project, DE, "    days:", line)
    assert load_problems(project) == [
        f"{DE}:{at(text, line)}: markets.DE.extended_windows[0].days: must be longer than the "
        "return window (30 days)"]


def test_an_extended_window_one_day_longer_is_fine(project: Path) -> None:
    set_line(project, DE, "  days:", "  days: 30")
    set_line(project, DE, "    days:", "    days: 31")
    (window,) = load_project(project).markets["DE"].extended_windows
    assert window.days == 31


# -- contact ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("opens", "closes"), [("18:00", "09:00"), ("09:00", "09:00"),
                                               ("09:30", "09:29")])
def test_opening_hours_must_close_after_they_open(project: Path, opens: str,
                                                   closes: str) -> None:
    line = f'    - {{days: [mon, tue], opens: "{opens}", closes: "{closes}"}}'
    text = set_line(project, DE, "    - {days: [mon", line)
    assert load_problems(project) == [
        f"{DE}:{at(text, line, 'closes')}: markets.DE.contact.hours[0].closes: must be later "
        f"than opens ({opens})"]


def test_only_the_wrong_slot_of_several_opening_hours_is_reported(project: Path) -> None:
    good = '    - {days: [mon, tue, wed, thu, fri], opens: "09:00", closes: "18:00"}'
    bad = '    - {days: [sat], opens: "14:00", closes: "10:00"}'
    text = set_line(project, DE, "    - {days: [mon", f"{good}\n{bad}")
    assert load_problems(project) == [
        f"{DE}:{at(text, bad, 'closes')}: markets.DE.contact.hours[1].closes: must be later "
        "than opens (14:00)"]


def test_opening_hours_of_one_minute_are_fine(project: Path) -> None:
    set_line(project, DE, "    - {days: [mon",
             '    - {days: [mon], opens: "09:00", closes: "09:01"}')
    (slot,) = load_project(project).markets["DE"].contact.hours
    assert (slot.opens, slot.closes) == ("09:00", "09:01")


# -- references to hubs and categories -------------------------------------------------------


def test_unknown_hub_without_a_close_match_lists_every_hub(project: Path) -> None:
    hubs = sorted(load_project(project).hubs)
    assert len(hubs) > 1  # the example has hubs to list
    line = "  destination: mars"
    text = set_line(project, DE, "  destination:", line)
    assert load_problems(project) == [
        f'{DE}:{at(text, line)}: markets.DE.returns.destination: unknown hub "mars" (known: '
        f'{", ".join(hubs)})']


def test_unknown_category_without_a_close_match_lists_every_category(project: Path) -> None:
    categories = sorted(load_project(project).categories)
    line = "  zzz-unknown:"
    text = set_line(project, DE, "  swimwear:", line)
    assert load_problems(project) == [
        f'{DE}:{at(text, line)}: markets.DE.categories.zzz-unknown: unknown category '
        f'"zzz-unknown" (known: {", ".join(categories)})']


def test_every_unknown_category_of_an_extended_window_is_reported(project: Path) -> None:
    line = "    categories: [shoe, shoes, aparel]"
    text = set_line(project, DE, "    categories:", line)
    assert load_problems(project) == [
        f'{DE}:{at(text, line, "shoe,")}: markets.DE.extended_windows[0].categories[0]: '
        'unknown category "shoe" (did you mean "shoes"?)',
        f'{DE}:{at(text, line, "aparel")}: markets.DE.extended_windows[0].categories[2]: '
        'unknown category "aparel" (did you mean "apparel"?)',
    ]


# -- customs ---------------------------------------------------------------------------------


def test_returns_across_a_customs_border_need_a_customs_section(project: Path) -> None:
    # The example's German market sends returns to Venlo (NL, same customs union) and has no
    # customs section; the Shenzhen warehouse is across a border. An absent section is located
    # at the market file itself.
    set_line(project, DE, "  destination:", "  destination: cn-shenzhen")
    assert load_problems(project) == [
        f"{DE}:1:1: markets.DE.customs: returns go to CN, across a border: customs "
        "instructions are required (add a customs: section)"]


CUSTOMS = """customs:
  duties_refunded: true
  declaration:
    en: Write "Returned goods" on the form.
    de: Schreiben Sie „Rückware“ auf das Formular.
"""


def test_a_customs_section_for_returns_that_cross_a_border_is_accepted(project: Path) -> None:
    set_line(project, DE, "  destination:", "  destination: cn-shenzhen")
    edit(project, DE, "\nrefunds:\n", f"\n{CUSTOMS}refunds:\n")
    loaded = load_project(project)
    assert loaded.markets["DE"].customs is not None
    assert not [w for w in loaded.warnings if w.field == "markets.DE.customs"]


def test_a_customs_section_inside_the_customs_union_is_only_a_warning(project: Path) -> None:
    set_line(project, DE, "  destination:", "  destination: eu-venlo")
    text = edit(project, DE, "\nrefunds:\n", f"\n{CUSTOMS}refunds:\n")
    assert warnings(project) == [
        f"{DE}:{at(text, 'customs:')}: markets.DE.customs: warning: returns go to NL inside the "
        "same customs area, so customers never see this section (remove it)"]


def test_returns_to_a_hub_in_the_same_country_need_no_customs(project: Path) -> None:
    # A hub in the market's own country: no border at all, whatever the unions say.
    set_line(project, "policies/hubs.yml", "      country: NL", "      country: DE")
    set_line(project, "policies/hubs.yml", "      postal_code: 5928 LA",
             '      postal_code: "41061"')  # a German one: check validates the address
    set_line(project, DE, "  destination:", "  destination: eu-venlo")
    loaded = load_project(project)
    assert loaded.markets["DE"].customs is None
    assert not [w for w in loaded.warnings if "customs" in w.field]


# -- categories ------------------------------------------------------------------------------


def add_category(root: Path, lines: str) -> str:
    """Put a category ``gifts`` first in categories.yml; return the new text."""
    return edit(root, CATEGORIES, "\ncategories:\n", f"\ncategories:\n  gifts:\n{lines}\n")


def test_a_non_returnable_category_needs_a_family(project: Path) -> None:
    line = "    returnable: false  # gifts"
    text = add_category(project, f"    name: {{en: Gifts, de: Geschenke}}\n{line}")
    assert load_problems(project) == [
        f"{CATEGORIES}:{at(text, line)}: categories.gifts.returnable: a non-returnable category "
        "needs a family (the reason, or the legal exception relied on) (add family: perishable, "
        "sealed_hygiene, personalised, …)"]


@pytest.mark.parametrize("family", ["perishable", "digital", "personalised"])
def test_a_returnable_category_of_a_usually_final_family_warns(project: Path,
                                                               family: str) -> None:
    line = f"    family: {family}  # gifts"
    text = add_category(project, f"    name: {{en: Gifts, de: Geschenke}}\n"
                                 f"    returnable: true\n{line}")
    assert warnings(project) == [
        f'{CATEGORIES}:{at(text, line)}: categories.gifts.family: warning: "{family}" goods are '
        "usually not returnable (check returnable: true is intended)"]


def test_a_returnable_sealed_hygiene_category_does_not_warn(project: Path) -> None:
    add_category(project, "    name: {en: Gifts, de: Geschenke}\n    returnable: true\n"
                          "    family: sealed_hygiene")
    assert warnings(project) == []


# -- faq -------------------------------------------------------------------------------------


def test_a_faq_id_used_twice(project: Path) -> None:
    line = "  - id: gift-returns"
    entry = ("\n    question: {en: Again?, de: Nochmal?}"
             "\n    answer: {en: Yes., de: Ja.}")
    text = (project / DE).read_text(encoding="utf-8").rstrip("\n") + "\n" + line + entry + "\n"
    (project / DE).write_text(text, encoding="utf-8")
    second = text.split("\n").index(line, text.split("\n").index(line) + 1) + 1
    assert load_problems(project) == [
        f'{DE}:{second}:{line.index("id") + 1}: markets.DE.faq[1].id: "gift-returns" is listed '
        "twice"]


def test_several_rule_problems_in_one_market_are_reported_together(project: Path) -> None:
    """Rules never stop at the first problem: three independent rules, three problems."""
    set_line(project, DE, "  days:", "  days: 30")
    window = "    days: 20"
    set_line(project, DE, "    days:", window)
    hours = '    - {days: [mon], opens: "12:00", closes: "11:00"}'
    set_line(project, DE, "    - {days: [mon", hours)
    text = set_line(project, DE, "  destination:", "  destination: cn-shenzhen")
    line, column = locate(text, 'closes: "11:00"')
    found = load_problems(project)
    assert found == [
        f"{DE}:1:1: markets.DE.customs: returns go to CN, across a border: customs "
        "instructions are required (add a customs: section)",
        f"{DE}:{at(text, window)}: markets.DE.extended_windows[0].days: must be longer than "
        "the return window (30 days)",
        f"{DE}:{line}:{column}: markets.DE.contact.hours[0].closes: must be later than opens "
        "(12:00)",
    ]
