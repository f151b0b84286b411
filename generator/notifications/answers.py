"""Short answers to customers' common questions, ready to paste into a chat or e-mail.

The support page shows the caption kit's replies (the same facts as the pages, sized for a
comment) and the merchant's own questions and answers, as plain text made inert for helpdesk
tools (``placeholders.inert``).
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.captions.kit import Kit
from generator.facts.market import MarketFacts
from generator.model.localized import pick
from generator.notifications.placeholders import inert


@dataclass(frozen=True)
class Answer:
    id: str
    question: str
    text: str


def support_answers(kit: Kit, facts: MarketFacts, locale: str, default_locale: str
                    ) -> list[Answer]:
    """The kit's replies, then the merchant's FAQ (in ``locale``, else the default locale)."""
    answers = [Answer(f"reply-{piece.variant}", inert(piece.title), inert(piece.text))
               for piece in kit.replies]
    for entry in facts.faq:
        question = pick(entry.question, locale, default_locale, facts.code)[0]
        answer = pick(entry.answer, locale, default_locale, facts.code)[0]
        answers.append(Answer(f"faq-{entry.id}", inert(question), inert(answer.strip())))
    return answers
