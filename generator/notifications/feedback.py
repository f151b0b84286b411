"""The merchant's survey link for one market and locale (``process.feedback_url``).

A survey that can open in the reader's language writes ``{locale}`` in its URL; it is
replaced by the page's BCP 47 tag (``pt-BR``, ``zh-Hans``), percent-encoded. The URL was
validated as https when the policy was loaded (``model.types.SurveyUrl``); the filled one is
built and checked again with urllib, so nothing but a tag can land in it.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

from generator.facts.market import MarketFacts
from generator.i18n.locales import locale_info

LOCALE_FIELD = "{locale}"


def fill_survey_url(template: str, bcp47: str) -> str:
    """``template`` with ``{locale}`` replaced by ``bcp47``; an https URL or ValueError."""
    filled = template.replace(LOCALE_FIELD, quote(bcp47, safe=""))
    parts = urlsplit(filled)
    if parts.scheme != "https" or not parts.hostname or "{" in filled or "}" in filled:
        raise ValueError(f"not a survey URL: {template!r}")
    return urlunsplit(parts)


def survey_url(facts: MarketFacts, locale: str) -> str | None:
    """The market's survey for readers of ``locale``; None where the market has none."""
    template = facts.process.feedback_url
    if template is None:
        return None
    return fill_survey_url(template, locale_info(locale).bcp47)
