"""``site.patch``: a locale whose pages changed only in their JSON-LD, made from the published
pages (``tests/test_serve_warm.py`` compares a whole preview made so with a cold build)."""

from __future__ import annotations

from pathlib import Path

from generator.site.engines import LocaleBuild
from generator.site.patch import patch_structured_data

OLD = '{"@type": "MerchantReturnPolicy", "merchantReturnDays": 30}'
NEW = '{"@type": "MerchantReturnPolicy", "merchantReturnDays": 31}'


def _page(jsonld: str) -> str:
    return (f'<html><head><script type="application/ld+json">{jsonld}</script></head>'
            '<body><a href="../x/">x</a></body></html>')


def _published(tmp_path: Path) -> tuple[Path, LocaleBuild]:
    published = tmp_path / "site" / "en"
    (published / "x").mkdir(parents=True)
    (published / "index.html").write_text(_page(OLD), encoding="utf-8")
    (published / "x" / "index.html").write_text("<p>other</p>", encoding="utf-8")
    build = LocaleBuild("en", True, 1.0, files={"en/index.html", "en/x/index.html"},
                        pages={"index.md": "index.html", "x.md": "x/index.html"})
    return published, build


def test_the_changed_pages_are_new_files_and_the_rest_links_to_the_published(
        tmp_path: Path) -> None:
    published, build = _published(tmp_path)
    out = tmp_path / "out" / "en"
    made = patch_structured_data(published, out, build, {"index.md": OLD}, {"index.md": NEW})
    assert made is not None and made.patched and made.ok and made.problems == []
    assert (out / "index.html").read_text(encoding="utf-8") == _page(NEW)
    assert (published / "index.html").read_text(encoding="utf-8") == _page(OLD)
    assert (out / "x" / "index.html").stat().st_ino == (published / "x" / "index.html"
                                                         ).stat().st_ino
    assert made.files == build.files and made.pages == build.pages


def test_where_the_page_is_not_sure_to_be_mkdocs_own_nothing_is_made(tmp_path: Path) -> None:
    published, build = _published(tmp_path)
    out = tmp_path / "out" / "en"
    # Another page has JSON-LD now, or one lost it: the pages changed otherwise.
    assert patch_structured_data(published, out, build, {"index.md": OLD},
                                 {"index.md": NEW, "x.md": OLD}) is None
    # The page does not hold the old JSON-LD once, as the theme printed it:
    (published / "index.html").write_text(_page(OLD) + OLD, encoding="utf-8")
    assert patch_structured_data(published, out, build, {"index.md": OLD},
                                 {"index.md": NEW}) is None
    (published / "index.html").write_text(_page(OLD.replace('"', "&quot;")), encoding="utf-8")
    assert patch_structured_data(published, out, build, {"index.md": OLD},
                                 {"index.md": NEW}) is None
    assert not out.exists()


def test_a_changed_page_is_scanned_again(tmp_path: Path) -> None:
    published, build = _published(tmp_path)
    made = patch_structured_data(published, tmp_path / "out" / "en", build, {"index.md": OLD},
                                 {"index.md": "</script><script>alert(1)</script>"})
    assert made is not None and made.problems, made
