"""A locale whose pages changed only in their JSON-LD, made from its published pages.

Every locale's home page carries every market's return policy as JSON-LD, so an edit in one
market changes a page in every locale; in most locales nothing else. For such a locale
``serve`` does not run MkDocs again: it links the published locale's files into a new folder
and writes the changed pages anew (never through a link) with the old JSON-LD replaced by the
new. That is the page MkDocs would write, because the theme prints the JSON-LD as it is, in
one place, and nothing else in a locale (search index, sitemap, other pages) reads it:

- the project without its JSON-LD (every page, the configuration, the theme) is the same as
  the published build's (the caller compares fingerprints);
- the theme's page template was seen to print it verbatim once (``warm_mkdocs`` checks this
  against a whole render, by template, the first time a page has JSON-LD);
- each changed page holds the old JSON-LD exactly once.

Otherwise the caller builds the locale with MkDocs, as any other. ``tests/test_serve_warm.py``
compares the result with a cold build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.site.engines import LocaleBuild
from generator.site.html_scan import check_scans, scan_page


def patch_structured_data(published: Path, out: Path, build: LocaleBuild,
                          old: dict[str, str], new: dict[str, str]) -> LocaleBuild | None:
    """The locale in ``published`` (built as ``build`` says, from pages with the ``old``
    JSON-LD by source) with the ``new`` JSON-LD, in ``out``; None where that cannot be sure
    to be the page MkDocs would write."""
    if set(old) != set(new):
        return None
    pages: dict[str, str] = {}
    for source, jsonld in new.items():
        if old[source] == jsonld:
            continue
        page = build.pages.get(source)
        if page is None:
            return None
        try:
            text = (published / page).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        if text.count(old[source]) != 1:
            return None
        pages[page] = text.replace(old[source], jsonld)
    try:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(published, out, copy_function=os.link)
        for page, text in pages.items():
            (out / page).unlink()  # a link to the published file: replaced, not written to
            (out / page).write_bytes(text.encode("utf-8", errors="xmlcharrefreplace"))
    except OSError:
        shutil.rmtree(out, ignore_errors=True)
        return None
    # The JSON-LD is a script's text: the changed pages' links are the published ones.
    locale = out.name
    scans = {f"{locale}/{page}": scan_page(text) for page, text in pages.items()}
    problems, _ = check_scans(out.parent, scans, within=locale, files=build.files)
    return LocaleBuild(build.locale, True, 0.0, problems=problems,
                       outside_links=build.outside_links, files=build.files, pages=build.pages,
                       patched=True)
