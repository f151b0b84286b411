"""Field and cross-field validation of a whole project, asserted as exact one-line problems.

Each test copies the example project (German market only), sets the one value it is about and
checks what ``load_project`` reports. Tests set every value their expectation depends on, and
lines and columns are computed from the edited text, so the assertions stay exact while the
example files grow.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest

from generator.errors import ContentError, Problem, UsageError
from generator.escape import BIDI_CONTROLS
from generator.i18n.locales import supported_locales
from generator.model.types import UNCLEAN
from generator.project.law import regimes
from generator.project.load import load_project
from tests.conftest import edit, set_line

DE = "policies/markets/de.yml"
CONFIG = "site_config.yml"
KNOWN_LOCALES = ", ".join(sorted(supported_locales()))


def load_problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems]


def pos(text: str, line: str, key: str | None = None) -> str:
    """``line:col`` of ``key`` (default: the first non-blank) in the one line equal to ``line``."""
    lines = text.split("\n")
    found = [number for number, candidate in enumerate(lines, 1) if candidate == line]
    assert len(found) == 1, f"{line!r} must be exactly one line"
    column = line.index(key) + 1 if key else len(line) - len(line.lstrip()) + 1
    return f"{found[0]}:{column}"


def put(root: Path, relative: str, prefix: str, line: str) -> tuple[str, str]:
    """Set a line (see ``set_line``); return the text and ``line:col`` of its first word."""
    text = set_line(root, relative, prefix, line)
    return text, pos(text, line)


def add_category(root: Path, lines: str) -> str:
    """Put a category ``gifts`` first in categories.yml; return the new text."""
    return edit(root, "policies/categories.yml", "\ncategories:\n",
                f"\ncategories:\n  gifts:\n{lines}\n")


def test_example_copy_is_valid(project: Path) -> None:
    loaded = load_project(project)
    assert list(loaded.markets) == ["DE"]


# -- single fields ---------------------------------------------------------------------------


def test_return_window_of_zero_days(project: Path) -> None:
    _, where = put(project, DE, "  days:", "  days: 0")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.return_window.days: must be at least 1, got "0"']


def test_days_that_are_not_a_number(project: Path) -> None:
    _, where = put(project, DE, "  days:", "  days: thirty")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.return_window.days: must be a whole number, got "thirty"']


def test_unknown_key_gets_a_did_you_mean_hint(project: Path) -> None:
    _, where = put(project, DE, "  starts:", "  stats: last_item_received")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.return_window.stats: unknown field (did you mean "starts"?)']


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(project: Path) -> None:
    text = set_line(project, DE, "  starts:", "  starts: delivery\n  flexible: true")
    assert load_problems(project) == [
        f'{DE}:{pos(text, "  flexible: true")}: markets.DE.return_window.flexible: unknown '
        "field (allowed: days, starts)"]


def test_unknown_key_that_looks_like_a_pydantic_location_keeps_its_name(project: Path) -> None:
    line = '  "x[y]": 1'
    text = set_line(project, DE, "  starts:", f"  starts: delivery\n{line}")
    assert load_problems(project) == [
        f"{DE}:{pos(text, line)}: markets.DE.return_window.x[y]: unknown field (allowed: days, "
        "starts)"]


def test_misspelt_top_level_key_reports_unknown_and_missing(project: Path) -> None:
    _, where = put(project, DE, "currency:", "curency: EUR")
    assert load_problems(project) == [
        f"{DE}:1:1: markets.DE.currency: is required",
        f'{DE}:{where}: markets.DE.curency: unknown field (did you mean "currency"?)',
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


@pytest.mark.parametrize(("written", "hint"), [("UK", ' (did you mean "GB"?)'),
                                               ("cn", ' (did you mean "CN"?)'),
                                               ("ß", ""), ("CHN", "")])
def test_country_code_in_a_field(project: Path, written: str, hint: str) -> None:
    _, where = put(project, CONFIG, "  ships_from:", f"  ships_from: {written}")
    assert load_problems(project) == [
        f'{CONFIG}:{where}: merchant.ships_from: "{written}" is not an ISO 3166-1 alpha-2 '
        f"country code{hint}"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [("eur", ' (did you mean "EUR"?)'), ("EUX", ""), ("EURO", ""), ("€", "")],
)
def test_bad_currency(project: Path, written: str, hint: str) -> None:
    _, where = put(project, DE, "currency:", f"currency: {written}")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.currency: "{written}" is not an ISO 4217 currency code{hint}']


def test_bcp47_locale_in_site_config_suggests_the_canonical_id(project: Path) -> None:
    line = "  locales: [en, de, pt-BR]"
    text = set_line(project, CONFIG, "  locales:", line)
    assert load_problems(project) == [
        f'{CONFIG}:{pos(text, line, "pt-BR")}: site.locales[2]: "pt-BR" is not a supported '
        f'locale; use one of {KNOWN_LOCALES} (did you mean "pt_BR"?)']


def test_unsupported_locale_in_a_market(project: Path) -> None:
    text = set_line(project, DE, "locales:", "locales: [de, en, ko]")
    assert load_problems(project) == [
        f'{DE}:{pos(text, "locales: [de, en, ko]", "ko")}: markets.DE.locales[2]: "ko" is not '
        f"one of this project's languages yet; add it with: policysite i18n add ko"]


def test_unsupported_locale_as_a_text_key_points_at_the_key(project: Path) -> None:
    line = "    name: {ko: Seonmul, en: Gifts}"
    text = add_category(project, f"{line}\n    returnable: true")
    assert load_problems(project) == [
        f'policies/categories.yml:{pos(text, line, "ko")}: categories.gifts.name.ko: "ko" is not '
        f"one of this project's languages yet; add it with: policysite i18n add ko"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [("xx", ""), ("en-US", ' (did you mean "en"?)'), ("EN", ' (did you mean "en"?)'),
     ("zh-CN", ' (did you mean "zh_Hans"?)'), ("pt", ' (did you mean "pt_BR"?)'),
     ("de-AT", ' (did you mean "de"?)'), ("", "")],
)
def test_locale_spellings_get_the_canonical_id_as_hint(project: Path, written: str,
                                                        hint: str) -> None:
    line = f'locales: [de, "{written}"]'
    text = set_line(project, DE, "locales:", line)
    assert load_problems(project) == [
        f'{DE}:{pos(text, line, chr(34))}: markets.DE.locales[1]: "{written}" is not a supported '
        f"locale; use one of {KNOWN_LOCALES}{hint}"]


@pytest.mark.parametrize(("written", "locale"), [("no", "no"), ("NO", "no"), ("pt-PT", "pt_PT"),
                                                 ("zh_Hant", "zh_Hant"), ("ko-KR", "ko_KR")])
def test_a_locale_babel_knows_says_how_to_add_it(project: Path, written: str, locale: str
                                                 ) -> None:
    line = f'locales: [de, "{written}"]'
    text = set_line(project, DE, "locales:", line)
    assert load_problems(project) == [
        f'{DE}:{pos(text, line, chr(34))}: markets.DE.locales[1]: "{written}" is not one of this '
        f"project's languages yet; add it with: policysite i18n add {locale}"]


def test_market_locale_not_in_site_locales(project: Path) -> None:
    set_line(project, CONFIG, "  locales:", "  locales: [en, de, es, ar]")
    text = set_line(project, DE, "locales:", "locales: [de, en, fr]")
    assert load_problems(project) == [
        f'{DE}:{pos(text, "locales: [de, en, fr]", "fr")}: markets.DE.locales[2]: "fr" is not '
        "one of site.locales (add it to site.locales in site_config.yml)"]


def test_binding_locale_not_in_market_locales(project: Path) -> None:
    set_line(project, DE, "locales:", "locales: [de, en]")
    text = set_line(project, DE, "binding_locales:", "binding_locales: [fr]")
    assert load_problems(project) == [
        f'{DE}:{pos(text, "binding_locales: [fr]", "fr")}: markets.DE.binding_locales[0]: "fr" '
        "is not one of this market's locales"]


def test_default_locale_not_in_site_locales(project: Path) -> None:
    set_line(project, CONFIG, "  locales:", "  locales: [de, en]")
    _, where = put(project, CONFIG, "  default_locale:", "  default_locale: fr")
    found = load_problems(project)
    expected = (f'{CONFIG}:{where}: site.default_locale: "fr" is not one of site.locales (add '
                "it to site.locales)")
    assert expected in found
    # Every localized text without French is reported too: fr is what readers fall back to.
    assert all(p.endswith('has no "fr" text (the default locale, used when a translation is '
                          'missing)') for p in found if p != expected)


@pytest.mark.parametrize(
    ("written", "hint"),
    [("europe/berlin", ' (did you mean "Europe/Berlin"?)'), ("UTC+2", ""),
     ("localtime", ""), ("../../etc/passwd", ""), ("", "")],
)
def test_bad_time_zone(project: Path, written: str, hint: str) -> None:
    _, where = put(project, DE, "time_zone:", f'time_zone: "{written}"')
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.time_zone: "{written}" is not an IANA time zone like '
        f'"Europe/Berlin"{hint}']


SLUG_RULE = ("must be lower-case ASCII letters, digits and single hyphens, like "
             "'sealed-hygiene', got")


@pytest.mark.parametrize(
    ("slug", "message"),
    [("../x", f'{SLUG_RULE} "../x"'), (".", f'{SLUG_RULE} "."'), ("", f'{SLUG_RULE} ""'),
     ("a/b", f'{SLUG_RULE} "a/b"'), ("a\\\\b", f'{SLUG_RULE} "a\\b"'),
     ("/etc", f'{SLUG_RULE} "/etc"'), ("EU-Venlo", f'{SLUG_RULE} "EU-Venlo"'),
     ("eu--venlo", f'{SLUG_RULE} "eu--venlo"'), ("-eu", f'{SLUG_RULE} "-eu"'),
     ("hub\u0661", f'{SLUG_RULE} "hub\u0661"'), ("x" * 41, f'{SLUG_RULE} "{"x" * 41}"'),
     ("con", '"con" is a reserved file name on Windows'),
     ("lpt1", '"lpt1" is a reserved file name on Windows')],
)
def test_ids_used_in_paths_are_strict_slugs(project: Path, slug: str, message: str) -> None:
    line = f'  "{slug}":'
    text = set_line(project, "policies/hubs.yml", "  eu-venlo:", line)
    shown = slug.replace("\\\\", "\\")  # the YAML escape \\ is one backslash
    assert load_problems(project) == [
        f"policies/hubs.yml:{pos(text, line)}: hubs.{shown}: {message}"]


def test_text_where_a_list_is_given(project: Path) -> None:
    where = site_name(project, "[Maru, Mori]")
    assert load_problems(project) == [f"{CONFIG}:{where}: site.name: must be text, got a list"]


def test_non_https_url(project: Path) -> None:
    _, where = put(project, CONFIG, "  base_url:", "  base_url: http://shop.example/")
    assert load_problems(project) == [
        f'{CONFIG}:{where}: site.base_url: must start with "https://", got '
        '"http://shop.example/"']


def chat_url(root: Path, url: str) -> str:
    """Set the first chat channel's URL; return ``line:col`` of its ``url`` key."""
    line = f'    - {{app: whatsapp, url: "{url}"}}'
    text = set_line(root, DE, "    - {app: whatsapp", line)
    return pos(text, line, "url")


