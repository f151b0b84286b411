"""The example merchant in this repository, and the starter project made by ``policysite init``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.commands.starter import create_starter, starter_files
from generator.errors import UsageError
from generator.i18n.locales import locale_info
from generator.model.schema import render_schemas
from generator.project.load import Project, load_project

ROOT = Path(__file__).parent.parent
SCHEMA_LINE = "# yaml-language-server: $schema="


@pytest.fixture(scope="module")
def example() -> Project:
    return load_project(ROOT)


def _schema_target(file: Path) -> Path:
    """The schema file that a YAML file's first line points at."""
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE), f"{file} does not start with {SCHEMA_LINE!r}"
    return (file.parent / first.removeprefix(SCHEMA_LINE).strip()).resolve()


def _yaml_files(root: Path) -> list[Path]:
    return [root / "site_config.yml", *sorted((root / "policies").rglob("*.yml"))]


def _editor_view(file: Path) -> object:
    """The file as an editor's YAML parser types it (booleans, numbers), JSON-compatible."""
    return json.loads(json.dumps(yaml.safe_load(file.read_text(encoding="utf-8")), default=str))


# -- the example project ---------------------------------------------------------------------


def test_example_has_no_warnings_only_notes_about_unconfirmed_rule_data(
        example: Project) -> None:
    """What is left is about our rule data, not the merchant's content: Saudi Arabia's
    statutory right (law.yml) and model texts (model_forms.yml) not yet confirmed against the
    official source, each at the law of the market that prints it; and Germany's longer window
    for shoes, which structured data cannot state per category."""
    assert example.warnings == []
    assert example.notices
    for problem in example.notices:
        if problem.field.endswith(".law.regime"):
            assert "confirmed" in problem.message
        else:
            assert problem.field == "markets.DE.extended_windows[0]", problem
            assert "structured data" in problem.message


def test_example_check_command_prints_ok() -> None:
    result = CliRunner().invoke(cli, ["check", "-f", str(ROOT)])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("OK: ")
    assert int(last.removeprefix("OK: ").split()[0]) >= 12


def test_example_has_many_markets_and_locales(example: Project) -> None:
    assert len(example.markets) >= 12
    locales = example.site.locales
    assert len(locales) >= 6
    assert "ar" in locales
    assert locale_info("ar").direction == "rtl"
    # The RTL locale is really used by a market, not only listed.
    assert any("ar" in market.locales for market in example.markets.values())


def test_example_categories_cover_the_legal_families(example: Project) -> None:
    assert len(example.categories) >= 6
    families = {category.family for category in example.categories.values()}
    assert {"food", "sealed_hygiene", "personalised"} <= families
    assert any(not category.returnable for category in example.categories.values())


def test_example_hubs_local_and_origin(example: Project) -> None:
    local = [slug for slug, hub in example.hubs.items() if hub.kind == "local_hub"]
    assert len(local) >= 2
    destinations = {market.returns.destination for market in example.markets.values()}
    assert destinations <= set(example.hubs)
    to_origin = [code for code, market in example.markets.items()
                 if example.hubs[market.returns.destination].kind == "origin_warehouse"]
    assert to_origin, "no market sends its returns back to the origin warehouse"


def test_example_cross_border_markets_explain_customs(example: Project) -> None:
    from generator.project.customs import crosses_customs_border

    crossing = 0
    for code, market in example.markets.items():
        hub = example.hubs[market.returns.destination]
        if crosses_customs_border(code, hub.address.country):
            crossing += 1
            assert market.customs is not None, code
        else:
            assert market.customs is None, f"{code}: customs text that is never shown"
    assert crossing >= 5


def test_example_refund_without_return_and_versions(example: Project) -> None:
    assert any(market.refund_without_return_below is not None
               for market in example.markets.values())
    assert len(example.versions) >= 2
    dates = [version.effective for version in example.versions]
    assert dates == sorted(dates)


def test_every_example_file_starts_with_its_schema_line() -> None:
    market_files = sorted((ROOT / "policies" / "markets").glob("*.yml"))
    assert len(market_files) >= 12
    for file in market_files:
        assert _schema_target(file) == (ROOT / "schema" / "market.schema.json").resolve()
    for file in _yaml_files(ROOT):
        assert _schema_target(file).parent == (ROOT / "schema").resolve()


def test_example_files_match_their_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schemas = {name: json.loads(text) for name, text in render_schemas().items()}
    for file in _yaml_files(ROOT):
        schema = schemas[_schema_target(file).name]
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_editor_view(file)))
        assert errors == [], f"{file}: {errors[0].message}"


# -- policysite init ---------------------------------------------------------------------------


def test_init_creates_a_project_that_loads(tmp_path: Path) -> None:
    target = tmp_path / "new" / "shop"
    create_starter(target)
    project = load_project(target)
    assert project.warnings == []
    assert set(project.markets) == {"DE", "US"}
    assert project.site.locales == ["en", "de"]
    assert len(project.categories) == 3
    assert sum(not category.returnable for category in project.categories.values()) >= 1
    assert len(project.hubs) == 1
    assert len(project.versions) == 1


def test_init_writes_schemas_and_every_file_points_at_one(tmp_path: Path) -> None:
    create_starter(tmp_path / "shop")
    root = tmp_path / "shop"
    for name, text in render_schemas().items():
        assert (root / "schema" / name).read_text(encoding="utf-8") == text
    for file in _yaml_files(root):
        assert _schema_target(file).is_file(), file


def test_init_files_match_their_json_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    create_starter(tmp_path / "shop")
    root = tmp_path / "shop"
    for file in _yaml_files(root):
        schema = json.loads(_schema_target(file).read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(_editor_view(file)))
        assert errors == [], f"{file}: {errors[0].message}"


def test_starter_files_are_sorted_and_complete() -> None:
    paths = [path.as_posix() for path in starter_files()]
    assert paths == sorted(paths)
    for expected in ("site_config.yml", "policies/defaults.yml", "policies/categories.yml",
                     "policies/hubs.yml", "policies/versions.yml", "policies/markets/de.yml",
                     "policies/markets/us.yml", "schema/market.schema.json"):
        assert expected in paths


def test_init_into_an_empty_folder_works(tmp_path: Path) -> None:
    create_starter(tmp_path)
    assert (tmp_path / "site_config.yml").is_file()


def test_init_refuses_a_non_empty_folder_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not empty"):
        create_starter(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_init_refuses_a_file(tmp_path: Path) -> None:
    target = tmp_path / "shop"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UsageError, match="not a folder"):
        create_starter(target)
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_init_command_exit_codes(tmp_path: Path) -> None:
    target = tmp_path / "shop"
    runner = CliRunner()
    first = runner.invoke(cli, ["init", str(target)])
    assert first.exit_code == 0, first.output
    assert "Created a starter project" in first.output
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    second = runner.invoke(cli, ["init", str(target)])
    assert second.exit_code == 2
    assert "not empty" in second.output
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_check_passes_inside_a_new_project(tmp_path: Path) -> None:
    create_starter(tmp_path / "shop")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=tmp_path / "shop",
                            env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 2 markets")
    # no warning; only notes about policysite's own rule data the starter's markets use
    assert all(": note: " in line for line in result.stderr.splitlines()), result.stderr
