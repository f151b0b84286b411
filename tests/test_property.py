"""Property tests: whatever the input, the loader returns plain data or raises ContentError.

Any other exception (ValueError, AttributeError, RecursionError, …) would reach the user as a
traceback, so it is a bug (hardening.md §1.8 and §15).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError, Problem
from generator.project.load import load_project
from generator.source.loading import Document, Mark, load_yaml, parse_yaml
from tests.conftest import REPO, copy_example

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
DE = "policies/markets/de.yml"


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str)


def _check_problems(problems: list[Problem], allowed_paths: set[str]) -> None:
    assert problems, "a ContentError must carry at least one problem"
    for problem in problems:
        assert problem.path in allowed_paths, problem
        text = str(problem)
        assert text.startswith(problem.path)
        assert "\n" not in text and "\r" not in text, text


def _check_parse(text: str, shown: str = "policies/x.yml") -> None:
    try:
        doc = parse_yaml(text, shown)
    except ContentError as exc:
        _check_problems(exc.problems, {shown})
        return
    assert isinstance(doc, Document)
    assert isinstance(doc.data, dict)
    assert _plain(doc.data)
    for location, mark in doc.marks.items():
        assert isinstance(location, tuple)
        assert isinstance(mark, Mark)
        assert mark.path == shown
        assert mark.line >= 1 and mark.column >= 1


# A small grammar of the pieces YAML hazards are made of.
TOKENS = st.sampled_from([
    "a", "b", "days", "NO", "22:22", "01234", "4.90", "~", "null", "é", "日本", "x y",
    ":", ": ", "- ", "-", "? ", ",", "[", "]", "{", "}", "#", "|", ">", "%", "@", "`",
    "&a ", "*a", "&b ", "*b", "!", "!!", "!!set ", "!!python/object:os.system ", "!x ",
    "<<", "<<: ", "'", '"', "\\", "\\n", "\t", " ", "  ", "    ", "\n", "\r\n", "\r",
    "---", "...", "\ufeff", "\u202e", "\x85", "\u2028", "\x00", "\x1b",
])
YAMLISH = st.lists(TOKENS, max_size=60).map("".join)


@SETTINGS
@given(st.text(max_size=300))
def test_parse_arbitrary_text(text: str) -> None:
    _check_parse(text)


@SETTINGS
@given(YAMLISH)
def test_parse_yamlish_text(text: str) -> None:
    _check_parse(text)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["k", "NO", "<<", "'q'", "1"]),
                          st.sampled_from(["v", "", "&a v", "*a", "!t v", "[a, b]", "{x: 1}",
                                           "|", "'", "-"])), max_size=12))
def test_parse_indented_documents(lines: list[tuple[int, str, str]]) -> None:
    text = "".join(f"{' ' * indent}{key}: {value}\n" for indent, key, value in lines)
    _check_parse(text)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bytes")


@SETTINGS
@given(data=st.binary(max_size=300))
def test_load_arbitrary_bytes(scratch: Path, data: bytes) -> None:
    file = scratch / "input.yml"
    file.write_bytes(data)
    try:
        doc = load_yaml(file, "input.yml")
    except ContentError as exc:
        _check_problems(exc.problems, {"input.yml"})
        return
    assert _plain(doc.data)


@SETTINGS
@given(data=st.one_of(st.binary(max_size=200),
                      YAMLISH.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_load_bytes_with_a_bom(scratch: Path, data: bytes) -> None:
    file = scratch / "bom.yml"
    file.write_bytes(b"\xef\xbb\xbf" + data)
    try:
        load_yaml(file, "bom.yml")
    except ContentError as exc:
        _check_problems(exc.problems, {"bom.yml"})


# -- whole project ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(tmp_path_factory.mktemp("shop") / "shop")


ORIGINAL_DE = (REPO / DE).read_text(encoding="utf-8")
PROJECT_FILES = {"site_config.yml", "policies/categories.yml", "policies/hubs.yml",
                 "policies/versions.yml", "policies/defaults.yml", DE}


def _splice(args: tuple[int, int, str]) -> str:
    """The real market file with a slice replaced: reaches the validators, not only the parser."""
    start, length, insert = args
    start %= len(ORIGINAL_DE) + 1
    return ORIGINAL_DE[:start] + insert + ORIGINAL_DE[start + length:]


MARKET_TEXT = st.one_of(
    st.text(max_size=300),
    YAMLISH,
    st.tuples(st.integers(0, 10_000), st.integers(0, 40),
              st.one_of(YAMLISH, st.text(max_size=20))).map(_splice),
)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(text=MARKET_TEXT)
def test_project_with_an_arbitrary_market_file(shop: Path, text: str) -> None:
    (shop / DE).write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        project = load_project(shop)
    except ContentError as exc:
        _check_problems(exc.problems, PROJECT_FILES)
        return
    assert list(project.markets) == ["DE"]
