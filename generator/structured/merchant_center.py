"""Google Merchant API ``OnlineReturnPolicy`` resources (accounts.onlineReturnPolicies).

https://developers.google.com/merchant/api/reference/rest/accounts_v1/accounts.onlineReturnPolicies
One resource per market, from the same ``Terms`` as the JSON-LD. Prices are ``Price`` objects
with the amount in micros (millionths) as a decimal string, as the API's int64 fields are in
JSON; a restocking percentage is ``microPercent`` (10% = 10,000,000).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from generator.facts.market import MarketFacts, Money
from generator.facts.pages import PageRef
from generator.facts.site import SiteFacts
from generator.structured.terms import terms_of

LABEL_LIMIT = 50
"""Characters Merchant Center allows in a policy's label."""

_LABEL_SOURCES = {"download_and_print": "DOWNLOAD_AND_PRINT", "in_box": "IN_THE_PACKAGE",
                  "customer": "CUSTOMER_RESPONSIBILITY"}

JsonObject = dict[str, Any]


def price(value: Money) -> JsonObject:
    micros = (value.amount * 1_000_000).to_integral_value()
    return {"amountMicros": str(micros), "currencyCode": value.currency}


def _date(value: datetime.date) -> JsonObject:
    return {"year": value.year, "month": value.month, "day": value.day}


def policy_uri(facts: SiteFacts, code: str) -> str:
    """The market's policy page in its first language: the page Google checks the data
    against."""
    market = facts.markets[code]
    return facts.site.base_url + PageRef(market.locales[0], "policy", code.lower()).site_path()


def label(facts: SiteFacts, code: str) -> str:
    """"<trading name> returns <XX>", cut to the 50 characters Merchant Center allows."""
    suffix = f" returns {code}"
    return facts.merchant.trading_name[:LABEL_LIMIT - len(suffix)].rstrip() + suffix


def online_return_policy(facts: SiteFacts, code: str) -> JsonObject:
    """One market's ``OnlineReturnPolicy``."""
    market: MarketFacts = facts.markets[code]
    terms = terms_of(market)
    resource: JsonObject = {
        "label": label(facts, code),
        "countries": [code],
        "returnPolicyUri": policy_uri(facts, code),
        "acceptDefectiveOnly": not terms.permitted,
        "acceptExchange": "exchange" in terms.refunds,
        "processRefundDays": terms.process_refund_days,
    }
    if not terms.permitted:
        resource["policy"] = {"type": "NO_RETURNS"}
        return resource
    resource["policy"] = {"type": "NUMBER_OF_DAYS_AFTER_DELIVERY", "days": str(terms.days)}
    resource["returnMethods"] = ["BY_MAIL"]
    resource["itemConditions"] = ["NEW"] if terms.new_only else ["NEW", "USED"]
    if terms.remorse_fee == "customer_pays_amount" and terms.remorse_amount is not None:
        resource["returnShippingFee"] = {"type": "FIXED", "fixedFee": price(terms.remorse_amount)}
    elif terms.remorse_fee == "customer_responsible":
        resource["returnShippingFee"] = {"type": "CUSTOMER_PAYING_ACTUAL_FEE"}
    if terms.label is not None:
        resource["returnLabelSource"] = _LABEL_SOURCES[terms.label]
    if terms.restocking_percent is not None:
        micro = terms.restocking_percent * Decimal(1_000_000)
        resource["restockingFee"] = {"microPercent": int(micro)}
    elif terms.restocking_amount is not None:
        resource["restockingFee"] = {"fixedFee": price(terms.restocking_amount)}
    seasons = [{"label": label(facts, code)[:LABEL_LIMIT - 3] + f" {index}",
                "startDate": _date(season.start), "endDate": _date(season.end),
                "returnUntilDate": _date(season.return_by)}
               for index, season in enumerate(market.seasonal_overrides, start=1)]
    if seasons:
        resource["seasonalOverrides"] = seasons
    return resource


def online_return_policies(facts: SiteFacts, market: str | None = None) -> list[JsonObject]:
    """Every market's resource (or one market's), sorted by country."""
    codes = [market] if market else sorted(facts.markets)
    return [online_return_policy(facts, code) for code in codes]
