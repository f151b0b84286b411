"""``policysite build --kit-only``: the marketer kit alone, for teams who host it elsewhere.

The kit (each locale's kit page and the captions pages) goes to ``site-kit/``: nothing of the
customer site, every page noindex, no sitemap entry, links that resolve (customer pages at the
site's public address), a no-op rebuild; the customer site and its folder are never touched.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from babel.support import Translations
from click.testing import CliRunner

from generator.commands.cli import cli
from generator.facts.pages import KIT_KINDS, PageRef
from generator.layout import templates_dir_for
from generator.render.markdown import render_locale_pages
from generator.render.root import root_files
from generator.site.build import build_site
from generator.site.request import BuildRequest
from generator.site.state import built_versions, state_path, write_state
from tests.conftest import facts_of
from tests.sites import small_project, tree_hashes

NOINDEX = '<meta name="robots" content="noindex">'
_HREF = re.compile(r'\s(?:href|src)="([^"]*)"')


def _kit_pages(root: Path) -> list[PageRef]:
    return sorted(p for p in facts_of(root).pages if p.kind in KIT_KINDS)


def _target(site: Path, page: Path, href: str) -> Path:
    """The file a link of ``page`` leads to (``/…``: from the root of ``site``, as 404 pages
    link)."""
    path = unquote(urlsplit(href).path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built twice: its customer site, then its kit alone."""
    root = small_project(tmp_path_factory.mktemp("kit") / "shop", ("de", "sa"), "[en, de, ar]")
    build_site(root, jobs=2)
    result = build_site(root, jobs=2, kit_only=True)
    assert result.pages == len(_kit_pages(root))
    return root


@pytest.mark.slow
def test_the_kit_holds_every_locales_kit_and_captions_pages_and_nothing_else(kit: Path) -> None:
    out = kit / "site-kit"
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    expected = {f"{page.site_path()}index.html" for page in _kit_pages(kit)}
    assert {"en/kit/index.html", "de/kit/index.html", "ar/kit/index.html",
            "de/de/captions/index.html", "ar/sa/captions/index.html"} <= expected
    locales_404 = {f"{locale}/404.html" for locale in ("en", "de", "ar")}
    assert pages == expected | locales_404 | {"index.html"}
    assert not (out / "en" / "de" / "faq").exists() and not (out / "de" / "index.html").exists()