def test_url_with_userinfo_is_rejected(project: Path) -> None:
    where = chat_url(project, "https://good.example@evil.example")
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.contact.chat[0].url: must name a host and no user name, got "
        '"https://good.example@evil.example"']


@pytest.mark.parametrize("written", ["https://shop.example:99999/", "https://shop.example:x/",
                                     "https://[::1/"])
def test_url_that_python_cannot_split_gets_our_message(project: Path, written: str) -> None:
    where = chat_url(project, written)
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.contact.chat[0].url: is not a valid URL (check the host and "
        f'port), got "{written}"']


@pytest.mark.parametrize("written", ["\\thttps://wa.me/49", "https://wa.me/4\\u202e9",
                                     "https://wa.me/a b"])
def test_url_with_whitespace_or_bidi_is_rejected(project: Path, written: str) -> None:
    where = chat_url(project, written)
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.contact.chat[0].url: must not contain spaces or control "
        "characters"]


def test_url_is_reserialised_with_markdown_breaking_characters_encoded(project: Path) -> None:
    chat_url(project, "HTTPS://WA.me/49(1)?text=a)b<c>'d#frag")
    url = load_project(project).markets["DE"].contact.chat[0].url
    assert url == "https://wa.me/49%281%29?text=a%29b%3Cc%3E%27d"


