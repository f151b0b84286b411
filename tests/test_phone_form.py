"""Phone numbers must be written in international form (``+`` and the country code).

A number without one used to pass as a number of the market's country: ``213-555-0147`` in the
German market became a Düsseldorf-area number. It is an error now, whose hint shows the number
as it would have been printed, so a merchant who meant it can copy it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.errors import ContentError
from generator.project.load import load_project
from tests.conftest import locate, set_line

DE = "policies/markets/de.yml"


def _with_phone(root: Path, number: str) -> str:
    """Set the German market's phone; return ``line:col`` of the field."""
    text = set_line(root, DE, "  phone:", f'  phone: "{number}"')
    line, column = locate(text, f'phone: "{number}"')
    return f"{line}:{column}"


def test_a_number_without_country_code_is_an_error_showing_its_international_form(
        project: Path) -> None:
    where = _with_phone(project, "213-555-0147")
    with pytest.raises(ContentError) as caught:
        load_project(project)
    assert [str(p) for p in caught.value.problems] == [
        f'{DE}:{where}: markets.DE.contact.phone: "213-555-0147" has no country code '
        "(write it as +49 2135 550147 if it is a DE number)"]


def test_the_international_call_prefix_is_not_the_international_form(project: Path) -> None:
    where = _with_phone(project, "0049 30 901820")
    with pytest.raises(ContentError) as caught:
        load_project(project)
    assert [str(p) for p in caught.value.problems] == [
        f'{DE}:{where}: markets.DE.contact.phone: "0049 30 901820" is not in international form '
        "(write it as +49 30 901820)"]


def test_check_exits_1_with_the_one_line(project: Path) -> None:
    where = _with_phone(project, "030 901820")
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{DE}:{where}: markets.DE.contact.phone: "030 901820" has no country code '
        "(write it as +49 30 901820 if it is a DE number)"]


def test_the_international_form_passes(project: Path) -> None:
    _with_phone(project, "+49 30 901820")
    assert load_project(project).markets["DE"].contact.phone == "+49 30 901820"
