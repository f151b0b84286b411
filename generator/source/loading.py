"""Strict YAML loading: every scalar stays a string, and every value keeps its position.

Follows the hardening reference: bytes are size-capped and decoded as strict UTF-8; an event
pre-scan rejects anchors, aliases, explicit tags, merge keys and excessive depth or size before
anything is built; the document is composed (never constructed) so no implicit typing happens;
duplicate keys are rejected naming both lines. Every failure becomes a ``ContentError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, Problem

try:  # libyaml is faster and is what PyYAML wheels ship; fall back for odd platforms.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
MAX_NODES = 50_000

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """Where a value was written: 1-based line and column in a file shown to the user."""

    path: str
    line: int
    column: int


@dataclass
class Document:
    """A loaded YAML document: plain data (dicts, lists, str, None) and a mark per field path."""

    path: str
    data: Any
    marks: dict[FieldPath, Mark] = field(default_factory=dict)

    def mark_for(self, location: FieldPath) -> Mark:
        """Return the mark of ``location`` or of its nearest ancestor that has one."""
        return find_mark(self.marks, location, self.path)


def find_mark(marks: dict[FieldPath, Mark], location: FieldPath, fallback_path: str) -> Mark:
    """Longest-prefix lookup, so an error inside a value still points near it."""
    loc = tuple(location)
    while loc:
        if loc in marks:
            return marks[loc]
        loc = loc[:-1]
    return marks.get((), Mark(fallback_path, 1, 1))


def _problem(path: str, mark: Any, message: str, hint: str = "") -> Problem:
    if mark is None:
        return Problem(path=path, line=1, column=1, message=message, hint=hint)
    return Problem(path=path, line=mark.line + 1, column=mark.column + 1, message=message,
                   hint=hint)


def read_text(file: Path, display_path: str) -> str:
    """Read a file as strict UTF-8 (one BOM allowed), capped in size."""
    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ContentError([Problem(display_path, message=f"cannot read file: {exc.strerror}")]
                           ) from None
    if len(raw) > MAX_BYTES:
        raise ContentError([Problem(display_path,
                                    message=f"file is larger than {MAX_BYTES} bytes")])
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start  # in the file as saved, BOM included
        line_start = raw.rfind(b"\n", 0, offset) + 1
        line = raw[:offset].count(b"\n") + 1
        # Columns count characters, as editors and YAML marks do; the bytes before are valid.
        column = len(raw[max(line_start, bom):offset].decode("utf-8")) + 1
        raise ContentError(
            [Problem(display_path, line, column,
                     message=f"not valid UTF-8 (byte offset {offset})",
                     hint="save the file as UTF-8")]
        ) from None


def _prescan(text: str, display_path: str) -> None:
    """Reject what policy files never need before any node is built."""
    problems: list[Problem] = []
    depth = nodes = documents = 0
    # Per open collection: is the next scalar a mapping key? (None inside a sequence.)
    expecting_key: list[bool | None] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(_problem(display_path, event.start_mark,
                                             "only one YAML document is allowed per file",
                                             "remove the extra '---'"))
                    break
            if isinstance(event, yaml.NodeEvent):  # scalars, collections and aliases
                nodes += 1
                if isinstance(event, yaml.AliasEvent):
                    problems.append(_problem(display_path, event.start_mark,
                                             f"alias '*{event.anchor}' is not allowed",
                                             "write the value out in full"))
                elif event.anchor is not None:
                    problems.append(_problem(display_path, event.start_mark,
                                             f"anchor '&{event.anchor}' is not allowed",
                                             "write the value out in full"))
                tag = getattr(event, "tag", None)
                if tag is not None and tag != "!":
                    problems.append(_problem(display_path, event.start_mark,
                                             f"explicit tag '{tag}' is not allowed",
                                             "remove the tag; quote the value if it must be text"))
                is_key = bool(expecting_key) and expecting_key[-1]
                if expecting_key and expecting_key[-1] is not None:
                    # Flip key/value expectation inside mappings.
                    expecting_key[-1] = not expecting_key[-1]
                if (isinstance(event, yaml.ScalarEvent) and is_key and event.value == "<<"
                        and event.implicit[0]):
                    problems.append(_problem(display_path, event.start_mark,
                                             "merge key '<<' is not allowed",
                                             "write the keys out in full"))
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(_problem(display_path, event.start_mark,
                                             f"nesting deeper than {MAX_DEPTH} levels"))
                    break
                expecting_key.append(True if isinstance(event, yaml.MappingStartEvent) else None)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                expecting_key.pop()
            if nodes > MAX_NODES:
                problems.append(_problem(display_path, event.start_mark,
                                         f"more than {MAX_NODES} values in one file"))
                break
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem or ""):
            # libyaml ≥ 0.2.6 stops at 1,000 flow levels while scanning ahead, before our
            # event count sees level 21: same problem, reported in our words.
            problems.append(_problem(display_path, exc.problem_mark,
                                     f"nesting deeper than {MAX_DEPTH} levels"))
        else:
            problems.append(_syntax_problem(display_path, exc, text))
    except yaml.reader.ReaderError as exc:
        problems.append(_reader_problem(display_path, exc, text))
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        problems.append(Problem(display_path, 1, 1, message=f"not valid YAML: {exc}"))
    if problems:
        raise ContentError(problems)


def _syntax_problem(display_path: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(part for part in (exc.context, exc.problem) if part) or "not valid YAML"
    found = ""
    if mark is not None and 0 <= mark.index < len(text):
        found = text[mark.index]  # libyaml and PyYAML count this index in characters
    hint = ""
    if found == "\t" or "tab character" in message:
        hint = "indent with spaces, not tabs"
    elif found in ("@", "`"):
        hint = f"put text that starts with {found} in quotes"
    return _problem(display_path, mark, f"not valid YAML: {message}", hint)


def _reader_problem(display_path: str, exc: yaml.reader.ReaderError, text: str) -> Problem:
    """A character YAML forbids (e.g. NUL or another control character), located."""
    if _Loader.__name__.startswith("C"):  # libyaml reports a byte offset into the UTF-8 text
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
    else:  # pragma: no cover - the pure-Python reader counts characters
        before = text[: exc.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
    return Problem(display_path, line, column,
                   message=f"not valid YAML: character U+{char:04X} is not allowed",
                   hint="remove it; invisible characters often come from copy and paste")


def parse_yaml(text: str, display_path: str) -> Document:
    """Parse YAML text into plain data with marks. The root must be a mapping."""
    _prescan(text, display_path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_syntax_problem(display_path, exc, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise ContentError([_reader_problem(display_path, exc, text)]) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise ContentError([Problem(display_path, 1, 1, message=f"not valid YAML: {exc}")]
                           ) from None
    if root is None:
        raise ContentError([Problem(display_path, 1, 1, message="file is empty",
                                    hint="it must hold a mapping of keys to values")])
    if not isinstance(root, yaml.MappingNode):
        raise ContentError([_problem(display_path, root.start_mark,
                                     "the file must hold a mapping of keys to values")])
    doc = Document(path=display_path, data=None)
    problems: list[Problem] = []
    doc.data = _build(root, (), doc, problems)
    doc.marks.setdefault((), Mark(display_path, 1, 1))
    if problems:
        raise ContentError(problems)
    return doc


def _build(node: yaml.Node, location: FieldPath, doc: Document, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.value == "":
            return None  # `key:` with nothing after it means "not given"
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            here = (*location, index)
            doc.marks[here] = Mark(doc.path, item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_build(item, here, doc, problems))
        return items
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(_problem(doc.path, key_node.start_mark,
                                         "keys must be plain text, not lists or mappings"))
                continue
            key = key_node.value
            if key in first_seen:
                problems.append(_problem(
                    doc.path, key_node.start_mark,
                    f"duplicate key '{key}' (first defined on line {first_seen[key]})",
                    "keep one of them"))
                continue
            first_seen[key] = key_node.start_mark.line + 1
            here = (*location, key)
            doc.marks[here] = Mark(doc.path, key_node.start_mark.line + 1,
                                   key_node.start_mark.column + 1)
            result[key] = _build(value_node, here, doc, problems)
        return result
    raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover


def load_yaml(file: Path, display_path: str | None = None) -> Document:
    """Load one YAML file strictly. ``display_path`` is how errors name the file."""
    shown = display_path or str(file)
    return parse_yaml(read_text(file, shown), shown)
