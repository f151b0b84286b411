"""The built pages print money, dates, day counts and addresses as each market writes them.

One table, asserted on the published HTML (what a reader sees), for the example's markets in
each of their languages. The values are the example's amounts and dates written by hand in each
country's convention, never taken from the formatter.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.site.build import build_site
from tests.sites import small_project

pytestmark = pytest.mark.slow

MARKETS = ("mx", "us", "gb", "my", "sg", "jp", "th", "vn", "id")
LOCALES = "[en, es, zh_Hans, ms, ja, th, vi, id]"

EXPECTED: dict[str, list[str]] = {
    "es/mx/index.html": ["$189.00 MXN", "19 de junio de 2026", "14 días"],
    "es/us/index.html": ["$7.99", "19 de junio de 2026", "30 días"],
    "en/us/index.html": ["$7.99", "June 19, 2026", "30 days"],
    "en/gb/index.html": ["£3.99", "19 June 2026", "30 days"],
    "ms/my/index.html": ["RM8.00", "19 Jun 2026", "15 hari"],
    "zh_Hans/my/index.html": ["RM8.00", "2026年6月19日", "15天"],
    "zh_Hans/sg/index.html": ["S$7.50", "6天"],
    "en/sg/index.html": ["S$7.50", "19 June 2026", "6 days"],
    "ja/jp/index.html": ["1,800円", "500円", "14日", "2026年6月19日"],
    "th/th/index.html": ["฿150.00", "19 มิถุนายน พ.ศ. 2569", "7 วัน"],
    "vi/vn/index.html": ["95.000 ₫", "19 tháng 6 năm 2026", "15 ngày"],
    "id/id/index.html": ["Rp45.000", "19 Juni 2026", "6 hari"],
    "en/us/how-to-return/index.html": ["Ontario, CA 91761"],
    "en/gb/index.html#seller": ["Admiralty", "Hong Kong"],
}

NOT_EXPECTED: dict[str, list[str]] = {
    "es/mx/index.html": ["189,00", "MXN 189"],            # Spain's format
    "es/us/index.html": ["US$", "7,99"],
    "en/gb/index.html": ["June 19, 2026"],                 # the American order
    "zh_Hans/my/index.html": ["MYR"],
    "zh_Hans/sg/index.html": ["SGD"],
    "ja/jp/index.html": ["￥", "14 日", "5 日"],           # one yen form, no space before 日
    "th/th/index.html": ["ค.ศ."],                          # Gregorian era
    "vi/vn/index.html": ["thg"],
    "id/id/index.html": ["Rp45.000,00"],
    "en/gb/index.html#seller": ["Hong Kong SAR China"],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = small_project(tmp_path_factory.mktemp("regional") / "shop", MARKETS, LOCALES)
    build_site(root, jobs=2)
    return root / "site"


def _text(site: Path, page: str) -> str:
    """The visible text of the page's article (spaces of every kind as one plain space)."""
    path, _, section = page.partition("#")
    document = (site / path).read_text(encoding="utf-8")
    article = document.split("<article", 1)[1].split("</article>", 1)[0]
    if section:
        article = article.split(f'id="{section}"', 1)[1]
    text = html.unescape(re.sub(r"<[^>]+>", "", article))
    return re.sub(r"[\u00a0\u202f\u2009\u200e\u200f ]+", " ", text)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_values_are_written_as_the_market_writes_them(site: Path, page: str) -> None:
    text = _text(site, page)
    missing = [value for value in EXPECTED[page] if value not in text]
    assert not missing, f"{page} lacks {missing}"
    wrong = [value for value in NOT_EXPECTED.get(page, []) if value in text]
    assert not wrong, f"{page} shows {wrong}"
