"""Localized text: the marker that declares it, the walkers that ask it, the one fallback rule.

Whether a value is merchant text per locale is decided by the model's declared types, never by
the keys of a mapping: a category slug such as "id" or a mapping of VAT ids must not pass for
translations, and a translation with a mistyped locale must not pass for a plain mapping.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from generator.source.loading import FieldPath


@dataclass(frozen=True)
class Localized:
    """``Annotated`` metadata that marks a ``dict[LocaleId, …]`` as one text per locale."""


LOCALIZED = Localized()


def pick(localized: Mapping[str, str], locale: str, default_locale: str,
         market: str | None = None) -> tuple[str, str]:
    """This locale's text, else the default locale's, and the locale actually used.

    The one definition of the fallback, so pages and captions agree on which language a reader
    sees and can mark a fallback with its language. An empty text counts as missing. Raises
    ``KeyError`` when the default locale's text is missing too (validation rules that out).

    On a page about ``market``, a regional text (``es_MX`` on the Mexican pages in Spanish) comes
    first: a market's vocabulary can differ from its language's ("botanas", not "aperitivos").
    """
    if market is not None:
        regional = localized.get(f"{locale}_{market}")
        if regional:
            return regional, locale
    text = localized.get(locale)
    if text:
        return text, locale
    return localized[default_locale], default_locale


def localized_fields(value: BaseModel, where: FieldPath) -> list[tuple[FieldPath, dict[str, str]]]:
    """Every localized text inside a validated model, in field order, with its path.

    ``where`` is the model's own path, e.g. ``("markets", "DE")``.
    """
    found: list[tuple[FieldPath, dict[str, str]]] = []
    _collect(value, type(value), where, found)
    return found


def is_localized_path(model: type[BaseModel], path: tuple[str | int, ...]) -> bool:
    """Whether the raw (not yet validated) value at ``path`` in a ``model`` is localized text.

    The YAML merge asks this so a market's translation replaces the default's as a whole
    instead of keeping stale translations from ``defaults.yml``.
    """
    candidates: list[Any] = [model]
    for key in path:
        candidates = [inner for tp in candidates for option in _options(tp)
                      for inner in _step(option, key)]
        if not candidates:
            return False
    return any(_marked(option) for tp in candidates for option in _options(tp))


# -- reading the declared types -------------------------------------------------------------


def _marked(tp: Any) -> bool:
    return get_origin(tp) is Annotated and any(isinstance(m, Localized) for m in tp.__metadata__)


def _options(tp: Any) -> Iterator[Any]:
    """The alternatives of ``tp``: unions split, unmarked ``Annotated`` wrappers removed."""
    origin = get_origin(tp)
    if origin is Annotated and not _marked(tp):
        yield from _options(get_args(tp)[0])
    elif origin is Union or origin is types.UnionType:
        for arg in get_args(tp):
            yield from _options(arg)
    else:
        yield tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


@cache
def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's declared type; pydantic moves a field's outer ``Annotated`` metadata into
    ``FieldInfo.metadata``, so the marker is put back around the annotation here."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        marked = any(isinstance(m, Localized) for m in info.metadata)
        fields[name] = Annotated[info.annotation, LOCALIZED] if marked else info.annotation
    return fields


def _step(tp: Any, key: str | int) -> list[Any]:
    """The declared types of the value at ``key`` inside a value of (union-free) type ``tp``."""
    if _marked(tp):
        tp = get_args(tp)[0]  # inside a translation: its locale's text, no longer localized
    if _is_model(tp):
        field = _fields(tp).get(key) if isinstance(key, str) else None
        return [] if field is None else [field]
    origin, args = get_origin(tp), get_args(tp)
    if origin is list and isinstance(key, int):
        return list(args[:1])
    if origin is dict and len(args) == 2:
        return [args[1]]
    return []


@cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """The fields of ``model`` that can hold localized text, so a walk skips all the others."""
    return tuple((name, tp) for name, tp in _fields(model).items() if _holds(tp, frozenset()))


def _holds(tp: Any, seen: frozenset[type[BaseModel]]) -> bool:
    """Whether a value of type ``tp`` can contain localized text; ``seen`` stops recursion."""
    for option in _options(tp):
        if _marked(option):
            return True
        if _is_model(option):
            if option not in seen and any(_holds(field, seen | {option})
                                          for field in _fields(option).values()):
                return True
        elif any(_holds(arg, seen) for arg in get_args(option)):
            return True
    return False


def _collect(value: Any, tp: Any, where: FieldPath,
             found: list[tuple[FieldPath, dict[str, str]]]) -> None:
    # Reached only through types that can hold localized text, so a list's or a mapping's
    # items can too (a mapping's keys are never localized text).
    for option in _options(tp):
        if _marked(option):
            if isinstance(value, dict):
                found.append((where, value))
                return
        elif _is_model(option):
            if isinstance(value, option):
                model: type[BaseModel] = type(value)
                for name, field in _plan(model):
                    _collect(getattr(value, name), field, (*where, name), found)
                return
        elif get_origin(option) is list and isinstance(value, list):
            item = get_args(option)[0]
            for index, element in enumerate(value):
                _collect(element, item, (*where, index), found)
            return
        elif get_origin(option) is dict and isinstance(value, dict):
            item = get_args(option)[1]
            for key, element in value.items():
                _collect(element, item, (*where, key), found)
            return
