"""Write one plain MkDocs project per locale: Markdown files plus a ``mkdocs.yml``.

Configs are built as dicts and written with ``yaml.safe_dump`` (MkDocs reads them with an unsafe
loader, so they are never string-templated), then read back and compared. Projects share a
``base.yml`` through ``INHERIT`` and need no plugin beyond MkDocs' own search, so other engines
that read ``mkdocs.yml`` can build them too.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

try:  # libyaml: the same safe emitter, much faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

from generator.facts.pages import PAGE_KINDS, PageRef
from generator.facts.site import SiteFacts
from generator.i18n.cldr_fixes import country_name
from generator.i18n.locales import babel_locale, locale_info
from generator.model.site import SiteSettings
from generator.site.palette import palette_css

MARKDOWN_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",  # only our own { #id } anchors: data escapes "{"
    "md_in_html",
    "tables",
    {"toc": {"permalink": False}},
    "pymdownx.superfences",
]

# From templates/assets, shared by all locales; policysite.js also by the root page,
# policysite-captions.js recounts caption texts on the captions and kit pages and filters the
# kit page (a no-op elsewhere);
# policysite-checker.js answers on the checker pages (a no-op elsewhere). Loaded on every page
# like the others: Zensical rewrites a page's own <script src> as a link from its Markdown file
# (one level off) and publishes only the theme files the configuration names.
THEME_ASSETS = ("policysite.js", "policysite-captions.js", "policysite-checker.js")

THEME_FEATURES = [
    "content.code.copy",
    "navigation.prune",
    "navigation.top",
    "search.highlight",
]


def base_config() -> dict[str, Any]:
    """Settings shared by every locale's project."""
    return {
        "theme": {
            "name": "material",
            "custom_dir": "../overrides",  # relative to each locale's mkdocs.yml
            "font": False,  # no Google Fonts: privacy, speed, offline
            "features": THEME_FEATURES,
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
            "icon": {"alternate": "material/translate"},
        },
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        # policysite-palette.css and policysite.js are theme files (write_base), shared by all
        # locales; the others are copied into each locale's docs.
        "extra_css": ["assets/policysite-theme.css", "assets/policysite-palette.css",
                      "assets/policysite.css"],
        "extra_javascript": ["assets/policysite.js", "assets/policysite-captions.js",
                             "assets/policysite-checker.js"],
        "use_directory_urls": True,
        "strict": True,
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
            "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
            "links": {"not_found": "warn", "absolute_links": "warn",
                      "unrecognized_links": "warn", "anchors": "warn"},
        },
        "extra": {"generator": False},
    }


def locale_config(site: SiteSettings, locale: str, nav: list[Any]) -> dict[str, Any]:
    """One locale's settings.

    Nav titles are HTML-escaped: themes print them raw. The site name is stored as written:
    Material escapes it in some places and not in others, so our overrides (main.html,
    partials/header.html, partials/nav.html) escape it once wherever it is shown.
    """
    info = locale_info(locale)
    languages = {other: {"lang": locale_info(other).bcp47,
                         "name": babel_locale(other).get_display_name(babel_locale(other))}
                 for other in site.locales}
    alternate = [{"name": language["name"], "link": f"/{other}/", "lang": language["lang"]}
                 for other, language in languages.items()]
    return {
        "INHERIT": "../base.yml",
        "site_name": site.name,
        "site_url": f"{site.base_url}{locale}/",
        "docs_dir": "docs",
        "theme": {"language": info.material},
        "plugins": [{"search": {"lang": [info.search]}}],
        "nav": nav,
        "not_in_nav": not_in_nav(),
        # Page front matter names the locales a page exists in; the theme turns them into
        # hreflang links and the language selector with these names and tags.
        "extra": {"alternate": alternate, "locale": locale, "site_root": site.base_url,
                  "languages": languages},
    }


def build_nav(pages: list[PageRef], titles: dict[str, str], market_names: dict[str, str]
              ) -> list[Any]:
    """Home, one link per market (sorted by name) to its policy, then the history page.

    A market's other pages are linked from the row at the top of each of its pages and listed
    in ``not_in_nav``: every page embeds the whole navigation, so sections of five pages per
    market made the HTML (and MkDocs' time) grow with the square of the market count.
    """
    nav: list[Any] = []
    home = next(p for p in pages if p.kind == "home")
    nav.append({html.escape(titles[home.source]): home.source})
    policies = [p for p in pages if p.kind == "policy"]
    for page in sorted(policies, key=lambda p: (market_names[p.market or ""], p.market)):
        nav.append({html.escape(market_names[page.market or ""]): page.source})
    history = next(p for p in pages if p.kind == "history")
    nav.append({html.escape(titles[history.source]): history.source})
    return nav


