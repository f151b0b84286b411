"""Compose ready-to-paste TikTok post captions from a market's facts and the merchant's hooks.

Every number and date comes from the resolved policy; merchants only supply hooks, calls to
action and hashtags. The hook opens the caption and the key fact follows on the next line, so
that it shows before the feed's "more" (the linter checks that it does).
"""

from __future__ import annotations

from generator.captions.length import grapheme_width, graphemes
from generator.captions.phrases import Phrases
from generator.captions.pieces import Piece, Segment, distinct, joined, one_line
from generator.captions.rules import caption_rules
from generator.i18n.catalogs import N_

BLANK = Segment("\n\n")


def hooks(phrases: Phrases) -> list[Segment]:
    base = ("markets", phrases.facts.code, "captions", "hooks")
    return [phrases.pick(hook, (*base, index))
            for index, hook in enumerate(phrases.facts.captions.hooks)]


def calls_to_action(phrases: Phrases) -> list[Segment]:
    base = ("markets", phrases.facts.code, "captions", "calls_to_action")
    return [phrases.pick(cta, (*base, index))
            for index, cta in enumerate(phrases.facts.captions.calls_to_action)]


def hashtags(phrases: Phrases) -> list[Segment]:
    base = ("markets", phrases.facts.code, "captions", "hashtags")
    return [Segment(tag, (*base, index))
            for index, tag in enumerate(phrases.facts.captions.hashtags)]


def caption_limit(phrases: Phrases) -> int:
    return caption_rules().caption_limit(phrases.facts.captions.target)


def compose_captions(phrases: Phrases) -> list[Piece]:
    """One caption per merchant hook (one with a hook true to the fees when there are none).

    Layout: hook / key fact, blank line, the statutory right (where the law gives one), who pays,
    faulty items, how to start, refund time, call to action, blank line, hashtags; a line whose
    facts the key fact already states is left out ("Free returns within 30 days." needs no
    "Return shipping is free."). The piece names its parts: "hook", "body" (key fact to call to
    action) and "hashtags".
    """
    ctas = calls_to_action(phrases)
    tags = hashtags(phrases)
    fact = phrases.key_fact()
    body_facts = distinct([fact, phrases.statutory(), phrases.cost(), phrases.restocking(),
                           phrases.faulty(), phrases.start(), phrases.refund()])[1:]
    captions = []
    for index, hook in enumerate(hooks(phrases) or [phrases.hook()]):
        body: list[Segment | str] = list(body_facts)
        if ctas:
            body.append(ctas[index % len(ctas)])
        lead = (hook, Segment("\n"))
        segments = (*lead, fact, BLANK, *joined(body))
        parts = [("hook", 0, 1), ("body", len(lead), len(segments))]
        if tags:
            tag_line = joined(list(tags), " ")
            segments += (BLANK,)
            parts.append(("hashtags", len(segments), len(segments) + len(tag_line)))
            segments += tag_line
        number = str(index + 1)
        title = phrases.say(N_("Caption %(number)s"), number=number).text
        captions.append(Piece(phrases.facts.code, phrases.locale, "caption", number, title,
                              segments, caption_limit(phrases), key_fact=fact,
                              parts=tuple(parts)))
    return captions


def feed_preview(text: str, width: int | None = None) -> tuple[str, bool]:
    """What the feed shows before "more": the text on one line, cut to ``width`` columns.

    Cut at a character boundary (never inside an emoji or a letter with its marks), preferably
    at a space near the end, and marked with "…"; returns the text and whether it was cut.
    """
    width = width or caption_rules().limits.preview_width
    flat = one_line(text)
    clusters = graphemes(flat)
    if sum(grapheme_width(c) for c in clusters) <= width:
        return flat, False
    kept: list[str] = []
    used = 0
    for cluster in clusters:
        used += grapheme_width(cluster)
        if used > width - 1:  # one column for the ellipsis
            break
        kept.append(cluster)
    cut = "".join(kept)
    space = cut.rfind(" ")
    if space > len(cut) * 3 // 4:
        cut = cut[:space]
    return cut.rstrip(" ,.;:、，。") + "…", True
