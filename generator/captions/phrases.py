"""Sentences about one market's policy, in one language, with every number taken from the facts.

Captions, comment replies and video scripts all say the same things; they take them from here
so that no text can state a window, an amount or a payer that the policy does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_percent
from babel.support import Translations

from generator.captions.pieces import Segment, one_line
from generator.escape import without_bidi_controls
from generator.facts.market import MarketFacts, Money
from generator.i18n.catalogs import N_
from generator.i18n.formatting import duration, list_text
from generator.i18n.labels import LABELS
from generator.i18n.locales import babel_locale
from generator.i18n.regional import currency_text, format_locale
from generator.i18n.registers import INFORMAL, Register, translate
from generator.model.localized import pick
from generator.source.loading import FieldPath


@dataclass
class Phrases:
    """Policy sentences for one market and locale."""

    facts: MarketFacts
    locale: str
    default_locale: str
    tr: Translations
    register: Register = INFORMAL
    """How sentences address the viewer (``site_config.yml`` ``captions.register``)."""

    # -- building blocks ---------------------------------------------------------------------

    def say(self, msgid: str, states: Iterable[str] = (), **values: Any) -> Segment:
        """A translated sentence with named placeholders filled in; formatted values lose the
        direction controls CLDR puts in them (the one place captions text is made).

        The sentence is in the phrases' register: a formal one takes the message's formal
        version where the catalog has one (``i18n.registers``). ``states`` names the policy
        facts the sentence states, so no text says one twice.
        """
        text = translate(self.tr, msgid, self.register)
        text = text % values if values else text
        return Segment(without_bidi_controls(text), language=self.locale, msgid=msgid,
                       facts=frozenset(states))

    def fragment(self, msgid: str) -> str:
        """A translated word or phrase a sentence takes as a value ("your bank account"), in
        the phrases' register like the sentence around it."""
        return translate(self.tr, msgid, self.register)

    def pick(self, localized: Mapping[str, str], where: FieldPath) -> Segment:
        """Merchant text in this locale, else in the default locale, remembering its field."""
        text, language = pick(localized, self.locale, self.default_locale, self.facts.code)
        return Segment(one_line(text), (*where, language), language)

    def plain(self, localized: Mapping[str, str]) -> str:
        return pick(localized, self.locale, self.default_locale, self.facts.code)[0]

    @property
    def formats(self) -> str:
        """The Babel locale for numbers, money and lists: the language in this market."""
        return format_locale(self.locale, self.facts.code)

    def days(self, count: int) -> str:
        return duration(count, "duration-day", self.formats)

    def money(self, value: Money) -> str:
        return currency_text(value.amount, value.currency, self.formats)

    # -- what every text says ----------------------------------------------------------------

    def hook(self) -> Segment:
        """An opening line where the merchant wrote none, true to the fees: returning is called
        easy only where a change of mind costs the customer nothing."""
        if self.facts.change_of_mind_charges:
            return self.say(N_("Changed your mind? Here's how returns work."))
        return self.say(N_("Changed your mind? Returning it is easy."))

    def key_fact(self) -> Segment:
        """The one fact a viewer must see before "more": the window (and that it is free, where
        a change of mind costs nothing: no shipping, label or restocking fee)."""
        if self.facts.change_of_mind_charges:
            return self.window_short()
        return self.say(N_("Free returns within %(period)s."), ("window", "cost"),
                        period=self.days(self.facts.window.days))

    def window_short(self) -> Segment:
        """The window alone, for where another line says what returns cost."""
        return self.say(N_("Returns within %(period)s."), ("window",),
                        period=self.days(self.facts.window.days))

    def statutory(self) -> Segment | None:
        """The legal layer in one line, named by its legal term, where the law gives a right:
        so that the merchant's window and conditions never read as the right itself."""
        right = self.facts.statutory
        if right is None:
            return None
        rule = right.rule
        if rule.business_days:
            period = self.tr.ngettext("%(num)s business day", "%(num)s business days",
                                      rule.days) % {"num": rule.days}
        else:
            period = self.days(rule.days)
        name = LABELS["right_name"][rule.term]  # a message id (a literal here would be extracted)
        if rule.conditions:  # a condition the law itself sets (Saudi Arabia: unused)
            labels = LABELS["condition"]  # message ids (a literal in the call would be extracted)
            conditions = list_text([self.tr.gettext(labels[c]) for c in rule.conditions],
                                   self.formats)
            return self.say(N_("%(right)s (by law): %(period)s if the item is %(conditions)s."),
                            ("statutory",), right=self.tr.gettext(name), period=period,
                            conditions=conditions)
        return self.say(N_("%(right)s (by law): %(period)s, no reason needed."),
                        ("statutory",), right=self.tr.gettext(name), period=period)

    def window(self) -> Segment:
        period = self.days(self.facts.window.days)
        starts = self.facts.window.starts
        if starts == "last_item_received":
            return self.say(N_("You have %(period)s from the day your last item arrives to ask "
                               "for a return."), ("window",), period=period)
        if starts == "order":
            return self.say(N_("You have %(period)s from your order date to ask for a return."),
                            ("window",), period=period)
        return self.say(N_("You have %(period)s from delivery to ask for a return."),
                        ("window",), period=period)

    def cost(self) -> Segment:
        """Who pays for a change-of-mind return."""
        if self.facts.free_change_of_mind_returns:
            return self.say(N_("Return shipping is free."), ("cost",))
        if self.facts.return_label_fee is not None:
            return self.say(N_("If you change your mind, our return label costs %(amount)s, "
                               "deducted from your refund."), ("cost",),
                            amount=self.money(self.facts.return_label_fee))
        return self.say(N_("If you change your mind, you pay the return shipping."), ("cost",))

    def restocking(self) -> Segment | None:
        value = self.restocking_fee()
        if value is None:
            return None
        return self.say(N_("A restocking fee of %(fee)s applies when you change your mind."),
                        ("restocking",), fee=value)

    def faulty(self) -> Segment:
        payer = self.facts.shipping.defective_or_wrong
        if payer == "merchant":
            return self.say(N_("Faulty or wrong item? We pay the return shipping."),
                            ("faulty", "faulty_cost"))
        if payer == "platform":
            return self.say(N_("Faulty or wrong item? Return shipping is free."),
                            ("faulty", "faulty_cost"))
        return self.say(N_("Faulty or wrong item? You can always return it."), ("faulty",))

    def start(self) -> Segment:
        if self.facts.platform.name == "tiktok_shop":
            return self.say(N_("To return, open Orders in the TikTok Shop app and tap "
                               "Return/Refund."), ("start",))
        return self.say(N_("To return, open your order in our shop and choose Return."), ("start",))

    def refund(self) -> Segment:
        return self.say(N_("Money back within %(period)s after we check your item."), ("refund",),
                        period=self.days(self.facts.refunds.processing_days))

    def ship(self) -> Segment:
        return self.say(N_("Send the parcel within %(period)s of getting your RMA code."),
                        ("ship",), period=self.days(self.facts.returns.ship_within_days))

    def exclusions(self) -> Segment | None:
        names = [self.plain(rule.category.name) for rule in self.facts.not_returnable]
        if not names:
            return None
        return self.say(N_("Not returnable after a change of mind: %(items)s."), ("exclusions",),
                        items=list_text(names, self.formats))

    # -- caption angles: hooks and key facts -------------------------------------------------

    def three_things_hook(self) -> Segment:
        return self.say(N_("3 things to know before you buy:"))

    def pov_hook(self, sized: bool) -> Segment:
        """A POV opening true for the market's products: "it doesn't fit" only where it takes
        back something that comes in sizes."""
        if sized:
            return self.say(N_("POV: it arrived and it doesn't fit."))
        return self.say(N_("POV: it arrived and you changed your mind."))

    def pov_fact(self) -> Segment:
        """The window, as good news after the POV line (no price claim: the cost follows)."""
        return self.say(N_("Good news: you can send it back within %(period)s."), ("window",),
                        period=self.days(self.facts.window.days))

    def myth(self) -> Segment:
        """A myth the facts bust: returns from abroad where they cross a border, else "only
        faulty items" (every market takes back a change of mind within its window)."""
        if self.facts.cross_border:
            return self.say(N_("Myth: you can't return orders that ship from abroad."))
        return self.say(N_("Myth: you can only return faulty items."))

    def myth_fact(self) -> Segment:
        period = self.days(self.facts.window.days)
        if self.facts.cross_border:
            return self.say(N_("Fact: you can send it back within %(period)s."), ("window",),
                            period=period)
        return self.say(N_("Fact: changed your mind? You have %(period)s to return it."),
                        ("window",), period=period)

    def question_hook(self) -> Segment:
        return self.say(N_("Can you return it if you just changed your mind?"))

    def question_answer(self) -> Segment:
        """"Yes" with the window and what a change of mind costs: "free" only where it costs
        nothing; a restocking fee, where there is one, gets its own line."""
        period = self.days(self.facts.window.days)
        if not self.facts.change_of_mind_charges:
            return self.say(N_("Yes, for free, within %(period)s."), ("window", "cost"),
                            period=period)
        if self.facts.free_change_of_mind_returns:  # only a restocking fee
            return self.say(N_("Yes: within %(period)s, with free return shipping."),
                            ("window", "cost"), period=period)
        if self.facts.return_label_fee is not None:
            return self.say(N_("Yes: within %(period)s, for a %(amount)s label."),
                            ("window", "cost"), period=period,
                            amount=self.money(self.facts.return_label_fee))
        return self.say(N_("Yes: within %(period)s; you pay the return shipping."),
                        ("window", "cost"), period=period)

    # -- short on-screen texts ---------------------------------------------------------------

    def overlay_cost(self) -> Segment:
        if self.facts.free_change_of_mind_returns:
            return self.say(N_("Free return shipping"), ("cost",))
        if self.facts.return_label_fee is not None:
            return self.say(N_("Return label: %(amount)s"), ("cost",),
                            amount=self.money(self.facts.return_label_fee))
        return self.say(N_("Return shipping: paid by you"), ("cost",))

    def overlay_start(self) -> Segment:
        if self.facts.platform.name == "tiktok_shop":
            return self.say(N_("Orders → Return/Refund"), ("start",))
        return self.say(N_("Your order → Return"), ("start",))

    def overlay_faulty(self) -> Segment:
        if self.facts.shipping.defective_or_wrong == "customer":
            return self.say(N_("Faulty or wrong? Return it"), ("faulty",))
        return self.say(N_("Faulty or wrong? Free return"), ("faulty",))

    def overlay_refund(self) -> Segment:
        return self.say(N_("Refund within %(period)s"), ("refund",),
                        period=self.days(self.facts.refunds.processing_days))

    def overlay_ship(self) -> Segment:
        return self.say(N_("Send within %(period)s"), ("ship",),
                        period=self.days(self.facts.returns.ship_within_days))

    def start_short(self) -> Segment:
        """A spoken "how to start" for short videos."""
        if self.facts.platform.name == "tiktok_shop":
            return self.say(N_("Start under Orders → Return/Refund."), ("start",))
        return self.say(N_("Start from your order in our shop."), ("start",))

    def overlay_exclusions(self) -> Segment:
        return self.say(N_("Not every item can be returned"), ("exclusions",))

    # -- longer video scripts: the scenes only a 60-second video has time for ----------------

    def restocking_fee(self) -> str | None:
        """The restocking fee as written in this market ("10 %", "5,00 €"), if there is one."""
        if self.facts.restocking_percent is not None:
            return format_percent(self.facts.restocking_percent / 100,
                                  locale=babel_locale(self.formats), decimal_quantization=False)
        if self.facts.restocking_amount is not None:
            return self.money(self.facts.restocking_amount)
        return None

    def overlay_restocking(self) -> Segment | None:
        fee = self.restocking_fee()
        if fee is None:
            return None
        return self.say(N_("Restocking fee: %(fee)s"), ("restocking",), fee=fee)

    def ship_with(self) -> Segment:
        """Who takes the parcel and by when: the carriers by name where the policy names them."""
        carriers = [name if isinstance(name, str) else self.plain(name)
                    for name in self.facts.returns.carriers]
        if not carriers:
            return self.ship()
        return self.say(N_("Hand the parcel to %(carriers)s within %(period)s of getting your "
                           "RMA code."), ("ship",),
                        carriers=list_text(carriers, self.formats, "or"),
                        period=self.days(self.facts.returns.ship_within_days))

    def customs(self) -> Segment | None:
        """The customs step, only where a return crosses a customs border."""
        if not self.facts.cross_border or self.facts.customs is None:
            return None
        if self.facts.customs.duties_refunded:
            return self.say(N_("Your parcel crosses a customs border: declare it as returned "
                               "goods. Import duties you paid are refunded too."), ("customs",))
        return self.say(N_("Your parcel crosses a customs border: declare it as returned goods, "
                           "not a new sale."), ("customs",))

    def overlay_customs(self) -> Segment:
        return self.say(N_("Customs form: returned goods"), ("customs",))

    def refund_to(self) -> Segment:
        """Where the money goes: the policy's refund methods, as alternatives."""
        return self.say(N_("Your money goes back to %(methods)s."), ("refund_method",),
                        methods=self._refund_methods())

    def overlay_refund_to(self) -> Segment:
        return self.say(N_("Refund to: %(methods)s"), ("refund_method",),
                        methods=self._refund_methods())

    def _refund_methods(self) -> str:
        names = [self.fragment(REFUND_TO[method]) for method in self.facts.refunds.methods]
        return list_text(names, self.formats, "or")


REFUND_TO = {  # message ids (a literal in the call would be extracted without its siblings)
    # Translators: completes "Your money goes back to …" and "Refund to: …"
    "original_payment": N_("your original payment method"),
    "store_credit": N_("store credit"),
    "bank_transfer": N_("your bank account"),
}
