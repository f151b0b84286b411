"""Customer messages per stage, locale and channel: structure, placeholders, SMS parts, survey."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest
from babel.support import Translations
from pydantic import TypeAdapter, ValidationError

from generator.captions.kit import catalog_translations
from generator.facts.site import SiteFacts, load_and_resolve
from generator.layout import catalogs_for
from generator.model.types import SurveyUrl
from generator.notifications.feedback import fill_survey_url, survey_url
from generator.notifications.messages import (
    CHANNELS,
    Message,
    market_messages,
    market_stages,
    sms_samples,
)
from generator.notifications.placeholders import PLACEHOLDERS, SMS_EXCLUDED, inert, used
from generator.notifications.sms import GSM7_BASIC, encoding, sms_length

REPO = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"\{\{([a-z_]+)\}\}")


@cache
def example() -> SiteFacts:
    return load_and_resolve(REPO)[1]


@cache
def example_messages(locale: str, english: bool = False) -> list[Message]:
    """Every market's messages in ``locale`` (the catalog's translations, or English)."""
    facts = example()
    translations = catalog_translations(catalogs_for(REPO))
    return [message for code in facts.markets_in(locale)
            for message in market_messages(facts, code, locale,
                                           Translations() if english else translations(locale))]


def by_stage(messages: list[Message], code: str, stage: str, channel: str,
             variant: str = "") -> Message:
    [found] = [m for m in messages if (m.market, m.stage, m.channel, m.variant)
               == (code, stage, channel, variant)]
    return found


# -- SMS length: hand-computed examples --------------------------------------------------------


def test_the_gsm_alphabet_has_its_127_characters_and_10_extensions() -> None:
    assert len(GSM7_BASIC) == 127  # 128 codes, one of them the escape to the extension table
    assert encoding("Grüße aus Köln, ¿qué? Ñ à è é ù ì ò Ç Ø Å Æ ß Δ Ω @ £ $ ¥ § ¤") == "GSM-7"


@pytest.mark.parametrize("text", ["ç", "á", "ê", "’", "“", "\u00a0", "ก", "م", "日", "😀"])
def test_a_character_outside_gsm_7_makes_the_text_ucs_2(text: str) -> None:
    assert encoding("Your refund " + text) == "UCS-2"


@pytest.mark.parametrize(("text", "units", "parts"), [
    ("", 0, 0),
    ("a" * 160, 160, 1),
    ("a" * 161, 161, 2),
    ("a" * 306, 306, 2),
    ("a" * 307, 307, 3),
    ("€" * 80, 160, 1),  # an extension character counts two septets
    ("a" * 159 + "€", 161, 2),
    ("a" * 152 + "€" + "a" * 151, 305, 2),
    ("a" * 152 + "€" + "a" * 152, 306, 3),  # the € is never split: 152 + 153 + 1
    ("{}[]^~|\\", 16, 1),
])
def test_gsm_7_parts(text: str, units: int, parts: int) -> None:
    length = sms_length(text)
    assert (length.encoding, length.units, length.parts) == ("GSM-7", units, parts)


@pytest.mark.parametrize(("text", "units", "parts"), [
    ("ก" * 70, 70, 1),
    ("ก" * 71, 71, 2),
    ("م" * 134, 134, 2),
    ("م" * 135, 135, 3),
    ("a" * 66 + "😀", 68, 1),  # outside the BMP: two UTF-16 units
    ("a" * 66 + "😀" + "aaa", 71, 2),  # the emoji is never split: 66 + 5
    ("é" * 69 + "ç", 70, 1),
])
def test_ucs_2_parts(text: str, units: int, parts: int) -> None:
    length = sms_length(text)
    assert (length.encoding, length.units, length.parts) == ("UCS-2", units, parts)


# -- every stage × locale × channel of the example ----------------------------------------------


@pytest.mark.parametrize("locale", sorted(example().site.locales))
def test_every_market_has_every_stage_in_every_channel(locale: str) -> None:
    messages = example_messages(locale)
    facts = example()
    assert messages
    for code in facts.markets_in(locale):
        market = facts.markets[code]
        expected = {(stage, variant, channel) for stage, variant in market_stages(market)
                    for channel in (("email",) if stage == "withdrawal_received" else CHANNELS)}
        assert {(m.stage, m.variant, m.channel) for m in messages if m.market == code} == expected
        stages = {stage for stage, _ in market_stages(market)}
        assert ("exchanged" in stages) == market.exchanges.allowed
        has_form = market.statutory is not None and market.statutory.rule.model_form is not None
        assert ("withdrawal_received" in stages) == has_form
        assert {v for s, v in market_stages(market) if s == "refunded"} == set(
            market.refunds.methods)


@pytest.mark.parametrize("locale", sorted(example().site.locales))
def test_messages_hold_only_documented_placeholders(locale: str) -> None:
    for message in example_messages(locale):
        text = (message.subject or "") + "\n" + message.body
        found = TOKEN.findall(text)
        assert set(found) <= set(PLACEHOLDERS), message
        assert message.placeholders == tuple(dict.fromkeys(found))
        assert (message.subject is not None) == (message.channel == "email")
        assert "%(" not in text, message  # every named value was filled
        if message.channel == "email":
            assert "customer_name" in message.placeholders
        if message.channel == "sms":
            assert not set(message.placeholders) & SMS_EXCLUDED, message


@pytest.mark.parametrize("locale", sorted(example().site.locales))
def test_every_sms_of_the_example_fits_in_two_parts(locale: str) -> None:
    """Counted with the placeholders' samples: the market's RMA code example, a large amount
    in the market's format, and ``sample_length`` characters for the others."""
    sms = [m for m in example_messages(locale) if m.channel == "sms"]
    assert sms
    for message in sms:
        samples = sms_samples(example().markets[message.market], locale)
        filled = TOKEN.sub(lambda match, s=samples: s[match.group(1)], message.body)
        assert message.sms == sms_length(filled)
        assert message.sms.parts <= 2, (message.market, message.stage, message.sms, filled)


