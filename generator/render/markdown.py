"""Render pages: (site facts, locale) → Markdown text through Jinja, gettext and Babel.

Merchant and translator text only ever enters templates as values; ``md_finalize`` escapes
every printed value that is not already safe, so nothing from data can become markup.
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from gettext import NullTranslations
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from babel.lists import format_list
from babel.support import Translations

try:  # libyaml's emitter is much faster; both are safe YAML emitters
    from yaml import CSafeDumper as SafeDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper  # type: ignore[assignment]
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.captions.compose import feed_preview
from generator.captions.kit import Kit, build_kit
from generator.captions.kit_index import kind_slug, kit_index
from generator.captions.length import char_count
from generator.captions.scripts import clock as timecode
from generator.escape import MdSafe, escape_translation, md_escape, md_finalize, paragraphs
from generator.facts.eligibility import asks_order_date
from generator.facts.market import Money
from generator.facts.pages import PAGE_KINDS, PageRef, alternates
from generator.facts.site import SiteFacts
from generator.i18n import addresses, formatting
from generator.i18n.catalogs import N_, SOURCE_LOCALE, Untranslated
from generator.i18n.cldr_fixes import country_name, language_name_text
from generator.i18n.labels import BRAND_NAMES, LABELS
from generator.i18n.locales import babel_locale, locale_info
from generator.i18n.regional import format_locale
from generator.model.localized import pick
from generator.notifications.answers import support_answers
from generator.notifications.feedback import survey_url
from generator.notifications.messages import market_messages
from generator.notifications.placeholders import PLACEHOLDERS
from generator.render.checker import checker_data
from generator.render.memo import RenderMemo, tracked_facts
from generator.structured.schema_org import market_group, organization, script_json

STRUCTURED_KINDS = frozenset({"policy", "how_to_return", "faq", "contact"})
"""A market's pages that describe its return policy to customers (and so carry it as data)."""


@cache
def make_environment(templates_dir: str) -> Environment:
    """One Jinja environment for all locales: templates from files, strict, data-only context.

    Templates compile once; each render passes its locale's ``gettext``/``ngettext`` in the
    context (Jinja's i18n extension resolves them from there). Autoescape is on so macro and
    block output is marked safe, but the escaping itself happens in ``md_finalize``: values
    are escaped for Markdown, which HTML escaping is not.
    """
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        auto_reload=False,  # a build clears the cache first; no stat per page and import
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
        finalize=md_finalize,
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env


def gettext_functions(translations: Translations, untranslated: Untranslated | None = None
                      ) -> dict[str, Any]:
    """Per-locale gettext callables that escape for Markdown.

    Jinja's own newstyle wrapper would fill placeholders with HTML escaping; ours fills them
    with Markdown escaping (``MdSafe``), keeping safe values such as formatted amounts as they are.
    ``untranslated``, the catalog's fallback, counts each use of a message the catalog lacks.
    """

    plain: dict[str, MdSafe] = {}  # messages without placeholders: the same text every time
    english: dict[str, MdSafe] = {}  # those the catalog lacks: cached, still counted per use
    missing = untranslated or Untranslated()

    def gettext(message: str, **variables: Any) -> MdSafe:
        if not variables:
            text = plain.get(message)
            if text is not None:
                return text
            if message in english:
                missing.count += 1
                return english[message]
            before = missing.count
            text = escape_translation(translations.gettext(message)) % {}
            (plain if missing.count == before else english)[message] = text
            return text
        return escape_translation(translations.gettext(message)) % variables

    def ngettext(singular: str, plural: str, count: int, **variables: Any) -> MdSafe:
        variables.setdefault("num", count)
        return escape_translation(translations.ngettext(singular, plural, count)) % variables

    return {"gettext": gettext, "ngettext": ngettext}


