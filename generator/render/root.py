"""The site root: the language picker, one sitemap for every page, and robots.txt.

These live outside the per-locale MkDocs projects, so they are rendered here (as HTML with
autoescape: every value is ours or validated, and escaped anyway).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.facts.pages import PageRef
from generator.facts.site import SiteFacts
from generator.i18n.locales import babel_locale, locale_info

ROOT_ASSETS = ("root.css", "policysite.js")


def root_files(facts: SiteFacts, templates: Path, kit_only: bool = False
               ) -> dict[str, bytes]:
    """The language picker, sitemap and robots.txt at the site root.

    ``kit_only``: the root of the marketer kit alone (``build --kit-only``): the picker links
    each language's kit page and is noindex; no sitemap, and robots.txt turns every crawler away.
    """
    env = Environment(loader=FileSystemLoader(str(templates / "root")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    site = facts.site
    languages = [
        {"id": locale, "lang": locale_info(locale).bcp47, "dir": locale_info(locale).direction,
         "name": babel_locale(locale).get_display_name(babel_locale(locale))}
        for locale in site.locales
    ]
    index = env.get_template("index.html.j2").render(
        site_name=site.name, base_url=site.base_url, languages=languages,
        default_lang=locale_info(site.default_locale).bcp47,
        home=PageRef(site.default_locale, "kit").url if kit_only else "")
    if kit_only:
        files = {"index.html": index.encode(), "robots.txt": b"User-agent: *\nDisallow: /\n"}
    else:
        files = {"index.html": index.encode(), "sitemap.xml": sitemap(facts).encode(),
                 "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {site.base_url}sitemap.xml\n"
                 .encode()}
    for name in ROOT_ASSETS:
        files[f"assets/{name}"] = (templates / "assets" / name).read_bytes()
    return files


def sitemap(facts: SiteFacts) -> str:
    """Every page listed for search engines, with its hreflang alternates (one sitemap)."""
    pages = sorted(page for page in facts.pages if page.page_kind.in_sitemap)
    base = facts.site.base_url
    groups: dict[tuple[str, str | None], list[PageRef]] = {}
    for page in pages:
        groups.setdefault((page.kind, page.market), []).append(page)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
             f"  <url><loc>{xml_escape(base)}</loc></url>"]
    for page in pages:
        lines.append(f"  <url><loc>{xml_escape(base + page.site_path())}</loc>")
        for alt in groups[(page.kind, page.market)]:
            lang = locale_info(alt.locale).bcp47
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}"'
                         f' href="{xml_escape(base + alt.site_path())}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