def test_invalid_email_with_query_characters(project: Path) -> None:
    _, where = put(project, DE, "  email:", "  email: hilfe?subject=x@shop.example")
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.contact.email: is not a valid e-mail address: "
        '"hilfe?subject=x@shop.example"']


def test_invalid_email_reason_comes_from_the_validator(project: Path) -> None:
    _, where = put(project, DE, "  email:", "  email: hilfe@@shop.example")
    (found,) = load_problems(project)
    assert found.startswith(f"{DE}:{where}: markets.DE.contact.email: is not a valid e-mail "
                            "address (")
    assert found.endswith(")")


def phone(root: Path, number: str) -> str:
    _, where = put(root, DE, "  phone:", f'  phone: "{number}"')
    return where


def test_invalid_phone_for_its_country(project: Path) -> None:
    where = phone(project, "+49 1234")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.contact.phone: "+49 1234" is not a valid phone number for DE '
        "(check the digits and the country code)"]


def test_text_that_is_not_a_phone_number(project: Path) -> None:
    where = phone(project, "call us")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.contact.phone: "call us" is not a phone number (write it '
        "with the country code, e.g. +49 30 12345678)"]


def test_foreign_phone_number_is_only_a_warning(project: Path) -> None:
    where = phone(project, "+1 650-253-0000")
    loaded = load_project(project)
    assert [str(w) for w in loaded.warnings] == [
        f"{DE}:{where}: markets.DE.contact.phone: warning: is a US number; callers from DE pay "
        "international rates (add a local number if you have one)"]


