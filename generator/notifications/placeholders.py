"""The order data a message leaves open, as ``{{name}}`` placeholders for helpdesk tools.

Helpdesk and messaging tools (Zendesk, Freshdesk, Gorgias, most SMS gateways) fill
``{{name}}`` from the order when they send a message; policysite only writes the names and
never fills or evaluates them. Everything else in a message comes from the facts, so the texts
never disagree with the policy pages.

The tokens are built in Python after translation, so no template engine ever reads them as
syntax. Merchant and translator text is made inert first (``inert``): a ``{{`` or ``{%`` in it
can never become a placeholder or a tag the helpdesk evaluates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.i18n.catalogs import N_


@dataclass(frozen=True)
class Placeholder:
    """One piece of order data a helpdesk fills in."""

    name: str
    description: str
    """Message id: what the helpdesk must put there, for the support page and the export."""
    sample_length: int
    """Characters assumed when an SMS with this placeholder is measured (GSM-7 characters
    assumed; amounts are measured in the market's own format instead, see ``messages``)."""


PLACEHOLDERS: dict[str, Placeholder] = {p.name: p for p in (
    Placeholder("customer_name", N_("The customer's name as they wrote it in the order."), 30),
    Placeholder("order_id", N_("The order number (TikTok Shop order IDs have 18 digits)."), 18),
    Placeholder("rma_code", N_("The return's RMA code."), 0),
    Placeholder("label_url", N_("A link to the return label or QR code."), 30),
    Placeholder("tracking_url", N_("A link to the parcel's tracking page."), 30),
    Placeholder("refund_amount", N_("The amount refunded, with its currency."), 0),
    Placeholder("rejection_reason", N_("Why the return was not accepted, in one sentence."), 60),
    Placeholder("received_at", N_("The date and time the customer's notice reached us."), 20),
    Placeholder("notice_text", N_("The customer's notice, word for word."), 200),
)}
"""Every placeholder a message may contain. ``rma_code`` is measured as long as the market's
code example and ``refund_amount`` as a large amount in the market's format (``messages``)."""

SMS_EXCLUDED = frozenset({"customer_name", "notice_text"})
"""Never in an SMS: a name may need characters outside GSM-7 (every part would then hold 67
instead of 153), and the notice's wording can be of any length."""

_TOKEN = re.compile(r"\{\{([a-z_]+)\}\}")
_TEMPLATE_MARK = re.compile(r"\{(?=[{%])|%(?=\})|\}(?=\})")


def token(name: str) -> str:
    """The placeholder as a helpdesk writes it: ``{{order_id}}``."""
    if name not in PLACEHOLDERS:
        raise KeyError(name)
    return "{{" + name + "}}"


def tokens() -> dict[str, str]:
    """Every placeholder's token by name, to fill a message's ``%(name)s`` fields."""
    return {name: token(name) for name in PLACEHOLDERS}


def inert(text: str) -> str:
    """``text`` with ``{{``, ``{%``, ``%}`` and ``}}`` broken up by a space, so that a
    helpdesk's template language (Liquid, Handlebars) finds no placeholder or tag in it."""
    return _TEMPLATE_MARK.sub(lambda match: match.group() + " ", text)


def used(text: str) -> tuple[str, ...]:
    """The placeholders in ``text``, in order of first appearance; an unknown one is a bug."""
    names = tuple(dict.fromkeys(_TOKEN.findall(text)))
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        raise ValueError(f"unknown placeholders {unknown} in {text!r}")
    return names


def with_samples(text: str, samples: dict[str, str]) -> str:
    """``text`` with each placeholder replaced by a sample value, to measure it."""
    return _TOKEN.sub(lambda match: samples[match.group(1)], text)
