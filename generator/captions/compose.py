"""Compose ready-to-paste TikTok captions from a market's facts.

Every number and date comes from the resolved policy; merchants only supply hooks, calls to
action and hashtags. The output is plain text (it is shown in code blocks and exported).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.support import Translations

from generator.formatting import duration
from generator.resolve import MarketFacts


@dataclass(frozen=True)
class Caption:
    """One caption for one market and locale."""

    market: str
    locale: str
    key_fact: str
    text: str
    hashtags: tuple[str, ...]


def _pick(localized: dict[str, str], locale: str, default: str) -> str:
    return localized.get(locale) or localized[default]


def key_fact(facts: MarketFacts, locale: str, tr: Translations) -> str:
    """The one fact a viewer must see before "more": the window and who pays."""
    _ = tr.gettext
    period = duration(facts.market.return_window.days, "duration-day", locale)
    if facts.free_change_of_mind_returns:
        return _("Free returns within %(period)s.") % {"period": period}
    return _("Returns within %(period)s.") % {"period": period}


def compose_captions(facts: MarketFacts, locale: str, default_locale: str,
                     tr: Translations) -> list[Caption]:
    """One caption per merchant hook (at least one, even without hooks)."""
    _ = tr.gettext
    market = facts.market
    inputs = market.captions
    fact = key_fact(facts, locale, tr)
    refund = _("Money back within %(period)s after we check your item.") % {
        "period": duration(market.refunds.processing_days, "duration-day", locale)}
    faulty = _("Faulty or wrong item? We pay the return shipping.")
    start = _("Start in the TikTok Shop app: Orders → Return/Refund.")
    hooks = [_pick(h, locale, default_locale) for h in inputs.hooks] or [""]
    ctas = [_pick(c, locale, default_locale) for c in inputs.calls_to_action] or [start]
    tags = tuple(inputs.hashtags[:5])
    captions = []
    for index, hook in enumerate(hooks):
        cta = ctas[index % len(ctas)]
        first_line = f"{fact} {hook}".strip()
        body = "\n".join(line for line in (refund, faulty, cta) if line)
        text = f"{first_line}\n\n{body}"
        if tags:
            text += "\n\n" + " ".join(tags)
        captions.append(Caption(facts.code, locale, fact, text, tags))
    return captions