@pytest.mark.slow
def test_every_kit_page_is_noindex_and_no_sitemap_lists_one(kit: Path) -> None:
    out = kit / "site-kit"
    for page in sorted(out.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert html.count(NOINDEX) == 1, page
        assert 'http-equiv="Content-Security-Policy"' in html, page  # CSP still applied
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
    assert not (out / "sitemap.xml").exists()
    for locale_map in out.glob("*/sitemap.xml"):
        assert "<url>" not in locale_map.read_text(encoding="utf-8")
    assert not list(out.glob("*/search/search_index.json"))  # no search of pages it leaves out


@pytest.mark.slow
def test_links_between_kit_pages_resolve_and_customer_pages_are_at_the_sites_address(
        kit: Path) -> None:
    out = kit / "site-kit"
    facts = facts_of(kit)
    customer = {facts.site.base_url + p.site_path() for p in facts.pages
                if p.kind not in KIT_KINDS}
    outside = set()
    for page in sorted(out.rglob("*.html")):
        for href in _HREF.findall(page.read_text(encoding="utf-8")):
            if href.startswith("https:"):
                outside.add(href)
            elif not href.startswith(("#", "mailto:", "tel:", "data:")):
                assert _target(out, page, href).is_file(), (page, href)
    policies = {href for href in outside if href in customer}
    assert f"{facts.site.base_url}de/de/faq/" in policies  # the captions page's market row
    # The root picker leads to each language's kit page.
    root_links = _HREF.findall((out / "index.html").read_text(encoding="utf-8"))
    assert {"en/kit/", "de/kit/", "ar/kit/"} <= set(root_links)


@pytest.mark.slow
def test_a_kit_rebuild_is_a_no_op_and_the_customer_site_loses_nothing(kit: Path) -> None:
    site, out = kit / "site", kit / "site-kit"
    before_site, before_kit = tree_hashes(site), tree_hashes(out)
    assert "de/kit/index.html" in before_site and "de/de/faq/index.html" in before_site
    again = build_site(kit, jobs=2, kit_only=True)
    assert again.up_to_date and tree_hashes(out) == before_kit
    assert build_site(kit, jobs=2).up_to_date  # the site's own state is its own
    assert tree_hashes(site) == before_site
    # The customer site's kit page is the one the site always had (its links stay relative).
    site_page = (site / "de" / "de" / "captions" / "index.html").read_text(encoding="utf-8")
    assert 'href="../faq/"' in site_page and 'href="../faq/"' not in (
        out / "de" / "de" / "captions" / "index.html").read_text(encoding="utf-8")


def test_the_kit_renders_only_its_pages_and_links_customer_pages_at_their_address(
        project: Path) -> None:
    facts = facts_of(project)
    rendered = render_locale_pages(facts, "de", templates_dir_for(project), Translations(),
                                   KIT_KINDS)
    assert sorted(rendered.files) == ["de/captions.md", "kit.md"]
    captions = rendered.files["de/captions.md"]
    assert f"]({facts.site.base_url}de/de/faq/)" in captions
    assert "](../kit.md)" in captions  # kit pages link each other as before
    whole = render_locale_pages(facts, "de", templates_dir_for(project), Translations())
    assert "](faq.md)" in whole.files["de/captions.md"]


def test_the_kits_root_turns_crawlers_away_and_picks_a_language_for_its_kit(
        project: Path) -> None:
    facts = facts_of(project)
    files = root_files(facts, templates_dir_for(project), kit_only=True)
    assert "sitemap.xml" not in files
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n"
    index = files["index.html"].decode()
    assert NOINDEX in index and 'rel="canonical"' not in index
    assert 'href="de/kit/"' in index and 'href="de/"' not in index
    site = root_files(facts, templates_dir_for(project))
    assert b"Sitemap:" in site["robots.txt"] and NOINDEX.encode() not in site["index.html"]


def test_a_kit_request_defaults_to_site_kit_and_is_its_own_output(tmp_path: Path) -> None:
    kit_request = BuildRequest.for_project(tmp_path, kit_only=True)
    site_request = BuildRequest.for_project(tmp_path)
    assert kit_request.site_dir == tmp_path.resolve() / "site-kit"
    assert site_request.site_dir == tmp_path.resolve() / "site"
    assert kit_request.output_options() != site_request.output_options()


def test_the_kit_never_replaces_the_customer_site(project: Path) -> None:
    runner = CliRunner()
    into_site = runner.invoke(cli, ["build", "--kit-only", "-f", str(project), "-d",
                                    str(project / "site")])
    assert into_site.exit_code == 2, into_site.output
    assert "--kit-only would replace the customer site" in into_site.output
    assert "Traceback" not in into_site.output and not (project / "site").exists()
    # A folder a whole site was built into, whatever its name.
    public = project / "public"
    public.mkdir()
    write_state(state_path(project.resolve(), public.resolve()), {"inputs": "x", "locales": {}})
    into_public = runner.invoke(cli, ["build", "--kit-only", "-f", str(project), "-d",
                                      str(public)])
    assert into_public.exit_code == 2, into_public.output
    assert "choose another folder with -d" in into_public.output
    assert list(public.iterdir()) == []


def test_build_help_names_the_kit_option() -> None:
    shown = CliRunner().invoke(cli, ["build", "--help"])
    assert shown.exit_code == 0 and "--kit-only" in shown.output
    assert "site-kit/" in shown.output


def test_a_kit_build_publishes_no_policy_version(project: Path) -> None:
    """``check`` warns about a version in force that no build published: the kit shows none."""
    write_state(state_path(project, project / "site-kit"),
                {"kit_only": True, "policy_version": "2026.1"})
    assert built_versions(project) is None  # only the kit was built: no site to be stale
    write_state(state_path(project, project / "site"), {"policy_version": "2025.2"})
    assert built_versions(project) == {"2025.2"}
