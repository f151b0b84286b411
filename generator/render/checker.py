"""The checker page's data block: one market's rules and the page's words, as JSON.

The script (``templates/assets/policysite-checker.js``) reads it from
``<script type="application/json" id="ps-checker-data">`` and shows the answer with
``textContent`` only: every text here is plain (never Markdown or HTML), and the block is written
with ``script_json``, so no merchant or translator text can end the element. ``text`` holds
finished sentences; ``patterns`` hold the ones the script completes with a date or a number
(``%(date)s``, ``%(num)s``, nothing else).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import Any

from babel.support import NullTranslations

from generator.escape import MdSafe
from generator.facts.checker_rules import rules_json
from generator.facts.eligibility import asks_order_date, market_versions
from generator.facts.market import MarketFacts
from generator.facts.pages import PageRef
from generator.facts.versions import PolicyHistory
from generator.i18n import formatting
from generator.i18n.catalogs import N_
from generator.i18n.labels import LABELS
from generator.structured.schema_org import script_json

ERRORS = {
    "delivered_missing": N_("Enter the day the item was delivered."),
    "ordered_missing": N_("Enter the day you placed the order."),
    "delivered_future": N_("The delivery date cannot be in the future."),
    "ordered_after_delivery": N_("The order date cannot be after the delivery date."),
}


class _Words:
    """Plain-text translations for one page (values are filled in as they are)."""

    def __init__(self, translations: NullTranslations, locale: str) -> None:
        self.translations = translations
        self.locale = locale

    def __call__(self, message: str, **values: Any) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def label(self, kind: str, value: str, **values: Any) -> str:
        return self(LABELS[kind][value], **values)

    def conditions(self, conditions: list[str]) -> str:
        return formatting.list_text([self.label("condition", c) for c in conditions],
                                    self.locale)


def _url(page: PageRef, kind: str, fragment: str = "") -> str:
    """A link from ``page`` to another page of its market, relative to the built page's URL
    (the script sets it; MkDocs never sees it)."""
    other = PageRef(page.locale, kind, page.market)
    relative = posixpath.relpath(other.url or ".", page.url or ".")
    return relative.rstrip("/") + "/" + (f"#{fragment}" if fragment else "")


def _patterns(words: _Words, facts: MarketFacts) -> dict[str, str]:
    own = facts.statutory is not None
    return {
        # TRANSLATORS: %(date)s is a date, e.g. "31 January 2027".
        "statutory_until": words(N_("You can use this right until %(date)s.")),
        "statutory_ended": words(N_("The period for this right ended on %(date)s.")),
        "policy_until": words(N_("Under our own returns policy you can return the item until "
                                 "%(date)s.") if own else
                              N_("You can return the item until %(date)s.")),
        "policy_ended": words(N_("The period of our own returns policy ended on %(date)s.")
                              if own else N_("The return period ended on %(date)s.")),
        # TRANSLATORS: %(num)s is a number of days (0 means today is the last day).
        "days_left": words(N_("Days left after today: %(num)s")),
    }


def _statutory_text(words: _Words, facts: MarketFacts, plain: Callable[..., str]
                    ) -> dict[str, Any]:
    right = facts.statutory
    if right is None:
        return {}
    rule = right.rule
    link = right.withdrawal_function
    return {
        "statutory_heading": words.label("right_title", rule.term),
        "statutory_payer": words.label("return_cost", rule.return_cost),
        # Shown only when the law sets conditions (Saudi Arabia: unused); none elsewhere.
        **({"statutory_condition": words(N_("The law gives this right only while the product "
                                            "is %(conditions)s."),
                                         conditions=words.conditions(list(rule.conditions)))}
           if rule.conditions else {}),
        "statutory_unknown": words(N_("We cannot work out the last day for this date here; "
                                      "please ask us.")),
        "step_withdrawal": words.label("right_exercise", rule.exercised_by),
        "withdrawal_function": words(N_("You can also use our online withdrawal function:")),
        "withdrawal_function_label": (plain(link.label) if link and link.label
                                      else words(N_("Withdraw from contract here"))),
        "model_form": words(N_("You may use this model form, but you do not have to:")),
        "model_form_label": (words.label("model_form", rule.model_form)
                             if rule.model_form else ""),
        "excluded": {r.id: words(N_("This right does not cover %(exception)s."),
                                 exception=words.label("exception", r.family))
                     for r in facts.excluded_by_law if r.family},
    }


def _costs_text(words: _Words, facts: MarketFacts, rules: dict[str, Any]) -> dict[str, Any]:
    text: dict[str, Any] = {
        "payer": {payer: words(N_("Return shipping: %(payer)s."),
                               payer=words.label("payer", payer))
                  for payer in sorted({facts.shipping.change_of_mind,
                                       facts.shipping.defective_or_wrong})},
        "delivery_charge": words(N_("We also refund the standard delivery charge you paid with "
                                    "your order.")),
    }
    if rules["labelFee"]:
        text["label_fee"] = words(N_("If you use our return label, %(amount)s is deducted from "
                                     "your refund."), amount=rules["labelFee"])
    if rules["restockingFee"]:
        text["restocking"] = words(
            N_("If you change your mind, a restocking fee of %(fee)s of the item price is "
               "deducted.") if facts.restocking_percent is not None else
            N_("If you change your mind, a restocking fee of %(fee)s is deducted."),
            fee=rules["restockingFee"])
    if rules["keepItBelow"]:
        text["keep_it"] = words(N_("For orders under %(amount)s you get your money back without "
                                   "sending the item."), amount=rules["keepItBelow"])
    return text


def page_text(facts: MarketFacts, rules: dict[str, Any], words: _Words,
              plain: Callable[[Mapping[str, str]], str], place: str) -> dict[str, Any]:
    """The finished sentences of the answer in the page's language (``place``: the hub's
    city and country, as the pages write it)."""
    own = facts.statutory is not None
    exchange = (N_("You can exchange an item for another size, colour or product instead of a "
                   "refund.") if "other_product" in facts.exchanges.kinds else
                N_("You can exchange an item for another size or colour instead of a refund."))
    return {
        **_statutory_text(words, facts, plain),
        **_costs_text(words, facts, rules),
        "policy_heading": words(N_("Our returns policy") if own else N_("Returning the item")),
        "costs_heading": words(N_("Costs")),
        "next_heading": words(N_("What to do next")),
        "today_last": words(N_("Today is the last day.")),
        "policy_category": words(N_("Items of this category cannot be returned if you change "
                                    "your mind.")),
        "policy_conditions": {
            r.id: words(N_("This category can be returned only if the item is "
                           "%(conditions)s."), conditions=words.conditions(
                               list(r.category.conditions)))
            for r in facts.categories if r.category.conditions},
        "faulty": words(N_("Faulty, damaged or wrong items can always be returned, whatever "
                           "their category.")),
        "exchange": words(exchange) if facts.exchanges.allowed else words(
            N_("We do not offer exchanges; return the item for a refund and place a new order.")),
        "step_rma": words(N_("To return the item under our policy, first ask for an RMA code:")),
        "rma_how": plain(facts.process.rma.how),
        "how_to_return": words(N_("How to return an item")),
        "request_online": words(N_("Request a return online")),
        "customs": words(N_("Your return goes to %(place)s, so it crosses a border."),
                         place=place),
        "customs_link": words(N_("How to fill in the customs form")),
        "contact": words(N_("Not sure? Write to us and we will look at your order.")),
        "contact_link": words(N_("Contact us")),
        "errors": {code: words(message) for code, message in ERRORS.items()},
    }


def checker_data(facts: MarketFacts, history: PolicyHistory, page: PageRef, locale: str,
                 translations: NullTranslations, plain: Callable[[Mapping[str, str]], str],
                 place: str) -> MdSafe:
    """The JSON text of the page's data block (``locale``: the page's formatting locale).

    Earlier policy versions' rules come along with their first day, so the script answers an
    order by the version in force on its order date (``eligibility.governing_facts``)."""
    right = facts.statutory
    links: dict[str, str | None] = {
        "how_to_return": _url(page, "how_to_return"),
        "customs": _url(page, "how_to_return", "customs") if facts.cross_border else None,
        "contact": _url(page, "contact"),
        "model_form": (_url(page, "withdrawal_form")
                       if right is not None and right.rule.model_form else None),
        "withdrawal_function": (right.withdrawal_function.url
                                if right is not None and right.withdrawal_function else None),
        "rma_request": facts.process.rma.request_url,
    }
    rules = rules_json(facts, locale)
    versions = market_versions(history, facts.code)
    words = _Words(translations, locale)
    data = {
        "rules": rules,
        "versions": [{"from": version.version.effective.isoformat(),
                      "rules": rules_json(version.markets[facts.code], locale)}
                     for version in versions[:-1]],
        "currentFrom": versions[-1].version.effective.isoformat(),
        "asksOrderDate": asks_order_date(history, facts.code),
        "format": locale.replace("_", "-"),
        "text": page_text(facts, rules, words, plain, place),
        "patterns": _patterns(words, facts),
        "links": links,
    }
    return MdSafe(script_json(data))
