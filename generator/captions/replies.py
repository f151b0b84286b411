"""The pinned comment and short replies to the questions customers ask under a video.

Each text starts with the one sentence that answers the question and adds further facts only
while it stays within TikTok's comment limit, so every language gets the most it can hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.captions.length import tiktok_length
from generator.captions.phrases import Phrases
from generator.captions.pieces import Piece, Segment, distinct
from generator.captions.rules import caption_rules
from generator.facts.market import CategoryRule, MarketFacts
from generator.i18n.catalogs import N_

_NO_SPACE_AFTER = ("。", "！", "？")  # CJK sentences follow each other without a space


def fit(parts: Sequence[Segment | None], limit: int | None) -> tuple[Segment, ...]:
    """The first part, then each further part that still fits within ``limit`` (if any) and
    states something the parts before it have not."""
    present = distinct(parts)
    chosen: list[Segment] = [present[0]]
    for part in present[1:]:
        gap = "" if chosen[-1].text.endswith(_NO_SPACE_AFTER) else " "
        candidate = [*chosen, Segment(gap), part]
        if limit is None or tiktok_length("".join(s.text for s in candidate)) <= limit:
            chosen = candidate
    return tuple(chosen)


def pinned_comment(phrases: Phrases) -> Piece:
    limit = caption_rules().limits.comment
    parts = [phrases.key_fact(), phrases.cost(), phrases.start(), phrases.faulty()]
    title = phrases.say(N_("Pinned comment")).text
    return Piece(phrases.facts.code, phrases.locale, "pinned_comment", "pinned", title,
                 fit(parts, limit), limit)


def _sealed(rule: CategoryRule) -> bool:
    return rule.category.family == "sealed_hygiene" or "sealed" in rule.category.conditions


def _opened(phrases: Phrases, rule: CategoryRule) -> Segment:
    name = phrases.plain(rule.category.name)
    period = phrases.days(phrases.facts.window.days)
    if not rule.returnable:
        return phrases.say(N_("No: %(category)s can't be returned after a change of mind, "
                              "opened or not."), category=name)
    if "sealed" in rule.category.conditions:
        return phrases.say(N_("Only unopened: %(category)s can be returned within %(period)s "
                              "while the seal is unbroken."), category=name, period=period)
    return phrases.say(N_("Yes: %(category)s can be returned within %(period)s."),
                       category=name, period=period)


def _sale(phrases: Phrases, rule: CategoryRule | None) -> Segment:
    period = phrases.days(phrases.facts.window.days)
    if rule is None:
        return phrases.say(N_("Yes: sale items can be returned within %(period)s like any "
                              "other item."), period=period)
    name = phrases.plain(rule.category.name)
    if rule.returnable:
        return phrases.say(N_("Yes: %(category)s items can be returned within %(period)s like "
                              "any other item."), category=name, period=period)
    return phrases.say(N_("No: %(category)s items can't be returned after a change of mind."),
                       category=name)


def _faulty_cost(phrases: Phrases) -> Segment | None:
    payer = phrases.facts.shipping.defective_or_wrong
    if payer == "merchant":
        return phrases.say(N_("We pay the return shipping."), ("faulty_cost",))
    if payer == "platform":
        return phrases.say(N_("Return shipping is free for you."), ("faulty_cost",))
    return None


def asked(facts: MarketFacts, topic: str) -> bool:
    """Whether customers of this market ask about ``topic``: a topic listed in captions.yml
    (``reply_topics``) only where the market takes back a category it concerns, so a skincare
    shop gets no answer about sizes."""
    wanted = caption_rules().reply_topics.get(topic)
    if wanted is None:
        return True
    return any(rule.returnable and (rule.id in wanted.categories
                                    or rule.category.family in wanted.families
                                    or rule.family in wanted.families)
               for rule in facts.categories)


def replies(phrases: Phrases, sized_for_comment: bool = True) -> list[Piece]:
    """Answers to "can I return if …?" questions, derived from the policy: sized for a TikTok
    comment, or whole (for support chats and e-mails, which have no such limit)."""
    facts = phrases.facts
    limit = caption_rules().limits.comment if sized_for_comment else None
    period = phrases.days(facts.window.days)
    always = phrases.say(N_("Faulty or wrong items can always be returned."), ("faulty",))
    start, cost = phrases.start(), phrases.cost()
    items: list[tuple[str, Segment, list[Segment | None]]] = []
    for rule in phrases.facts.categories:
        if _sealed(rule):
            question = phrases.say(N_("Can I return an opened item? (%(category)s)"),
                                   category=phrases.plain(rule.category.name))
            items.append((f"opened-{rule.id}", question, [_opened(phrases, rule), always, start]))
    sale_rules = [r for r in phrases.facts.categories if r.category.family == "final_sale"]
    for rule in sale_rules:
        question = phrases.say(N_("Can I return a sale item? (%(category)s)"),
                               category=phrases.plain(rule.category.name))
        items.append((f"sale-{rule.id}", question, [_sale(phrases, rule), always, cost, start]))
    if not sale_rules:
        items.append(("sale", phrases.say(N_("Can I return a sale item?")),
                      [_sale(phrases, None), cost, start]))
    if facts.exchanges.allowed and "variant" in facts.exchanges.kinds:
        size = phrases.say(N_("Yes: within %(period)s you can exchange it for another size or "
                              "return it."), period=period)
    else:
        size = phrases.say(N_("Yes: return it within %(period)s and order the size you need."),
                           period=period)
    if asked(facts, "wrong-size"):
        items.append(("wrong-size", phrases.say(N_("Can I return it if the size is wrong?")),
                      [size, cost, start]))
    items.append(("faulty", phrases.say(N_("Can I return a faulty item?")),
                  [phrases.say(N_("Yes, always: faulty or wrong items can be returned."),
                               ("faulty",)),
                   _faulty_cost(phrases), start]))
    refund = phrases.say(N_("We check your item within %(inspection)s of its arrival and refund "
                            "you within %(refund)s after that."),
                         inspection=phrases.days(facts.process.inspection.days),
                         refund=phrases.days(facts.refunds.processing_days))
    items.append(("refund-time", phrases.say(N_("How long does the refund take?")),
                  [refund, start]))
    items.append(("cost", phrases.say(N_("Who pays for return shipping?")),
                  [cost, phrases.restocking(), phrases.faulty()]))
    return [Piece(phrases.facts.code, phrases.locale, "reply", variant, question.text,
                  fit(parts, limit), limit) for variant, question, parts in items]
