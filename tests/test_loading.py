"""The strict YAML loader against every hazard of hardening.md §1."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.source.loading import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_NODES,
    Document,
    Mark,
    load_yaml,
    parse_yaml,
)


def problems(text: str, path: str = "f.yml") -> list[str]:
    with pytest.raises(ContentError) as info:
        parse_yaml(text, path)
    return [str(p) for p in info.value.problems]


def file_problems(file: Path, shown: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_yaml(file, shown)
    return [str(p) for p in info.value.problems]


# -- §1.2 implicit typing: every scalar stays the exact string ------------------------------


@pytest.mark.parametrize(
    "written",
    ["NO", "no", "yes", "on", "off", "y", "22:22", "01234", "08080", "4.90", "+4930123456",
     "2024-02-30", "2025-07-01", "1e3", "~", "null", "Null", ".inf", ".nan", "0x1F", "0o17",
     "1_000", "true", "False"],
)
def test_plain_scalars_stay_the_exact_string(written: str) -> None:
    doc = parse_yaml(f"value: {written}\nlist: [{written}]\n{written}: key\n", "f.yml")
    assert doc.data == {"value": written, "list": [written], written: "key"}
    assert type(doc.data["value"]) is str


def test_empty_value_is_none_and_empty_quotes_are_empty_text() -> None:
    doc = parse_yaml("a:\nb: ''\nc: \"\"\n", "f.yml")
    assert doc.data == {"a": None, "b": "", "c": ""}


def test_keys_one_one_point_zero_and_true_stay_distinct() -> None:
    doc = parse_yaml("1: int\n1.0: float\ntrue: bool\nTrue: other\n", "f.yml")
    assert doc.data == {"1": "int", "1.0": "float", "true": "bool", "True": "other"}


def test_norway_keys_and_list_items_survive() -> None:
    doc = parse_yaml("markets: [DE, NO, FR]\nNO: {locale: no}\n", "f.yml")
    assert doc.data == {"markets": ["DE", "NO", "FR"], "NO": {"locale": "no"}}


def test_block_scalars_keep_their_text() -> None:
    doc = parse_yaml("a: |\n  line one\n  line two\nb: >\n  folded\n  text\n", "f.yml")
    assert doc.data == {"a": "line one\nline two\n", "b": "folded text\n"}


# -- §1.3 duplicate keys ---------------------------------------------------------------------


def test_duplicate_key_is_rejected_naming_both_lines() -> None:
    assert problems("fee: 1\nother: 2\nfee: 3\n") == [
        "f.yml:3:1: duplicate key 'fee' (first defined on line 1) (keep one of them)"]


def test_duplicate_key_in_nested_and_flow_mappings() -> None:
    assert problems("a:\n  x: 1\n  y: 2\n  x: 3\nb: {k: 1, k: 2}\n") == [
        "f.yml:4:3: duplicate key 'x' (first defined on line 2) (keep one of them)",
        "f.yml:5:11: duplicate key 'k' (first defined on line 5) (keep one of them)",
    ]


def test_quoted_and_plain_spelling_of_one_key_are_duplicates() -> None:
    assert problems("NO: 1\n'NO': 2\n") == [
        "f.yml:2:1: duplicate key 'NO' (first defined on line 1) (keep one of them)"]


def test_same_key_in_different_mappings_is_fine() -> None:
    assert parse_yaml("a: {x: 1}\nb: {x: 2}\n", "f.yml").data == {"a": {"x": "1"},
                                                                  "b": {"x": "2"}}


# -- §1.4 anchors, aliases and merge keys ----------------------------------------------------


def test_anchor_and_alias_are_rejected() -> None:
    assert problems("a: &x 1\nb: *x\n") == [
        "f.yml:1:4: anchor '&x' is not allowed (write the value out in full)",
        "f.yml:2:4: alias '*x' is not allowed (write the value out in full)",
    ]


def test_anchor_on_a_mapping_is_rejected() -> None:
    assert problems("base: &b {days: 30}\n") == [
        "f.yml:1:7: anchor '&b' is not allowed (write the value out in full)"]


def test_alias_bomb_is_rejected_before_anything_expands() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(levels) + "\n"
    assert len(bomb) < 400  # ~9**9 leaves once aliases are followed
    found = problems(bomb)
    assert found[0] == "f.yml:1:4: anchor '&a' is not allowed (write the value out in full)"
    assert found[1] == "f.yml:2:4: anchor '&b' is not allowed (write the value out in full)"
    assert found[2] == "f.yml:2:8: alias '*a' is not allowed (write the value out in full)"
    assert len(found) == 9 + 8 * 9  # every anchor and every alias, nothing else


def test_merge_key_is_rejected() -> None:
    assert problems("<<: {a: 1}\nb: 2\n") == [
        "f.yml:1:1: merge key '<<' is not allowed (write the keys out in full)"]


def test_nested_and_flow_merge_keys_are_rejected() -> None:
    assert problems("a:\n  <<: {x: 1}\nb: {<<: 1}\n") == [
        "f.yml:2:3: merge key '<<' is not allowed (write the keys out in full)",
        "f.yml:3:5: merge key '<<' is not allowed (write the keys out in full)",
    ]


def test_merge_with_alias_reports_both() -> None:
    assert problems("base: &b {x: 1}\nm:\n  <<: *b\n") == [
        "f.yml:1:7: anchor '&b' is not allowed (write the value out in full)",
        "f.yml:3:3: merge key '<<' is not allowed (write the keys out in full)",
        "f.yml:3:7: alias '*b' is not allowed (write the value out in full)",
    ]


def test_angle_brackets_as_a_value_or_quoted_key_are_plain_text() -> None:
    doc = parse_yaml("a: <<\nlist: [<<]\n'<<': quoted\n", "f.yml")
    assert doc.data == {"a": "<<", "list": ["<<"], "<<": "quoted"}


def test_alias_does_not_shift_key_value_tracking() -> None:
    # After an alias in value position, "<<" in the next value position is just text.
    assert problems("a: &x 1\nb: *x\nc: <<\n") == [
        "f.yml:1:4: anchor '&x' is not allowed (write the value out in full)",
        "f.yml:2:4: alias '*x' is not allowed (write the value out in full)",
    ]


# -- §1.1 / §1.5 explicit tags ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!set {x}\n", "tag:yaml.org,2002:set"),
        ("a: !!python/object:os.system x\n", "tag:yaml.org,2002:python/object:os.system"),
        ("a: !tag x\n", "!tag"),
        ("a: !!str 1\n", "tag:yaml.org,2002:str"),
        ("a: !!int '7'\n", "tag:yaml.org,2002:int"),
        ("a: !!binary aGk=\n", "tag:yaml.org,2002:binary"),
        ("a: !<tag:evil.example,2024:x> y\n", "tag:evil.example,2024:x"),
    ],
)
def test_explicit_tags_are_rejected(text: str, tag: str) -> None:
    assert problems(text) == [f"f.yml:1:4: explicit tag '{tag}' is not allowed "
                              "(remove the tag; quote the value if it must be text)"]


def test_python_object_tags_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
    assert problems(text) == [
        "f.yml:1:4: explicit tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
        "allowed (remove the tag; quote the value if it must be text)"]
    assert not marker.exists()


def test_tag_on_a_key_and_on_a_sequence_is_rejected() -> None:
    assert problems("!!str k: v\nl: !!seq [1]\n") == [
        "f.yml:1:1: explicit tag 'tag:yaml.org,2002:str' is not allowed "
        "(remove the tag; quote the value if it must be text)",
        "f.yml:2:4: explicit tag 'tag:yaml.org,2002:seq' is not allowed "
        "(remove the tag; quote the value if it must be text)",
    ]


# -- §1.6 depth and size ---------------------------------------------------------------------


def _nested(levels: int) -> str:
    lines = ["  " * i + "a:" for i in range(levels - 1)]
    lines.append("  " * (levels - 1) + "a: x")
    return "\n".join(lines) + "\n"


def test_depth_at_the_cap_is_accepted() -> None:
    data = parse_yaml(_nested(MAX_DEPTH), "f.yml").data
    for _ in range(MAX_DEPTH - 1):
        data = data["a"]
    assert data == {"a": "x"}


def test_depth_over_the_cap_is_rejected_where_it_happens() -> None:
    assert MAX_DEPTH == 20
    assert problems(_nested(MAX_DEPTH + 1)) == ["f.yml:21:41: nesting deeper than 20 levels"]


def test_very_deep_flow_nesting_is_rejected_without_recursion_error() -> None:
    found = problems("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert len(found) == 1
    # Where libyaml stops scanning ahead depends on its version; the message does not.
    assert found[0].startswith("f.yml:1:") and found[0].endswith(": nesting deeper than 20 levels")


def test_nesting_just_over_the_cap_names_the_level_that_broke_it() -> None:
    assert problems("a: " + "[" * 25 + "]" * 25 + "\n") == [
        "f.yml:1:23: nesting deeper than 20 levels"]


def _flow_list(items: int) -> str:
    return "a: [" + ",".join(["x"] * items) + "]\n"


def test_node_count_at_the_cap_is_accepted() -> None:
    # root mapping + key + list + items
    assert len(parse_yaml(_flow_list(MAX_NODES - 3), "f.yml").data["a"]) == MAX_NODES - 3


def test_node_count_over_the_cap_is_rejected() -> None:
    assert MAX_NODES == 50_000
    assert problems(_flow_list(MAX_NODES - 2)) == [
        "f.yml:1:99999: more than 50000 values in one file"]


def test_aliases_count_as_nodes() -> None:
    text = "a: &x 1\nb: [" + ",".join(["*x"] * MAX_NODES) + "]\n"
    found = problems(text)
    assert found[-1].endswith(": more than 50000 values in one file")


def test_file_at_the_size_cap_is_accepted(tmp_path: Path) -> None:
    file = tmp_path / "big.yml"
    file.write_bytes(b"a: " + b"x" * (MAX_BYTES - 4) + b"\n")
    assert file.stat().st_size == MAX_BYTES
    assert len(load_yaml(file, "big.yml").data["a"]) == MAX_BYTES - 4


def test_file_over_the_size_cap_is_rejected(tmp_path: Path) -> None:
    file = tmp_path / "big.yml"
    file.write_bytes(b"a: " + b"x" * (MAX_BYTES - 3) + b"\n")
    assert file_problems(file, "big.yml") == ["big.yml: file is larger than 1048576 bytes"]


# -- §1.7 encoding and document shape --------------------------------------------------------


def test_non_utf8_names_file_line_column_and_byte_offset(tmp_path: Path) -> None:
    file = tmp_path / "latin1.yml"
    file.write_bytes(b"a: 1\nbb: \xc3\xa9\xff\n")  # "é" is fine; 0xff is not UTF-8
    assert file_problems(file, "policies/latin1.yml") == [
        "policies/latin1.yml:2:6: not valid UTF-8 (byte offset 11) (save the file as UTF-8)"]


def test_latin1_file_is_rejected_on_its_first_bad_byte(tmp_path: Path) -> None:
    file = tmp_path / "x.yml"
    file.write_bytes("name: Müller\n".encode("latin-1"))
    assert file_problems(file, "x.yml") == [
        "x.yml:1:8: not valid UTF-8 (byte offset 7) (save the file as UTF-8)"]


def test_bad_byte_after_bom_counts_the_bom_in_the_offset(tmp_path: Path) -> None:
    file = tmp_path / "x.yml"
    file.write_bytes(b"\xef\xbb\xbfa: \xff\n")
    assert file_problems(file, "x.yml") == [
        "x.yml:1:4: not valid UTF-8 (byte offset 6) (save the file as UTF-8)"]


def test_utf8_bom_is_accepted_and_marks_are_unchanged(tmp_path: Path) -> None:
    file = tmp_path / "bom.yml"
    file.write_bytes(b"\xef\xbb\xbfname: Caf\xc3\xa9\nlist:\n  - x\n")
    doc = load_yaml(file, "bom.yml")
    assert doc.data == {"name": "Café", "list": ["x"]}
    assert doc.marks[("name",)] == Mark("bom.yml", 1, 1)
    assert doc.marks[("list", 0)] == Mark("bom.yml", 3, 5)


def test_load_yaml_names_the_file_by_its_path_when_no_display_path(tmp_path: Path) -> None:
    file = tmp_path / "x.yml"
    file.write_text("- a\n", encoding="utf-8")
    assert file_problems(file, None) == [  # type: ignore[arg-type]
        f"{file}:1:1: the file must hold a mapping of keys to values"]


def test_unreadable_path_is_a_content_error(tmp_path: Path) -> None:
    assert file_problems(tmp_path, "dir.yml") == ["dir.yml: cannot read file: Is a directory"]


def test_tab_indentation_gives_a_hint() -> None:
    assert problems("a:\n\tb: 1\n") == [
        "f.yml:2:1: not valid YAML: while scanning for the next token found character that "
        "cannot start any token (indent with spaces, not tabs)"]


def test_tab_after_spaces_gives_the_same_hint() -> None:
    assert problems("a:\n  b: 1\n\tc: 2\n") == [
        "f.yml:3:1: not valid YAML: while scanning a plain scalar found a tab character that "
        "violates indentation (indent with spaces, not tabs)"]


def test_reserved_indicator_gets_a_quoting_hint_not_a_tab_hint() -> None:
    assert problems("日本: @shop\n") == [
        "f.yml:1:5: not valid YAML: while scanning for the next token found character that "
        "cannot start any token (put text that starts with @ in quotes)"]


def test_syntax_error_is_located() -> None:
    assert problems("a: b: c\n") == [
        "f.yml:1:5: not valid YAML: mapping values are not allowed in this context"]


def test_control_character_is_located_on_one_line() -> None:
    assert problems("日本: a\nb: x\x07y\n") == [
        "f.yml:2:5: not valid YAML: character U+0007 is not allowed "
        "(remove it; invisible characters often come from copy and paste)"]


def test_nul_byte_is_located() -> None:
    assert problems("a: 1\x00\n") == [
        "f.yml:1:5: not valid YAML: character U+0000 is not allowed "
        "(remove it; invisible characters often come from copy and paste)"]


def test_multiple_documents_are_rejected() -> None:
    assert problems("a: 1\n---\nb: 2\n") == [
        "f.yml:2:1: only one YAML document is allowed per file (remove the extra '---')"]


def test_single_explicit_document_is_fine() -> None:
    assert parse_yaml("---\na: 1\n...\n", "f.yml").data == {"a": "1"}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "   \n"])
def test_empty_file_is_rejected(text: str) -> None:
    assert problems(text) == [
        "f.yml:1:1: file is empty (it must hold a mapping of keys to values)"]


@pytest.mark.parametrize(
    ("text", "where"),
    [("- a\n- b\n", "1:1"), ("just text\n", "1:1"), ("# c\n\n[a, b]\n", "3:1"),
     ("---\n", "2:1"), ("'a: 1'\n", "1:1")],
)
def test_root_must_be_a_mapping(text: str, where: str) -> None:
    assert problems(text) == [f"f.yml:{where}: the file must hold a mapping of keys to values"]


def test_collection_keys_are_rejected() -> None:
    assert problems("? [a]\n: 1\nb: {? {x: 1} : 2}\n") == [
        "f.yml:1:3: keys must be plain text, not lists or mappings",
        "f.yml:3:7: keys must be plain text, not lists or mappings",
    ]


def test_problems_name_the_display_path() -> None:
    assert problems("a: &x 1\n", path="policies/markets/de.yml") == [
        "policies/markets/de.yml:1:4: anchor '&x' is not allowed (write the value out in full)"]


# -- marks -----------------------------------------------------------------------------------


MARKED = """\
# comment
site:
  name: Shop
  locales:
    - en
    - de
  flow: [a, {b: c}]