@dataclass
class LocaleRenderer:
    """Renders every page of one locale."""

    facts: SiteFacts
    locale: str
    env: Environment
    translations: Translations
    pages: list[PageRef]
    all_pages: set[PageRef]
    fallbacks: list[tuple[str, str]]
    """(locale, default-locale text shown): for the page's notice and the build's count.
    ``--strict`` does not read these: validation names each missing translation with its file
    and line (``project.validate.missing_translations``)."""
    untranslated: Untranslated = field(default_factory=Untranslated)
    """Counts template messages shown in English (the catalog lacks them), for the notice."""

    market: str | None = None
    """The market of the page being rendered: its regional texts come first (``pick``)."""
    elsewhere: frozenset[str] = frozenset()
    """Page kinds this build leaves out (``build --kit-only``): links to them go to their
    address on the customer site."""
    memo: RenderMemo | None = None
    """The preview's remembered renders of this locale (``render.memo``); None: render all."""
    markets_here: list[str] = field(init=False, default_factory=list)
    """The markets published in this locale; listed once, before any market read is noted
    (the memo's key holds every locale's list)."""

    def __post_init__(self) -> None:
        self.markets_here = self.facts.markets_in(self.locale)
        if self.memo is not None:  # every market read from here on is noted
            self.facts = tracked_facts(self.facts, self.memo.reads)

    @cached_property
    def gettext(self) -> dict[str, Any]:
        return gettext_functions(self.translations, self.untranslated)

    @cached_property
    def kits(self) -> dict[str, Kit]:
        return {}

    # -- helpers exposed to templates ------------------------------------------------------

    def _pick(self, localized: Mapping[str, str]) -> tuple[str, str | None]:
        """The text to show and, when it is the default locale's, that locale's BCP 47 tag
        (the fallback is counted for the page's notice)."""
        text, used = pick(localized, self.locale, self.facts.default_locale, self.market)
        if used == self.locale:
            return text, None
        self.fallbacks.append((self.locale, text))
        return text, locale_info(used).bcp47

    def text(self, localized: Mapping[str, str] | None) -> MdSafe:
        """The text in this locale, or the default locale's marked with its language."""
        if not localized:
            return MdSafe("")
        text, lang = self._pick(localized)
        if lang is None:
            return MdSafe(md_escape(text))
        return MdSafe(f'<span lang="{lang}" dir="auto">{md_escape(text)}</span>')

    def plain(self, localized: Mapping[str, str]) -> str:
        """Unescaped text for contexts that escape by themselves (front matter, SVG)."""
        return pick(localized, self.locale, self.facts.default_locale, self.market)[0]

    def paras(self, localized: Mapping[str, str]) -> list[MdSafe]:
        text, lang = self._pick(localized)
        if lang is None:
            return paragraphs(text)
        return [MdSafe(f'<span lang="{lang}" dir="auto">{p}</span>') for p in paragraphs(text)]

    def country(self, code: str) -> str:
        """A country's name in this locale, in CLDR's short form where the standard one is
        long ("Hong Kong", not "Hong Kong SAR China")."""
        return country_name(code, self.locale)

    def place(self, address: Any) -> MdSafe:
        """A city and its country for a sentence ("Venlo, Netherlands"): no article or case
        ending is ever needed around a country name this way."""
        # A state or province goes with its city, as people there write it ("Ontario, CA":
        # there is an Ontario in Canada too).
        region = addresses.region_shown(address) if address.region else ""
        city = f"{address.city}, {region}" if region and region not in address.city else (
            address.city)
        # TRANSLATORS: a city and its country in running text, e.g. "Venlo, Netherlands".
        pattern = N_("%(city)s, %(country)s")
        translate: Any = self.gettext["gettext"]
        return translate(pattern, city=city, country=self.country(address.country))

    def language_name(self, locale_id: str) -> str:
        """A language's name inside a sentence of this page ("the German version")."""
        reader = babel_locale(self.locale)
        name = babel_locale(locale_id).get_display_name(reader) or locale_id
        return language_name_text(name, reader)

    def kit(self, code: str) -> Kit:
        """The marketer texts of one market in this locale (built once per locale)."""
        if code not in self.kits:  # the market is read inside, where the memo notes it
            self.kits[code] = self._remember(("kit", code), lambda: build_kit(
                self.facts.markets[code], self.locale, self.facts.default_locale,
                self.translations, self.facts.caption_register(self.locale)))
        elif self.memo is not None:
            self.memo.reads.note(code)  # a page showing a kit built earlier reads it too
        return self.kits[code]

    def _remember(self, name: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, or its value from an earlier build of the preview when nothing it
        read has changed (``render.memo``), with the fallbacks it counted and the kits it
        built (the caption lint judges those) made again."""
        if self.memo is None:
            return compute()
        fallbacks, kits = len(self.fallbacks), set(self.kits)

        def run() -> tuple[Any, list[tuple[str, str]], list[str]]:
            value = compute()
            return value, self.fallbacks[fallbacks:], sorted(set(self.kits) - kits)

        (value, counted, built), remembered = self.memo.remembered(name, run)
        if remembered:
            self.fallbacks.extend(counted)
            for code in built:
                self.kit(code)
        return value

    def label(self, kind: str, value: str, **variables: Any) -> MdSafe:
        """The translated label of an enumeration value (``i18n/labels.py``), its
        placeholders filled from ``variables``."""
        msgid = LABELS[kind].get(value)
        if msgid is None:  # chat apps are brands, spelled as their makers spell them
            return MdSafe(md_escape(BRAND_NAMES[value]))
        gettext: Any = self.gettext["gettext"]
        return gettext(msgid, **variables)

    def labels(self, kind: str, values: Any) -> list[MdSafe]:
        return [self.label(kind, value) for value in values]

    def weekdays(self, days: Any) -> list[MdSafe]:
        """Weekdays as a reader writes them: three or more in a row as a range ("Monday to
        Friday"), others one by one."""
        order = list(LABELS["weekday"])
        runs: list[list[str]] = []
        for day in sorted(days, key=order.index):
            if runs and order.index(day) == order.index(runs[-1][-1]) + 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        translate: Any = self.gettext["gettext"]
        shown: list[MdSafe] = []
        for run in runs:
            if len(run) >= 3:
                # TRANSLATORS: a range of weekdays, e.g. "Monday to Friday".
                pattern = N_("%(first)s to %(last)s")
                shown.append(translate(pattern, first=self.label("weekday", run[0]),
                                       last=self.label("weekday", run[-1])))
            else:
                shown += self.labels("weekday", run)
        return shown

    def globals_for(self, page: PageRef) -> dict[str, Any]:
        """What one page's template sees; its merchant texts are picked for its market."""
        loc = self.locale
        self.market = page.market
        fmt = format_locale(loc, page.market)  # numbers, money and dates as in the market

        def link(kind: str, market: str | None = None, version: str | None = None) -> MdSafe:
            # Our own page paths: ASCII slugs, country codes and version ids, no free text.
            target = PageRef(loc, kind, market, version)
            if kind in self.elsewhere:  # a validated https base URL, then our own path
                return MdSafe(self.facts.site.base_url + quote(target.site_path()))
            return MdSafe(quote(page.link_to(target)))

        return {
            **self.gettext,
            # ``_`` would call Jinja's alias, which looks ``gettext`` up again on every call.
            "_": self.gettext["gettext"],
            "page": page,
            "site": self.facts.site,
            "merchant": self.facts.merchant,
            "tagline": self.facts.tagline,
            "versions": self.facts.versions,
            "newest_version": self.facts.newest,
            "page_kinds": PAGE_KINDS,
            "locale": loc,
            "direction": locale_info(loc).direction,
            "t": self.text,
            "paras": self.paras,
            "plain": self.plain,
            "country": self.country,
            "address_lines": lambda address: addresses.address_markup(address, loc),
            "address_inline": lambda address: addresses.address_inline(address, loc),
            "hub_place": self.place,
            "link": link,
            "money": lambda value: money(value, fmt),
            "label": self.label,
            "labels": self.labels,
            "weekdays": self.weekdays,
            "days": lambda n: formatting.days(n, fmt),
            "hours": lambda n: formatting.hours(n, fmt),
            "date": lambda d, style="long": formatting.date(d, fmt, style),
            "plain_date": lambda d, style="medium": formatting.plain_date(d, fmt, style),
            "percent": lambda value: formatting.percent(value, fmt),
            "join": lambda items, style="standard": formatting.join(list(items), fmt, style),
            "isolate": formatting.isolate,
            "email_link": formatting.email_link,
            "phone_link": formatting.phone_link,
            "url_link": formatting.url_link,
            "timedelta": datetime.timedelta,
            "time_zone_name": lambda zone: formatting.time_zone_name(zone, fmt),
            "clock": lambda value: formatting.clock(value, fmt),
            "plain_language": self.language_name,
            "kit": self.kit,
            "kit_index": lambda: kit_index([self.kit(code) for code in self.markets_here],
                                           self.country),
            "kind_slug": kind_slug,
            "feed_preview": feed_preview,
            "count_number": lambda value: MdSafe(
                f'<span class="ps-num">{formatting.number(value, fmt)}</span>'),
            "number": lambda value: formatting.number(value, fmt),
            "timecode": timecode,
            "code_block": code_block,
            "anchor": anchor,
            "char_count": char_count,
            "messages": lambda: market_messages(self.facts, page.market or "", loc,
                                                self.translations),
            "placeholders": PLACEHOLDERS,
            "support_answers": lambda: support_answers(
                self.facts.markets[page.market or ""], loc, self.facts.default_locale,
                self.translations),
            "survey_url": lambda code: survey_url(self.facts.markets[code], loc),
            "checker_data": lambda: self.checker_data(page, fmt),
            "asks_order_date": lambda: asks_order_date(self.facts.history, page.market or ""),
            "markets_here": self.markets_here,
            "history": self.facts.history,
            # An earlier version's page reads that version's facts, with the same templates.
            "facts": (self.facts.history[page.version].markets if page.version
                      else self.facts.markets),
        }

    def checker_data(self, page: PageRef, fmt: str) -> MdSafe:
        """The checker page's data block: its market's rules and words (``render.checker``)."""
        facts = self.facts.markets[page.market or ""]
        place = _unescape_md(str(self.place(facts.hub.address)))
        return checker_data(facts, self.facts.history, page, fmt, self.translations,
                            self.plain, place)

    def structured_data(self, page: PageRef) -> str | None:
        """The return policy as JSON-LD for the page's head (``schema_org``): a market's own
        pages carry its policy, the home page every market's; other pages none."""
        if page.kind == "home":
            key = None
        elif page.kind in STRUCTURED_KINDS and page.market:
            key = page.market.upper()
        else:
            return None
        if key not in self.jsonld:
            codes = None if key is None else market_group(self.facts, key)
            self.jsonld[key] = script_json(organization(self.facts, codes))
        return self.jsonld[key]

    def _with_fallback_notice(self, body: str, languages: list[str]) -> str:
        """Say, in the reader's language, that some text is shown in another one
        (``languages``: the merchant's default, English for untranslated template text)."""
        names = [self.language_name(locale) for locale in dict.fromkeys(languages)]
        notice = self.env.get_template("partials/fallback_notice.j2").render(
            **self.gettext, language=format_list(names, locale=babel_locale(self.locale)))
        heading, _, rest = body.partition("\n")
        return f"{heading}\n\n{notice.strip()}\n{rest}"

    @cached_property
    def titles(self) -> dict[PageRef, str]:
        return {}

    @cached_property
    def structured(self) -> dict[str, str]:
        """Each rendered page's JSON-LD, by page source."""
        return {}

    @cached_property
    def bare(self) -> dict[str, str]:
        """With a memo (the preview): each page with JSON-LD as it would be without it."""
        return {}

    @cached_property
    def jsonld(self) -> dict[str | None, str]:
        """JSON-LD text by market (None: all markets), the same on all its pages."""
        return {}

    def title(self, page: PageRef) -> str:
        """Plain page title for navigation and <title> (rendered once per page)."""
        if page not in self.titles:
            self.titles[page] = self._remember(("title", page), lambda: self._title(page))
        return self.titles[page]

    def _title(self, page: PageRef) -> str:
        template = self.env.get_template("partials/titles.j2")
        module: Any = template.make_module(self.globals_for(page))  # macros as attributes
        return _unescape_md(str(module.title(page.kind, page.market)).strip())

    def body(self, page: PageRef) -> str:
        """The page's Markdown after its front matter (with the fallback notice if any)."""
        template = self.env.get_template(page.page_kind.template)
        variables = self.globals_for(page)
        before, english = len(self.fallbacks), self.untranslated.count

        def render() -> str:
            body = template.render(variables)
            shown = ([self.facts.default_locale] if len(self.fallbacks) > before else []) + (
                [SOURCE_LOCALE] if self.untranslated.count > english else [])
            return self._with_fallback_notice(body, shown) if shown else body

        text: str = self._remember(("page", page), render)
        return text

    def render(self, page: PageRef) -> str:
        body = self.body(page)
        site = self.facts.site
        alts = [alt.locale for alt in alternates(page, self.all_pages, site.locales)]
        x_default = site.default_locale if site.default_locale in alts else alts[0]
        # The theme builds the hreflang links and the language selector from these few values
        # and the languages in mkdocs.yml's ``extra`` (a list of full links per page made
        # emitting front matter cost more than rendering the page).
        meta: FrontMatter = {
            "title": self.title(page),
            "canonical": site.base_url + page.site_path(),
            "x_default": f"{site.base_url}{x_default}/{page.url}",
            "path": page.url,
            "up": "../" * page.site_path().count("/"),
            "locales": alts,
        }
        if not page.page_kind.in_search:  # e.g. texts for marketers
            meta["search"] = {"exclude": True}
        if not page.page_kind.in_sitemap:  # for staff: no search engine lists it
            meta["robots"] = "noindex"
        jsonld = self.structured_data(page)
        if jsonld:
            self.structured[page.source] = jsonld
            if self.memo is not None:
                self.bare[page.source] = f"---\n{front_matter(meta)}---\n\n{body}"
            meta["jsonld"] = jsonld
        front = front_matter(meta)
        return f"---\n{front}---\n\n{body}"


FrontMatter = dict[str, "str | bool | list[str] | FrontMatter"]


def front_matter(meta: FrontMatter) -> str:
    """YAML for a page's front matter, keys sorted, through libyaml's emitter.

    The values are strings, booleans, lists of strings and mappings of these, so the nodes are
    built directly instead of through PyYAML's representer (slow, and this runs for every page);
    the serializer still quotes every string that would otherwise read back as something else.
    """

    def node(value: str | bool | list[str] | FrontMatter) -> yaml.Node:
        if isinstance(value, bool):
            return yaml.ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false")
        if isinstance(value, str):
            return yaml.ScalarNode("tag:yaml.org,2002:str", value)
        if isinstance(value, list):
            return yaml.SequenceNode("tag:yaml.org,2002:seq", [node(item) for item in value])
        return yaml.MappingNode("tag:yaml.org,2002:map",
                                [(node(key), node(item)) for key, item in sorted(value.items())])

    return yaml.serialize(node(meta), Dumper=SafeDumper, allow_unicode=True, width=1 << 30)


def money(value: Money, locale: str) -> MdSafe:
    """An amount in its currency, formatted for the reader's locale."""
    return formatting.money(value.amount, value.currency, locale)


def anchor(slug: str) -> MdSafe:
    """A heading id from a validated slug (ASCII letters, digits, hyphens)."""
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug, re.ASCII):
        raise ValueError(f"not a slug: {slug!r}")
    return MdSafe(slug)


_BACKTICKS = re.compile(r"`+")


def code_block(text: str) -> MdSafe:
    """A fenced code block showing ``text`` literally (fence longer than any backtick run)."""
    run = max((len(match) for match in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, run + 1)
    return MdSafe(f"{fence}text\n{text}\n{fence}")


def _unescape_md(text: str) -> str:
    import html

    return html.unescape(text)


@dataclass
class RenderedLocale:
    """One locale's Markdown files and nav titles (by source path), and what it took."""

    files: dict[str, str]
    titles: dict[str, str]
    fallbacks: list[tuple[str, str]]
    kits: list[Kit]
    """The caption kits its captions pages showed, for the linter to judge the same texts."""
    structured: dict[str, str] = field(default_factory=dict)
    """Each page's JSON-LD, by source."""
    bare: dict[str, str] = field(default_factory=dict)
    """With a memo: the pages with JSON-LD as they would be without it (``serve`` builds a
    locale whose pages changed only there by replacing it in the published pages)."""


def render_locale_pages(facts: SiteFacts, locale: str, templates_dir: Path,
                        translations: Translations, kinds: frozenset[str] | None = None,
                        memo: RenderMemo | None = None) -> RenderedLocale:
    """Render every page of one locale (``kinds``: only the pages of these kinds; ``memo``:
    the preview's earlier renders, reused where their markets did not change)."""
    env = make_environment(str(templates_dir))
    pages = sorted(p for p in facts.pages if p.locale == locale
                   and (kinds is None or p.kind in kinds))
    untranslated = Untranslated()
    # Messages its catalog lacks show in English, with the notice. On a copy: the caller's
    # catalog keeps no counter (wrappers that only delegate are left alone, uncounted).
    if locale != SOURCE_LOCALE and isinstance(translations, NullTranslations):
        translations = copy.copy(translations)
        translations.add_fallback(untranslated)
    renderer = LocaleRenderer(facts, locale, env, translations, pages, set(facts.pages), [],
                              untranslated=untranslated,
                              elsewhere=frozenset(PAGE_KINDS).difference(kinds or PAGE_KINDS),
                              memo=memo)
    files = {page.source: renderer.render(page) for page in pages}
    titles = {page.source: renderer.title(page) for page in pages}
    kits = [renderer.kits[code] for code in sorted(renderer.kits)]
    return RenderedLocale(files, titles, renderer.fallbacks, kits, renderer.structured,
                          renderer.bare)
