"""``generator/data/platform_rules.yml`` and ``generator/project/platform_rules.py``: TikTok Shop's
own return rules (platform floors), which rule applies to a market on a date, and the warning
when a market's return window is shorter.

The warning tests copy the example with one market, set every value the expectation depends on
(platform, window, version dates) and call ``platform_problems`` on ``load_project``'s result.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import get_args
from urllib.parse import urlsplit

import pytest

from generator.model.market import Platform
from generator.project import platform_rules as module
from generator.project.load import load_project
from generator.project.platform_rules import (
    PLATFORM_RULES_FILE,
    PlatformRule,
    PlatformRulesFile,
    platform_problems,
    platform_rules,
    rule_for,
)
from generator.source.loading import load_yaml
from tests.conftest import REPO, copy_example, edit, set_line

TH = "policies/markets/th.yml"
ID = "policies/markets/id.yml"
VERSIONS = "policies/versions.yml"

OFFICIAL_HOSTS = {"seller-th.tiktok.com", "seller-vn.tiktok.com", "seller-us.tiktok.com",
                  "seller-id.tokopedia.com", "shop.tiktok.com",
                  "sf16-draftcdn-sg.ibytedtos.com"}
"""TikTok Shop's own pages: its seller universities and its policy documents."""
SECONDARY_HOSTS = {"opp2.com", "glosellers.com", "www.010080.com", "trackreadyparts.club"}

TIKTOK = platform_rules().platforms["tiktok_shop"]


def shop(seller_type: str = "cross_border", mall: bool = False, market: str | None = None
         ) -> Platform:
    return Platform.model_validate({"name": "tiktok_shop", "market": market,
                                    "seller_type": seller_type, "mall": mall})


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def all_rules() -> list[tuple[str, PlatformRule]]:
    return [(key, rule) for key, rules in TIKTOK.markets.items() for rule in rules]


# -- the data --------------------------------------------------------------------------------


def test_platform_rules_file_is_the_packaged_one_and_loads() -> None:
    assert PLATFORM_RULES_FILE == REPO / "generator" / "data" / "platform_rules.yml"
    raw = load_yaml(PLATFORM_RULES_FILE, "generator/data/platform_rules.yml").data
    assert PlatformRulesFile.model_validate(raw) == platform_rules()
    assert TIKTOK.name == "TikTok Shop"


def test_platforms_are_keyed_like_the_policy_files() -> None:
    assert set(platform_rules().platforms) <= set(get_args(Platform.model_fields["name"]
                                                           .annotation))


def test_the_markets_returns_domain_lists_are_there_and_br_jp_are_not() -> None:
    assert set(TIKTOK.markets) == {"US", "GB", "EEA", "MX", "ID", "TH", "VN", "MY", "PH", "SG"}
    for code in ("BR", "JP"):  # official policies not found: only the statutory floors apply
        for seller_type in ("local", "cross_border"):
            assert rule_for(shop(seller_type), code, day("2026-12-03")) is None


@pytest.mark.parametrize(("key", "rule"), all_rules(),
                         ids=[f"{key}-{rule.seller_type}-{rule.mall}-{rule.effective}"
                              for key, rule in all_rules()])
def test_every_rule_is_sourced_checked_and_confirmed_only_by_the_platform(
        key: str, rule: PlatformRule) -> None:
    hosts = {urlsplit(source).hostname for source in rule.sources}
    assert rule.checked == day("2026-12-03")
    if rule.confirmed:
        assert hosts <= OFFICIAL_HOSTS, f"{key}: confirmed from {hosts - OFFICIAL_HOSTS}"
    if hosts & SECONDARY_HOSTS:
        assert not rule.confirmed, f"{key}: a secondary source cannot confirm a rule"
    assert hosts <= OFFICIAL_HOSTS | SECONDARY_HOSTS, f"{key}: unknown source {hosts}"


def test_numbers_and_flags_are_written_as_plain_text() -> None:
    raw = load_yaml(PLATFORM_RULES_FILE, "x").data["platforms"]["tiktok_shop"]["markets"]
    for rules in raw.values():
        for rule in rules:
            assert rule["window_days"].isdigit()
            assert rule["confirmed"] in ("true", "false")


