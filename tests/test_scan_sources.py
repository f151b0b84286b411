"""A page the allowlist scan rejects is never published, so its problem names what the user can
open: the generated Markdown and the template that made it (issue 13, point 10)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.errors import PolicySiteError, Problem
from generator.facts.pages import PageRef
from generator.site.build import build_site
from generator.site.html_scan import Origins, check_scans, point_at_sources, scan_tree
from tests.sites import small_project

REPO = Path(__file__).resolve().parent.parent
IFRAME = '<iframe src="https://tracker.example/"></iframe>'
CONTACT = PageRef("de", "contact", "de")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Origins:
    """A project whose contact template adds an iframe, built into a stage, site/ unchanged."""
    root = tmp_path / "shop"
    write(root / "templates" / "pages" / "contact.md.j2",
          "# {{ _('Contact us') }}\n\nWrite to us.\n\n" + IFRAME + "\n")
    write(root / "templates" / "root" / "index.html.j2",
          "<!doctype html>\n<title>{{ site_name }}</title>\n<a href=\"fr/\">fr</a>\n")
    write(root / ".policysite" / "build" / "de" / "docs" / "de" / "contact.md",
          "---\ntitle: Kontakt\n---\n\n# Kontakt\n\nSchreiben Sie uns.\n\n" + IFRAME + "\n")
    stage = root / ".policysite-stage-x"
    page = '<html>\n<head></head>\n<body>\n<h1 id="kontakt">Kontakt</h1>\n' + IFRAME + "\n"
    write(stage / "de" / "de" / "contact" / "index.html",
          page + '<a href="../missing/">x</a>\n</body></html>\n')
    write(stage / "de" / "index.html", "<p>home</p>\n")
    write(stage / "index.html", "<!doctype html>\n<title>x</title>\n<a href=\"fr/\">fr</a>\n")
    write(root / "site" / "de" / "index.html", "<p>home</p>\n")
    return Origins(root=root, stage=stage, site_dir=root / "site",
                   work=root / ".policysite" / "build", templates=root / "templates",
                   pages=(CONTACT, PageRef("de", "home")))


def scan_problems(origins: Origins) -> list[Problem]:
    return check_scans(origins.stage, scan_tree(origins.stage))[0]


def test_a_rejected_page_is_named_by_its_markdown_and_template_lines(project: Origins) -> None:
    problems = scan_problems(project)
    assert "site/de/de/contact/index.html:5:1: <iframe> is not allowed" in [
        str(p) for p in problems]  # a page that was never published
    pointed = point_at_sources(problems, project)
    assert ".policysite/build/de/docs/de/contact.md:9:1: <iframe> is not allowed (from " \
           "templates/pages/contact.md.j2:5; the built page de/de/contact/index.html:5 was " \
           "not published)" in [str(p) for p in pointed]
    assert len(pointed) == len(problems)


def test_a_link_found_in_neither_file_names_both_without_a_line(project: Origins) -> None:
    pointed = point_at_sources(scan_problems(project), project)
    link = next(str(p) for p in pointed if "missing" in p.message)
    assert link == (".policysite/build/de/docs/de/contact.md: broken link '../missing/' (from "
                    "templates/pages/contact.md.j2; the built page "
                    "de/de/contact/index.html:6 was not published)")


def test_a_tag_from_the_theme_is_named_by_the_theme_file(project: Origins) -> None:
    script = '<script src="https://cdn.example/x.js"></script>'
    write(project.templates / "overrides" / "main.html",
          '{% extends "base.html" %}\n{% block scripts %}\n  ' + script + "\n{% endblock %}\n")
    page = project.stage / "de" / "de" / "contact" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + script + "\n", encoding="utf-8")
    pointed = point_at_sources(scan_problems(project), project)
    assert ("templates/overrides/main.html:3:3: script not from the theme: "
            "https://cdn.example/x.js (the built page de/de/contact/index.html:8 was not "
            "published)") in [str(p) for p in pointed]


def test_a_root_page_is_named_by_its_template(project: Origins) -> None:
    pointed = point_at_sources(scan_problems(project), project)
    root = next(str(p) for p in pointed if "'fr/'" in p.message)
    assert root == ("templates/root/index.html.j2:3:1: broken link 'fr/' (the built page "
                    "index.html:3 was not published)")


def test_a_page_published_as_it_is_keeps_its_site_path(project: Origins) -> None:
    published = project.site_dir / "de" / "de" / "contact" / "index.html"
    published.parent.mkdir(parents=True)
    shutil.copy(project.stage / "de" / "de" / "contact" / "index.html", published)
    pointed = point_at_sources(scan_problems(project), project)
    assert "site/de/de/contact/index.html:5:1: <iframe> is not allowed" in [
        str(p) for p in pointed]


def test_other_problems_are_left_alone(project: Origins) -> None:
    other = Problem(".policysite/build/de/mkdocs.yml", message="MkDocs: ERROR: x")
    assert point_at_sources([other], project) == [other]


@pytest.mark.slow  # builds the site
def test_a_failed_build_names_the_markdown_and_the_template_line(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    shutil.copytree(REPO / "templates", root / "templates")
    page = root / "templates" / "pages" / "contact.md.j2"
    text = page.read_text(encoding="utf-8") + f"\n{IFRAME}\n"
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index(IFRAME) + 1
    with pytest.raises(PolicySiteError) as caught:
        build_site(root, jobs=1)
    messages = [str(p) for p in caught.value.problems if "iframe" in p.message]
    assert len(messages) == 2, messages  # en and de
    for message, locale in zip(messages, ("de", "en"), strict=True):
        assert message.startswith(f".policysite/build/{locale}/docs/de/contact.md:"), message
        assert (f"(from templates/pages/contact.md.j2:{line}; the built page "
                f"{locale}/de/contact/index.html:") in message, message
