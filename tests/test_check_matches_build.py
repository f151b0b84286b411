"""``check`` and ``build`` share the front half and report the same problems in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.cli import cli
from tests.conftest import edit, set_line
from tests.sites import small_project

DE = "policies/markets/de.yml"


def _problems(root: Path, command: str) -> tuple[int, list[str]]:
    """Exit code and the problem lines (progress lines of the build left out)."""
    result = CliRunner().invoke(cli, [command, "-f", str(root)], catch_exceptions=False)
    lines = [line for line in result.stderr.splitlines()
             if line and not line.startswith("[") and not line.startswith("Aborted")]
    return result.exit_code, lines


def _break_validation(root: Path) -> None:
    set_line(root, DE, "  destination:", "  destination: eu-venloo")  # a cross-file rule
    set_line(root, DE, "binding_locales:", "binding_locales: [fr]")


def _break_captions(root: Path) -> None:
    edit(root, "policies/defaults.yml", "en: Changed your mind? You can send it back.",
         "en: Changed your mind? Visit https://example.com or call +49 30 1234567")


def _break_catalog(root: Path) -> None:
    catalog = root / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                       'msgid "Contact us"\nmsgstr "Kontakt %(x)s"\n', encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("breaks", [_break_validation, _break_captions, _break_catalog],
                         ids=["validation", "captions", "catalog"])
def test_check_and_build_report_the_same_problems(tmp_path: Path, breaks) -> None:
    root = small_project(tmp_path / "shop", ("de",), "[en, de]")
    set_line(root, DE, "  phone:", '  phone: "+1 650-253-0000"')  # a warning, shown first
    breaks(root)
    checked = _problems(root, "check")
    built = _problems(root, "build")
    assert checked[0] == 1, checked
    assert len(checked[1]) >= 2, "the broken project reported too little"
    assert any(": warning: is a US number" in line for line in checked[1])
    assert built == checked
    assert not (root / "site").exists()
