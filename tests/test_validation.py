"""Field and cross-field validation of a whole project, asserted as exact one-line problems.

Each test copies the example project (German market only), changes one value and checks what
``load_project`` reports. Lines and columns are computed from the edited text, so a test keeps
asserting the exact position even when the example files grow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import edit, locate

from generator.errors import ContentError, Problem
from generator.law import regimes
from generator.locales import SUPPORTED
from generator.project import load_project

DE = "policies/markets/de.yml"
KNOWN_LOCALES = ", ".join(sorted(SUPPORTED))
SITE_NAME = "\n  name: "  # site.name, not legal_name or an address name


def load_problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def at(text: str, needle: str, within: str | None = None) -> str:
    """``line:col`` of ``needle``; ``within`` is a unique context that holds it."""
    if within is None:
        line, column = locate(text, needle)
    else:
        line, column = locate(text, within)
        before = within[: within.index(needle)]
        line += before.count("\n")
        column = (column + len(before)) if "\n" not in before else (
            len(before) - before.rindex("\n"))
    return f"{line}:{column}"


def test_example_copy_is_valid(project: Path) -> None:
    loaded = load_project(project)
    assert list(loaded.markets) == ["DE"]
    assert loaded.markets["DE"].return_window.days == 30


# -- single fields ---------------------------------------------------------------------------


def test_return_window_of_zero_days(project: Path) -> None:
    text = edit(project, DE, "  days: 30 ", "  days: 0 ")
    assert load_problems(project) == [
        f'{DE}:{at(text, "days: 0 ")}: markets.DE.return_window.days: must be at least 1, '
        'got "0"']


def test_days_that_are_not_a_number(project: Path) -> None:
    text = edit(project, DE, "  days: 30 ", "  days: thirty ")
    assert load_problems(project) == [
        f'{DE}:{at(text, "days: thirty")}: markets.DE.return_window.days: must be a whole '
        'number, got "thirty"']


def test_unknown_key_gets_a_did_you_mean_hint(project: Path) -> None:
    text = edit(project, DE, "  starts: last_item_received", "  stats: last_item_received")
    assert load_problems(project) == [
        f'{DE}:{at(text, "stats:")}: markets.DE.return_window.stats: unknown field '
        '(did you mean "starts"?)']


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(project: Path) -> None:
    text = edit(project, DE, "  starts: last_item_received",
                "  starts: last_item_received\n  flexible: true")
    assert load_problems(project) == [
        f'{DE}:{at(text, "flexible:")}: markets.DE.return_window.flexible: unknown field '
        "(allowed: days, starts)"]


def test_unknown_key_that_looks_like_a_pydantic_location_keeps_its_name(project: Path) -> None:
    text = edit(project, DE, "  starts: last_item_received",
                '  starts: last_item_received\n  "x[y]": 1')
    assert load_problems(project) == [
        f'{DE}:{at(text, chr(34) + "x[y]")}: markets.DE.return_window.x[y]: unknown field '
        "(allowed: days, starts)"]


def test_misspelt_top_level_key_reports_unknown_and_missing(project: Path) -> None:
    text = edit(project, DE, "\ncurrency: EUR\n", "\ncurency: EUR\n")
    assert load_problems(project) == [
        f"{DE}:1:1: markets.DE.currency: is required",
        f'{DE}:{at(text, "curency:")}: markets.DE.curency: unknown field '
        '(did you mean "currency"?)',
    ]


def test_market_file_named_uk_suggests_gb(project: Path) -> None:
    shutil.copy(project / DE, project / "policies/markets/uk.yml")
    assert load_problems(project) == [
        'policies/markets/uk.yml:1:1: markets.UK: "UK" is not an ISO 3166-1 alpha-2 country '
        'code (rename the file; did you mean "GB"?)']


def test_market_file_with_unknown_code_has_no_hint(project: Path) -> None:
    shutil.copy(project / DE, project / "policies/markets/xx.yml")
    assert load_problems(project) == [
        'policies/markets/xx.yml:1:1: markets.XX: "XX" is not an ISO 3166-1 alpha-2 country '
        "code"]


def test_market_file_name_must_be_lower_case_code(project: Path) -> None:
    shutil.copy(project / DE, project / "policies/markets/germany.yml")
    assert load_problems(project) == [
        "policies/markets/germany.yml: market files are named by their lower-case ISO 3166-1 "
        "code (e.g. de.yml, gb.yml)"]


def test_country_code_in_a_field(project: Path) -> None:
    text = edit(project, "site_config.yml", "ships_from: CN", "ships_from: UK")
    assert load_problems(project) == [
        f'site_config.yml:{at(text, "ships_from:")}: merchant.ships_from: "UK" is not an '
        'ISO 3166-1 alpha-2 country code (did you mean "GB"?)']


@pytest.mark.parametrize(
    ("written", "hint"),
    [("eur", ' (did you mean "EUR"?)'), ("EUX", ""), ("EURO", ""), ("€", "")],
)
def test_bad_currency(project: Path, written: str, hint: str) -> None:
    text = edit(project, DE, "\ncurrency: EUR\n", f"\ncurrency: {written}\n")
    assert load_problems(project) == [
        f'{DE}:{at(text, "currency:")}: markets.DE.currency: "{written}" is not an ISO 4217 '
        f"currency code{hint}"]


def test_bcp47_locale_in_site_config_suggests_the_canonical_id(project: Path) -> None:
    text = edit(project, "site_config.yml", " pt_BR,", " pt-BR,")
    assert load_problems(project) == [
        f'site_config.yml:{at(text, "pt-BR")}: site.locales[5]: "pt-BR" is not a supported '
        f'locale; use one of {KNOWN_LOCALES} (did you mean "pt_BR"?)']


def test_unsupported_locale_in_a_market(project: Path) -> None:
    text = edit(project, DE, "\nlocales: [de, en]\n", "\nlocales: [de, en, ko]\n")
    assert load_problems(project) == [
        f'{DE}:{at(text, "ko]")}: markets.DE.locales[2]: "ko" is not a supported locale; '
        f"use one of {KNOWN_LOCALES}"]


def test_unsupported_locale_as_a_text_key_points_at_the_key(project: Path) -> None:
    text = edit(project, "policies/categories.yml", "name: {en: Shoes,",
                "name: {ko: Sinbal, en: Shoes,")
    assert load_problems(project) == [
        f'policies/categories.yml:{at(text, "ko: Sinbal")}: categories.shoes.name.ko: "ko" is '
        f"not a supported locale; use one of {KNOWN_LOCALES}"]


def test_market_locale_not_in_site_locales(project: Path) -> None:
    edit(project, "site_config.yml", " fil,", "")
    text = edit(project, DE, "\nlocales: [de, en]\n", "\nlocales: [de, en, fil]\n")
    found = load_problems(project)
    expected = (f'{DE}:{at(text, "fil]")}: markets.DE.locales[2]: "fil" is not one of '
                "site.locales (add it to site.locales in site_config.yml)")
    assert expected in found
    # Anything else is a "fil" text that the smaller site no longer publishes.
    assert all('"fil" is not one of site.locales' in p for p in found)


def test_binding_locale_not_in_market_locales(project: Path) -> None:
    text = edit(project, DE, "binding_locales: [de]", "binding_locales: [fr]")
    assert load_problems(project) == [
        f'{DE}:{at(text, "fr]")}: markets.DE.binding_locales[0]: "fr" is not one of this '
        "market's locales"]


def test_default_locale_not_in_site_locales(project: Path) -> None:
    text = edit(project, "site_config.yml", "locales: [en, ", "locales: [")
    found = load_problems(project)
    assert found[-1] != ""
    assert (f'site_config.yml:{at(text, "default_locale:")}: site.default_locale: "en" is not '
            "one of site.locales (add it to site.locales)") in found


@pytest.mark.parametrize(
    ("written", "hint"),
    [("europe/berlin", ' (did you mean "Europe/Berlin"?)'), ("UTC+2", ""),
     ("localtime", ""), ("../../etc/passwd", "")],
)
def test_bad_time_zone(project: Path, written: str, hint: str) -> None:
    text = edit(project, DE, "time_zone: Europe/Berlin", f"time_zone: {written}")
    assert load_problems(project) == [
        f'{DE}:{at(text, "time_zone:")}: markets.DE.time_zone: "{written}" is not an IANA time '
        f'zone like "Europe/Berlin"{hint}']


def test_non_https_url(project: Path) -> None:
    text = edit(project, "site_config.yml", "base_url: https://", "base_url: http://")
    assert load_problems(project) == [
        f'site_config.yml:{at(text, "base_url:")}: site.base_url: must start with "https://", '
        'got "http://returns.marumori.example/"']


def test_url_with_userinfo_is_rejected(project: Path) -> None:
    text = edit(project, DE, '"https://wa.me/493090182000"',
                '"https://good.example@evil.example"')
    assert load_problems(project) == [
        f'{DE}:{at(text, "url:")}: markets.DE.contact.chat[0].url: must name a host and no '
        'user name, got "https://good.example@evil.example"']


@pytest.mark.parametrize("written", ["https://shop.example:99999/", "https://shop.example:x/",
                                     "https://[::1/"])
def test_url_that_python_cannot_split_gets_our_message(project: Path, written: str) -> None:
    text = edit(project, DE, '"https://wa.me/493090182000"', f'"{written}"')
    assert load_problems(project) == [
        f'{DE}:{at(text, "url:")}: markets.DE.contact.chat[0].url: is not a valid URL (check '
        f'the host and port), got "{written}"']


@pytest.mark.parametrize("written", ["\\thttps://wa.me/49", "https://wa.me/4\\u202e9",
                                     "https://wa.me/a b"])
def test_url_with_whitespace_or_bidi_is_rejected(project: Path, written: str) -> None:
    text = edit(project, DE, '"https://wa.me/493090182000"', f'"{written}"')
    assert load_problems(project) == [
        f'{DE}:{at(text, "url:")}: markets.DE.contact.chat[0].url: must not contain spaces or '
        "control characters"]


def test_url_is_reserialised_with_markdown_breaking_characters_encoded(project: Path) -> None:
    edit(project, DE, '"https://wa.me/493090182000"',
         "\"HTTPS://WA.me/49(1)?text=a)b<c>'d#frag\"")
    url = load_project(project).markets["DE"].contact.chat[0].url
    assert url == "https://wa.me/49%281%29?text=a%29b%3Cc%3E%27d"


def test_invalid_email_with_query_characters(project: Path) -> None:
    text = edit(project, DE, "email: hilfe@marumori.example",
                "email: hilfe?subject=x@marumori.example")
    assert load_problems(project) == [
        f'{DE}:{at(text, "email:")}: markets.DE.contact.email: is not a valid e-mail address: '
        '"hilfe?subject=x@marumori.example"']


def test_invalid_email_reason_comes_from_the_validator(project: Path) -> None:
    text = edit(project, DE, "email: hilfe@marumori.example", "email: hilfe@@marumori.example")
    (found,) = load_problems(project)
    prefix = f"{DE}:{at(text, 'email:')}: markets.DE.contact.email: is not a valid e-mail address ("
    assert found.startswith(prefix)
    assert found.endswith(")")


def test_invalid_phone_for_its_country(project: Path) -> None:
    text = edit(project, DE, '"+49 30 901820"', '"+49 1234"')
    assert load_problems(project) == [
        f'{DE}:{at(text, "phone:")}: markets.DE.contact.phone: "+49 1234" is not a valid phone '
        "number for DE (check the digits and the country code)"]


def test_text_that_is_not_a_phone_number(project: Path) -> None:
    text = edit(project, DE, '"+49 30 901820"', '"call us"')
    assert load_problems(project) == [
        f'{DE}:{at(text, "phone:")}: markets.DE.contact.phone: "call us" is not a phone number '
        "(write it with the country code, e.g. +49 30 12345678)"]


def test_foreign_phone_number_is_only_a_warning(project: Path) -> None:
    text = edit(project, DE, '"+49 30 901820"', '"+1 650-253-0000"')
    loaded = load_project(project)
    assert [str(w) for w in loaded.warnings] == [
        f'{DE}:{at(text, "phone:")}: markets.DE.contact.phone: warning: is a US number; callers '
        "from DE pay international rates (add a local number if you have one)"]


def test_international_freephone_number_is_not_called_foreign(project: Path) -> None:
    edit(project, DE, '"+49 30 901820"', '"+800 1234 5678"')
    assert load_project(project).warnings == []


def test_jpy_amounts_with_decimals(project: Path) -> None:
    text = edit(project, DE, "\ncurrency: EUR\n", "\ncurrency: JPY\n")
    assert load_problems(project) == [
        f'{DE}:{at(text, "return_label_fee:")}: markets.DE.shipping.return_label_fee: JPY '
        'amounts have 0 decimal places, got "4.95"',
        f'{DE}:{at(text, "refund_without_return_below:")}: markets.DE.refund_without_return_'
        'below: JPY amounts have 0 decimal places, got "5.00"',
    ]


@pytest.mark.parametrize("written", ["-4.95", "4,95", "1e3", "４.95", "4.95 EUR"])
def test_amount_must_be_digits_and_one_dot(project: Path, written: str) -> None:
    text = edit(project, DE, 'return_label_fee: "4.95"', f'return_label_fee: "{written}"')
    assert load_problems(project) == [
        f'{DE}:{at(text, "return_label_fee:")}: markets.DE.shipping.return_label_fee: must be an '
        f'amount like 4.90 (digits and one dot), got "{written}"']


def test_unknown_hub(project: Path) -> None:
    text = edit(project, DE, "destination: eu-venlo", "destination: eu-venl")
    assert load_problems(project) == [
        f'{DE}:{at(text, "destination:")}: markets.DE.returns.destination: unknown hub '
        '"eu-venl" (did you mean "eu-venlo"?)']


def test_unknown_category_in_market_exceptions(project: Path) -> None:
    text = edit(project, DE, "  swimwear:\n    returnable", "  swimwar:\n    returnable")
    assert load_problems(project) == [
        f'{DE}:{at(text, "swimwar:")}: markets.DE.categories.swimwar: unknown category '
        '"swimwar" (did you mean "swimwear"?)']


def test_unknown_category_in_an_extended_window(project: Path) -> None:
    text = edit(project, DE, "categories: [shoes]", "categories: [shoe]")
    assert load_problems(project) == [
        f'{DE}:{at(text, "shoe]")}: markets.DE.extended_windows[0].categories[0]: unknown '
        'category "shoe" (did you mean "shoes"?)']


def test_versions_must_be_ordered_by_date(project: Path) -> None:
    text = edit(project, "policies/versions.yml", "effective: 2025-07-29",
                "effective: 2025-02-01")
    assert load_problems(project) == [
        f'policies/versions.yml:{at(text, "effective: 2025-02-01")}: versions[1].effective: '
        "must be later than 2025-03-01 (version 2025.1) (list versions from oldest to newest)"]


def test_duplicate_version_id_points_at_the_id(project: Path) -> None:
    text = edit(project, "policies/versions.yml", 'id: "2025.2"\n', 'id: "2025.1"  # again\n')
    where = at(text, "id:", within='id: "2025.1"  # again')
    assert load_problems(project) == [
        f'policies/versions.yml:{where}: versions[1].id: "2025.1" is listed twice']


def test_impossible_date(project: Path) -> None:
    text = edit(project, DE, "end: 2026-12-31", "end: 2026-02-30")
    assert load_problems(project) == [
        f'{DE}:{at(text, "end: 2026-02-30")}: markets.DE.seasonal_overrides[0].end: must be a '
        'real date written like 2025-07-01, got "2026-02-30"']


def test_restocking_fee_with_both_percent_and_amount(project: Path) -> None:
    text = edit(project, DE, '\nrefund_without_return_below: "5.00"\n',
                '\nrefund_without_return_below: "5.00"\n'
                'restocking_fee: {percent: "10", amount: "2.00"}\n')
    assert load_problems(project) == [
        f"{DE}:{at(text, 'restocking_fee:')}: markets.DE.restocking_fee: give either percent "
        "or amount, not both or neither"]


def test_seasonal_override_ending_before_it_starts(project: Path) -> None:
    text = edit(project, DE, "end: 2026-12-31", "end: 2026-11-01")
    assert load_problems(project) == [
        f'{DE}:{at(text, "end: 2026-11-01")}: markets.DE.seasonal_overrides[0].end: must not be '
        "before start (2026-11-15)"]


def test_eu_window_starting_at_order(project: Path) -> None:
    text = edit(project, DE, "starts: last_item_received", "starts: order")
    assert load_problems(project) == [
        f'{DE}:{at(text, "starts: order")}: markets.DE.return_window.starts: EU withdrawal '
        "periods run from receipt of the goods, not the order (use delivery or "
        "last_item_received)"]


def test_statutory_floor_names_the_regime(project: Path) -> None:
    text = edit(project, DE, "  days: 30 ", "  days: 10 ")
    source = regimes()["EU"].sources[0]
    assert load_problems(project) == [
        f'{DE}:{at(text, "days: 10")}: markets.DE.return_window.days: 10 days is shorter than '
        "the 14-day statutory minimum of European Union – Consumer Rights Directive 2011/83/EU "
        f"(source: {source})"]


def test_unconfirmed_statutory_floor_only_warns(project: Path) -> None:
    edit(project, DE, "law: {regime: EU}", "law: {regime: SA}")
    text = edit(project, DE, "  days: 30 ", "  days: 5 ")
    assert not regimes()["SA"].confirmed
    loaded = load_project(project)
    assert [str(w) for w in loaded.warnings] == [
        f'{DE}:{at(text, "days: 5 ")}: markets.DE.return_window.days: warning: 5 days is shorter '
        "than the 7-day statutory minimum of Saudi Arabia – E-Commerce Law"]


# -- text ------------------------------------------------------------------------------------


def test_bidi_control_in_text_is_rejected(project: Path) -> None:
    text = edit(project, "site_config.yml", "name: Maru & Mori Returns",
                "name: Maru \u202e& Mori Returns")
    assert load_problems(project) == [
        f'site_config.yml:{at(text, "name:", SITE_NAME)}: site.name: contains an invisible '
        "direction control character U+202E"]


BIDI_EN = 'en: "\\u2066Returns'


def test_bidi_control_in_long_text_is_rejected(project: Path) -> None:
    text = edit(project, DE, "    en: Returns to our hub", '    en: "\\u2066Returns to our hub')
    text = edit(project, DE, "customs declaration is needed.\n",
                'customs declaration is needed."\n')
    assert load_problems(project) == [
        f'{DE}:{at(text, "en:", BIDI_EN)}: markets.DE.customs.declaration.en: contains an '
        "invisible direction control character U+2066"]


def test_control_character_in_text_is_rejected(project: Path) -> None:
    text = edit(project, "site_config.yml", "name: Maru & Mori Returns", 'name: "Maru\\a Mori"')
    assert load_problems(project) == [
        f'site_config.yml:{at(text, "name:", SITE_NAME)}: site.name: contains a control '
        "character U+0007"]


def test_newline_in_a_one_line_field(project: Path) -> None:
    text = edit(project, "site_config.yml", "name: Maru & Mori Returns",
                'name: "Maru\\nMori Returns"')
    assert load_problems(project) == [
        f'site_config.yml:{at(text, "name:", SITE_NAME)}: site.name: must fit on one line']


def test_one_line_block_scalar_is_accepted(project: Path) -> None:
    edit(project, "site_config.yml", "  name: Maru & Mori Returns",
         "  name: |\n    Maru & Mori Returns")
    assert load_project(project).site.name == "Maru & Mori Returns"


def test_blank_text_is_rejected(project: Path) -> None:
    text = edit(project, "site_config.yml", "name: Maru & Mori Returns", 'name: "   "')
    assert load_problems(project) == [
        f'site_config.yml:{at(text, "name:", SITE_NAME)}: site.name: must not be empty']


def test_missing_default_locale_text(project: Path) -> None:
    text = edit(project, "policies/categories.yml", "name: {en: Shoes, ", "name: {")
    line, _ = locate(text, "  shoes:")
    assert load_problems(project) == [
        f"policies/categories.yml:{line + 1}:5: categories.shoes.name: has no \"en\" text (the "
        "default locale, used when a translation is missing)"]


def test_control_characters_in_values_are_escaped_in_the_message(project: Path) -> None:
    text = edit(project, DE, "\ncurrency: EUR\n", '\ncurrency: "\\e[31mEUR\\nX"\n')
    found = load_problems(project)
    assert found == [
        f'{DE}:{at(text, "currency:")}: markets.DE.currency: "\\x1b[31mEUR\\nX" is not an ISO '
        "4217 currency code"]
    assert "\n" not in found[0]
    assert "\x1b" not in found[0]


# -- defaults, many problems -----------------------------------------------------------------


def test_value_from_defaults_points_at_defaults(project: Path) -> None:
    edit(project, DE, "  processing_days: 5\n", "")
    text = edit(project, "policies/defaults.yml", "  processing_days: 5\n",
                "  processing_days: 0\n")
    assert load_problems(project) == [
        f'policies/defaults.yml:{at(text, "processing_days:")}: '
        'markets.DE.refunds.processing_days: must be at least 1, got "0"']


def test_value_overridden_by_the_market_points_at_the_market(project: Path) -> None:
    text = edit(project, DE, "  processing_days: 5\n", "  processing_days: 99\n")
    assert load_problems(project) == [
        f'{DE}:{at(text, "processing_days:")}: markets.DE.refunds.processing_days: must be at '
        'most 60, got "99"']


def test_several_problems_in_several_files_are_reported_at_once_and_sorted(
        project: Path) -> None:
    config = edit(project, "site_config.yml", "base_url: https://", "base_url: http://")
    cats = edit(project, "policies/categories.yml",
                "    returnable: true\n    conditions: [unused, tags_attached, unwashed]",
                "    returnable: maybe\n    conditions: [unused, tags_attached, unwashed]")
    hubs = edit(project, "policies/hubs.yml", "country: NL", "country: XX")
    versions = edit(project, "policies/versions.yml", "effective: 2025-07-29",
                    "effective: 2025-02-30")
    edit(project, DE, "  days: 30 ", "  days: 0 ")
    market = edit(project, DE, "\ncurrency: EUR\n", "\ncurrency: EUX\n")

    with pytest.raises(ContentError) as info:
        load_project(project)
    problems = info.value.problems
    assert len(problems) == 6
    assert problems == sorted(problems, key=lambda p: (p.path, p.line, p.column))
    assert [str(p) for p in problems] == [
        f'policies/categories.yml:{at(cats, "returnable: maybe")}: '
        'categories.apparel.returnable: must be true or false, got "maybe"',
        f'policies/hubs.yml:{at(hubs, "country: XX")}: hubs.eu-venlo.address.country: "XX" is '
        "not an ISO 3166-1 alpha-2 country code",
        f'{DE}:{at(market, "currency:")}: markets.DE.currency: "EUX" is not an ISO 4217 '
        "currency code",
        f'{DE}:{at(market, "days: 0")}: markets.DE.return_window.days: must be at least 1, '
        'got "0"',
        f'policies/versions.yml:{at(versions, "effective: 2025-02-30")}: versions[1].effective: '
        'must be a real date written like 2025-07-01, got "2025-02-30"',
        f'site_config.yml:{at(config, "base_url:")}: site.base_url: must start with "https://", '
        'got "http://returns.marumori.example/"',
    ]
    assert str(info.value) == "\n".join(str(p) for p in problems)


def test_broken_yaml_in_one_file_does_not_hide_problems_in_others(project: Path) -> None:
    hubs = edit(project, "policies/hubs.yml", "country: NL", "country: XX")
    edit(project, DE, "\ncurrency: EUR\n", "\ncurrency: EUR\ncurrency: EUR\n")
    line, _ = locate((project / DE).read_text(encoding="utf-8"), "currency: EUR\ncurrency")
    assert load_problems(project) == [
        f'policies/hubs.yml:{at(hubs, "country: XX")}: hubs.eu-venlo.address.country: "XX" is '
        "not an ISO 3166-1 alpha-2 country code",
        f"{DE}:{line + 1}:1: duplicate key 'currency' (first defined on line {line}) "
        "(keep one of them)",
    ]


def test_missing_required_file(project: Path) -> None:
    (project / "policies/hubs.yml").unlink()
    assert load_problems(project) == [
        "policies/hubs.yml: file is missing (run 'policysite init' to see a complete example)"]


def test_no_market_files(project: Path) -> None:
    (project / DE).unlink()
    assert load_problems(project) == [
        "policies/markets: no market files (xx.yml) found (add one file per country, e.g. "
        "policies/markets/de.yml)"]


def test_problem_str_format() -> None:
    assert str(Problem("a.yml", 3, 0, "x.y", "bad", "fix it")) == "a.yml:3:1: x.y: bad (fix it)"
    assert str(Problem("a.yml", message="bad")) == "a.yml: bad"
    assert str(Problem("a.yml", 2, 5, "f", "odd", severity="warning")) == (
        "a.yml:2:5: f: warning: odd")
