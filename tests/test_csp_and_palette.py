"""The Content-Security-Policy post-processor and the readable brand colours (no browser)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from generator.site.csp import add_csp, policy_for, with_csp
from generator.site.palette import contrast, palette_css, readable_on

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <script>var a = 1 < 2 && "&amp;";</script>
    <script id="__config" type="application/json">{"base": "."}</script>
    <script type="application/ld+json">{"@type": "Thing"}</script>
    <script src="assets/x.js"></script>
  </head>
  <body><script>var a = 1 < 2 && "&amp;";</script><script>b()</script></body>
</html>
"""


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_policy_hashes_exactly_the_executable_inline_scripts() -> None:
    policy = policy_for(PAGE)
    scripts = re.search(r"script-src ([^;]+)", policy)
    assert scripts
    # Raw text, not unescaped; each distinct script once; data blocks and src scripts never.
    assert scripts.group(1).split() == ["'self'", _sha('var a = 1 < 2 && "&amp;";'),
                                        _sha("b()")]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "object-src 'none'" in policy and "base-uri 'none'" in policy
    assert "frame-ancestors" not in policy  # ignored (and logged as an error) in a meta tag


def test_meta_is_the_first_element_of_head_and_recomputed_not_repeated() -> None:
    once = with_csp(PAGE)
    head = once.split("<head>", 1)[1].lstrip()
    assert head.startswith('<meta http-equiv="Content-Security-Policy" content="default-src')
    assert with_csp(once) == once
    changed = with_csp(once.replace("b()", "c()"))
    assert changed.count("Content-Security-Policy") == 1
    assert _sha("c()") in changed and _sha("b()") not in changed
    # <meta charset> must stay within the first 1024 bytes for encoding detection.
    assert once.encode().index(b'<meta charset="utf-8">') < 1024


def test_add_csp_writes_every_page(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text(PAGE.replace("b()", "d()"), encoding="utf-8")
    assert add_csp(tmp_path) == 2
    assert _sha("d()") in (tmp_path / "en" / "index.html").read_text(encoding="utf-8")


def test_page_without_head_is_a_bug() -> None:
    with pytest.raises(ValueError, match="no <head>"):
        with_csp("<p>fragment</p>")


@pytest.mark.parametrize("colour", ["#f4b400", "#4fc3f7", "#ffffff", "#ffff00", "#00ff00",
                                    "#9a3412", "#1e3a5f", "#ff0000", "#808080"])
def test_brand_colours_become_readable_on_white(colour: str) -> None:
    readable = readable_on(colour)
    assert contrast(readable, "#ffffff") >= 4.5
    if contrast(colour, "#ffffff") >= 4.6:
        assert readable == colour  # colours that already pass are not touched


def test_darkening_keeps_the_hue() -> None:
    r, g, b = (int(readable_on("#f4b400")[i:i + 2], 16) for i in (1, 3, 5))
    assert r > g > b  # still an amber, not a grey or a brown of another hue
    assert abs(r / g - 0xf4 / 0xb4) < 0.05


def test_palette_css_names_both_variables() -> None:
    css = palette_css("#f4b400", "#1e3a5f")
    assert css.startswith(":root{--ps-primary-readable:#")
    assert "--ps-accent-readable:#1e3a5f" in css


def test_contrast_matches_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