def test_sms_samples_come_from_the_market() -> None:
    de = example().markets["DE"]
    samples = sms_samples(de, "de")
    assert samples["rma_code"] == de.process.rma.code_example == "RMA-DE-2026-004217"
    assert samples["refund_amount"] == "9.999,99 €"  # plain spaces, € counts two in GSM-7
    assert len(samples["order_id"]) == PLACEHOLDERS["order_id"].sample_length


def test_sent_via_follows_process_notifications() -> None:
    messages = example_messages("en", english=True)
    assert by_stage(messages, "DE", "requested", "email").sent_via == ("email",)
    assert by_stage(messages, "DE", "requested", "chat").sent_via == ("app",)
    assert by_stage(messages, "DE", "requested", "sms").sent_via == ()
    assert by_stage(messages, "DE", "inspected", "chat").sent_via == ()
    assert by_stage(messages, "DE", "rejected", "email").sent_via == ()


# -- content from the facts (English) ------------------------------------------------------------


def test_rma_and_refund_messages_state_the_markets_periods() -> None:
    messages = example_messages("en", english=True)
    de = example().markets["DE"]
    approved = by_stage(messages, "DE", "approved", "email")
    assert approved.placeholders[:2] == ("order_id", "rma_code")
    assert f"within {de.returns.ship_within_days} days" in approved.body
    assert "https://returns.marumori.example/en/de/how-to-return/" in approved.body
    inspected = by_stage(messages, "DE", "inspected", "chat")
    assert f"within {de.refunds.processing_days} days after checking" in inspected.body
    assert "For returns under our own policy" in inspected.body  # DE has a statutory right
    us = by_stage(messages, "US", "inspected", "chat")
    assert us.body.count("We refund you") == 1 and "our own policy" not in us.body


def test_rejection_says_what_happens_next_and_keeps_the_statutory_rights() -> None:
    messages = example_messages("en", english=True)
    de = by_stage(messages, "DE", "rejected", "email")
    assert "{{rejection_reason}}" in de.body
    assert "we answer within 24 hours" in de.body
    assert "it does not affect your statutory rights" in de.body
    us = by_stage(messages, "US", "rejected", "email")
    assert "Your statutory rights for faulty goods are not affected." in us.body


def test_refund_messages_carry_the_survey_in_the_readers_language() -> None:
    for locale, tag in (("en", "en"), ("pt_BR", "pt-BR"), ("zh_Hans", "zh-Hans")):
        for message in example_messages(locale):
            if message.stage == "refunded" and message.channel != "sms":
                assert f"https://survey.marumori.example/returns?lang={tag}" in message.body
    english_sms = by_stage(example_messages("en", english=True), "US", "refunded", "sms",
                           "original_payment")
    assert "lang=en" in english_sms.body  # kept first when an SMS has room for it


