"""Field types shared by the policy models: each one validates a string the merchant wrote.

Every scalar arrives as the exact string from the YAML file (see ``loading``); these types turn it
into a typed value or explain, in one short sentence, why they cannot.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import zoneinfo
from decimal import Decimal
from functools import cache
from typing import Annotated
from urllib.parse import urlsplit, urlunsplit

import pycountry
from babel.numbers import get_currency_precision, is_currency
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.escape import BIDI_CONTROLS
from generator.i18n.locales import canonical_id, suggest_locale, supported_locales


def _fail(kind: str, message: str, /, **ctx: object) -> PydanticCustomError:
    # Positional-only: a context value may itself be called "code" or "kind".
    return PydanticCustomError(kind, message, dict(ctx))


UNCLEAN = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # Cc, but tab, line feed and carriage return
    "\ud800-\udfff"  # Cs
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"  # Co
    "\u2028\u2029]"))
"""Direction controls, and the characters of Unicode's categories Cc, Cs and Co (stable
since Unicode 2; ``tests/test_validation.py`` compares with ``unicodedata`` for every code
point) with the line and paragraph separators: one search instead of a lookup per character
(most of the time loading a project took)."""


def _check_clean_text(value: str) -> str:
    """Reject bidi and control characters; line breaks and tabs are judged by the caller."""
    found = UNCLEAN.search(value)
    if found is None:
        return value
    char = found.group()
    if char in BIDI_CONTROLS:
        raise _fail("bidi_control", "contains an invisible direction control character U+{code}",
                    code=f"{ord(char):04X}")
    raise _fail("control_char", "contains a control character U+{code}",
                code=f"{ord(char):04X}")


def _require_str(value: object) -> object:
    if value is not None and not isinstance(value, str):
        raise _fail("not_text", "must be text, not a list or mapping")
    return value


def _single_line(value: str) -> str:
    value = _check_clean_text(value).strip()  # a block scalar's final line break is harmless
    if "\n" in value or "\r" in value:
        raise _fail("multiline", "must fit on one line")
    value = unicodedata.normalize("NFC", value)
    if not value:
        raise _fail("empty", "must not be empty")
    return value


def _multi_line(value: str) -> str:
    value = unicodedata.normalize("NFC", _check_clean_text(value).strip())
    if not value:
        raise _fail("empty", "must not be empty")
    return value.replace("\r\n", "\n")


Text = Annotated[str, BeforeValidator(_require_str), AfterValidator(_single_line)]
"""One line of merchant text: no control or bidi characters; escaped wherever it is shown."""

LongText = Annotated[str, BeforeValidator(_require_str), AfterValidator(_multi_line)]
"""Merchant text that may hold several paragraphs separated by blank lines."""


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII)
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value) or len(value) > 40:
        raise _fail("slug", "must be lower-case ASCII letters, digits and single hyphens, "
                            "like 'sealed-hygiene', got \"{value}\"", value=value)
    if value in _WINDOWS_RESERVED:
        raise _fail("slug_reserved", "\"{value}\" is a reserved file name on Windows",
                    value=value)
    return value


Slug = Annotated[str, BeforeValidator(_require_str), AfterValidator(_slug)]
"""An id used in file names and URLs."""

COUNTRY_HINTS = {"UK": "GB", "EL": "GR", "EN": "GB"}


def country_problem(value: str) -> str | None:
    """Why ``value`` is not an ISO 3166-1 alpha-2 code, or None when it is."""
    if re.fullmatch(r"[A-Z]{2}", value, re.ASCII) and pycountry.countries.get(alpha_2=value):
        return None
    hint = COUNTRY_HINTS.get(value.upper())
    if hint is None and value.isascii() and pycountry.countries.get(alpha_2=value.upper()):
        hint = value.upper()
    message = f'"{value}" is not an ISO 3166-1 alpha-2 country code'
    if hint:
        message += f' (did you mean "{hint}"?)'
    return message


def _country(value: str) -> str:
    problem = country_problem(value)
    if problem:
        raise _fail("country", problem)
    return value


CountryCode = Annotated[str, BeforeValidator(_require_str), AfterValidator(_country)]


def _currency(value: str) -> str:
    if re.fullmatch(r"[A-Z]{3}", value, re.ASCII) and is_currency(value):
        return value
    hint = f' (did you mean "{value.upper()}"?)' if is_currency(value.upper()) else ""
    raise _fail("currency", '"{value}" is not an ISO 4217 currency code' + hint, value=value)


CurrencyCode = Annotated[str, BeforeValidator(_require_str), AfterValidator(_currency)]


def currency_digits(currency: str) -> int:
    """Minor units of a currency (JPY 0, EUR 2, KWD 3), from CLDR."""
    return int(get_currency_precision(currency))


def _locale(value: str) -> str:
    """One of the project's languages (``locales/locales.yml``); a language Babel knows is
    one ``policysite i18n add`` can make one."""
    known = supported_locales()
    if value in known:
        return value
    suggestion = suggest_locale(value)
    babel_id = None if suggestion else canonical_id(value)
    if babel_id is not None:
        raise _fail("locale", '"{value}" is not one of this project\'s languages yet; add it '
                    "with: policysite i18n add {locale}", value=value, locale=babel_id)
    hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
    raise _fail("locale", '"{value}" is not a supported locale; use one of {known}' + hint,
                value=value, known=", ".join(sorted(known)))


LocaleId = Annotated[str, BeforeValidator(_require_str), AfterValidator(_locale)]


def _text_locale(value: str) -> str:
    """A merchant text's language: a project language, or one as written in one market
    (``es_MX``: Mexican Spanish, shown on the Mexican pages in Spanish)."""
    language, separator, country = value.rpartition("_")
    if separator and re.fullmatch(r"[A-Z]{2}", country) and language in supported_locales():
        return value
    return _locale(value)


TextLocaleId = Annotated[str, BeforeValidator(_require_str), AfterValidator(_text_locale)]
"""The key of a localized text: ``LocaleId`` or a regional variant of one."""


# Present on some machines only (system zoneinfo folders), and meaning "whatever this machine
# is set to": a policy that names them would read differently on every build machine.
_MACHINE_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) - _MACHINE_ZONES


def _time_zone(value: str) -> str:
    if value in _time_zones():
        return value
    lowered = {tz.lower(): tz for tz in _time_zones()}
    hint = f' (did you mean "{lowered[value.lower()]}"?)' if value.lower() in lowered else ""
    raise _fail("time_zone", '"{value}" is not an IANA time zone like "Europe/Berlin"' + hint,
                value=value)


TimeZone = Annotated[str, BeforeValidator(_require_str), AfterValidator(_time_zone)]


def _https_url(value: str) -> str:
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS
           for ch in value):
        raise _fail("url", "must not contain spaces or control characters")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises for "host:99999" or "host:x"
    except ValueError:
        raise _fail("url", 'is not a valid URL (check the host and port), got "{value}"',
                    value=value) from None
    if parts.scheme != "https":
        raise _fail("url", 'must start with "https://", got "{value}"', value=value)
    if not parts.hostname or "@" in parts.netloc:
        raise _fail("url", 'must name a host and no user name, got "{value}"', value=value)
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise _fail("url", 'has a host name that cannot be encoded: "{value}"',
                    value=value) from None
    if "." not in host:
        raise _fail("url", 'must use a full host name like "shop.example.com", got "{value}"',
                    value=value)
    netloc = host + (f":{port}" if port else "")
    path = parts.path or "/"
    query = parts.query
    for char, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ('"', "%22"),
                       ("'", "%27")):
        path = path.replace(char, code)
        query = query.replace(char, code)
    return urlunsplit(("https", netloc, path, query, ""))


HttpsUrl = Annotated[str, BeforeValidator(_require_str), AfterValidator(_https_url)]
"""An https URL, re-serialised after parsing so only the normalised form is ever output."""


def _survey_url(value: str) -> str:
    rest = value.replace("{locale}", "")
    if "{" in rest or "}" in rest:
        raise _fail("url", 'may contain braces only as "{field}", got "{value}"',
                    field="{locale}", value=value)
    normal = _https_url(value)
    parts = urlsplit(value)
    if "{locale}" in parts.netloc or "{locale}" in parts.fragment:
        raise _fail("url", '"{field}" may stand only in the path or the query, got "{value}"',
                    field="{locale}", value=value)
    return normal


SurveyUrl = Annotated[str, BeforeValidator(_require_str), AfterValidator(_survey_url)]
"""An https URL in which ``{locale}`` (in the path or query) stands for the reader's BCP 47
language tag, e.g. ``https://survey.example/returns?lang={locale}``."""