def test_local_and_international_freephone_numbers_are_not_called_foreign(
        project: Path) -> None:
    phone(project, "+49 30 901820")
    assert load_project(project).warnings == []
    phone(project, "+800 1234 5678")
    assert load_project(project).warnings == []


def test_jpy_amounts_with_decimals(project: Path) -> None:
    fee, below = '  return_label_fee: "500.0"', 'refund_without_return_below: "800.00"'
    set_line(project, DE, "currency:", "currency: JPY")
    set_line(project, DE, "  return_label_fee:", fee)
    text = set_line(project, DE, "refund_without_return_below:", below)
    assert load_problems(project) == [
        f"{DE}:{pos(text, fee)}: markets.DE.shipping.return_label_fee: JPY amounts have 0 "
        'decimal places, got "500.0"',
        f"{DE}:{pos(text, below)}: markets.DE.refund_without_return_below: JPY amounts have 0 "
        'decimal places, got "800.00"',
    ]


def test_too_many_decimals_are_shown_as_written(project: Path) -> None:
    set_line(project, DE, "currency:", "currency: EUR")
    _, where = put(project, DE, "  return_label_fee:", '  return_label_fee: "0.000000001"')
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.shipping.return_label_fee: EUR amounts have 2 decimal "
        'places, got "0.000000001"']


def test_whole_yen_amounts_are_fine(project: Path) -> None:
    set_line(project, DE, "currency:", "currency: JPY")
    set_line(project, DE, "  return_label_fee:", '  return_label_fee: "500"')
    set_line(project, DE, "refund_without_return_below:", 'refund_without_return_below: "800"')
    assert str(load_project(project).markets["DE"].shipping.return_label_fee) == "500"


@pytest.mark.parametrize("written", ["-4.95", "4,95", "1e3", "４.95", "4.95 EUR", "4."])
def test_amount_must_be_digits_and_one_dot(project: Path, written: str) -> None:
    _, where = put(project, DE, "  return_label_fee:", f'  return_label_fee: "{written}"')
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.shipping.return_label_fee: must be an amount like 4.90 "
        f'(digits and one dot), got "{written}"']


def test_unknown_hub(project: Path) -> None:
    _, where = put(project, DE, "  destination:", "  destination: eu-venl")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.returns.destination: unknown hub "eu-venl" (did you mean '
        '"eu-venlo"?)']


def test_unknown_category_in_market_exceptions(project: Path) -> None:
    _, where = put(project, DE, "  swimwear:", "  swimwar:")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.categories.swimwar: unknown category "swimwar" (did you mean '
        '"swimwear"?)']