def test_a_market_that_is_neither_a_country_nor_a_group_is_refused() -> None:
    raw = load_yaml(PLATFORM_RULES_FILE, "x").data
    raw["platforms"]["tiktok_shop"]["markets"]["UK"] = raw["platforms"]["tiktok_shop"][
        "markets"]["GB"]
    with pytest.raises(ValueError, match='market "UK" is neither'):
        PlatformRulesFile.model_validate(raw)


def test_two_rules_that_would_tie_are_refused() -> None:
    raw = load_yaml(PLATFORM_RULES_FILE, "x").data
    markets = raw["platforms"]["tiktok_shop"]["markets"]
    markets["DE"] = [markets["EEA"][0]]  # DE is in the EEA group already
    with pytest.raises(ValueError, match="two rules for DE, local"):
        PlatformRulesFile.model_validate(raw)


# -- which rule applies ----------------------------------------------------------------------


def test_a_rule_applies_from_its_effective_date_on() -> None:
    th = shop("cross_border", mall=False)
    assert rule_for(th, "TH", day("2024-08-26")) is None
    rule = rule_for(th, "TH", day("2024-08-27"))
    assert rule is not None and rule.window_days == 7 and rule.reasons == "change_of_mind"
    eea = rule_for(shop("cross_border"), "DE", day("2025-07-01"))
    assert eea is not None and eea.window_days == 30 and eea.confirmed
    assert rule_for(shop("cross_border"), "DE", day("2025-06-30")) is None


def test_an_undated_rule_applies_whatever_the_date() -> None:
    rule = rule_for(shop("local"), "GB", day("2000-01-01"))
    assert rule is not None and rule.effective is None and rule.window_days == 30


@pytest.mark.parametrize(("seller_type", "mall", "days"), [
    ("local", True, 15), ("local", False, 7),
    ("cross_border", True, 15), ("cross_border", False, 7)])
def test_seller_type_and_mall_pick_the_rule(seller_type: str, mall: bool, days: int) -> None:
    rule = rule_for(shop(seller_type, mall), "TH", day("2026-06-19"))
    assert rule is not None and rule.window_days == days
    assert rule.seller_type == seller_type and rule.mall is mall


def test_a_rule_for_both_mall_and_non_mall_applies_to_either() -> None:
    for mall in (True, False):
        rule = rule_for(shop("cross_border", mall), "MY", day("2026-06-19"))
        assert rule is not None and rule.mall is None and rule.window_days == 15


def test_a_seller_type_without_a_rule_gets_none() -> None:
    assert rule_for(shop("cross_border"), "ID", day("2026-06-19")) is None
    local = rule_for(shop("local"), "ID", day("2026-06-19"))
    assert local is not None and local.window_days == 6
    assert rule_for(shop("local"), "MY", day("2026-06-19")) is None


def test_the_platform_market_wins_over_the_market_code() -> None:
    rule = rule_for(shop("cross_border", market="TH"), "DE", day("2026-06-19"))
    assert rule is not None and rule.window_days == 7


def test_own_store_has_no_platform_rule() -> None:
    own = Platform.model_validate({"name": "own_store", "seller_type": "local"})
    assert rule_for(own, "GB", day("2026-06-19")) is None


def test_rules_for_other_reasons_stay_and_the_longest_window_is_the_floor() -> None:
    # Vietnam's 6-day change-of-mind returns (2026-01-05) come on top of the 15-day window for
    # seller faults (2024-07-18); they do not replace it.
    non_mall = shop("local", mall=False)
    before = rule_for(non_mall, "VN", day("2026-01-04"))
    after = rule_for(non_mall, "VN", day("2026-01-05"))
    assert before is not None and after is not None
    assert (before.window_days, before.reasons) == (15, "seller_fault")
    assert (after.window_days, after.reasons) == (15, "seller_fault")


