"""The messages a customer gets at each stage of a return, per market, locale and channel.

Every fact in a message (periods, payers, refund methods, the statutory right, the return
address, the survey link) comes from ``MarketFacts``; what only the order knows is a
``{{placeholder}}`` (``placeholders``). The support page and ``policysite export
notifications`` show the same ``Message`` objects.

Stages are the model's (``process.notifications``) plus ``withdrawal_received``: where the law
has a model withdrawal form (EU, UK), the acknowledgement of a withdrawal on a durable medium,
sent by e-mail. ``exchanged`` exists only where exchanges are allowed. Every stage has an
e-mail, an SMS and a chat text (the acknowledgement only an e-mail), whether or not the market
sends it automatically (``sent_via``): the support team answers by hand with the others.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from babel.support import Translations

from generator.facts.market import MarketFacts
from generator.facts.pages import PageRef
from generator.facts.site import SiteFacts
from generator.i18n.addresses import address_lines
from generator.i18n.catalogs import N_
from generator.i18n.formatting import duration, list_text
from generator.i18n.labels import LABELS
from generator.i18n.regional import currency_text, format_locale
from generator.notifications.feedback import survey_url
from generator.notifications.placeholders import (
    PLACEHOLDERS,
    SMS_EXCLUDED,
    inert,
    tokens,
    used,
    with_samples,
)
from generator.notifications.sms import MAX_PARTS, SmsLength, sms_length

Channel = Literal["email", "sms", "chat"]
CHANNELS: tuple[Channel, ...] = ("email", "sms", "chat")
CHANNEL_OF: dict[str, Channel] = {"email": "email", "sms": "sms", "app": "chat",
                                  "whatsapp": "chat", "line": "chat", "tiktok": "chat"}
"""The model's channels (``process.notifications``) by the kind of text they carry."""

STAGES = ("requested", "approved", "label_issued", "in_transit", "received", "inspected",
          "rejected", "refunded", "exchanged", "withdrawal_received")
"""In the order a return goes through them."""

STAGE_TITLES = {
    "requested": N_("Return requested"),
    "approved": N_("RMA code issued"),
    "label_issued": N_("Return label sent"),
    "in_transit": N_("Parcel on its way"),
    "received": N_("Parcel received"),
    "inspected": N_("Inspected and approved"),
    "rejected": N_("Return rejected"),
    "refunded": N_("Refund issued"),
    "exchanged": N_("Exchange shipped"),
    "withdrawal_received": N_("Statutory notice received"),
}
REFUND_TITLES = {
    "original_payment": N_("Refund issued to the original payment method"),
    "store_credit": N_("Refund issued as store credit"),
    "bank_transfer": N_("Refund issued by bank transfer"),
}

_NO_SPACE_AFTER = ("。", "！", "？")  # CJK sentences follow each other without a space


@dataclass(frozen=True)
class Message:
    """One ready-to-send text: a stage of one market's return, in one locale and channel."""

    market: str
    locale: str
    stage: str
    variant: str
    """The refund method for ``refunded``; empty for the other stages."""
    channel: Channel
    title: str
    """What the message is about, translated (headings, the export's title column)."""
    subject: str | None
    """E-mail only."""
    body: str
    placeholders: tuple[str, ...]
    """The ``{{name}}`` placeholders in subject and body, in order of appearance."""
    sent_via: tuple[str, ...]
    """The market's channels (``process.notifications``) that send it automatically."""
    sms: SmsLength | None
    """SMS only: measured with the placeholders' sample values."""


@dataclass(frozen=True)
class _Text:
    """A stage's wording before it is shaped for a channel."""

    subject: str
    core: str
    """The sentence every channel says."""
    more: tuple[str, ...]
    """Further sentences, most important first (an SMS keeps those that fit)."""
    email_only: tuple[str, ...] = ()
    sms_first: tuple[str, ...] = ()
    """Sentences of ``more`` an SMS keeps before the others (they still read in order)."""


