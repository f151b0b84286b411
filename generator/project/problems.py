"""Turn pydantic's validation errors into one-line problems a merchant can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.source.loading import FieldPath, Mark, find_mark


def format_field_path(location: Iterable[str | int]) -> str:
    """``("markets", "DE", "faq", 0, "id")`` → ``markets.DE.faq[0].id``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text


def problem_at(marks: dict[FieldPath, Mark], where: FieldPath, message: str, hint: str = "",
               severity: str = "error", fallback_path: str = "site_config.yml") -> Problem:
    """A problem at a field path, located through the YAML marks (nearest marked ancestor)."""
    mark = find_mark(marks, where, fallback_path)
    return Problem(mark.path, mark.line, mark.column, format_field_path(where), message, hint,
                   severity)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f'"{value}"'


def _allowed_fields(model: type[BaseModel], location: tuple[str | int, ...]) -> list[str]:
    """Field names valid at ``location`` inside ``model`` (for did-you-mean hints)."""
    current: Any = model
    for part in location:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            # Probably a dict key (market code, locale, slug): stay on the value type.
            current = _value_model(current)
            fields = getattr(current, "model_fields", None)
            if fields is None or part not in fields:
                continue
        current = _value_model(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return sorted(fields) if fields else []


def _value_model(annotation: Any) -> Any:
    """The BaseModel class inside ``X``, ``X | None``, ``list[X]`` or ``dict[K, X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in reversed(getattr(annotation, "__args__", ()) or ()):
        found = _value_model(arg)
        if found is not None:
            return found
    return None


def _message(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = _shown(error.get("input"))
    loc = tuple(error["loc"])
    if kind == "missing":
        return "is required", ""
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else (
            "allowed: " + ", ".join(allowed) if allowed else "")
        return "unknown field", hint
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        word = "at least" if kind == "greater_than_equal" else "more than"
        return f"must be {word} {bound}, got {got}", ""
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        word = "at most" if kind == "less_than_equal" else "less than"
        return f"must be {word} {bound}, got {got}", ""
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {got}", ""
    if kind in ("decimal_parsing", "decimal_type", "float_parsing"):
        return f"must be a number, got {got}", ""
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {got}", ""
    if kind.startswith("date"):
        return f"must be a real date written like 2025-07-01, got {got}", ""
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",")]
        options = [o for o in options if o]
        close = difflib.get_close_matches(str(error.get("input")), options, n=1, cutoff=0.5)
        hint = f'did you mean "{close[0]}"?' if close else ""
        return f"must be one of {', '.join(options)}; got {got}", hint
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of keys to values, got {got}", ""
    if kind == "list_type":
        return f"must be a list, got {got}", "start each item with '- '"
    if kind in ("string_type", "not_text"):
        return f"must be text, got {got}", ""
    if kind in ("too_short",):
        return f"must have at least {ctx.get('min_length')} item(s)", ""
    if kind in ("too_long",):
        return f"must have at most {ctx.get('max_length')} item(s)", ""
    if kind == "string_pattern_mismatch":
        return f"has the wrong form, got {got}", f"expected to match {ctx.get('pattern')}"
    if kind == "decimal_max_places":
        return f"has too many decimal places, got {got}", ""
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    # Our custom errors carry their own hint in parentheses at the end.
    if message.endswith(")") and " (" in message:
        text, _, hint = message[:-1].rpartition(" (")
        return text, hint
    return message, ""


def problems_from_validation_error(
    exc: ValidationError,
    model: type[BaseModel],
    prefix: FieldPath,
    marks: dict[FieldPath, Mark],
    fallback_path: str,
) -> list[Problem]:
    """One problem per pydantic error, located through the YAML marks."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: tuple[str | int, ...] = ()
        for part in error["loc"]:
            # A key the merchant wrote (it has a mark) is kept even if it looks like a tag.
            if (*prefix, *loc, part) in marks or not _is_pydantic_tag(part):
                loc = (*loc, part)
        error = {**error, "loc": loc}
        message, hint = _message(error, model)
        problems.append(problem_at(marks, (*prefix, *loc), message, hint,
                                   fallback_path=fallback_path))
    return problems


def _is_pydantic_tag(part: Any) -> bool:
    """pydantic adds '[key]' (a dict key failed) and schema names such as 'list[int]'."""
    return isinstance(part, str) and ("[" in part and "]" in part and "(" not in part)