def selection_nav(pages: list[PageRef], titles: dict[str, str]) -> list[Any]:
    """The nav of a build of some page kinds only (the kit): its site-wide pages, in reading
    order; the rest is reached from them, as in the whole site."""
    order = list(PAGE_KINDS)
    shown = sorted((p for p in pages if not p.page_kind.per_market),
                   key=lambda p: order.index(p.kind))
    return [{html.escape(titles[page.source]): page.source} for page in shown]


def _not_in_nav_files() -> list[str]:
    return [kind.file.format(code="*", version="*") for kind in PAGE_KINDS.values()
            if not kind.in_nav]


def not_in_nav() -> str:
    """gitignore-style patterns of the pages deliberately left out of the nav (a market's
    pages but its policy, and site pages for staff such as the caption kit)."""
    return "\n".join(f"/{path}" for path in _not_in_nav_files()) + "\n"


_DUMPED: dict[str, str] = {}
"""YAML made in this process, by the ``repr`` of its data (``serve`` writes each locale's
mkdocs.yml again on every edit, most often the same)."""


def dump_yaml(data: dict[str, Any]) -> str:
    """Deterministic YAML via the safe emitter, verified by reading it back."""
    key = repr(data)  # types and order included: the same repr dumps the same
    text = _DUMPED.get(key)
    if text is not None:
        return text
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1000)
    if yaml.safe_load(text) != data:  # pragma: no cover - would be a PyYAML bug
        raise AssertionError("generated YAML does not round-trip")
    if len(_DUMPED) >= 64:  # a long preview: forget the oldest
        del _DUMPED[next(iter(_DUMPED))]
    _DUMPED[key] = text
    return text


def _remove_others(root: Path, kept: set[str]) -> None:
    """Remove what a locale's earlier project had that this one has not (a page or a folder
    gone); the files kept are compared and rewritten by ``write_file``."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*"), reverse=True):  # files before their folders
        relative = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(name.startswith(relative + "/") for name in kept):
                shutil.rmtree(path)
        elif relative not in kept:
            path.unlink()


def write_file(root: Path, relative: str, content: str | bytes, unless_same: bool = False
               ) -> None:
    """Write inside ``root`` only; ids are validated slugs but we check anyway.
    ``unless_same``: leave a file that already holds ``content`` alone (``serve`` rewrites a
    locale's project on every edit, most of its pages unchanged)."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise AssertionError(f"refusing to write outside {root}: {relative}")
    target = root.joinpath(*parts)
    if not target.parent.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
    if unless_same:
        data = content if isinstance(content, bytes) else content.encode()
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return
        except OSError:
            pass
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8", newline="\n")


def write_base(work: Path, facts: SiteFacts, templates_dir: Path) -> None:
    """The shared config and theme overrides.

    MkDocs copies a theme's static files into every locale's output, so the script and the
    readable brand colours are written once here instead of into each locale's docs.
    """
    write_file(work, "base.yml", dump_yaml(base_config()))
    overrides = work / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(templates_dir / "overrides", overrides)
    for name in THEME_ASSETS:
        write_file(overrides, f"assets/{name}", (templates_dir / "assets" / name).read_bytes())
    theme = facts.site.theme
    write_file(overrides, "assets/policysite-palette.css", palette_css(theme.primary, theme.accent))


def write_locale_project(work: Path, facts: SiteFacts, locale: str, files: dict[str, str],
                         titles: dict[str, str], assets: dict[str, bytes],
                         kinds: frozenset[str] | None = None) -> Path:
    """Write one locale's docs and config; returns the config path. ``kinds``: only these
    page kinds are built (the kit alone), with no search when none of them is searched."""
    root = work / locale
    docs = root / "docs"
    wanted: dict[str, str | bytes] = {**files, **assets}
    _remove_others(root, {f"docs/{relative}" for relative in wanted} | {"mkdocs.yml"})
    for relative in sorted(wanted):
        write_file(docs, relative, wanted[relative], unless_same=True)
    pages = sorted(page for page in facts.pages if page.locale == locale
                   and (kinds is None or page.kind in kinds))
    if kinds is None:
        names = {code: country_name(code, locale) for code in facts.markets}
        config = locale_config(facts.site, locale, build_nav(pages, titles, names))
    else:
        config = locale_config(facts.site, locale, selection_nav(pages, titles))
        config["extra"]["robots"] = "noindex"  # every page, 404 included: never the site's
        home = next((p for p in pages if not p.page_kind.per_market), None)
        if home is not None:  # the locale's home page is not built: the logo and the 404
            config["extra"]["homepage"] = home.url  # page's language selector lead here
            for language in config["extra"]["alternate"]:
                language["link"] += home.url
        if not any(page.page_kind.in_search for page in pages):
            config["plugins"] = []  # an empty index and a search box that finds nothing
    # Nav entries point at "xx/..": rewrite section index pages to their source paths.
    write_file(root, "mkdocs.yml", dump_yaml(config))
    return root / "mkdocs.yml"

