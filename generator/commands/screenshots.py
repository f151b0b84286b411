"""``policysite preview-screenshots``: see the site as customers do, on a phone, without a phone.

Most customers arrive from TikTok on a phone. A merchant reviewing a translation or a colour
change wants to see the pages at that size, in the languages that look most different: the
default language, a right-to-left one and a CJK one. One PNG per page kind and locale from a
390 x 844 phone viewport (full length by default), of the built site served locally in
headless Chromium.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.commands.browser import launch_chromium, phone_context, sample_pages, serve_site
from generator.errors import UsageError
from generator.facts.site import SiteFacts
from generator.i18n.locales import locale_info

CJK = ("ja", "zh_Hans", "ko")


def default_locales(facts: SiteFacts) -> list[str]:
    """The default locale, then the first right-to-left and the first CJK locale, if any."""
    locales = list(facts.site.locales)
    chosen = [facts.site.default_locale]
    rtl = [loc for loc in locales if locale_info(loc).direction == "rtl"]
    cjk = [loc for loc in locales if loc in CJK]
    for group in (rtl, cjk):
        if group and group[0] not in chosen:
            chosen.append(group[0])
    return chosen


def chosen_locales(facts: SiteFacts, locales: list[str] | None) -> list[str]:
    """``locales`` checked against the site (``UsageError``), or the default choice."""
    if not locales:
        return default_locales(facts)
    unknown = [loc for loc in locales if loc not in facts.site.locales]
    if unknown:
        raise UsageError(f"not a locale of this site: {', '.join(unknown)} "
                         f"(the site has {', '.join(facts.site.locales)})")
    return list(locales)


def take_screenshots(facts: SiteFacts, site_dir: Path, output: Path,
                     locales: list[str] | None = None,
                     progress: Callable[[str], None] | None = None,
                     full_page: bool = True) -> list[Path]:
    """Save ``<locale>-<kind>.png`` for every page kind in ``locales``; returns the files.

    ``full_page`` captures the whole length of each page at phone width; otherwise only what
    the phone shows first (390 x 844).

    Raises ``UsageError`` for a locale the site does not have and ``BrowserUnavailable`` when
    Chromium or Playwright is missing.
    """
    say = progress or (lambda line: None)
    wanted = chosen_locales(facts, locales)
    pages = facts.pages
    output.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with serve_site(site_dir) as base, launch_chromium() as browser:
        for locale in wanted:
            context = phone_context(browser, locale=locale_info(locale).bcp47)
            page = context.new_page()
            targets = {"root": ""} if locale == wanted[0] else {}
            targets.update(sample_pages(pages, locale))
            for kind, path in targets.items():
                page.goto(base + path, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                name = "root.png" if kind == "root" else f"{locale}-{kind}.png"
                file = output / name
                page.screenshot(path=str(file), full_page=full_page)
                saved.append(file)
                say(f"wrote {file}")
            context.close()
    return saved
