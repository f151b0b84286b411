"""Phone numbers: validity for a market, the number's own country, E.164 and display forms."""

from __future__ import annotations

import pytest

from generator.project.phones import e164, international, phone_problem, phone_region


@pytest.mark.parametrize(("number", "country"), [
    ("+49 30 901820", "DE"),
    ("+44 20 7946 0958", "DE"),  # a foreign number is still a number
    ("+1 (212) 736-5000", "US"),
    ("+800 1234 5678", "DE"),  # international freephone
    (" +49 30 901820", "DE"),
])
def test_valid_numbers_have_no_problem(number: str, country: str) -> None:
    assert phone_problem(number, country) is None


@pytest.mark.parametrize(("number", "country", "shown"), [
    ("213-555-0147", "DE", "+49 2135 550147"),  # a US-looking number, read as German
    ("030 901820", "DE", "+49 30 901820"),  # national form
    ("(212) 736-5000", "US", "+1 212-736-5000"),
])
def test_a_number_without_country_code_is_shown_as_it_would_be_read(
        number: str, country: str, shown: str) -> None:
    assert phone_problem(number, country) == (
        f'"{number}" has no country code',
        f"write it as {shown} if it is a {country} number")


@pytest.mark.parametrize(("number", "country", "shown"), [
    ("0049 30 901820", "DE", "+49 30 901820"),  # the international call prefix instead of +
    ("49 30 901820", "DE", "+49 30 901820"),  # the country code without +
])
def test_a_country_code_without_plus_is_not_the_international_form(
        number: str, country: str, shown: str) -> None:
    assert phone_problem(number, country) == (
        f'"{number}" is not in international form', f"write it as {shown}")


def test_text_that_is_no_number() -> None:
    assert phone_problem("call us", "DE") == (
        '"call us" is not a phone number',
        "write it with the country code, e.g. +49 30 12345678")


@pytest.mark.parametrize(("number", "country"), [("+49 30 1", "DE"), ("12", "US")])
def test_numbers_with_wrong_digits(number: str, country: str) -> None:
    assert phone_problem(number, country) == (
        f'"{number}" is not a valid phone number for {country}',
        "check the digits and the country code")


@pytest.mark.parametrize(("number", "country", "region"), [
    ("+49 30 901820", "DE", "DE"),
    ("+44 20 7946 0958", "GB", "GB"),
    ("+44 20 7946 0958", "DE", "GB"),
    ("+800 1234 5678", "DE", "001"),
])
def test_region_is_the_numbers_own_country(number: str, country: str, region: str) -> None:
    assert phone_region(number, country) == region


@pytest.mark.parametrize(("number", "country", "dialable", "shown"), [
    ("+49 30 901820", "DE", "+4930901820", "+49 30 901820"),
    ("+49 800 123 4567", "DE", "+498001234567", "+49 800 1234567"),
    ("+44 20 7946 0958", "DE", "+442079460958", "+44 20 7946 0958"),
    ("+1 (212) 736-5000", "US", "+12127365000", "+1 212-736-5000"),
])
def test_e164_and_international_forms(number: str, country: str, dialable: str,
                                      shown: str) -> None:
    assert e164(number, country) == dialable
    assert international(number, country) == shown