def _email(value: str) -> str:
    if any(ch in value for ch in "?&\n\r") or any(ch in BIDI_CONTROLS for ch in value):
        raise _fail("email", 'is not a valid e-mail address: "{value}"', value=value)
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise _fail("email", "is not a valid e-mail address ({reason})",
                    reason=str(exc).rstrip(".")) from None


Email = Annotated[str, BeforeValidator(_require_str), AfterValidator(_email)]


def _amount(value: object) -> object:
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value.strip(), re.ASCII):
            raise _fail("amount", 'must be an amount like 4.90 (digits and one dot), got "{value}"',
                        value=value)
        return Decimal(value.strip())
    return value


Amount = Annotated[Decimal, BeforeValidator(_amount), Field(ge=0)]
"""An exact, non-negative amount in the market's currency (decimals checked per currency)."""


def _hour(value: str) -> str:
    if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value, re.ASCII):
        raise _fail("time", 'must be a 24-hour time like "09:00", got "{value}"', value=value)
    return value


ClockTime = Annotated[str, BeforeValidator(_require_str), AfterValidator(_hour)]
"""A time of day such as "09:00" (quote it in YAML 1.1 or it may read as base-60)."""


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value, re.ASCII):
        raise _fail("colour", 'must be a colour like "#1a73e8", got "{value}"', value=value)
    return value.lower()


