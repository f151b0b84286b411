"""Return policies as data: schema.org JSON-LD on the pages and the Merchant Center export.

Google's documented organization-level example is rebuilt from our YAML and compared with
Google's JSON-LD as RDF graphs (not as strings); both formats validate against JSON Schemas
written from Google's references (tests/data/); every value comes from the facts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from generator.errors import ContentError
from generator.facts.site import SiteFacts
from generator.project.load import load_project
from generator.structured.merchant_center import online_return_policies
from generator.structured.schema_org import organization, script_json
from tests.conftest import copy_example, edit, facts_of

# rdflib's JSON-LD parser uses its own deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

DATA = Path(__file__).parent / "data"
ORG_SCHEMA = json.loads((DATA / "merchant_return_policy.schema.json").read_text())
MERCHANT_SCHEMA = json.loads((DATA / "online_return_policy.schema.json").read_text())

# https://developers.google.com/search/docs/appearance/structured-data/return-policy, the
# OnlineStore example: sells to Germany, Austria and Switzerland; items go back by mail to
# Ireland within 60 days; free return shipping; full refund; new items only.
GOOGLE_POLICY = {
    "@type": "MerchantReturnPolicy",
    "applicableCountry": ["DE", "AT", "CH"],
    "returnPolicyCountry": "IE",
    "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
    "merchantReturnDays": 60,
    "returnMethod": "https://schema.org/ReturnByMail",
    "returnFees": "https://schema.org/FreeReturn",
    "refundType": "https://schema.org/FullRefund",
    "itemCondition": "https://schema.org/NewCondition",
}

GOOGLE_MARKET = """currency: {currency}
locales: [de, en]
binding_locales: [de]
time_zone: {zone}
platform: {{name: own_store}}
law: {{regime: {regime}}}
return_window: {{days: 60}}
shipping: {{change_of_mind: merchant, defective_or_wrong: merchant}}
returns: {{methods: [courier_pickup], destination: ie-dublin}}
refunds: {{methods: [original_payment], processing_days: 5}}
exchanges: {{allowed: false}}
contact: {{email: help@example.com}}
"""


def googles_example(dest: Path) -> Path:
    """Google's example store as our YAML: one category of new items, an Irish hub."""
    root = copy_example(dest, markets=("de",))
    (root / "policies/categories.yml").write_text(
        "categories:\n  apparel:\n    name: {en: Clothing, de: Bekleidung}\n"
        "    returnable: true\n    conditions: [unused]\n", encoding="utf-8")
    (root / "policies/hubs.yml").write_text(
        "hubs:\n  ie-dublin:\n    name: EU returns (Dublin)\n    address:\n"
        "      name: Example Returns\n      lines: [\"Unit 5, Grange Business Park\"]\n"
        "      city: Dublin\n      postal_code: D24 F2C8\n      country: IE\n",
        encoding="utf-8")
    for code, currency, zone, regime in (("de", "EUR", "Europe/Berlin", "EU"),
                                         ("at", "EUR", "Europe/Vienna", "EU"),
                                         ("ch", "CHF", "Europe/Zurich", "CH")):
        text = GOOGLE_MARKET.format(currency=currency, zone=zone, regime=regime)
        if regime == "EU":
            text += 'withdrawal_function: {url: "https://shop.example.com/withdraw"}\n'
        else:
            text += ("customs:\n  duties_refunded: true\n  declaration:\n"
                     "    en: Mark the parcel as returned goods.\n"
                     "    de: Kennzeichnen Sie das Paket als Rückware.\n")
        (root / "policies/markets" / f"{code}.yml").write_text(text, encoding="utf-8")
    return root


def graph(node: dict[str, Any]) -> Graph:
    """A JSON-LD node as RDF, with schema.org as the vocabulary (no context is fetched)."""
    document = {**node, "@context": {"@vocab": "https://schema.org/"}}
    return Graph().parse(data=json.dumps(document), format="json-ld")


