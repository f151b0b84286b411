"""The built pages carry the JSON-LD search engines read, and it agrees with what they show.

The JSON-LD is read back with ``extruct`` (the extractor crawlers' tooling uses), validated
against the JSON Schema of Google's properties, and its days, fee and currency are asserted
against the same market's visible policy page.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import extruct
import jsonschema
import pytest

from generator.facts.site import resolve_site
from generator.i18n import formatting
from generator.i18n.regional import format_locale
from generator.project.load import load_project
from generator.site.build import build_site
from tests.sites import small_project
from tests.test_structured_data import ORG_SCHEMA, policy_for

pytestmark = pytest.mark.slow

MARKETS = ("de", "gb", "jp", "sa", "us")
KINDS = ("", "how-to-return/", "faq/", "contact/")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    root = small_project(tmp_path_factory.mktemp("jsonld") / "shop", MARKETS,
                         "[en, de, es, ja, ar]")
    build_site(root, jobs=2)
    return root / "site", resolve_site(load_project(root))


def json_ld(page: Path) -> list[dict[str, Any]]:
    data = extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"],
                           uniform=False)
    return data["json-ld"]


def visible(page: Path) -> str:
    article = page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>")[0]
    text = html.unescape(re.sub(r"<[^>]+>", "", article))
    return re.sub(r"[\u00a0\u202f\u2009\u200e\u200f ]+", " ", text)


def test_every_market_page_and_home_page_carries_valid_json_ld(built: tuple[Path, Any]) -> None:
    site, facts = built
    for code, market in facts.markets.items():
        for locale in market.locales:
            for kind in KINDS:
                page = site / locale / code.lower() / kind / "index.html"
                [data] = json_ld(page)
                jsonschema.validate(data, ORG_SCHEMA)
                node = policy_for(data, code)
                assert node["merchantReturnDays"] == market.window.days
    for locale in facts.site.locales:
        [data] = json_ld(site / locale / "index.html")
        assert {c for n in data["hasMerchantReturnPolicy"]
                for c in ([n["applicableCountry"]] if isinstance(n["applicableCountry"], str)
                          else n["applicableCountry"])} == set(facts.markets)


def test_private_and_legal_pages_carry_none(built: tuple[Path, Any]) -> None:
    site, _ = built
    assert json_ld(site / "en" / "de" / "captions" / "index.html") == []
    assert json_ld(site / "en" / "history" / "index.html") == []


@pytest.mark.parametrize("code", MARKETS)
def test_json_ld_agrees_with_the_visible_policy(built: tuple[Path, Any], code: str) -> None:
    site, facts = built
    market = facts.markets[code.upper()]
    locale = market.locales[0]
    page = site / locale / code / "index.html"
    [data] = json_ld(page)
    node = policy_for(data, code.upper())
    text = visible(page)
    fmt = format_locale(locale, code.upper())
    days = formatting.duration(node["merchantReturnDays"], "duration-day", fmt)
    assert re.sub(r"\s+", " ", days) in text
    amount = node.get("customerRemorseReturnShippingFeesAmount")
    if amount is not None:
        assert amount["currency"] == market.currency
        fee = market.return_label_fee
        assert fee is not None and float(fee.amount) == amount["value"]
        shown = html.unescape(re.sub(r"<[^>]+>", "", str(
            formatting.money(fee.amount, fee.currency, fmt))))
        assert re.sub(r"[\u00a0\u202f\u200e\u200f ]+", " ", shown) in text
    else:
        assert node.get("returnFees") == "https://schema.org/FreeReturn" \
            or node.get("customerRemorseReturnFees") != "https://schema.org/ReturnShippingFees"


def test_the_page_head_holds_the_script_escaped(built: tuple[Path, Any]) -> None:
    site, _ = built
    source = (site / "en" / "gb" / "index.html").read_text(encoding="utf-8")
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', source, re.S)
    assert json.loads(block)["name"] == "Maru & Mori"
    assert "&" not in block  # written as \\u0026 inside the script element
    head = source.split("</head>", 1)[0]
    assert 'type="application/ld+json"' in head
