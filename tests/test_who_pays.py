""""Returns are free" only where a return after a change of mind costs nothing at all."""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations

from generator.layout import templates_dir_for
from generator.render.markdown import render_locale_pages
from tests.conftest import copy_example, edit, facts_of


def _policy_page(root: Path) -> str:
    files = render_locale_pages(facts_of(root), "en", templates_dir_for(root),
                                Translations()).files
    return files["us/index.md"]


def test_free_shipping_with_a_restocking_fee_is_not_free_returns(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", markets=("us",))
    edit(root, "policies/markets/us.yml", "  change_of_mind: customer",
         "  change_of_mind: merchant")
    facts = facts_of(root).markets["US"]
    assert facts.change_of_mind_charges == ("restocking",)
    page = _policy_page(root)
    assert "Return shipping is free&#44; whatever the reason&#46;" in page
    assert "Returns are free" not in page


def test_free_returns_when_nothing_is_charged(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", markets=("us",))
    edit(root, "policies/markets/us.yml", "  change_of_mind: customer",
         "  change_of_mind: merchant")
    text = (root / "policies/markets/us.yml").read_text(encoding="utf-8")
    start = text.index("restocking_fee:")
    end = text.index("\n", text.index("\n", start) + 1) + 1
    edit(root, "policies/markets/us.yml", text[start:end], "")
    assert facts_of(root).markets["US"].change_of_mind_charges == ()
    assert "Returns are free&#44; whatever the reason&#46;" in _policy_page(root)
