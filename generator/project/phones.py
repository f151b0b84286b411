"""Phone numbers: whether one is valid for a market, and its dialable and display forms.

Validation reports the problem; pages and exports print the same number in E.164 (``tel:``
links) and international form, so both read it through the same parser.
"""

from __future__ import annotations

import phonenumbers


def phone_problem(number: str, country: str) -> tuple[str, str] | None:
    """Why ``number`` is not a valid phone number in international form, or None.

    The ``+`` and the country code are required (as the README says): a number without them
    would silently become a number of the market's country (``213-555-0147`` in Germany is a
    German number). The hint shows the number as it would be printed, ready to copy.
    """
    try:
        parsed = phonenumbers.parse(number, country, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return (f'"{number}" is not a phone number',
                "write it with the country code, e.g. +49 30 12345678")
    if not phonenumbers.is_valid_number(parsed):
        return (f'"{number}" is not a valid phone number for {country}',
                "check the digits and the country code")
    source = parsed.country_code_source
    if source == phonenumbers.CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN:
        return None
    shown = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if source == phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY:
        return (f'"{number}" has no country code',
                f"write it as {shown} if it is a {country} number")
    return f'"{number}" is not in international form', f"write it as {shown}"


def phone_region(number: str, country: str) -> str | None:
    """The country a valid number belongs to."""
    return phonenumbers.region_code_for_number(phonenumbers.parse(number, country))


def e164(number: str, country: str) -> str:
    """The E.164 form of a phone number that passed ``phone_problem``."""
    return phonenumbers.format_number(phonenumbers.parse(number, country),
                                      phonenumbers.PhoneNumberFormat.E164)


def international(number: str, country: str) -> str:
    """The international display form, e.g. +49 30 12345678."""
    return phonenumbers.format_number(phonenumbers.parse(number, country),
                                      phonenumbers.PhoneNumberFormat.INTERNATIONAL)