def test_unknown_category_in_an_extended_window(project: Path) -> None:
    line = "    categories: [shoes, shoe]"
    text = set_line(project, DE, "    categories:", line)
    assert load_problems(project) == [
        f'{DE}:{pos(text, line, "shoe]")}: markets.DE.extended_windows[0].categories[1]: unknown '
        'category "shoe" (did you mean "shoes"?)']


def test_versions_must_be_ordered_by_date(project: Path) -> None:
    text = edit(project, "policies/versions.yml", "effective: 2025-07-29",
                "effective: 2025-02-01")
    assert load_problems(project) == [
        f'policies/versions.yml:{pos(text, "    effective: 2025-02-01")}: versions[1].effective: '
        "must be later than 2025-03-01 (version 2025.1) (list versions from oldest to newest)"]


def test_duplicate_version_id_points_at_the_id(project: Path) -> None:
    line = '  - id: "2025.1"  # again'
    text = edit(project, "policies/versions.yml", '  - id: "2025.2"', line)
    assert load_problems(project) == [
        f'policies/versions.yml:{pos(text, line, "id")}: versions[1].id: "2025.1" is listed '
        "twice"]


def test_impossible_date(project: Path) -> None:
    _, where = put(project, DE, "    end:", "    end: 2026-02-30")
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.seasonal_overrides[0].end: must be a real date written like "
        '2025-07-01, got "2026-02-30"']


def test_restocking_fee_with_both_percent_and_amount(project: Path) -> None:
    line = 'restocking_fee: {percent: "10", amount: "2.00"}'
    text = set_line(project, DE, "refund_without_return_below:",
                    f'refund_without_return_below: "5.00"\n{line}')
    assert load_problems(project) == [
        f"{DE}:{pos(text, line)}: markets.DE.restocking_fee: give either percent or amount, not "
        "both or neither"]


def test_seasonal_override_ending_before_it_starts(project: Path) -> None:
    set_line(project, DE, "    start:", "    start: 2026-11-15")
    _, where = put(project, DE, "    end:", "    end: 2026-11-01")
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.seasonal_overrides[0].end: must not be before start "
        "(2026-11-15)"]


def test_eu_window_starting_at_order(project: Path) -> None:
    set_line(project, DE, "law:", "law: {regime: EU}")
    _, where = put(project, DE, "  starts:", "  starts: order")
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.return_window.starts: warning: search engines and Merchant "
        "Center count return windows from delivery; the structured data says 30 days from "
        "delivery (count the window from delivery, or shorten days by the usual delivery time)",
        f"{DE}:{where}: markets.DE.return_window.starts: the statutory period of European Union "
        "– Consumer Rights Directive 2011/83/EU runs from receipt of the goods, not the order "
        "(use delivery or last_item_received)"]


def test_statutory_floor_names_the_regime(project: Path) -> None:
    set_line(project, DE, "law:", "law: {regime: EU}")
    _, where = put(project, DE, "  days:", "  days: 10")
    source = regimes()["EU"].sources[0]
    problems = load_problems(project)
    assert problems[0] == (
        f"{DE}:{where}: markets.DE.return_window.days: 10 days is shorter than the 14-day "
        "statutory minimum of European Union – Consumer Rights Directive 2011/83/EU "
        f"(source: {source})")
    # TikTok Shop's own 30-day EU rule is a platform floor: a warning at the same line
    assert [p.split(": warning: ")[1][:41] for p in problems[1:]] == [
        "10 days is shorter than the 30-day return"]


def test_unconfirmed_statutory_floor_only_warns(project: Path) -> None:
    set_line(project, DE, "law:", "law: {regime: SA}")
    _, where = put(project, DE, "  days:", "  days: 5")
    assert not regimes()["SA"].confirmed
    loaded = load_project(project)
    floor = [w for w in map(str, loaded.warnings) if "statutory minimum" in w]
    assert floor == [
        f"{DE}:{where}: markets.DE.return_window.days: warning: 5 days is shorter than the "
        f"7-day statutory minimum of {regimes()['SA'].name} (source: {regimes()['SA'].sources[0]})"]


# -- text ------------------------------------------------------------------------------------


