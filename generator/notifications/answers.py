"""Short answers to customers' common questions, ready to paste into a chat or e-mail.

The support page shows the caption kit's replies (the same facts as the pages; whole, not cut
to a comment's 150 characters) in the register of the customer pages, not the captions' (German
"Sie" where captions say "du": ``i18n.registers``), and the merchant's own questions and answers,
as plain text made inert for helpdesk tools (``placeholders.inert``).
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.support import Translations

from generator.captions.phrases import Phrases
from generator.captions.replies import replies
from generator.facts.market import MarketFacts
from generator.i18n.registers import pages_register
from generator.model.localized import pick
from generator.notifications.placeholders import inert


@dataclass(frozen=True)
class Answer:
    id: str
    question: str
    text: str


def support_answers(facts: MarketFacts, locale: str, default_locale: str, tr: Translations
                    ) -> list[Answer]:
    """The caption replies in the pages' register, then the merchant's FAQ (in ``locale``,
    else the default locale)."""
    phrases = Phrases(facts, locale, default_locale, tr, pages_register(locale))
    answers = [Answer(f"reply-{piece.variant}", inert(piece.title), inert(piece.text))
               for piece in replies(phrases, sized_for_comment=False)]
    for entry in facts.faq:
        question = pick(entry.question, locale, default_locale, facts.code)[0]
        answer = pick(entry.answer, locale, default_locale, facts.code)[0]
        answers.append(Answer(f"faq-{entry.id}", inert(question), inert(answer.strip())))
    return answers