other: x
"""


def test_marks_are_one_based_lines_and_columns_of_keys_and_items() -> None:
    doc = parse_yaml(MARKED, "s.yml")
    assert isinstance(doc, Document)
    assert doc.data == {"site": {"name": "Shop", "locales": ["en", "de"],
                                 "flow": ["a", {"b": "c"}]}, "other": "x"}
    assert doc.marks == {
        (): Mark("s.yml", 1, 1),
        ("site",): Mark("s.yml", 2, 1),
        ("site", "name"): Mark("s.yml", 3, 3),
        ("site", "locales"): Mark("s.yml", 4, 3),
        ("site", "locales", 0): Mark("s.yml", 5, 7),
        ("site", "locales", 1): Mark("s.yml", 6, 7),
        ("site", "flow"): Mark("s.yml", 7, 3),
        ("site", "flow", 0): Mark("s.yml", 7, 10),
        ("site", "flow", 1): Mark("s.yml", 7, 13),
        ("site", "flow", 1, "b"): Mark("s.yml", 7, 14),
        ("other",): Mark("s.yml", 8, 1),
    }


def test_marks_count_columns_in_characters_not_bytes() -> None:
    doc = parse_yaml("名前: {キー: 値}\n", "s.yml")
    assert doc.marks[("名前", "キー")] == Mark("s.yml", 1, 6)


def test_mark_for_falls_back_to_the_nearest_ancestor() -> None:
    doc = parse_yaml(MARKED, "s.yml")
    assert doc.mark_for(("site", "locales", 1, "missing")) == Mark("s.yml", 6, 7)
    assert doc.mark_for(("site", "nothing", "deeper")) == Mark("s.yml", 2, 1)
    assert doc.mark_for(("unknown",)) == Mark("s.yml", 1, 1)