def site_name(root: Path, yaml_value: str) -> str:
    """Set site.name as written in YAML; return its ``line:col``."""
    _, where = put(root, CONFIG, "  name:", f"  name: {yaml_value}")
    return where


def test_bidi_control_in_text_is_rejected(project: Path) -> None:
    where = site_name(project, "Maru \u202e& Mori Returns")
    assert load_problems(project) == [
        f"{CONFIG}:{where}: site.name: contains an invisible direction control character U+202E"]


def test_bidi_control_in_long_text_is_rejected(project: Path) -> None:
    line = '      en: "\\u2066Yes, you can."'
    text = set_line(project, DE, "      en: Yes. Ask the person", line)
    assert load_problems(project) == [
        f"{DE}:{pos(text, line)}: markets.DE.faq[0].answer.en: contains an invisible "
        "direction control character U+2066"]


def test_control_character_in_text_is_rejected(project: Path) -> None:
    where = site_name(project, '"Maru\\a Mori"')
    assert load_problems(project) == [
        f"{CONFIG}:{where}: site.name: contains a control character U+0007"]


def test_rejected_characters_are_unicodes_control_categories_and_direction_controls() -> None:
    every = "".join(map(chr, range(0x110000)))
    expected = [char for char in every if char in BIDI_CONTROLS or char in "\u2028\u2029" or (
        char not in "\n\r\t" and unicodedata.category(char) in ("Cc", "Cs", "Co"))]
    assert UNCLEAN.findall(every) == expected


def test_newline_in_a_one_line_field(project: Path) -> None:
    where = site_name(project, '"Maru\\nMori Returns"')
    assert load_problems(project) == [f"{CONFIG}:{where}: site.name: must fit on one line"]


def test_one_line_block_scalar_is_accepted(project: Path) -> None:
    set_line(project, CONFIG, "  name:", "  name: |\n    Maru & Mori Returns\n")
    assert load_project(project).site.name == "Maru & Mori Returns"


def test_blank_text_is_rejected(project: Path) -> None:
    where = site_name(project, '"   "')
    assert load_problems(project) == [f"{CONFIG}:{where}: site.name: must not be empty"]


def test_missing_default_locale_text(project: Path) -> None:
    set_line(project, CONFIG, "  default_locale:", "  default_locale: en")
    line = "    name: {de: Geschenke, es: Regalos}"
    text = add_category(project, f"{line}\n    returnable: true")
    assert load_problems(project) == [
        f'policies/categories.yml:{pos(text, line)}: categories.gifts.name: has no "en" text '
        "(the default locale, used when a translation is missing)"]


def test_control_characters_in_values_are_escaped_in_the_message(project: Path) -> None:
    _, where = put(project, DE, "currency:", 'currency: "\\e[31mEUR\\nX"')
    found = load_problems(project)
    assert found == [
        f'{DE}:{where}: markets.DE.currency: "\\x1b[31mEUR\\nX" is not an ISO 4217 currency '
        "code"]
    assert "\n" not in found[0]
    assert "\x1b" not in found[0]


# -- defaults, many problems -----------------------------------------------------------------


def test_value_from_defaults_points_at_defaults(project: Path) -> None:
    set_line(project, DE, "  processing_days:", "")
    _, where = put(project, "policies/defaults.yml", "  processing_days:", "  processing_days: 0")
    assert load_problems(project) == [
        f"policies/defaults.yml:{where}: markets.DE.refunds.processing_days: must be at least 1, "
        'got "0"']


def test_value_overridden_by_the_market_points_at_the_market(project: Path) -> None:
    set_line(project, "policies/defaults.yml", "  processing_days:", "  processing_days: 0")
    _, where = put(project, DE, "  processing_days:", "  processing_days: 99")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.refunds.processing_days: must be at most 60, got "99"']


