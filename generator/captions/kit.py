"""The marketer kit of one market and locale: captions, comments and scripts, built once.

The captions page, the linter and the exports all read kits from here, so what a marketer copies
from the site, what ``check`` judged and what a scheduler imports are the same texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from babel.support import Translations

from generator.captions.compose import compose_captions
from generator.captions.phrases import Phrases
from generator.captions.pieces import Piece
from generator.captions.replies import pinned_comment, replies
from generator.captions.scripts import compose_scripts
from generator.errors import ContentError
from generator.facts.market import MarketFacts
from generator.facts.site import SiteFacts
from generator.i18n.catalogs import CatalogFiles, load_translations
from generator.i18n.registers import INFORMAL, Register


@dataclass(frozen=True)
class Kit:
    market: str
    locale: str
    captions: list[Piece]
    pinned: Piece
    replies: list[Piece]
    scripts: list[Piece]

    @property
    def several_hooks(self) -> bool:
        """Whether the market has several hooks (each with its key-fact caption and scripts),
        so that titles name the hook."""
        return sum(caption.angle == "key-fact" for caption in self.captions) > 1

    @property
    def pieces(self) -> list[Piece]:
        """Every text, in the order the page and the exports show them."""
        return [*self.captions, self.pinned, *self.replies, *self.scripts]


def build_kit(facts: MarketFacts, locale: str, default_locale: str, tr: Translations,
              register: Register = INFORMAL) -> Kit:
    phrases = Phrases(facts, locale, default_locale, tr, register)
    return Kit(facts.code, locale, compose_captions(phrases), pinned_comment(phrases),
               replies(phrases), compose_scripts(phrases))


def catalog_translations(catalogs: CatalogFiles) -> Callable[[str], Translations]:
    """Translations per locale; a missing or broken catalog gives English (reported elsewhere)."""
    cache: dict[str, Translations] = {}

    def get(locale: str) -> Translations:
        if locale not in cache:
            try:
                cache[locale] = load_translations(catalogs, locale)
            except ContentError:
                cache[locale] = Translations()
        return cache[locale]

    return get


def project_kits(facts: SiteFacts, translations: Callable[[str], Translations],
                 markets: list[str] | None = None, locales: list[str] | None = None
                 ) -> list[Kit]:
    """Kits for every market and each of its locales (optionally only some), sorted."""
    kits = []
    for code in markets or list(facts.markets):
        market = facts.markets[code]
        for locale in market.locales:
            if locales is None or locale in locales:
                kits.append(build_kit(market, locale, facts.default_locale,
                                      translations(locale), facts.caption_register(locale)))
    return kits
