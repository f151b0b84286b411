"""The site name is stored as plain text and escaped once, by the theme (issue 13, point 14)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from generator.site.build import build_site
from generator.site.mkdocs_project import locale_config
from tests.conftest import edit, facts_of
from tests.sites import small_project

HOSTILE = 'Maru & "Mori" <script>alert(1)</script> Returns'


def test_mkdocs_yml_stores_the_site_name_as_written(project: Path) -> None:
    facts = facts_of(project)
    assert facts.site.name == "Maru & Mori Returns"
    config = locale_config(facts.site, "en", [])
    assert config["site_name"] == "Maru & Mori Returns"


def _site_name_spots(page: str) -> list[str]:
    """Every place the header, the drawer and the tab show the site name, as written."""
    logo = re.findall(r'<a [^>]*class="md-(?:header|nav)__button md-logo"[^>]*>', page)
    assert len(logo) == 2, logo
    spots = [value for tag in logo for value in re.findall(r'(?:title|aria-label)="([^"]*)"',
                                                           tag)]
    spots += re.findall(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*'
                        r"(.*?)\s*</span>", page, re.S)
    spots += re.findall(r'<label class="md-nav__title" for="__drawer">.*?</a>\s*(.*?)\s*'
                        r"</label>", page, re.S)
    spots += [title.rsplit(" - ", 1)[-1] for title in re.findall(r"<title>(.*?)</title>", page)]
    assert len(spots) == 7, spots
    return spots


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example's site name, and a hostile one, each built in one locale."""
    plain = small_project(tmp_path_factory.mktemp("plain") / "shop", markets=("de",),
                          locales="[en, de]")
    build_site(plain, jobs=1)
    hostile = small_project(tmp_path_factory.mktemp("hostile") / "shop", markets=("de",),
                            locales="[en, de]")
    edit(hostile, "site_config.yml", "name: Maru & Mori Returns",
         "name: " + yaml.safe_dump(HOSTILE).strip().removesuffix("\n..."))
    build_site(hostile, jobs=1)
    return plain, hostile


@pytest.mark.slow  # builds two sites
def test_the_site_name_is_escaped_exactly_once(built: tuple[Path, Path]) -> None:
    plain, _ = built
    page = (plain / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'title="Maru &amp; Mori Returns"' in page
    assert "&amp;amp;" not in page
    assert _site_name_spots(page) == ["Maru &amp; Mori Returns"] * 7
    config = (plain / ".policysite" / "build" / "en" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Maru & Mori Returns\n" in config


@pytest.mark.slow  # builds two sites
def test_a_site_name_with_markup_stays_text(built: tuple[Path, Path]) -> None:
    _, hostile = built
    for page in sorted((hostile / "site" / "en").rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, page
        assert "&amp;lt;" not in text and "&amp;amp;" not in text, page
    page = (hostile / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert [html.unescape(spot) for spot in _site_name_spots(page)] == [HOSTILE] * 7
