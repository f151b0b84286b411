"""JSON Schemas for the YAML files, generated from the models (the one source of truth).

Editors use them through the ``# yaml-language-server: $schema=…`` line at the top of each file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model.catalog import CategoriesFile, HubsFile, VersionsFile
from generator.model.market import Market
from generator.model.site import SiteConfig

SCHEMA_DIR = "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file name → (model, whether every field is optional because defaults.yml may supply it)
SCHEMAS: dict[str, tuple[type[BaseModel], bool]] = {
    "site_config.schema.json": (SiteConfig, False),
    "market.schema.json": (Market, True),
    "categories.schema.json": (CategoriesFile, False),
    "hubs.schema.json": (HubsFile, False),
    "versions.schema.json": (VersionsFile, False),
}


def _drop_required(node: Any) -> Any:
    # Only the "required" keyword (a list); a property that happens to be called "required"
    # (a mapping under "properties") stays.
    if isinstance(node, dict):
        return {k: _drop_required(v) for k, v in node.items()
                if not (k == "required" and isinstance(v, list))}
    if isinstance(node, list):
        return [_drop_required(v) for v in node]
    return node


def schema_for(model: type[BaseModel], all_optional: bool) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one file kind."""
    schema = model.model_json_schema(mode="validation")
    if all_optional:
        schema = _drop_required(schema)
    return {"$schema": DIALECT, **schema}


def render_schemas() -> dict[str, str]:
    """File name → JSON text, deterministic (sorted keys, trailing newline)."""
    return {
        name: json.dumps(schema_for(model, optional), indent=2, sort_keys=True,
                         ensure_ascii=False) + "\n"
        for name, (model, optional) in SCHEMAS.items()
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir`` and return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