def policy_nodes(data: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = data["hasMerchantReturnPolicy"]
    return nodes if isinstance(nodes, list) else [nodes]


def policy_for(data: dict[str, Any], code: str) -> dict[str, Any]:
    for node in policy_nodes(data):
        countries = node["applicableCountry"]
        if code in (countries if isinstance(countries, list) else [countries]):
            return node
    raise AssertionError(f"no policy for {code}")


@pytest.fixture(scope="module")
def example() -> SiteFacts:
    return facts_of(Path(__file__).resolve().parent.parent)


def test_googles_own_example_comes_out_as_google_wrote_it(tmp_path: Path) -> None:
    data = organization(facts_of(googles_example(tmp_path / "shop")))
    assert data["@type"] == "OnlineStore" and data["@context"] == "https://schema.org"
    [node] = policy_nodes(data)  # three markets, one policy
    assert isomorphic(graph(node), graph(GOOGLE_POLICY)), json.dumps(node, indent=1)
    jsonschema.validate(data, ORG_SCHEMA)


def test_a_different_term_is_a_different_graph(tmp_path: Path) -> None:
    """The comparison can fail: one market with 30 days no longer matches Google's policy."""
    root = googles_example(tmp_path / "shop")
    edit(root, "policies/markets/at.yml", "return_window: {days: 60}",
         "return_window: {days: 30}")
    nodes = policy_nodes(organization(facts_of(root)))
    assert len(nodes) == 2
    assert not any(isomorphic(graph(node), graph(GOOGLE_POLICY)) for node in nodes)


def test_every_market_of_the_example_is_described_and_valid(example: SiteFacts) -> None:
    data = organization(example)
    jsonschema.validate(data, ORG_SCHEMA)
    for code, market in example.markets.items():
        node = policy_for(data, code)
        assert node["returnPolicyCountry"] == market.hub.address.country
        assert node["merchantReturnDays"] == market.window.days


def test_fees_per_reason_carry_the_amount_and_currency(example: SiteFacts) -> None:
    node = policy_for(organization(example), "GB")  # label £3.99 after a change of mind
    assert node["customerRemorseReturnFees"] == "https://schema.org/ReturnShippingFees"
    assert node["customerRemorseReturnShippingFeesAmount"] == {
        "@type": "MonetaryAmount", "value": 3.99, "currency": "GBP"}
    assert node["itemDefectReturnFees"] == "https://schema.org/FreeReturn"
    assert "returnFees" not in node


def test_seasonal_override_in_both_formats(example: SiteFacts) -> None:
    node = policy_for(organization(example), "DE")
    season = node["returnPolicySeasonalOverride"]
    assert season == {"@type": "MerchantReturnPolicySeasonalOverride",
                      "startDate": "2026-11-15", "endDate": "2026-12-31",
                      "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
                      "merchantReturnDays": "2027-01-31"}
    [resource] = online_return_policies(example, "DE")
    assert resource["seasonalOverrides"][0]["returnUntilDate"] == {
        "year": 2027, "month": 1, "day": 31}
    assert resource["seasonalOverrides"][0]["startDate"] == {"year": 2026, "month": 11,
                                                             "day": 15}


# -- Merchant Center ---------------------------------------------------------------------------


def test_merchant_export_validates_for_every_market(example: SiteFacts) -> None:
    resources = online_return_policies(example)
    jsonschema.validate(resources, MERCHANT_SCHEMA)
    assert [r["countries"] for r in resources] == [[code] for code in sorted(example.markets)]


def test_merchant_finite_window_with_a_fixed_label_fee(example: SiteFacts) -> None:
    [resource] = online_return_policies(example, "DE")
    assert resource["policy"] == {"type": "NUMBER_OF_DAYS_AFTER_DELIVERY", "days": "30"}
    assert resource["returnShippingFee"] == {
        "type": "FIXED", "fixedFee": {"amountMicros": "4950000", "currencyCode": "EUR"}}
    assert resource["returnPolicyUri"] == "https://returns.marumori.example/de/de/"
    assert resource["acceptDefectiveOnly"] is False
    assert resource["acceptExchange"] is example.markets["DE"].exchanges.allowed


def test_merchant_restocking_fee_as_micro_percent_or_price(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", markets=("jp", "de"))
    edit(root, "policies/markets/de.yml", "refunds:\n", "restocking_fee: {percent: \"12.5\"}\n"
         "refunds:\n")
    facts = facts_of(root)
    [de] = online_return_policies(facts, "DE")
    assert de["restockingFee"] == {"microPercent": 12_500_000}
    [jp] = online_return_policies(facts, "JP")
    assert jp["restockingFee"] == {"fixedFee": {"amountMicros": "500000000",
                                                "currencyCode": "JPY"}}
    jsonschema.validate([de, jp], MERCHANT_SCHEMA)


def test_no_returns_after_a_change_of_mind(tmp_path: Path) -> None:
    root = googles_example(tmp_path / "shop")
    edit(root, "policies/markets/ch.yml", "exchanges: {allowed: false}\n",
         "exchanges: {allowed: false}\ncategories:\n  apparel: {returnable: false, "
         "family: final_sale}\n")
    facts = facts_of(root)
    [resource] = online_return_policies(facts, "CH")
    assert resource["policy"] == {"type": "NO_RETURNS"}
    assert resource["acceptDefectiveOnly"] is True
    assert "returnMethods" not in resource and "itemConditions" not in resource
    jsonschema.validate([resource], MERCHANT_SCHEMA)
    node = policy_for(organization(facts), "CH")
    assert node["returnPolicyCategory"] == "https://schema.org/MerchantReturnNotPermitted"
    assert "merchantReturnDays" not in node
    jsonschema.validate(organization(facts), ORG_SCHEMA)


def test_the_schemas_reject_what_google_would(example: SiteFacts) -> None:
    """The JSON Schemas can fail: a finite window without days, a 51st country, a long label."""
    data = organization(example)
    broken = json.loads(json.dumps(data))
    del policy_nodes(broken)[0]["merchantReturnDays"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, ORG_SCHEMA)
    broken = json.loads(json.dumps(data))
    policy_nodes(broken)[0]["applicableCountry"] = [f"{a}{b}" for a in "ABC" for b in
                                                     "ABCDEFGHIJKLMNOPQ"][:51]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, ORG_SCHEMA)
    resources = online_return_policies(example, "DE")
    resources[0]["label"] = "x" * 51
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(resources, MERCHANT_SCHEMA)


# -- safety ------------------------------------------------------------------------------------

ATTACK = "</script><script>alert(1)</script>"


def test_script_json_cannot_end_its_element() -> None:
    data = {"name": f"A{ATTACK}\u2028\u2029&<!--"}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == data


def test_merchant_names_in_json_ld_stay_data(tmp_path: Path) -> None:
    """Every merchant text that reaches the JSON-LD (trading and legal name) carries the
    attack; the page's front matter holds it escaped and it parses back unchanged."""
    from babel.support import Translations

    from generator.layout import templates_dir_for
    from generator.render.markdown import render_locale_pages

    root = copy_example(tmp_path / "shop", markets=("de",))
    edit(root, "site_config.yml", "  legal_name: Maru Mori Trading Limited",
         f"  legal_name: 'Maru {ATTACK}'")
    edit(root, "site_config.yml", "  trading_name: Maru & Mori", f"  trading_name: 'M {ATTACK}'")
    files = render_locale_pages(facts_of(root), "en", templates_dir_for(root),
                                Translations()).files
    import yaml

    meta = yaml.safe_load(files["de/index.md"].split("---\n")[1])
    text = meta["jsonld"]
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert data["name"] == f"M {ATTACK}" and data["legalName"] == f"Maru {ATTACK}"


def test_line_separators_never_reach_the_data(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", markets=("de",))
    edit(root, "site_config.yml", "  trading_name: Maru & Mori",
         '  trading_name: "Maru\\u2028Mori"')
    with pytest.raises(ContentError) as info:
        load_project(root)
    assert "U+2028" in str(info.value)


# -- check -------------------------------------------------------------------------------------


def test_check_warns_about_a_window_counted_from_the_order(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", markets=("us",))  # no statutory period in the US
    edit(root, "policies/markets/us.yml", "  starts: delivery", "  starts: order")
    problems = [p for p in load_project(root).warnings
                if p.field == "markets.US.return_window.starts"]
    assert [(p.severity, p.path, p.line) for p in problems] == [
        ("warning", "policies/markets/us.yml", 12)]
    assert "from delivery" in problems[0].message


def test_check_notes_category_windows_the_data_cannot_state(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", markets=("de",))
    project = load_project(root)
    notes = [p for p in project.notices if p.field.startswith("markets.DE.extended_windows")]
    assert len(notes) == 1 and "60-day" in notes[0].message
