"""schema.org ``MerchantReturnPolicy`` JSON-LD, in the organization-level form Google reads.

https://developers.google.com/search/docs/appearance/structured-data/return-policy: an
``OnlineStore`` with ``hasMerchantReturnPolicy``; each policy names its ``applicableCountry``
(at most 50) and ``returnPolicyCategory`` (with ``merchantReturnDays`` for a finite window).
Markets whose terms are the same share one policy node. Per-category rules (a category that
cannot be returned, a longer window for some categories) have no place at this level: schema.org
states them only on a product's own ``Offer``, so they stay on the pages (``check`` notes it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from generator.facts.market import Money
from generator.facts.site import SiteFacts
from generator.structured.terms import Terms, terms_of

SCHEMA = "https://schema.org/"
MAX_COUNTRIES = 50
"""Google reads at most 50 countries per policy; larger groups are split."""

_FEES = {"free": "FreeReturn", "customer_pays_amount": "ReturnShippingFees",
         "customer_responsible": "ReturnFeesCustomerResponsibility"}
_LABELS = {"download_and_print": "ReturnLabelDownloadAndPrint", "in_box": "ReturnLabelInBox",
           "customer": "ReturnLabelCustomerResponsibility"}
_REFUNDS = {"full": "FullRefund", "store_credit": "StoreCreditRefund",
            "exchange": "ExchangeRefund"}

JsonObject = dict[str, Any]


def _enum(name: str) -> str:
    return SCHEMA + name


def _one_or_list(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def number(value: Decimal) -> int | float:
    """A JSON number for an exact amount: whole amounts as integers ("45000", not "45000.0");
    others have at most the currency's few digits, which float() prints back exactly."""
    return int(value) if value == value.to_integral_value() else float(value)


def monetary_amount(value: Money) -> JsonObject:
    return {"@type": "MonetaryAmount", "value": number(value.amount), "currency": value.currency}


def _fees(terms: Terms) -> JsonObject:
    """Fees for both reasons in one property where they agree, else one per reason."""
    same = (terms.remorse_fee, terms.remorse_amount) == (terms.defect_fee, None)
    if same:
        return {"returnFees": _enum(_FEES[terms.remorse_fee])}
    node: JsonObject = {"customerRemorseReturnFees": _enum(_FEES[terms.remorse_fee]),
                        "itemDefectReturnFees": _enum(_FEES[terms.defect_fee])}
    if terms.remorse_amount is not None:
        node["customerRemorseReturnShippingFeesAmount"] = monetary_amount(terms.remorse_amount)
    return node


def policy_terms(terms: Terms) -> JsonObject:
    """A ``MerchantReturnPolicy`` node without its countries of sale."""
    node: JsonObject = {"@type": "MerchantReturnPolicy", "returnPolicyCountry": terms.returns_to}
    if not terms.permitted:
        node["returnPolicyCategory"] = _enum("MerchantReturnNotPermitted")
        return node
    node["returnPolicyCategory"] = _enum("MerchantReturnFiniteReturnWindow")
    node["merchantReturnDays"] = terms.days
    node["returnMethod"] = _enum("ReturnByMail")
    node.update(_fees(terms))
    if terms.label is not None:
        node["returnLabelSource"] = _enum(_LABELS[terms.label])
    if terms.refunds:
        node["refundType"] = _one_or_list([_enum(_REFUNDS[kind]) for kind in terms.refunds])
    if terms.restocking_percent is not None:
        node["restockingFee"] = number(terms.restocking_percent)  # a Number is a percentage
    elif terms.restocking_amount is not None:
        node["restockingFee"] = monetary_amount(terms.restocking_amount)
    if terms.new_only:
        node["itemCondition"] = _enum("NewCondition")
    return node


def _seasons(facts_of_market: Any) -> list[JsonObject]:
    return [{"@type": "MerchantReturnPolicySeasonalOverride",
             "startDate": season.start.isoformat(), "endDate": season.end.isoformat(),
             "returnPolicyCategory": _enum("MerchantReturnFiniteReturnWindow"),
             "merchantReturnDays": season.return_by.isoformat()}
            for season in facts_of_market.seasonal_overrides]


def policies(facts: SiteFacts, codes: Iterable[str] | None = None) -> list[JsonObject]:
    """Policy nodes for the markets ``codes`` (all by default), markets with equal terms
    sharing one node, in a stable order."""
    groups: dict[str, tuple[JsonObject, list[str]]] = {}
    for code in sorted(codes if codes is not None else facts.markets):
        market = facts.markets[code]
        node = policy_terms(terms_of(market))
        seasons = _seasons(market) if node.get("merchantReturnDays") else []
        if seasons:
            node["returnPolicySeasonalOverride"] = _one_or_list(seasons)
        key = json.dumps(node, sort_keys=True)
        groups.setdefault(key, (node, []))[1].append(code)
    nodes = []
    for node, countries in groups.values():
        for start in range(0, len(countries), MAX_COUNTRIES):
            chunk = countries[start:start + MAX_COUNTRIES]
            nodes.append({**node, "applicableCountry": _one_or_list(chunk)})
    return sorted(nodes, key=lambda node: json.dumps(node, sort_keys=True))


def organization(facts: SiteFacts, codes: Iterable[str] | None = None) -> JsonObject:
    """The seller as an ``OnlineStore`` with the return policies of ``codes`` (all markets)."""
    merchant = facts.merchant
    nodes = policies(facts, codes)
    return {
        "@context": "https://schema.org",
        "@type": "OnlineStore",
        "name": merchant.trading_name,
        "legalName": merchant.legal_name,
        "url": facts.site.base_url,
        "hasMerchantReturnPolicy": _one_or_list(nodes),
    }


def market_group(facts: SiteFacts, code: str) -> list[str]:
    """The markets whose policy node is the same as ``code``'s (the node its pages carry)."""
    mine = policy_terms(terms_of(facts.markets[code]))
    return [other for other in facts.markets
            if policy_terms(terms_of(facts.markets[other])) == mine
            and _seasons(facts.markets[other]) == _seasons(facts.markets[code])]


_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: JsonObject) -> str:
    """JSON for a ``<script type="application/ld+json">`` element: compact, keys sorted, and
    with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so no text inside (a merchant's name
    with ``</script>``) can end the element or break a JavaScript reader. Outside strings
    JSON never holds these characters, so escaping them everywhere keeps the same data."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return text.translate(_SCRIPT_SAFE)


def pretty_json(data: Any) -> str:
    """Indented JSON with sorted keys, for exports a merchant reads and pastes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False) + "\n"