def rule(days: int, effective: str | None, mall: bool | None = None,
         reasons: str = "change_of_mind") -> PlatformRule:
    return PlatformRule.model_validate({
        "seller_type": "local", "mall": mall, "window_days": days, "counted_from": "delivery",
        "reasons": reasons, "effective": effective, "checked": "2026-12-03",
        "confirmed": True, "sources": ["https://seller-th.tiktok.com/university/essay"]})


def test_a_newer_rule_for_the_same_reasons_replaces_the_older_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    older, newer = rule(15, "2024-01-01"), rule(6, "2025-01-01")
    mall_only = rule(20, "2025-01-01", mall=True)
    monkeypatch.setattr(module, "_index",
                        lambda: {("tiktok_shop", "TH"): (older, newer, mall_only)})
    local = shop("local", mall=False)
    assert rule_for(local, "TH", day("2023-12-31")) is None
    assert rule_for(local, "TH", day("2024-12-31")) is older
    assert rule_for(local, "TH", day("2025-01-01")) is newer  # shorter, but newer
    assert rule_for(shop("local", mall=True), "TH", day("2025-01-01")) is mall_only


# -- the warning -----------------------------------------------------------------------------


@pytest.fixture
def thailand(tmp_path: Path) -> Path:
    """The example with Thailand only: a non-Mall cross-border TikTok Shop market."""
    root = copy_example(tmp_path / "shop", ("th",))
    set_line(root, TH, "platform:", "platform: {market: TH, seller_type: cross_border, "
             "mall: false}")
    return root


def test_a_window_below_the_platform_floor_gets_one_warning_at_its_days(thailand: Path) -> None:
    text = set_line(thailand, TH, "  days:", "  days: 5")
    line = text.split("\n").index("  days: 5") + 1  # located at the key
    problems = platform_problems(load_project(thailand))
    assert [str(problem) for problem in problems] == [
        f"{TH}:{line}:3: markets.TH.return_window.days: warning: 5 days "
        "is shorter than the 7-day return window TikTok Shop TH gives buyers (after a change "
        "of mind, counted from delivery; rule for cross-border non-Mall sellers from "
        "2024-08-27) (not confirmed, secondary source checked 2026-12-03: "
        "https://opp2.com/353293.html)"]
    assert problems[0].severity == "warning"


def test_a_window_at_the_floor_gets_no_warning(thailand: Path) -> None:
    set_line(thailand, TH, "  days:", "  days: 7")
    assert platform_problems(load_project(thailand)) == []


def test_a_mall_seller_is_held_to_the_mall_window(thailand: Path) -> None:
    set_line(thailand, TH, "  days:", "  days: 7")
    set_line(thailand, TH, "platform:", "platform: {market: TH, seller_type: cross_border, "
             "mall: true}")
    [problem] = platform_problems(load_project(thailand))
    assert "shorter than the 15-day return window" in problem.message
    assert "cross-border Mall sellers" in problem.message


def test_rules_are_taken_on_the_newest_policy_versions_date(thailand: Path) -> None:
    set_line(thailand, TH, "  days:", "  days: 5")
    for old, new in (("2025-03-01", "2024-06-01"), ("2025-07-29", "2024-07-01"),
                     ("2026-06-19", "2024-08-26")):
        edit(thailand, VERSIONS, f"effective: {old}", f"effective: {new}")
    assert platform_problems(load_project(thailand)) == []  # the day before the rule
    edit(thailand, VERSIONS, "effective: 2024-08-26", "effective: 2024-08-27")
    assert len(platform_problems(load_project(thailand))) == 1


def test_a_market_without_a_rule_gets_no_warning(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("th", "id"))
    set_line(root, ID, "platform:", "platform: {market: ID, seller_type: cross_border, "
             "mall: false}")
    set_line(root, ID, "  days:", "  days: 1")  # no cross-border rule for Indonesia
    set_line(root, TH, "platform:", "platform: {name: own_store, seller_type: cross_border}")
    set_line(root, TH, "  days:", "  days: 1")
    assert platform_problems(load_project(root)) == []

