"""The post-build allowlist scan: what it rejects, on well-formed and malformed markup alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.errors import PolicySiteError
from generator.site.build import build_site
from generator.site.html_scan import (
    _RAW_TEXT,
    PageScan,
    _Scanner,
    check_outside_links,
    check_scans,
    scan_site,
    scan_tree,
)
from generator.site.html_tokens import TAG
from tests.sites import small_project, tree_hashes

REPO = Path(__file__).resolve().parent.parent


def findings(page: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(page)
    return [finding.message for finding in scanner.findings]


@pytest.mark.parametrize(("page", "expected"), [
    ('<a href="#" onclick="alert(1)">x</a>', "event handler attribute onclick on <a>"),
    ('<a href="#"ONCLICK="alert(1)">x</a>', "event handler attribute onclick on <a>"),
    ("<svg><path d='M0' onload=alert(1)></path></svg>", "event handler attribute onload"),
    ('<a href="javascript:alert(1)">x</a>', "uses scheme javascript:"),
    ('<a href="jav&#97;script:alert(1)">x</a>', "uses scheme javascript:"),
    ('<a href=" java\tscript:alert(1)">x</a>', "uses scheme javascript:"),
    ('<img src="data:image/svg+xml,<svg/>">', "uses scheme data:"),
    ('<script src="https://cdn.example.com/x.js"></script>', "script not from the theme"),
    ("<script>alert(1)</script>", "inline script not from the theme"),
    ('<iframe src="page.html"></iframe>', "<iframe> is not allowed"),
    ('<meta http-equiv="Refresh" content="0; url=x">', "meta refresh is not allowed"),
    ('<form action="https://example.com/"></form>', "<form> with a submission target"),
    ('<link rel="stylesheet" href="//evil.example/x.css">', "protocol-relative URL"),
    ('<!-- <a href="x"> --><div class="one">a</div><b id=x onmouseover=y>', "onmouseover"),
    ('<p title="a > b">x</p><i class="x" style="y" onfocus="z">', "onfocus"),
])
def test_each_forbidden_construct_is_reported(page: str, expected: str) -> None:
    found = findings(page)
    assert any(expected in message for message in found), found


def test_theme_scripts_and_json_blocks_are_allowed() -> None:
    page = ('<script src="../assets/javascripts/bundle.1a2b3c.min.js"></script>'
            '<script id="__config" type="application/json">{"a": "<b>"}</script>'
            '<script>__md_scope=new URL("..",location)</script>'
            '<a href="mailto:a@example.com">m</a><a href="https://example.com/">w</a>')
    assert findings(page) == []


def test_markup_inside_script_text_is_not_read_as_tags() -> None:
    page = '<script id="__config" type="application/json">"<a onclick=x>"</script><p>ok</p>'
    assert findings(page) == []


def test_internal_links_and_anchors_are_resolved(tmp_path: Path) -> None:
    (tmp_path / "en" / "faq").mkdir(parents=True)
    (tmp_path / "en" / "index.html").write_text(
        '<html><head></head><body><h2 id="top">t</h2>'
        '<a href="faq/">ok</a><a href="faq/#top">gone</a><a href="nowhere/">broken</a>'
        '<a href="../../x/">out</a><a href="/en/">root</a></body></html>', encoding="utf-8")
    (tmp_path / "en" / "faq" / "index.html").write_text(
        '<html><head></head><body><a href="../#top">ok</a></body></html>', encoding="utf-8")
    messages = sorted(p.message for p in scan_site(tmp_path))
    assert messages == sorted([
        "broken link 'nowhere/'", "link '../../x/' leaves the site",
        "link 'faq/#top' points at a missing anchor",
        "root-relative link '/en/' breaks when the site is hosted in a sub-folder"])
    assert all(p.line == 1 for p in scan_site(tmp_path))


def _reference_scan(text: str) -> PageScan:
    """An independent reading of the page: every tag ``TAG`` finds is judged, lines counted
    from the start."""
    scanner = _Scanner()
    position = 0
    while (match := TAG.search(text, position)) is not None:
        position = match.end()
        if match.group(2) is None or match.group(1):
            continue
        tag, raw = match.group(2).lower(), match.group(3) or ""
        content = ""
        if tag in _RAW_TEXT and not raw.rstrip().endswith("/"):
            close = _RAW_TEXT[tag].search(text, position)
            content = text[position:close.start() if close else len(text)]
            position = close.end() if close else len(text)
        scanner.add(tag, raw, text.count("\n", 0, match.start()) + 1, content)
    return PageScan(scanner.findings, scanner.links, scanner.ids)


# Malformed markup that a scanner skipping "boring" tags once let through (issue 13), and
# variants: quotes inside tag names or right after a value, unterminated attributes, slashes,
# tabs and newlines between attributes, upper case, SVG, comments and CDATA.
MALFORMED = [
    ('<div" onclick="</a>', 'event handler attribute onclick on <div">'),  # a browser's name
    ('<div class="x"onclick="y">', "event handler attribute onclick on <div>"),
    ('<b class="x"one>', "event handler attribute one on <b>"),
    ('<div "a>onclick">', "malformed markup in <div>"),  # a browser: attribute "a, no handler
    ("<div x==onclick=y>", "malformed markup in <div>"),  # a browser: x="=onclick=y"
    ("<div =onclick=x>", "malformed markup in <div>"),  # a browser: attribute "=onclick"
    ('<span class="a"href="javascript:x">', "on <span> uses scheme javascript:"),
    ('<i class="a"id="b" title="c"src="data:x">', "on <i> uses scheme data:"),
    ("<a/onclick=alert(1)>", "event handler attribute onclick on <a>"),
    ("<DIV ONCLICK=alert(1)>", "event handler attribute onclick on <div>"),
    ("<div\tclass=a\n\tonclick=alert(1)>", "event handler attribute onclick on <div>"),
    ("<div/\n/onclick=x>", "event handler attribute onclick on <div>"),
    ("<div title='x'onclick=y>", "event handler attribute onclick on <div>"),
    ('<p"><a onclick=x>', "event handler attribute onclick on <a>"),
    ('<div title="x<a onclick=y>', "event handler attribute onclick"),
    ("<svg><script>alert(1)</script></svg>", "inline script not from the theme"),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "uses scheme javascript:"),
    ("<![CDATA[<div onclick=x>]]>", "event handler attribute onclick on <div>"),
    ('<!-- c --><div class="a"onmouseover=x>', "event handler attribute onmouseover"),
    # A quote only delimits a value that starts with it, as in a browser: here it belongs to
    # the value x", and onclick is an attribute (a scanner pairing quotes read it as a value).
    ("<div title=x\" onclick=alert(1)><p class=\"y\">", "event handler attribute onclick"),
    ("<img src=a\"b onerror=alert(1)>", "event handler attribute onerror on <img>"),
]


@pytest.mark.parametrize(("page", "expected"), MALFORMED)
def test_malformed_markup_is_checked_as_every_tag_would_be(page: str, expected: str) -> None:
    found = findings(page)
    assert any(expected in message for message in found), found
    assert found == [f.message for f in _reference_scan(page).findings]


def test_a_tag_inside_a_comment_is_not_a_tag() -> None:
    assert findings("<!--<div onclick=x>-->") == []


_PIECES = st.sampled_from([
    "<div", "<a", "<svg", "<path", "<script", "<style", "<iframe", "<meta", "</a>", "</div",
    "</script>", "<!--", "-->", "<!DOCTYPE html>", ">", " ", "\n", "\t", '"', "'", "=", "/",
    " class=", " id=", " href=", " onclick=", " on", "one", "x", "#top", "javascript:",
    "&#106;avascript:", " data-id=", " http-equiv=refresh", "<", "</", "<!", "x.html",
    "ONCLICK=", "src", "<B", '"x"', "<![CDATA[", "]]>",
])


def _check_against_reference(text: str) -> None:
    scanner = _Scanner()
    scanner.feed(text)
    reference = _reference_scan(text)
    assert [(f.line, f.message) for f in scanner.findings] == [
        (f.line, f.message) for f in reference.findings]
    assert scanner.links == reference.links
    assert scanner.ids == reference.ids


# Derandomized, so that every run (and CI) tries the same inputs, the known cases first; the
# generated ones found the first case above in fewer than 800 tries.
@settings(max_examples=1000, deadline=None, derandomize=True, database=None)
@given(st.lists(_PIECES, max_size=40))
@example(["".join(page for page, _ in MALFORMED)])
@example(['<div', '"', ' onclick=', '"', '</a>'])
@example(['<div', ' class=', '"x"', 'one', '>'])
@example(['<a', '/', 'ONCLICK=', 'x', '>', '<svg', '>', '<script', '>', 'x', '</script>'])
def test_the_scan_finds_what_checking_every_tag_finds(pieces: list[str]) -> None:
    _check_against_reference("".join(pieces))


@pytest.mark.slow  # builds the site
def test_a_page_that_fails_the_scan_is_never_published(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    before = tree_hashes(root / "site")
    shutil.copytree(REPO / "templates", root / "templates")
    page = root / "templates" / "pages" / "contact.md.j2"
    page.write_text(page.read_text(encoding="utf-8")
                    + '\n<iframe src="https://tracker.example/"></iframe>\n', encoding="utf-8")
    with pytest.raises(PolicySiteError) as caught:
        build_site(root, jobs=1)
    messages = [str(p) for p in caught.value.problems]
    assert any("<iframe> is not allowed" in m and "contact/index.html" in m
               for m in messages), messages
    assert tree_hashes(root / "site") == before


def test_a_locale_checks_its_own_links_and_hands_on_the_others(tmp_path: Path) -> None:
    for folder in ("de/faq", "en/faq"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "en" / "faq" / "index.html").write_text("<h1 id=top>x</h1>", encoding="utf-8")
    page = ('<a href="../#gone">a</a><a href="../missing/">b</a><a href="../../en/faq/">c</a>'
            '<a href="../../fr/">d</a>')
    (tmp_path / "de" / "faq" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "de" / "index.html").write_text("<p>home</p>", encoding="utf-8")
    problems, outside = check_scans(tmp_path, scan_tree(tmp_path, "de"), within="de")
    assert sorted(p.message for p in problems) == ["broken link '../missing/'",
                                                   "link '../#gone' points at a missing anchor"]
    assert [link.href for link in outside] == ["../../en/faq/", "../../fr/"]
    assert [str(p) for p in check_outside_links(tmp_path, outside)] == [
        "site/de/faq/index.html:1:1: broken link '../../fr/'"]


def test_problems_name_the_page_and_line(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html>\n<head></head>\n<body onload=x>\n</body>",
                                         encoding="utf-8")
    problems, _ = check_scans(tmp_path, {"index.html": _reference_scan(
        (tmp_path / "index.html").read_text(encoding="utf-8"))})
    assert [str(p) for p in problems] == [
        "site/index.html:3:1: event handler attribute onload on <body>"]
