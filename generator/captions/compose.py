"""Compose ready-to-paste TikTok post captions from a market's facts and the merchant's hooks.

Every number and date comes from the resolved policy; merchants only supply hooks, calls to
action and hashtags. The hook opens the caption and the key fact follows on the next line, so
that it shows before the feed's "more" (the linter checks that it does).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.captions.emoji import with_emoji
from generator.captions.hashtags import caption_hashtags
from generator.captions.length import grapheme_width, graphemes
from generator.captions.phrases import Phrases
from generator.captions.pieces import Piece, Segment, distinct, joined, one_line
from generator.captions.replies import asked
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
    """The merchant's tags for this locale, then suggested ones (``captions.hashtags``)."""
    return caption_hashtags(phrases.facts.captions, phrases.locale, phrases.facts.code)


def caption_limit(phrases: Phrases) -> int:
    return caption_rules().caption_limit(phrases.facts.captions.target)


ANGLES: dict[str, str] = {
    "key-fact": N_("Key fact"),
    "three-things": N_("3 things to know"),
    "pov": N_("POV"),
    "myth": N_("Myth-buster"),
    "question": N_("Question hook"),
}
"""Caption angles in the order the kit shows them: id → the catalog message naming it."""

_NO_SPACE_AFTER = ("。", "！", "？")  # CJK sentences follow each other without a space


def compose_captions(phrases: Phrases) -> list[Piece]:
    """Every angle's captions: one key-fact caption per merchant hook (one with a hook true to
    the fees when there are none), then one caption per further angle.

    Each caption opens with its hook and the key fact on the next line, so that the fact shows
    before "more"; every line comes from the facts, and a line whose facts an earlier one
    states is left out. Calls to action take turns across the captions.
    """
    ctas = calls_to_action(phrases)
    hook_list = hooks(phrases) or [phrases.hook()]
    drafts = [_key_fact(phrases, hook, number) for number, hook in enumerate(hook_list, 1)]
    drafts += [_three_things(phrases), _pov(phrases), _myth(phrases), _question(phrases)]
    several = len(hook_list) > 1
    return [_caption(phrases, draft, ctas[index % len(ctas)] if ctas else None, several)
            for index, draft in enumerate(drafts)]


@dataclass(frozen=True)
class _Draft:
    """A caption before its call to action and hashtags."""

    angle: str
    number: int | None
    """The merchant hook's number (key-fact captions), else None."""
    hook: Segment
    lead: tuple[Segment, ...]
    """What follows the hook's line before the first blank line; holds the key fact."""
    key: Segment
    rest: list[Segment]
    """Further lines, each a sentence stating facts the lead does not."""


def _key_fact(phrases: Phrases, hook: Segment, number: int) -> _Draft:
    """Today's layout: the key fact, the statutory right (where the law gives one), who pays,
    faulty items, how to start, refund time."""
    fact = phrases.key_fact()
    rest = distinct([fact, phrases.statutory(), phrases.cost(), phrases.restocking(),
                     phrases.faulty(), phrases.start(), phrases.refund()])[1:]
    return _Draft("key-fact", number, hook, (fact,), fact, rest)


def _three_things(phrases: Phrases) -> _Draft:
    """"3 things to know before you buy": what a change of mind allows and costs first, then
    the two that matter most of the statutory right, exclusions, faulty items and refund time."""
    fact = phrases.key_fact()
    first = distinct([fact, phrases.cost(), phrases.restocking()])
    stated = frozenset().union(*(segment.facts for segment in first))
    others = [segment for segment in distinct([
        phrases.statutory(), phrases.exclusions(), phrases.faulty(), phrases.refund()])
        if not segment.facts <= stated][:2]
    items = [_sentences(first), *[(segment,) for segment in others]]
    lead: list[Segment] = []
    for number, item in enumerate(items, 1):
        if number > 1:
            lead.append(Segment("\n"))
        lead += [Segment(f"{number}. "), *item]
    return _Draft("three-things", None, phrases.three_things_hook(), tuple(lead), fact,
                  [phrases.start()])


def _pov(phrases: Phrases) -> _Draft:
    """A POV opening about the change of mind the market's products invite ("it doesn't fit"
    only where it takes back something with sizes), then the window and what it costs."""
    fact = phrases.pov_fact()
    rest = distinct([fact, phrases.cost(), phrases.restocking(), phrases.exclusions(),
                     phrases.start(), phrases.refund()])[1:]
    return _Draft("pov", None, phrases.pov_hook(asked(phrases.facts, "wrong-size")), (fact,),
                  fact, rest)


def _myth(phrases: Phrases) -> _Draft:
    """A myth the market's facts bust: returns from abroad where returns cross a border, else
    "only faulty items"."""
    fact = phrases.myth_fact()
    rest = distinct([fact, phrases.cost(), phrases.restocking(), phrases.exclusions(),
                     phrases.faulty(), phrases.start()])[1:]
    return _Draft("myth", None, phrases.myth(), (fact,), fact, rest)


def _question(phrases: Phrases) -> _Draft:
    """"Can you return it if you change your mind?" answered with the window and its cost."""
    fact = phrases.question_answer()
    rest = distinct([fact, phrases.restocking(), phrases.exclusions(), phrases.start(),
                     phrases.refund()])[1:]
    return _Draft("question", None, phrases.question_hook(), (fact,), fact, rest)


def _sentences(parts: list[Segment]) -> tuple[Segment, ...]:
    """Sentences run on in one line (CJK ones without a space between)."""
    result: list[Segment] = []
    for part in parts:
        if result and not result[-1].text.endswith(_NO_SPACE_AFTER):
            result.append(Segment(" "))
        result.append(part)
    return tuple(result)


def _title(phrases: Phrases, draft: _Draft, several: bool) -> str:
    """The angle's translated name; key-fact captions name their hook when there are several."""
    name = phrases.say(ANGLES[draft.angle]).text
    if draft.number is None or not several:
        return name
    hook = phrases.say(N_("hook %(number)s"), number=str(draft.number)).text
    return f"{name} ({hook})"


def _caption(phrases: Phrases, draft: _Draft, cta: Segment | None, several: bool) -> Piece:
    """Layout: hook / lead (the key fact), blank line, further lines and the call to action,
    blank line, hashtags. The piece names its parts: "hook", "body" (lead to call to action)
    and "hashtags"."""
    tags = hashtags(phrases)
    body: list[Segment | str] = list(draft.rest)
    if cta is not None:
        body.append(cta)
    lead = (draft.hook, Segment("\n"))
    segments = (*lead, *draft.lead)
    if body:
        segments += (BLANK, *joined(body))
    parts = [("hook", 0, 1), ("body", len(lead), len(segments))]
    if tags:
        tag_line = joined(list(tags), " ")
        segments += (BLANK,)
        parts.append(("hashtags", len(segments), len(segments) + len(tag_line)))
        segments += tag_line
    variant = draft.angle if draft.number is None else f"{draft.angle}-{draft.number}"
    return with_emoji(Piece(phrases.facts.code, phrases.locale, "caption", variant,
                            _title(phrases, draft, several), segments, caption_limit(phrases),
                            key_fact=draft.key, parts=tuple(parts), angle=draft.angle),
                      phrases.facts.captions.emoji)


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
