"""Merchant and translator text renders literally: no markup, links, headings or templates."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.escape import MdSafe, escape_translation, md_escape, paragraphs
from generator.render.markdown import SafeDumper, front_matter
from generator.site.build import build_site
from generator.site.mkdocs_project import MARKDOWN_EXTENSIONS
from tests.conftest import edit
from tests.sites import small_project

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "# Heading",
    "Title\n=====",
    "| a | b |",
    "{: onclick=\"alert(1)\" }",
    "![img](https://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    '--8<-- "/etc/passwd"',
    "{{ 7*7 }} {% raw %}",
    "*emphasis* _under_ ~~strike~~ **bold**",
    "&amp; &lt; &#60;",
    "[ref]: https://evil.example",
    "<div markdown=\"1\">*x*",
    "`code` ```fence```",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "    indented code",
    "!!! warning \"fake\"",
    "<!-- comment -->",
    "https://auto.link.example",
    "<https://auto.link.example>",
    "\\*escaped\\*",
    "a|b\\|c",
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text += data


def _render(md_text: str) -> _Text:
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
    configs = {next(iter(e)): next(iter(e.values())) for e in MARKDOWN_EXTENSIONS
               if isinstance(e, dict)}
    out = markdown.markdown(md_text, extensions=extensions, extension_configs=configs)
    parser = _Text()
    parser.feed(out)
    return parser


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_is_one_paragraph_with_the_same_visible_text(text: str) -> None:
    escaped = " ".join(str(p) for p in paragraphs(text))
    parsed = _render(escaped)
    assert parsed.tags == ["p"], (text, parsed.tags)
    assert parsed.attrs == []
    assert parsed.text == " ".join(text.split("\n")).strip() or parsed.text == text.replace(
        "\n", " ")


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_inside_list_items_and_table_cells_stays_literal(text: str) -> None:
    one_line = " ".join(text.split("\n")).strip()  # one-line fields are stripped on load
    source = f"- **Label**: {md_escape(one_line)}\n\n| A | B |\n| --- | --- |\n| x | " \
             f"{md_escape(one_line)} |\n"
    parsed = _render(source)
    assert set(parsed.tags) <= {"ul", "li", "strong", "table", "thead", "tbody", "tr", "th",
                                "td"}, parsed.tags
    assert parsed.text.count(one_line) == 2


def test_translation_placeholders_are_filled_with_escaped_values() -> None:
    template = escape_translation("Return within %(days)s [days](x) 100%%")
    result = template % {"days": "<b>30</b>"}
    parsed = _render(str(result))
    assert parsed.tags == ["p"]
    assert parsed.text == "Return within <b>30</b> [days](x) 100%"
    safe = template % {"days": MdSafe('<bdi dir="ltr">30</bdi>')}
    assert '<bdi dir="ltr">30</bdi>' in str(safe)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = small_project(tmp_path_factory.mktemp("hostile") / "shop", markets=("de",),
                         locales="[en, de]")
    question = "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }}"
    answer = "# Not a heading\n\n| a | b |\n|---|---|\n\n<img src=x onerror=alert(1)>"
    edit(root, "policies/markets/de.yml", "      en: Can I return a gift?",
         f"      en: {question!r}".replace("'", '"'))
    text = (root / "policies/markets/de.yml").read_text(encoding="utf-8")
    start = text.index("    answer:\n      en: ")
    end = text.index("\n      de:", start)
    text = text[:start] + "    answer:\n      en: |-\n" + "".join(
        f"        {line}\n" if line else "\n" for line in answer.split("\n")).rstrip("\n") + \
        text[end:]
    (root / "policies/markets/de.yml").write_text(text, encoding="utf-8")
    edit(root, "site_config.yml", "name: Maru & Mori Returns",
         'name: "Maru & Mori <b>Returns</b>"')
    build_site(root, jobs=1)
    return root / "site"


@pytest.mark.slow  # builds the site
def test_hostile_faq_renders_literally_in_the_built_page(hostile_site: Path) -> None:
    page = (hostile_site / "en" / "de" / "faq" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "javascript:" not in page
    assert "onerror" not in page.replace("onerror=alert(1)&gt;", "").replace(
        "onerror&#61;alert", "")
    assert "{{ 7*7 }}" in html.unescape(page) and ">49<" not in page
    visible = _Text()
    visible.feed(page)
    assert "<script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }}" in visible.text
    assert "# Not a heading" in visible.text
    assert "| a | b |" in visible.text
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, re.S)
    assert not any("Not a heading" in h for h in headings)


@pytest.mark.slow  # builds the site
def test_hostile_site_name_is_shown_literally(hostile_site: Path) -> None:
    page = (hostile_site / "en" / "index.html").read_text(encoding="utf-8")
    assert "<b>Returns</b>" not in page
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert html.unescape(title.group(1)).strip().endswith("Maru & Mori <b>Returns</b>")


_META_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


_META_VALUE = _META_TEXT | st.booleans() | st.lists(_META_TEXT, max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "canonical", "path", "up", "locales"]),
                       _META_VALUE | st.dictionaries(_META_TEXT, _META_VALUE, max_size=3)))
def test_front_matter_reads_back_as_written_and_matches_pyyaml(meta: dict[str, Any]) -> None:
    text = front_matter(meta)
    assert yaml.safe_load(text) == meta
    # The same text PyYAML's representer and libyaml's emitter write.
    assert text == yaml.dump(meta, Dumper=SafeDumper, allow_unicode=True, sort_keys=True,
                             width=1000)