def test_several_problems_in_several_files_are_reported_at_once_and_sorted(
        project: Path) -> None:
    _, config = put(project, CONFIG, "  base_url:", "  base_url: http://shop.example/")
    cats = add_category(project, "    name: {en: Gifts}\n    returnable: maybe")
    _, hubs = put(project, "policies/hubs.yml", "      country: NL", "      country: XX")
    versions = edit(project, "policies/versions.yml", "effective: 2025-07-29",
                    "effective: 2025-02-30")
    _, currency = put(project, DE, "currency:", "currency: EUX")
    _, days = put(project, DE, "  days:", "  days: 0")

    with pytest.raises(ContentError) as info:
        load_project(project)
    problems = info.value.problems
    assert len(problems) == 6
    assert problems == sorted(problems, key=lambda p: (p.path, p.line, p.column))
    assert [str(p) for p in problems] == [
        f"policies/categories.yml:{pos(cats, '    returnable: maybe')}: "
        'categories.gifts.returnable: must be true or false, got "maybe"',
        f'policies/hubs.yml:{hubs}: hubs.eu-venlo.address.country: "XX" is not an ISO 3166-1 '
        "alpha-2 country code",
        f'{DE}:{currency}: markets.DE.currency: "EUX" is not an ISO 4217 currency code',
        f'{DE}:{days}: markets.DE.return_window.days: must be at least 1, got "0"',
        f'policies/versions.yml:{pos(versions, "    effective: 2025-02-30")}: '
        'versions[1].effective: must be a real date written like 2025-07-01, got "2025-02-30"',
        f'{CONFIG}:{config}: site.base_url: must start with "https://", got '
        '"http://shop.example/"',
    ]
    assert str(info.value) == "\n".join(str(p) for p in problems)


def test_broken_yaml_in_one_file_does_not_hide_problems_in_others(project: Path) -> None:
    _, hubs = put(project, "policies/hubs.yml", "      country: NL", "      country: XX")
    text = set_line(project, DE, "currency:", "currency: EUR\ncurrency: EUR")
    first = text.split("\n").index("currency: EUR") + 1
    assert load_problems(project) == [
        f'policies/hubs.yml:{hubs}: hubs.eu-venlo.address.country: "XX" is not an ISO 3166-1 '
        "alpha-2 country code",
        f"{DE}:{first + 1}:1: duplicate key 'currency' (first defined on line {first}) "
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


def test_problems_are_deduplicated_and_fully_ordered() -> None:
    a = Problem("a.yml", 1, 1, "f", "same", "hint a")
    b = Problem("a.yml", 1, 1, "f", "same", "hint b")
    warning = Problem("a.yml", 1, 1, "f", "same", "hint a", "warning")
    first = Problem("a.yml", 0, 0, "", "whole file")
    for order in ([b, warning, a, first, a], [a, first, warning, b, b]):
        assert ContentError(order).problems == [first, a, warning, b]


def test_usage_error_from_text() -> None:
    error = UsageError("no site_config.yml in /x")
    assert error.exit_code == 2
    assert ContentError([Problem("a.yml")]).exit_code == 1
    assert str(error) == "policysite: no site_config.yml in /x"


@pytest.mark.parametrize("written", ["30.0", "+30", "3_0", "1e1", "0x1E"])
def test_days_accept_plain_digits_only(project: Path, written: str) -> None:
    _, where = put(project, DE, "  days:", f"  days: {written}")
    assert load_problems(project) == [
        f'{DE}:{where}: markets.DE.return_window.days: must be a whole number, got "{written}"']


@pytest.mark.parametrize("written", ["yes", "on", "1", "Y"])
def test_yaml_1_1_booleans_are_refused(project: Path, written: str) -> None:
    _, where = put(project, "policies/defaults.yml", "  allowed:", f"  allowed: {written}")
    assert load_problems(project) == [
        f'policies/defaults.yml:{where}: markets.DE.exchanges.allowed: must be true or false, '
        f'got "{written}"']


@pytest.mark.parametrize("written", ["1798675200", "2026-11-15T00:00:00", "15.11.2026"])
def test_dates_must_be_iso_dates(project: Path, written: str) -> None:
    _, where = put(project, DE, "    start:", f"    start: {written}")
    assert load_problems(project) == [
        f"{DE}:{where}: markets.DE.seasonal_overrides[0].start: must be a real date written "
        f'like 2025-07-01, got "{written}"']


def test_an_empty_key_in_a_market_keeps_the_defaults(project: Path) -> None:
    refunds = "refunds:\n  methods: [original_payment, store_credit]\n  processing_days: 5\n"
    edit(project, DE, refunds, "refunds:\n")
    market = load_project(project).markets["DE"]
    assert market.refunds.processing_days == 5  # from policies/defaults.yml
