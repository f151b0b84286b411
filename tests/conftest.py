"""Shared helpers: the repository root and small projects copied from the example."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import markdown
import pytest

from generator.facts.site import SiteFacts, load_and_resolve
from generator.site.mkdocs_project import MARKDOWN_EXTENSIONS
from generator.source.loading import FieldPath, Mark

REPO = Path(__file__).parent.parent
if str(REPO) not in sys.path:  # run from anywhere without installing the package
    sys.path.insert(0, str(REPO))


def copy_example(dest: Path, markets: tuple[str, ...] | None = ("de",)) -> Path:
    """Copy ``site_config.yml`` and ``policies/`` into ``dest``.

    Only the named market files are kept (all of them when ``markets`` is None), so a test sees
    the problems it caused and nothing from markets that other work is still adding.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "site_config.yml", dest / "site_config.yml")
    market_dir = REPO / "policies" / "markets"

    def other_markets(folder: str, names: list[str]) -> list[str]:
        # Not copied at all (rather than copied, then deleted): hundreds of tests copy the
        # example, and each skipped file saves time in the fast test run.
        # Earlier versions' snapshots (policies/archive/<id>/markets/) keep the same markets.
        if markets is None or (Path(folder) != market_dir
                               and Path(folder).parent.parent != REPO / "policies" / "archive"):
            return []
        return [name for name in names if name.endswith(".yml") and name[:-4] not in markets]

    shutil.copytree(REPO / "policies", dest / "policies", ignore=other_markets)
    return dest


def own_lines(stderr: str) -> list[str]:
    """The output's lines without the catalog warnings a Babel newer than constraints.txt
    adds (its CLDR plural rules differ; CI's ``latest`` job runs the tests that way)."""
    return [line for line in stderr.splitlines()
            if not (line.startswith("locales/") and ": warning: Plural-Forms " in line)]


def edit(root: Path, relative: str, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` in a project file; return the new text."""
    file = root / relative
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {relative}"
    text = text.replace(old, new)
    file.write_text(text, encoding="utf-8")
    return text


def set_line(root: Path, relative: str, prefix: str, new: str) -> str:
    """Replace the one line that starts with ``prefix`` by ``new``; return the new text.

    Tests set the values they depend on this way, so the example may change its own values
    (30 days, a phone number) without changing what a test asserts.
    """
    file = root / relative
    lines = file.read_text(encoding="utf-8").split("\n")
    found = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    assert len(found) == 1, f"{prefix!r} must start exactly one line of {relative}"
    lines[found[0]] = new
    text = "\n".join(lines)
    file.write_text(text, encoding="utf-8")
    return text


def set_hashtags(root: Path, line: str) -> str:
    """Replace the example's ``captions.hashtags`` in defaults.yml (a block whose entries may
    give a tag per language) by ``line``, e.g. '  hashtags: ["#a", "#b", "#c"]'; return the
    new text."""
    file = root / "policies" / "defaults.yml"
    lines = file.read_text(encoding="utf-8").split("\n")
    found = [i for i, text in enumerate(lines) if text.startswith("  hashtags:")]
    assert len(found) == 1, "'  hashtags:' must start exactly one line of defaults.yml"
    end = found[0] + 1
    while lines[end].startswith("    "):
        end += 1
    lines[found[0]:end] = [line]
    text = "\n".join(lines)
    file.write_text(text, encoding="utf-8")
    return text


def facts_of(root: Path) -> SiteFacts:
    """The resolved facts of the project in ``root`` (load → validate → resolve)."""
    return load_and_resolve(root)[1]


def facts_and_marks(root: Path) -> tuple[SiteFacts, dict[FieldPath, Mark]]:
    """Facts and the source positions of every value, as the caption lint takes them."""
    project, facts = load_and_resolve(root)
    return facts, project.marks


def locate(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle`` starts (it must occur exactly once)."""
    assert text.count(needle) == 1, f"{needle!r} must occur exactly once"
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example project with the German market only."""
    return copy_example(tmp_path / "shop")


def page_html(markdown_text: str) -> str:
    """A generated page's Markdown (after its front matter) as HTML, with the site's Markdown
    extensions: what MkDocs makes of the page body."""
    body = markdown_text.split("\n---\n", 1)[1]
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
    configs = {next(iter(e)): next(iter(e.values())) for e in MARKDOWN_EXTENSIONS
               if isinstance(e, dict)}
    return markdown.markdown(body, extensions=extensions, extension_configs=configs)