HexColour = Annotated[str, BeforeValidator(_require_str), AfterValidator(_hex_colour)]


def _hashtag(value: str) -> str:
    if not re.fullmatch(r"#?[^\s#@]{1,100}", value):
        raise _fail("hashtag", 'must be one word without spaces, like "#returns", got "{value}"',
                    value=value)
    # NFC, so that one tag typed two ways is one tag; combining marks belong to the letter
    # before them (Thai "คืนสินค้า", Hindi), so they are allowed after one.
    word = unicodedata.normalize("NFC", value.lstrip("#"))
    if not all(ch.isalnum() or ch == "_" or (index and unicodedata.category(ch)[0] == "M")
               for index, ch in enumerate(word)):
        raise _fail("hashtag", 'may hold only letters, digits and "_", got "{value}"',
                    value=value)
    return "#" + word


Hashtag = Annotated[str, BeforeValidator(_require_str), AfterValidator(_hashtag)]

def _whole_number(value: object) -> object:
    """Only plain digits: "30", never "30.0", "+30", "3_0" or "1e1" (lax parsing takes them)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{1,9}", value.strip(), re.ASCII):
        raise _fail("whole_number", 'must be a whole number, got "{value}"', value=value)
    return value


def _true_false(value: object) -> object:
    """YAML 1.2 booleans only: "yes", "on" and "1" are YAML 1.1 surprises, so they are refused."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered not in ("true", "false"):
            raise _fail("true_false", 'must be true or false, got "{value}"', value=value)
        return lowered == "true"
    return value


def _iso_date(value: object) -> object:
    """Dates as written in ISO 8601 (2025-07-01), never timestamps or date-times."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip(),
                                                   re.ASCII):
        raise _fail("iso_date", 'must be a real date written like 2025-07-01, got "{value}"',
                    value=value)
    return value


WholeNumber = BeforeValidator(_whole_number)
Int = Annotated[int, WholeNumber]
Bool = Annotated[bool, BeforeValidator(_true_false)]
Date = Annotated[datetime.date, BeforeValidator(_iso_date)]
Days = Annotated[int, Field(ge=1, le=3650), WholeNumber]
Percent = Annotated[Decimal, BeforeValidator(_amount), Field(ge=0, le=100)]
"""A percentage from 0 to 100, written like an amount; a fee of 0 is no fee (``market.py``)."""
