"""``check`` reports every problem it can find in one run, and a shared mistake once.

Field errors used to hide the cross-file rules until all of them were fixed, and a mistake in
``policies/defaults.yml`` came back once per market. Lines and columns are computed from the
edited text, so the expectations stay exact while the example grows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.errors import ContentError, Problem
from generator.project.load import load_project
from tests.conftest import copy_example, edit, own_lines, set_hashtags, set_line

DEFAULTS = "policies/defaults.yml"


def market(code: str) -> str:
    return f"policies/markets/{code}.yml"


def where(text: str, line: str) -> str:
    """``line:col`` of the first non-blank of the one line equal to ``line``."""
    lines = text.split("\n")
    found = [number for number, candidate in enumerate(lines, 1) if candidate == line]
    assert len(found) == 1, f"{line!r} must be exactly one line"
    return f"{found[0]}:{len(line) - len(line.lstrip()) + 1}"


def put(root: Path, relative: str, prefix: str, line: str) -> str:
    """Set the one line starting with ``prefix``; return ``line:col`` of its first word."""
    return where(set_line(root, relative, prefix, line), line)


def errors(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_project(root)
    return [str(p) for p in info.value.problems if p.severity == "error"]


# -- cross-file rules run on whatever validated -----------------------------------------------


def test_a_field_error_does_not_hide_a_cross_file_error_in_another_market(
        tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "gb"))
    days = put(root, market("de"), "  days:", "  days: 0")
    hub = put(root, market("gb"), "  destination:", "  destination: eu-venloo")
    assert errors(root) == [
        f'{market("de")}:{days}: markets.DE.return_window.days: must be at least 1, got "0"',
        f'{market("gb")}:{hub}: markets.GB.returns.destination: unknown hub "eu-venloo" '
        '(did you mean "eu-venlo"?)']


def test_a_broken_hub_skips_only_the_markets_that_use_it(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "us"))
    country = edit(root, "policies/hubs.yml", "      country: US", "      country: XX")
    hub = put(root, market("de"), "  destination:", "  destination: eu-venloo")
    assert errors(root) == [
        f'policies/hubs.yml:{where(country, "      country: XX")}: '
        'hubs.us-ontario.address.country: "XX" is not an ISO 3166-1 alpha-2 country code',
        f'{market("de")}:{hub}: markets.DE.returns.destination: unknown hub "eu-venloo" '
        '(did you mean "eu-venlo"?)']


def test_a_broken_category_skips_only_the_markets_that_name_it(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "us"))
    text = (root / "policies/categories.yml").read_text(encoding="utf-8")
    snacks = text[text.index("  snacks:"):]
    returnable = snacks[:snacks.index("returnable:")].rpartition("\n")[2] + "returnable:"
    edited = edit(root, "policies/categories.yml",
                  snacks[:snacks.index("\n", snacks.index("returnable:"))],
                  snacks[:snacks.index("returnable:")] + "returnable: maybe")
    hub = put(root, market("us"), "  destination:", "  destination: us-ontarioo")
    line = [candidate for candidate in edited.split("\n")
            if candidate.startswith(returnable) and candidate.endswith("maybe")]
    assert errors(root) == [
        f'policies/categories.yml:{where(edited, line[0])}: categories.snacks.returnable: '
        'must be true or false, got "maybe"',
        f'{market("us")}:{hub}: markets.US.returns.destination: unknown hub "us-ontarioo" '
        '(did you mean "us-ontario"?)']


def test_broken_versions_do_not_hide_the_rules_of_other_shared_files(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de",))
    versions = edit(root, "policies/versions.yml", "effective: 2025-07-29",
                    "effective: 2025-02-30")
    categories = edit(root, "policies/categories.yml", "\ncategories:\n", "\ncategories:\n"
                      "  gifts:\n    name: {en: Gifts}\n    returnable: false  # gifts\n")
    assert errors(root) == [
        f'policies/categories.yml:{where(categories, "    returnable: false  # gifts")}: '
        "categories.gifts.returnable: a non-returnable category needs a family (the reason, "
        "or the legal exception relied on) (add family: perishable, sealed_hygiene, "
        "personalised, …)",
        f'policies/versions.yml:{where(versions, "    effective: 2025-02-30")}: '
        'versions[1].effective: must be a real date written like 2025-07-01, got "2025-02-30"']


def _yaml_error_in_categories(root: Path) -> None:
    edit(root, "policies/categories.yml", "\ncategories:\n", "\ncategories:\n\tbroken\n")


def _hubs_missing(root: Path) -> None:
    (root / "policies/hubs.yml").unlink()


def _field_error_in_a_market(root: Path) -> None:
    set_line(root, market("de"), "  days:", "  days: 0")


def _field_error_in_defaults(root: Path) -> None:
    set_line(root, DEFAULTS, "  allowed:", "  allowed: perhaps")


@pytest.mark.parametrize("breaks", [_yaml_error_in_categories, _hubs_missing,
                                    _field_error_in_a_market, _field_error_in_defaults])
def test_rules_of_a_part_that_validated_run_whatever_else_broke(tmp_path: Path,
                                                                 breaks) -> None:
    root = copy_example(tmp_path / "shop", ("de", "gb"))
    breaks(root)
    versions = edit(root, "policies/versions.yml", "effective: 2025-07-29",
                    "effective: 2025-01-01")
    found = errors(root)
    assert len(found) >= 2, found
    assert (f'policies/versions.yml:{where(versions, "    effective: 2025-01-01")}: '
            "versions[1].effective: must be later than 2025-03-01 (version 2025.1) (list "
            "versions from oldest to newest)") in found


# -- a shared mistake is reported once --------------------------------------------------------


def _defaults_only(root: Path, codes: tuple[str, ...], prefix: str) -> None:
    """Remove ``prefix`` lines from the markets, so they take the value from defaults.yml."""
    for code in codes:
        text = (root / market(code)).read_text(encoding="utf-8")
        if any(line.startswith(prefix) for line in text.split("\n")):
            set_line(root, market(code), prefix, "")


def test_a_field_error_in_defaults_is_one_line_naming_the_markets(tmp_path: Path) -> None:
    codes = ("de", "gb", "us")
    root = copy_example(tmp_path / "shop", codes)
    _defaults_only(root, codes, "  processing_days:")
    days = put(root, DEFAULTS, "  processing_days:", "  processing_days: 0")
    assert errors(root) == [
        f'{DEFAULTS}:{days}: refunds.processing_days: must be at least 1, got "0" '
        "(in DE, GB, US)"]


def test_a_market_that_overrides_the_value_is_not_named(tmp_path: Path) -> None:
    codes = ("de", "gb", "us")
    root = copy_example(tmp_path / "shop", codes)
    _defaults_only(root, codes, "  processing_days:")
    days = put(root, DEFAULTS, "  processing_days:", "  processing_days: 0")
    edit(root, market("gb"), "refunds:\n", "refunds:\n  processing_days: 7\n")
    assert errors(root) == [
        f'{DEFAULTS}:{days}: refunds.processing_days: must be at least 1, got "0" '
        "(in DE, US)"]


def test_a_cross_file_error_from_defaults_is_one_line_with_its_hint(tmp_path: Path) -> None:
    codes = ("de", "gb", "us")
    root = copy_example(tmp_path / "shop", codes)
    _defaults_only(root, codes, "  kinds:")
    kinds = put(root, DEFAULTS, "  kinds:", "  kinds: []")
    assert errors(root) == [
        f"{DEFAULTS}:{kinds}: exchanges.kinds: name at least one kind of exchange "
        "(in DE, GB, US; variant, other_product)"]


def test_a_warning_from_defaults_is_one_line_in_check(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "fr", "us"))
    text = edit(root, DEFAULTS, "\nrefunds:\n", "\ncustoms:\n  duties_refunded: true\n"
                "  declaration: {en: Write RETURNED GOODS on the parcel.}\n\nrefunds:\n")
    result = CliRunner().invoke(cli, ["check", "-q", "-f", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert own_lines(result.stderr) == [
        f"{DEFAULTS}:{where(text, 'customs:')}: customs: warning: returns go to NL inside the "
        "same customs area, so customers never see this section (in DE, FR; remove it)",
        f"{DEFAULTS}:{where(text, 'customs:')}: markets.US.customs: warning: returns go to US "
        "inside the same customs area, so customers never see this section (remove it)"]


def test_a_caption_warning_from_defaults_is_one_line_in_check(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "gb"))
    tags = '  hashtags: ["#MaruMori", "#returns", "#marumori"]'
    text = set_hashtags(root, tags)
    result = CliRunner().invoke(cli, ["check", "-q", "-f", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    line, column = text.split("\n").index(tags) + 1, tags.index('"#marumori"') + 1
    assert [line for line in result.stderr.splitlines() if "hashtags" in line] == [
        f'{DEFAULTS}:{line}:{column}: captions.hashtags[2]: warning: "#marumori" is listed twice '
        "(hashtags ignore case) (in DE, GB; remove one)"]


# -- the command line --------------------------------------------------------------------------


def test_check_prints_every_problem_then_the_count(tmp_path: Path) -> None:
    codes = ("de", "gb", "us")
    root = copy_example(tmp_path / "shop", codes)
    _defaults_only(root, codes, "  processing_days:")
    days = put(root, DEFAULTS, "  processing_days:", "  processing_days: 0")
    edit(root, market("us"), "refunds:\n", "refunds:\n  processing_days: 7\n")
    hub = put(root, market("us"), "  destination:", "  destination: us-ontarioo")
    currency = put(root, market("gb"), "currency:", "currency: GBQ")
    result = CliRunner().invoke(cli, ["check", "-f", str(root)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{DEFAULTS}:{days}: refunds.processing_days: must be at least 1, got "0" '
        "(in DE, GB)",
        f'{market("gb")}:{currency}: markets.GB.currency: "GBQ" is not an ISO 4217 currency '
        "code",
        f'{market("us")}:{hub}: markets.US.returns.destination: unknown hub "us-ontarioo" '
        '(did you mean "us-ontario"?)',
        "Aborted with 3 errors."]


# -- the grouping itself -----------------------------------------------------------------------


def test_grouping_keeps_problems_that_differ_apart() -> None:
    from generator.errors import group_markets

    same = [Problem(DEFAULTS, 3, 3, f"markets.{code}.a", "bad", "fix") for code in ("GB", "DE")]
    other_message = Problem(DEFAULTS, 3, 3, "markets.US.a", "worse", "fix")
    other_place = Problem(DEFAULTS, 4, 3, "markets.MY.a", "bad", "fix")
    warning = Problem(DEFAULTS, 3, 3, "markets.SG.a", "bad", "fix", "warning")
    market_file = Problem(market("de"), 3, 3, "markets.DE.a", "bad", "fix")
    found = group_markets([*same, other_message, other_place, warning, market_file])
    assert found == [Problem(DEFAULTS, 3, 3, "a", "bad", "in DE, GB; fix"), other_message,
                     other_place, warning, market_file]
    assert group_markets(same[:1]) == same[:1]
    assert group_markets([*same, same[0]]) == [Problem(DEFAULTS, 3, 3, "a", "bad",
                                                       "in DE, GB; fix")]
