"""The JSON Schemas editors use: current, valid 2020-12, and in agreement with the models."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel, ValidationError

from generator.model.catalog import CategoriesFile, HubsFile
from generator.model.market import Market
from generator.model.schema import DIALECT, SCHEMAS, _drop_required, render_schemas
from generator.model.site import SiteConfig
from generator.source.loading import load_yaml
from tests.conftest import REPO

SCHEMA_FOR = {
    "site_config.yml": "site_config.schema.json",
    "policies/categories.yml": "categories.schema.json",
    "policies/hubs.yml": "hubs.schema.json",
    "policies/versions.yml": "versions.schema.json",
    "policies/defaults.yml": "market.schema.json",
    **{f"policies/markets/{f.name}": "market.schema.json"
       for f in sorted((REPO / "policies" / "markets").glob("*.yml"))},
}


class EditorLoader(yaml.SafeLoader):
    """What a YAML 1.2 editor sees: ``safe_load`` typing, except dates stay text.

    ``safe_load`` is YAML 1.1 and turns 2025-07-01 into a ``datetime.date``; the
    yaml-language-server reads it as a string, which is what the schema (format: date) expects.
    """


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def editor_view(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


def validator(schema_name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(render_schemas()[schema_name])
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schemas_are_current() -> None:
    rendered = render_schemas()
    committed = sorted(p.name for p in (REPO / "schema").glob("*.json"))
    assert committed == sorted(rendered), (
        "schema/ holds other files than the models produce; run `python -m generator schema`")
    for name, text in rendered.items():
        on_disk = (REPO / "schema" / name).read_text(encoding="utf-8")
        assert on_disk == text, (
            f"schema/{name} is out of date with the models; run `python -m generator schema` "
            "and commit the result")


def test_rendering_is_deterministic() -> None:
    assert render_schemas() == render_schemas()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = json.loads(render_schemas()[name])
    assert schema["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("relative", "schema_name"), sorted(SCHEMA_FOR.items()))
def test_example_files_load_and_validate_against_their_schema(relative: str,
                                                              schema_name: str) -> None:
    path = REPO / relative
    strict = load_yaml(path, relative)  # our loader: every scalar a string
    assert isinstance(strict.data, dict)
    data = editor_view(path)
    assert set(data) == set(strict.data)
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator(schema_name).iter_errors(data)]
    assert errors == []


def test_schema_points_editors_at_the_right_file() -> None:
    for relative, schema_name in SCHEMA_FOR.items():
        first = (REPO / relative).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (REPO / relative).parent / first.split("=", 1)[1]
        assert target.resolve() == (REPO / "schema" / schema_name).resolve(), relative


def test_market_schema_makes_every_field_optional_but_keeps_a_field_named_required() -> None:
    def required_lists(node: Any) -> int:
        if isinstance(node, dict):
            own = 1 if isinstance(node.get("required"), list) else 0
            return own + sum(required_lists(v) for v in node.values())
        if isinstance(node, list):
            return sum(required_lists(v) for v in node)
        return 0

    assert required_lists(json.loads(render_schemas()["site_config.schema.json"])) > 0
    assert required_lists(json.loads(render_schemas()["market.schema.json"])) == 0
    node = {"type": "object", "required": ["required"],
            "properties": {"required": {"type": "boolean"}, "x": {"required": ["y"]}}}
    assert _drop_required(node) == {"type": "object",
                                    "properties": {"required": {"type": "boolean"}, "x": {}}}


# -- models and schemas agree ----------------------------------------------------------------

GOOD_MARKET = {
    "currency": "EUR",
    "locales": ["de"],
    "binding_locales": ["de"],
    "time_zone": "Europe/Berlin",
    "law": {"regime": "EU"},
    "return_window": {"days": 30},
    "shipping": {"change_of_mind": "customer"},
    "returns": {"methods": ["prepaid_label"], "destination": "eu-venlo"},
    "refunds": {"methods": ["original_payment"], "processing_days": 5},
    "exchanges": {"allowed": False},
    "process": {"rma": {"how": {"de": "In der App."}, "code_example": "RMA-1234"},
                "inspection": {"days": 3}},
    "contact": {"email": "hilfe@shop.example"},
}


def _with(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node = changed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return changed


def _model_accepts(model: type[BaseModel], data: Any) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def test_good_fixture_is_accepted_by_model_and_schema() -> None:
    assert _model_accepts(Market, GOOD_MARKET)
    assert list(validator("market.schema.json").iter_errors(GOOD_MARKET)) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("curency",), "EUR"),  # unknown key at the top
        (("return_window", "stats"), "delivery"),  # unknown key nested
        (("law", "regime"), "Eu"),  # not one of the regimes
        (("return_window", "days"), 0),  # below the minimum
        (("returns", "methods"), []),  # empty list where one item is needed
        (("exchanges", "kinds"), ["swap"]),  # not one of the kinds
    ],
)
def test_bad_market_fixture_is_rejected_by_model_and_schema(path: tuple[str, ...],
                                                             value: Any) -> None:
    bad = _with(GOOD_MARKET, path, value)
    assert not _model_accepts(Market, bad)
    assert list(validator("market.schema.json").iter_errors(bad)) != []


@pytest.mark.parametrize(
    ("model", "schema_name", "data"),
    [
        (SiteConfig, "site_config.schema.json",
         {"site": {"name": "S", "base_url": "https://s.example/", "default_locale": "en",
                   "locales": ["en"], "colour": "red"},
          "merchant": {"legal_name": "L", "trading_name": "T", "ships_from": "CN",
                       "registered_address": {"lines": ["1 Road"], "city": "C",
                                              "country": "CN"}}}),
        (CategoriesFile, "categories.schema.json",
         {"categories": {"shoes": {"name": {"en": "Shoes"}, "returnable": True,
                                   "retunable": True}}}),
        (HubsFile, "hubs.schema.json",
         {"hubs": {"x": {"name": "X", "address": {"lines": ["1"], "city": "C",
                                                  "country": "NL", "zip": "1"}}}}),
    ],
)
def test_unknown_key_is_rejected_by_model_and_schema(model: type[BaseModel], schema_name: str,
                                                     data: dict[str, Any]) -> None:
    assert not _model_accepts(model, data)
    errors = list(validator(schema_name).iter_errors(data))
    assert [e.validator for e in errors] == ["additionalProperties"]