class _Writer:
    """Sentences of one market in one language; data made inert, placeholders as tokens."""

    def __init__(self, site: SiteFacts, facts: MarketFacts, locale: str, tr: Translations):
        self.site, self.facts, self.locale, self.tr = site, facts, locale, tr
        self.formats = format_locale(locale, facts.code)

    def say(self, msgid: str, **values: Any) -> str:
        filled = {name: inert(str(value)) for name, value in values.items()}
        return inert(self.tr.gettext(msgid)) % {**tokens(), **filled}

    def label(self, kind: str, value: str, **values: Any) -> str:
        return self.say(LABELS[kind][value], **values)

    def days(self, count: int) -> str:
        return duration(count, "duration-day", self.formats)

    def business_days(self, count: int) -> str:
        return self.tr.ngettext("%(num)s business day", "%(num)s business days",
                                count) % {"num": count}

    def hours(self, count: int) -> str:
        return duration(count, "duration-hour", self.formats)

    def join(self, items: list[str], style: Literal["standard", "or"] = "standard") -> str:
        return list_text(items, self.formats, style)

    def page_url(self, kind: str) -> str:
        page = PageRef(self.locale, kind, self.facts.code)
        return self.site.site.base_url + page.site_path()


def _refund_sentence(w: _Writer) -> str:
    """When the refund comes after the check (worded as on the pages, layer included)."""
    methods = w.join([w.label("refund_method", m) for m in w.facts.refunds.methods], "or")
    period = w.days(w.facts.refunds.processing_days)
    if w.facts.statutory:
        return w.say(N_("For returns under our own policy, we refund you %(methods)s within "
                        "%(period)s after checking the item."), methods=methods, period=period)
    return w.say(N_("We refund you %(methods)s within %(period)s after checking the item."),
                 methods=methods, period=period)


def _inspection(w: _Writer) -> str:
    return w.say(N_("We check your item within %(period)s of its arrival."),
                 period=w.days(w.facts.process.inspection.days))


def _send_within(w: _Writer) -> str:
    return w.say(N_("Send the parcel within %(period)s of receiving your RMA code."),
                 period=w.days(w.facts.returns.ship_within_days))


def _reply(w: _Writer) -> str:
    return w.say(N_("If you disagree, reply to this message: we answer within %(period)s."),
                 period=w.hours(w.facts.contact.response_hours))


def _survey(w: _Writer) -> str | None:
    url = survey_url(w.facts, w.locale)
    if url is None:
        return None
    return w.say(N_("Tell us how your return went:")) + " " + url


def _stage_text(w: _Writer, stage: str, variant: str) -> _Text:
    f = w.facts
    if stage == "requested":
        return _Text(
            w.say(N_("Your return request for order %(order_id)s")),
            w.say(N_("We have received your return request for order %(order_id)s.")),
            (w.say(N_("We answer within %(period)s."),
                   period=w.business_days(f.process.rma.approval_days)),))
    if stage == "approved":
        return _Text(
            w.say(N_("Your RMA code for order %(order_id)s: %(rma_code)s")),
            w.say(N_("Your return for order %(order_id)s is registered. Your RMA code is "
                     "%(rma_code)s.")),
            (_send_within(w),),
            (w.say(N_("Step-by-step guide: %(url)s"), url=w.page_url("how_to_return")),))
    if stage == "label_issued":
        return _Text(
            w.say(N_("Your return label for %(rma_code)s")),
            w.say(N_("Your return label for %(rma_code)s is ready: %(label_url)s")),
            (_send_within(w),))
    if stage == "in_transit":
        return _Text(
            w.say(N_("Your return %(rma_code)s is on its way")),
            w.say(N_("Your return %(rma_code)s is on its way to us: %(tracking_url)s")),
            (_inspection(w),))
    if stage == "received":
        return _Text(
            w.say(N_("We have received your return %(rma_code)s")),
            w.say(N_("Your parcel %(rma_code)s has arrived.")),
            (_inspection(w),))
    if stage == "inspected":
        after = [_refund_sentence(w)]
        if f.exchanges.allowed:
            after.append(w.say(N_("If you asked for an exchange, we send your replacement "
                                 "instead.")))
        return _Text(
            w.say(N_("Your return %(rma_code)s is approved")),
            w.say(N_("Your item has passed our check and your return %(rma_code)s is "
                     "approved.")),
            tuple(after))
    if stage == "rejected":
        rights = (w.say(N_("This decision concerns only our own returns policy; it does not "
                           "affect your statutory rights."))
                  if f.statutory else
                  w.say(N_("Your statutory rights for faulty goods are not affected.")))
        return _Text(
            w.say(N_("Your return %(rma_code)s could not be accepted")),
            w.say(N_("We could not accept your return %(rma_code)s under our returns policy: "
                     "%(rejection_reason)s")),
            (_reply(w), rights))
    if stage == "refunded":
        core = {
            "original_payment": N_("We have refunded %(refund_amount)s to your original "
                                   "payment method for order %(order_id)s."),
            "store_credit": N_("We have added %(refund_amount)s to your account as store "
                               "credit for order %(order_id)s."),
            "bank_transfer": N_("We have sent %(refund_amount)s to your bank account for "
                                "order %(order_id)s."),
        }[variant]
        notes: list[str] = []
        if variant != "store_credit":
            notes.append(w.say(N_("How soon it shows depends on your bank or payment "
                                 "provider.")))
        survey = _survey(w)
        if survey:
            notes.append(survey)
        return _Text(w.say(N_("Your refund for order %(order_id)s")), w.say(core), tuple(notes),
                     sms_first=(survey,) if survey else ())
    if stage == "exchanged":
        return _Text(
            w.say(N_("Your replacement for order %(order_id)s is on its way")),
            w.say(N_("Your replacement for order %(order_id)s is on its way: "
                     "%(tracking_url)s")),
            ())
    if stage == "withdrawal_received":
        return _acknowledgement(w)
    raise KeyError(stage)