def test_withdrawal_acknowledgement_is_the_laws_not_the_policys() -> None:
    messages = example_messages("en", english=True)
    de = by_stage(messages, "DE", "withdrawal_received", "email")
    assert de.subject == "We have received your withdrawal from order {{order_id}}"
    assert {"received_at", "notice_text"} <= set(de.placeholders)
    assert "No later than 14 days after the day we receive your notice" in de.body
    assert "Venlo" in de.body and "You do not need our approval" in de.body
    assert "within 5 days after checking" not in de.body  # the merchant's timing is not used
    gb = by_stage(messages, "GB", "withdrawal_received", "email")
    assert gb.subject == "We have received your cancellation of order {{order_id}}"
    assert not [m for m in messages if m.market == "US" and m.stage == "withdrawal_received"]


# -- placeholders are never data -----------------------------------------------------------------


def test_inert_breaks_every_template_mark() -> None:
    assert inert("{{order_id}} {%if x%} {{{a}}}") == "{ {order_id} } { %if x% } { { {a} } }"
    assert used(inert("{{order_id}} {{rma_code}}")) == ()
    with pytest.raises(ValueError, match="unknown placeholders"):
        used("{{password}}")


class _HostileCatalog(Translations):
    """A translator who writes helpdesk syntax into a message."""

    def gettext(self, message: str) -> str:
        if message.startswith("We have received your return request"):
            return "{{ticket.requester.email}} }}{{%(order_id)s"
        return message


def test_merchant_and_translator_text_cannot_become_placeholders() -> None:
    facts = example()
    merchant = facts.merchant.model_copy(update={"trading_name": "Shop {{order_id}} {%x%}"})
    hostile = dataclasses.replace(facts, merchant=merchant)
    [email] = [m for m in market_messages(hostile, "US", "en", _HostileCatalog())
               if m.stage == "requested" and m.channel == "email"]
    assert "Shop { {order_id} } { %x% } customer service" in email.body
    assert "{ {ticket.requester.email} } } }{ { {{order_id}}" in email.body
    assert email.body.count("{{order_id}}") == 1
    assert set(email.placeholders) == {"customer_name", "order_id"}


# -- the survey link --------------------------------------------------------------------------


def test_survey_url_takes_the_readers_language_tag() -> None:
    assert survey_url(example().markets["DE"], "zh_Hans") == (
        "https://survey.marumori.example/returns?lang=zh-Hans")
    assert fill_survey_url("https://s.example/{locale}/returns", "pt-BR") == (
        "https://s.example/pt-BR/returns")
    assert fill_survey_url("https://s.example/returns", "de") == "https://s.example/returns"


@pytest.mark.parametrize(("url", "message"), [
    ("https://s.example/returns?lang={lang}", 'may contain braces only as "{locale}"'),
    ("https://s.example/returns?lang={locale", 'may contain braces only as "{locale}"'),
    ("https://{locale}.s.example/returns", "may stand only in the path or the query"),
    ("http://s.example/returns?lang={locale}", 'must start with "https://"'),
])
def test_survey_url_rejects_other_placeholders(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        TypeAdapter(SurveyUrl).validate_python(url)


def test_survey_url_keeps_the_locale_field() -> None:
    url = "https://s.example/r?lang={locale}&src=returns"
    assert TypeAdapter(SurveyUrl).validate_python(url) == url


def test_no_break_spaces_never_make_an_sms_unicode() -> None:
    """French durations come out of CLDR as "14\\u00a0jours" and French punctuation takes a
    no-break space: in an SMS they would force UCS-2 (70 characters a part, not 160)."""
    french = [m for m in example_messages("fr") if m.channel == "sms" and m.market == "FR"]
    assert french
    for message in french:
        assert "\u00a0" not in message.body and "\u202f" not in message.body, message.body
        assert message.sms.encoding == "GSM-7", (message.stage, message.body)
    # The sentence with a duration is kept, not dropped for its no-break space.
    approved = next(m for m in french if m.stage == "approved")
    assert "14 jours" in approved.body, approved.body
    # the e-mail keeps them: it is read as the page is
    assert any("\u00a0" in m.body for m in example_messages("fr")
               if m.channel == "email" and m.market == "FR")
