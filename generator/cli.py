"""The ``policysite`` command line: parse options, call one library function, print, exit.

Mirrors mkdocs' conventions: ``-f/--config-file``, ``-s/--strict``, ``-q/-v``, exit 1 for bad
content and 2 for bad usage, and no traceback for a user's mistake.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.errors import PolicySiteError, Problem


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print our errors as one line each and exit with their code; let real bugs crash."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PolicySiteError as exc:
            _print_problems(exc.problems)
            errors = sum(1 for p in exc.problems if p.severity == "error")
            if errors > 1:
                click.echo(f"Aborted with {errors} errors.", err=True)
            sys.exit(exc.exit_code)

    return wrapper


config_option = click.option(
    "-f", "--config-file", "config_file", type=click.Path(dir_okay=True, path_type=Path),
    default=None, help="Path to site_config.yml (or its folder). Default: current folder.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Print more detail.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="policysite")
def cli() -> None:
    """policysite: write your return policy once, publish it everywhere."""


@cli.command()
@config_option
@quiet_option
@handle_errors
def check(config_file: Path | None, quiet: bool) -> None:
    """Validate site_config.yml and policies/ and report every problem at once."""
    from generator.project import find_project_root, load_project

    project = load_project(find_project_root(config_file))
    _print_problems(project.warnings)
    if not quiet:
        click.echo("OK: " + summary(project))


def summary(project: Any) -> str:
    """One line: what the project holds."""
    return (f"{len(project.markets)} markets, {len(project.site.locales)} locales, "
            f"{len(project.categories)} categories, {len(project.versions)} policy versions")


@cli.command()
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("schema"), show_default=True, help="Folder to write the schemas to.")
@handle_errors
def schema(output: Path) -> None:
    """Write the JSON Schemas that editors use to check the YAML files."""
    from generator.schema import write_schemas

    for path in write_schemas(output):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@handle_errors
def init(directory: Path) -> None:
    """Create a small, commented starter project in DIRECTORY."""
    from generator.starter import create_starter

    create_starter(directory)
    click.echo(f"Created a starter project in {directory}. Next: cd {directory} && "
               "policysite check")