def _acknowledgement(w: _Writer) -> _Text:
    """The acknowledgement of a statutory withdrawal: its content and when it reached us, then
    what the law (never the merchant's policy) says happens next."""
    right = w.facts.statutory
    assert right is not None
    rule = right.rule
    subject = (w.say(N_("We have received your cancellation of order %(order_id)s"))
               if rule.term == "cancellation" else
               w.say(N_("We have received your withdrawal from order %(order_id)s")))
    core = w.say(N_("We confirm that your notice for order %(order_id)s reached us on "
                    "%(received_at)s. It reads: %(notice_text)s"))
    more = [w.say(N_("You do not need our approval: your notice takes effect as it is."))]
    if rule.goods_back_within_days is not None:
        more.append(w.say(N_("Send the goods back to us within %(period)s after you tell us. "
                             "The deadline is met if you send them before it ends."),
                          period=w.days(rule.goods_back_within_days)))
    # TRANSLATORS: %(address)s is a postal address on one line.
    more.append(w.say(N_("Our return address: %(address)s"),
                      address=", ".join(address_lines(w.facts.hub.address, w.locale))))
    more.append(w.label("return_cost", rule.return_cost))
    if rule.return_cost == "consumer" and w.facts.return_label_fee is not None:
        fee = w.facts.return_label_fee
        more.append(w.say(N_("If you use our return label, %(amount)s is deducted from your "
                             "refund."), amount=currency_text(fee.amount, fee.currency,
                                                              w.formats)))
    what = w.label("refund_what", rule.refund_delivery)
    if rule.refund_days == 0:
        more.append(w.say(N_("We refund you immediately, adjusted for inflation: %(what)s."),
                          what=what))
    elif rule.refund_days is not None and rule.refund_counted_from is not None:
        more.append(w.label("refund_from", rule.refund_counted_from, what=what,
                            period=w.days(rule.refund_days)))
    if rule.refund_may_wait and rule.refund_counted_from == "notice":
        more.append(w.say(N_("We may hold back the refund until we have the goods back or you "
                             "have shown that you sent them, whichever is sooner.")))
    if rule.same_payment_method:
        more.append(w.say(N_("We refund you by the means of payment you used, unless you "
                             "expressly agree to something else, and you pay no fees for it. "
                             "You get store credit only if you ask for it.")))
    more.append(w.say(N_("Please keep this e-mail: it is our acknowledgement of your "
                         "notice.")))
    return _Text(subject, core, tuple(more))


def _sentences(parts: list[str] | tuple[str, ...]) -> str:
    text = ""
    for part in parts:
        gap = "" if not text or text.endswith(_NO_SPACE_AFTER) else " "
        text += gap + part
    return text


