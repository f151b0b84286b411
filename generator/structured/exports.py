"""``policysite export google-merchant`` and ``export schema-org``: the policy as JSON for
Merchant Center and for a merchant's own shop pages, from the same facts as the site."""

from __future__ import annotations

from generator.facts.site import SiteFacts
from generator.structured.merchant_center import online_return_policies
from generator.structured.schema_org import organization, pretty_json


def google_merchant(facts: SiteFacts, market: str | None = None) -> bytes:
    """``OnlineReturnPolicy`` resources, one per market (or the one named), as a JSON list."""
    code = facts.market_code(market) if market else None
    return pretty_json(online_return_policies(facts, code)).encode("utf-8")


def schema_org(facts: SiteFacts, market: str | None = None) -> bytes:
    """The JSON-LD graph the site's pages carry: every market's policies, or one market's."""
    codes = [facts.market_code(market)] if market else None
    return pretty_json(organization(facts, codes)).encode("utf-8")
