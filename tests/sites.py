"""Small buildable projects for site tests (kept tiny so that MkDocs runs stay fast)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import copy_example, edit

SITE_LOCALES = "  locales: [en, es, de, fr, it, pt_BR, ja, zh_Hans, id, ms, th, vi, fil, ar]"


def small_project(dest: Path, markets: tuple[str, ...] = ("de", "sa"),
                  locales: str = "[en, de, ar]") -> Path:
    """The example merchant cut down to a few markets and locales."""
    root = copy_example(dest, markets)
    edit(root, "site_config.yml", SITE_LOCALES, f"  locales: {locales}")
    if "de" not in locales.strip("[]").replace(" ", "").split(","):
        edit(root, "site_config.yml", "captions:\n  register:\n    de: informal\n", "")
    return root


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative path → sha256 of every file below ``root``."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def korean_project(dest: Path) -> Path:
    """The example cut to its German market, with Korean added as a merchant adds a language
    (``policysite i18n add ko``, its catalog untranslated) and published in the market."""
    from click.testing import CliRunner

    from generator.commands.cli import cli
    from tests.conftest import set_line

    root = copy_example(dest, ("de",))
    added = CliRunner().invoke(cli, ["i18n", "add", "ko", "-f", str(root)])
    assert added.exit_code == 0, added.output
    edit(root, "site_config.yml", SITE_LOCALES, "  locales: [en, de, ko]")
    set_line(root, "policies/markets/de.yml", "locales:", "locales: [de, en, ko]")
    return root
