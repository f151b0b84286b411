"""The caption linter: TikTok's rules and the policy's facts, checked on every marketer text.

Problems point at the merchant text that caused them (a hook in ``policies/defaults.yml`` or a
market file), or at the catalog entry when a translation did. ``check`` calls
``check_captions`` right after loading the project; ``build`` lints the merchant's texts then,
and each locale's generated texts as its captions pages render them. Errors stop both, warnings
are shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from generator.captions import detect, hashtags
from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.length import display_width
from generator.captions.pieces import Piece, Segment, one_line, repeated_facts
from generator.captions.rules import caption_rules, subtitle_limits
from generator.captions.speech import speech_rate
from generator.errors import ContentError, Problem
from generator.facts.market import MarketFacts, Money
from generator.facts.site import SiteFacts
from generator.i18n.catalogs import CatalogFiles, read_catalog
from generator.i18n.locales import locale_info, supported_locales
from generator.project.problems import problem_at
from generator.source.loading import FieldPath, Mark
from generator.workers import Workers

Marks = dict[FieldPath, Mark]

OFF_PLATFORM_HINT = "TikTok Shop forbids sending customers off the platform; remove it"
_FOUND = {
    "link": 'contains a link "{}"',
    "email": 'contains an e-mail address "{}"',
    "phone": 'contains a phone number "{}"',
    "handle": 'contains a social media handle "{}"',
    "qr": 'mentions a QR code ("{}")',
    "off_platform": 'mentions "{}", another app or shop',
}


def check_captions(facts: SiteFacts, marks: Marks, catalogs: CatalogFiles,
                   warnings: list[Problem]) -> list[Problem]:
    """Lint every caption text; raise ``ContentError`` on errors, else return the warnings.

    The error carries the project's ``warnings`` too, so the user sees everything at once.
    """
    return raise_on_errors(warnings, lint_captions(facts, marks, catalogs))


def raise_on_errors(warnings: list[Problem], problems: list[Problem]) -> list[Problem]:
    """Raise ``ContentError`` if any caption problem is an error; else return the warnings."""
    if any(problem.severity == "error" for problem in problems):
        raise ContentError([*warnings, *problems])
    return problems


def _lint_locale(shared: tuple[SiteFacts, Marks, CatalogFiles], locale: str) -> list[Problem]:
    """Build and lint the kits of one locale (a worker's task on large projects)."""
    facts, marks, catalogs = shared
    kits = project_kits(facts, catalog_translations(catalogs), locales=[locale])
    return lint_kits(facts, marks, catalogs, kits)


def lint_merchant_texts(facts: SiteFacts, marks: Marks, catalogs: CatalogFiles
                        ) -> list[Problem]:
    """Problems in what the merchant wrote for captions (hooks, calls to action, hashtags)."""
    linter = _Linter(facts, marks, catalogs)
    for market in facts.markets.values():
        linter.merchant_texts(market)
    return linter.problems


def lint_kits(facts: SiteFacts, marks: Marks, catalogs: CatalogFiles, kits: Iterable[Kit]
              ) -> list[Problem]:
    """Problems in the generated texts of some kits (lengths, key facts, translations)."""
    linter = _Linter(facts, marks, catalogs)
    for kit in kits:
        linter.kit(kit)
    return linter.problems


def lint_captions(facts: SiteFacts, marks: Marks, catalogs: CatalogFiles) -> list[Problem]:
    """Every caption problem in the project, errors and warnings, sorted and without repeats.

    Kits are independent per locale, so large projects build and lint them on every core.
    (``build`` lints the kits its captions pages render instead of building them twice.)
    """
    merchant = lint_merchant_texts(facts, marks, catalogs)
    locales = list(facts.site.locales)
    # Below 40 kits (markets × locales), forking costs more than the lint it spreads.
    jobs = None if len(facts.markets) * len(locales) >= 40 else 1
    with Workers(jobs, len(locales)) as workers:
        found = [problem for problems in workers.run(_lint_locale, (facts, marks, catalogs),
                                                     locales) for problem in problems]
    return sorted(set(merchant + found))


class _Linter:
    def __init__(self, facts: SiteFacts, marks: Marks, catalogs: CatalogFiles) -> None:
        self.facts = facts
        self.marks = marks
        self.catalogs = catalogs
        self.rules = caption_rules()
        self.problems: list[Problem] = []

    def report(self, where: FieldPath, message: str, hint: str = "",
               severity: str = "error") -> None:
        self.problems.append(problem_at(self.marks, where, message, hint, severity,
                                        "policies/defaults.yml"))

    # -- what the merchant wrote ---------------------------------------------------------------

    def merchant_texts(self, market: MarketFacts) -> None:
        code = market.code
        base: FieldPath = ("markets", code, "captions")
        inputs = market.captions
        default = self.facts.default_locale
        for field in ("hooks", "calls_to_action"):
            for index, localized in enumerate(getattr(inputs, field)):
                # Claims only count in the languages this market shows (a Thai hook may say
                # "7 days" for Thailand); off-platform contact is wrong in any language.
                shown = {loc if loc in localized else default for loc in market.locales}
                for language, text in localized.items():
                    where = (*base, field, index, language)
                    self.forbidden(where, text, code)
                    if language in shown:
                        self.claims(where, text, [language], market)
        self.merchant_hashtags(market)

    def merchant_hashtags(self, market: MarketFacts) -> None:
        """Each tag as written (contact, claims, letters, a per-language tag's script), then
        the tags of each locale: how many, and none twice."""
        base: FieldPath = ("markets", market.code, "captions", "hashtags")
        for index, entry in enumerate(market.captions.hashtags):
            if isinstance(entry, str):
                self.hashtag((*base, index), entry, sorted({*market.locales, "en"}), market)
                continue
            for key, text in entry.items():
                language = _text_language(key)
                shown = [language] if language in market.locales else []
                self.hashtag((*base, index, key), text, shown, market)
                char = hashtags.foreign_script(text, language)
                if char is not None:
                    scripts = hashtags.hashtag_data().languages[language].scripts
                    self.report((*base, index, key), f'the {key} tag "{text}" has "{char}", '
                                f"which is not {'/'.join(scripts)} script", "viewers search "
                                "for tags in their own script; check the language key",
                                "warning")
        counts = {locale: self.locale_hashtags(market, locale) for locale in market.locales}
        limits = self.rules.limits
        for locale, count in counts.items():
            # The same number everywhere: one message for the list, as merchants wrote it.
            where = "" if len(set(counts.values())) == 1 else f" in {locale}"
            if count > limits.hashtags_max:
                self.report(base, f"has {count} hashtags{where}; use {limits.hashtags_min} to "
                            f"{limits.hashtags_max}", "a few relevant tags reach more viewers "
                            f"than many; only the first {limits.hashtags_max} are used",
                            "warning")
            final = len(hashtags.caption_hashtags(market.captions, locale, market.code))
            if final < limits.hashtags_min:
                self.report(base, f"has {final} hashtags in {locale}, with no more to suggest; "
                            f"use {limits.hashtags_min} to {limits.hashtags_max}",
                            "add tags in this language", "warning")

    def locale_hashtags(self, market: MarketFacts, locale: str) -> int:
        """How many of the merchant's tags a locale shows; a repeat there is a warning."""
        tags = hashtags.merchant_tags(market.captions, locale, market.code)
        seen: set[str] = set()
        for tag in tags:
            if hashtags.key(tag.text) in seen:
                self.report(tag.source, f'"{tag.text}" is listed twice (hashtags ignore case)',
                            "remove one", "warning")
            seen.add(hashtags.key(tag.text))
        return len(tags)

    def hashtag(self, where: FieldPath, tag: str, languages: list[str],
                market: MarketFacts) -> None:
        """One tag as written: no contact off TikTok, no claim the policy contradicts, a word."""
        for finding in detect.in_hashtag(tag, market.code):
            self.report(where, _FOUND[finding.kind].format(finding.text), OFF_PLATFORM_HINT)
        self.claims(where, tag, languages, market, hashtag=True)
        if not any(char.isalpha() for char in tag):
            self.report(where, f'"{tag}" has no letters, so TikTok does not make it a tag',
                        "add a word, e.g. #returns2026")

    def forbidden(self, where: FieldPath, text: str, region: str) -> None:
        for finding in detect.forbidden(text, region):
            self.report(where, _FOUND[finding.kind].format(finding.text), OFF_PLATFORM_HINT)

    def claims(self, where: FieldPath, text: str, languages: Iterable[str],
               market: MarketFacts, hashtag: bool = False) -> None:
        """Numbers of days, "free" and "easy" must agree with the policy."""
        window = market.window.days
        allowed = {window, *(extra.days for extra in market.extended_windows)}
        for language in languages:
            if not hashtag and detect.mentions_refund(text, language):
                allowed.add(market.refunds.processing_days)
            for days in detect.day_numbers(text, language, hashtag=hashtag):
                if days not in allowed:
                    extra = sorted(allowed - {window})
                    also = f" (or {', '.join(map(str, extra))} where the policy says so)" \
                        if extra else ""
                    self.report(where, f"says {days} days, but the return window is {window} "
                                f"days{also}", "write the policy's number or none: the "
                                "caption states the window")
            for message, hint, severity in promises(text, language, market, hashtag):
                self.report(where, message, hint, severity)

    # -- what the generator made of it ---------------------------------------------------------

    def kit(self, kit: Kit) -> None:
        for piece in kit.pieces:
            self.generated(piece)
            self.repeats(piece)
            if piece.limit is not None and piece.length > piece.limit:
                self.too_long(piece)
        for caption in kit.captions:
            self.key_fact(caption)
            self.merchant_repeats(caption)
        for script in kit.scripts:
            self.script(script)

    def _merchant_source(self, piece: Piece, kind: str) -> FieldPath:
        for segment in piece.segments:
            if segment.source and kind in segment.source:
                return segment.source
        return ("markets", piece.market, "captions")

    def too_long(self, piece: Piece) -> None:
        if piece.kind == "caption":
            where = self._merchant_source(piece, "hooks")
            target = self.facts.markets[piece.market].captions.target
            how = "through the API" if target == "api" else "in the app"
            self.report(where, f"caption {piece.variant} ({piece.locale}) is {piece.length:,} "
                        f"characters long; TikTok takes {piece.limit:,} {how}",
                        "shorten the hook or the call to action; emoji count 2 or more")
        else:
            self.report(("markets", piece.market, "captions"),
                        f'"{piece.title}" ({piece.locale}) is {piece.length} characters long; '
                        f"TikTok comments take {piece.limit}", "shorten its translation")

    def key_fact(self, caption: Piece) -> None:
        fact = caption.key_fact
        if fact is None:
            return
        window = self.facts.markets[caption.market].window.days
        if window not in detect.numbers(fact.text):
            self.translation_problem(caption, fact, f"does not state the {window}-day window")
        end = caption.offset_of(fact) + len(fact.text)
        column = display_width(one_line(caption.text[:end]))
        preview = self.rules.limits.preview_width
        if column > preview:
            self.report(self._merchant_source(caption, "hooks"),
                        f'in caption {caption.variant} ({caption.locale}) the key fact '
                        f'"{fact.text}" ends at column {column}, after the ~{preview} the feed '
                        'shows before "more"', "shorten the hook", "warning")

    def script(self, script: Piece) -> None:
        hook = script.scenes[0]
        limits, rate = subtitle_limits(script.locale), speech_rate(script.locale)
        if hook.voice.source and hook.end_ms > self.rules.limits.hook_ms:
            self.report(hook.voice.source,
                        f"the hook ({script.locale}) needs {hook.end_ms / 1000:.1f} seconds to "
                        f"say ({rate.per_minute:g} {rate.unit}s a minute) and read as subtitles "
                        f"({limits.max_cps:g} characters per second); it should fit the first "
                        f"{self.rules.limits.hook_ms / 1000:g} seconds", "shorten it", "warning")
        end = script.scenes[-1].end_ms
        if script.seconds and end > script.seconds * 1000:
            self.report(self._merchant_source(script, "hooks"),
                        f"the {script.seconds}-second script ({script.locale}) needs "
                        f"{end / 1000:.1f} seconds", "shorten the hook or the call to action, "
                        "or use a longer variant", "warning")

    def generated(self, piece: Piece) -> None:
        """Translated template text must not bring in what merchant text may not contain, nor
        promise free or easy returns where a change of mind costs something."""
        market = self.facts.markets[piece.market]
        for segment in piece.segments:
            if segment.msgid is None:  # merchant text (checked at its source) or our own
                continue
            for finding in detect.forbidden(segment.text, piece.market):
                self.translation_problem(piece, segment,
                                         _FOUND[finding.kind].format(finding.text))
            if segment.facts & {"faulty", "faulty_cost"}:
                continue  # faulty items: free return shipping is no promise about a change of mind
            for message, _hint, severity in promises(segment.text, segment.language, market):
                self.translation_problem(piece, segment, message, severity)

    def repeats(self, piece: Piece) -> None:
        """No text states one fact twice (composition leaves repeats out; this guards it)."""
        if piece.scenes:
            runs = [[scene.overlay for scene in piece.scenes],
                    [scene.voice for scene in piece.scenes]]
        else:
            runs = [list(piece.segments)]
        for run in runs:
            for _fact, first, again in repeated_facts(run):
                self.report(("markets", piece.market, "captions"),
                            f'"{piece.title}" ({piece.locale}) says the same twice: '
                            f'"{first.text}" and "{again.text}"',
                            "policysite composed both; please report it")

    def merchant_repeats(self, caption: Piece) -> None:
        """A hook or call to action that states what the caption's own lines state."""
        market = self.facts.markets[caption.market]
        stated = [segment for segment in caption.segments if segment.facts]
        for segment in caption.segments:
            if segment.source is None:
                continue
            facts = _merchant_facts(segment.text, segment.language, market)
            for other in stated:
                if facts & other.facts:
                    self.report(segment.source, f'says again what caption {caption.variant} '
                                f'({caption.locale}) states: "{other.text}"',
                                "let the hook make viewers stop (a question, a story) and the "
                                "caption state the facts", "warning")
                    break

    def translation_problem(self, piece: Piece, segment: Segment, message: str,
                            severity: str = "error") -> None:
        gettext_id = locale_info(piece.locale).gettext
        shown = f"locales/{gettext_id}/LC_MESSAGES/messages.po"
        line = _catalog_line(self.catalogs.root, shown, piece.locale, segment.msgid or "")
        self.problems.append(Problem(shown, line, 1 if line else 0, f"markets.{piece.market}",
                                     f'the {piece.locale} translation of "{segment.msgid}" '
                                     f"{message}", "fix the translation", severity))


def promises(text: str, language: str, market: MarketFacts, hashtag: bool = False
             ) -> list[tuple[str, str, str]]:
    """"Free" and "easy" returns against what a change of mind costs: (message, hint, severity).

    "Free" is a price claim, false while a change-of-mind return costs the customer anything
    (free return shipping stays true under a restocking fee alone): an error. "Easy" is no
    price claim, but reads as broken when a fee follows it: a warning.
    """
    if not market.change_of_mind_charges:
        return []
    free = detect.claims_free_returns(text, language, hashtag=hashtag)
    if free and not (free == "shipping" and market.change_of_mind_charges == ("restocking",)):
        return [(f"says returns are free, but {_charges(market)}", _charge_fields(market),
                 "error")]
    if detect.claims_easy_returns(text, language, hashtag=hashtag):
        return [(f"says returns are easy, but {_charges(market)}",
                 'a fee after "easy" reads as a catch; promise what is true, e.g. the window',
                 "warning")]
    return []


def _charges(market: MarketFacts) -> str:
    """What a change of mind costs, in words: "customers pay … when they change their mind"."""
    said = {"shipping": "the return shipping",
            "label": f"{_money(market.return_label_fee)} for our return label",
            "restocking": "a restocking fee of " + (
                f"{market.restocking_percent}%" if market.restocking_percent is not None
                else _money(market.restocking_amount))}
    return (f"customers pay {' and '.join(said[c] for c in market.change_of_mind_charges)} "
            "when they change their mind")


def _charge_fields(market: MarketFacts) -> str:
    """The policy fields behind the charges, as the merchant wrote them."""
    fields = {"shipping": 'shipping.change_of_mind is "customer"',
              "label": f'shipping.return_label_fee is "{_amount(market.return_label_fee)}"',
              "restocking": (f'restocking_fee.percent is "{market.restocking_percent}"'
                             if market.restocking_percent is not None else
                             f'restocking_fee.amount is "{_amount(market.restocking_amount)}"')}
    return ", ".join(fields[c] for c in market.change_of_mind_charges)


def _amount(money: Money | None) -> str:
    return "" if money is None else str(money.amount)


def _money(money: Money | None) -> str:
    return "" if money is None else f"{money.amount} {money.currency}"


def _merchant_facts(text: str, language: str, market: MarketFacts) -> set[str]:
    """The policy facts a hook or call to action states truly (the window, free returns, the
    refund time), to find the caption's own lines that it repeats."""
    days = detect.day_numbers(text, language)
    facts = set()
    if market.window.days in days:
        facts.add("window")
    if not market.change_of_mind_charges and detect.claims_free_returns(text, language):
        facts.add("cost")
    if market.refunds.processing_days in days and detect.mentions_refund(text, language):
        facts.add("refund")
    return facts


def _text_language(key: str) -> str:
    """The language of a merchant text's key: "es" for the regional "es_MX"."""
    return key if key in supported_locales() else key.rpartition("_")[0]


@cache
def _catalog_line(root: Path, shown: str, locale: str, msgid: str) -> int:
    path = root / shown
    if not msgid or not path.is_file():
        return 0
    try:
        message = read_catalog(path, shown, locale).get(msgid)
    except ContentError:
        return 0
    return message.lineno if message is not None and message.lineno else 0