def sms_samples(facts: MarketFacts, locale: str) -> dict[str, str]:
    """What each placeholder is assumed to hold when an SMS is measured: the market's RMA
    code example, a large amount in the market's format, else ``sample_length`` letters (a
    name or link with characters outside GSM-7 would make the SMS UCS-2)."""
    samples = {name: "x" * p.sample_length for name, p in PLACEHOLDERS.items()}
    samples["rma_code"] = facts.process.rma.code_example
    amount = currency_text(Decimal("9999.99"), facts.currency, format_locale(locale, facts.code))
    # CLDR separates with no-break spaces; helpdesks and SMS gateways write plain ones.
    samples["refund_amount"] = amount.translate(_PLAIN_SPACES)
    return samples


_PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
"""No-break spaces (CLDR's "14\u00a0jours", French punctuation) are not in GSM-7: one would
turn the whole SMS into UCS-2, 70 characters per part instead of 160. A phone breaks an SMS
where it must anyway."""


def _sms(text: _Text, samples: dict[str, str]) -> tuple[str, SmsLength]:
    """The core sentence, then each further one that keeps the SMS within ``MAX_PARTS``."""
    def plain(parts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(part.translate(_PLAIN_SPACES) for part in parts)

    text = dataclasses.replace(text, core=text.core.translate(_PLAIN_SPACES),
                               more=plain(text.more), sms_first=plain(text.sms_first))
    chosen = {text.core}
    order = [text.core, *text.more]
    for part in sorted(text.more, key=lambda part: part not in text.sms_first):
        if set(used(part)) & SMS_EXCLUDED:
            continue
        candidate = _sentences([p for p in order if p in chosen or p == part])
        if sms_length(with_samples(candidate, samples)).parts <= MAX_PARTS:
            chosen.add(part)
    body = _sentences([part for part in order if part in chosen])
    return body, sms_length(with_samples(body, samples))


def _email(w: _Writer, text: _Text) -> str:
    shop = inert(w.site.merchant.trading_name)
    return "\n\n".join([
        w.say(N_("Hello %(customer_name)s,")),
        text.core,
        *text.more,
        *text.email_only,
        w.say(N_("Kind regards,")) + "\n" + w.say(N_("%(shop)s customer service"), shop=shop),
    ])


def _channels(stage: str) -> list[Channel]:
    """The acknowledgement of a withdrawal goes by e-mail only: a durable medium."""
    return ["email"] if stage == "withdrawal_received" else list(CHANNELS)


def market_stages(facts: MarketFacts) -> list[tuple[str, str]]:
    """(stage, variant) of every message the market needs, in the order of a return."""
    stages: list[tuple[str, str]] = []
    for stage in STAGES:
        if stage == "exchanged" and not facts.exchanges.allowed:
            continue
        if stage == "withdrawal_received" and (facts.statutory is None
                                               or facts.statutory.rule.model_form is None):
            continue
        if stage == "refunded":
            stages += [(stage, method) for method in facts.refunds.methods]
        else:
            stages.append((stage, ""))
    return stages


def sent_via(facts: MarketFacts, stage: str, channel: Channel) -> tuple[str, ...]:
    """The channels of ``process.notifications`` that send this stage as this kind of text."""
    return tuple(dict.fromkeys(
        sent for note in facts.process.notifications if note.stage == stage
        for sent in note.channels if CHANNEL_OF[sent] == channel))


def market_messages(site: SiteFacts, code: str, locale: str, tr: Translations
                    ) -> list[Message]:
    """Every message of one market in one locale: stage by stage, e-mail, SMS, chat."""
    facts = site.markets[code]
    w = _Writer(site, facts, locale, tr)
    samples = sms_samples(facts, locale)
    messages = []
    for stage, variant in market_stages(facts):
        text = _stage_text(w, stage, variant)
        title_id = REFUND_TITLES[variant] if variant else STAGE_TITLES[stage]
        title = tr.gettext(title_id)
        for channel in _channels(stage):
            subject: str | None = None
            length: SmsLength | None = None
            if channel == "email":
                subject, body = text.subject, _email(w, text)
            elif channel == "sms":
                body, length = _sms(text, samples)
            else:
                body = _sentences([text.core, *text.more])
            messages.append(Message(
                market=code, locale=locale, stage=stage, variant=variant, channel=channel,
                title=title, subject=subject, body=body,
                placeholders=used((subject or "") + "\n" + body),
                sent_via=sent_via(facts, stage, channel), sms=length))
    return messages
