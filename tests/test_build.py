"""End-to-end builds: the site exists, is safe, multilingual, deterministic and atomic."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.errors import PolicySiteError
from generator.site.build import build_site
from generator.site.pipeline import _locales_hint
from generator.workers import worker_count
from tests.sites import small_project, tree_hashes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = small_project(tmp_path_factory.mktemp("built") / "shop")
    result = build_site(root, jobs=2)
    assert result.pages > 0
    return root / "site"


class _Heads(HTMLParser):
    """Collects <html> attributes, alternate links and visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.alternates: dict[str, str] = {}
        self.canonical = ""
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_attrs = values
        if tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.alternates[values["hreflang"] or ""] = values.get("href") or ""
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href") or ""
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Heads:
    parser = _Heads()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_kind_is_built_in_every_market_locale(built: Path) -> None:
    for locale, market in (("en", "de"), ("de", "de"), ("ar", "sa"), ("en", "sa")):
        for page in ("", "how-to-return/", "faq/", "contact/", "captions/"):
            assert (built / locale / market / page / "index.html").is_file(), (locale, page)
    assert not (built / "de" / "sa").exists(), "SA is not published in German"
    assert (built / "index.html").is_file()
    assert (built / "sitemap.xml").is_file()


def test_rtl_pages_have_direction_and_isolated_values(built: Path) -> None:
    page = built / "ar" / "sa" / "index.html"
    head = parse(page)
    assert head.html_attrs.get("lang") == "ar"
    html = page.read_text(encoding="utf-8")
    assert re.search(r'<body[^>]*dir="rtl"', html), "Material sets dir on <body> from ar"
    assert '<bdi dir="ltr">' in html
    contact = (built / "ar" / "sa" / "contact" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="mailto:[^"]+" dir="ltr">', contact)
    assert re.search(r'<a href="tel:\+966[0-9]+" dir="ltr">', contact)


def test_hreflang_alternates_are_absolute_reciprocal_with_x_default(built: Path) -> None:
    base = "https://returns.marumori.example/"
    pages = {"en": built / "en" / "sa" / "faq" / "index.html",
             "ar": built / "ar" / "sa" / "faq" / "index.html"}
    heads = {lang: parse(path) for lang, path in pages.items()}
    for lang, head in heads.items():
        assert set(head.alternates) == {"en", "ar", "x-default"}, lang
        assert head.alternates["en"] == f"{base}en/sa/faq/"
        assert head.alternates["ar"] == f"{base}ar/sa/faq/"
        assert head.alternates["x-default"] == f"{base}en/sa/faq/"
        assert head.canonical == f"{base}{lang}/sa/faq/"
    german_only = parse(built / "de" / "de" / "index.html")
    assert set(german_only.alternates) == {"en", "de", "x-default"}


def test_language_selector_leads_to_the_same_page(built: Path) -> None:
    html = (built / "de" / "de" / "faq" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"[^>]*class="md-select__link"', html)
    assert ("../../../en/de/faq/", "en") in links
    target = (built / "de" / "de" / "faq" / "../../../en/de/faq/index.html").resolve()
    assert target.is_file()


def test_sitemap_lists_every_page_once(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(locs) == len(set(locs))
    pages = sorted(p for p in built.rglob("index.html") if "search" not in p.parts)
    noindex = '<meta name="robots" content="noindex">'
    private = [p for p in pages if noindex in p.read_text(encoding="utf-8")]
    assert private and all(p.parent.name in ("captions", "support", "kit")  # staff pages only
                           for p in private)
    expected = {"https://returns.marumori.example/" +
                (p.parent.relative_to(built).as_posix() + "/").lstrip("./")
                for p in pages if p not in private}
    expected = {url.replace("example/./", "example/") for url in expected}
    assert set(locs) == expected
    for locale_map in built.glob("*/sitemap.xml"):  # MkDocs' own, per locale, if written
        assert "/captions/" not in locale_map.read_text(encoding="utf-8")


def test_no_third_party_resources_in_html(built: Path) -> None:
    """Pages load nothing from other hosts (links a reader may follow are fine)."""
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.findall(r'\ssrc="(?:https?:)?//', html), page
        for tag in re.findall(r"<link\b[^>]*>", html):
            if 'rel="alternate"' in tag or 'rel="canonical"' in tag:
                continue
            assert not re.search(r'href="(?:https?:)?//', tag), (page, tag)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_build_prints_nothing_to_fix_and_reports_figures(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    result = build_site(root, jobs=1)
    assert result.locales == 2 and result.markets == 1
    # per locale: 3 site pages (home, history, caption kit); Germany's 8 pages (policy, how to
    # return, questions, contact, captions, checker, support, changes), its model withdrawal
    # form and its 2 earlier versions
    assert result.pages == 2 * (3 + 8 + 1 + 2)
    assert "Built 2 locales, 1 markets, 28 pages" in result.summary()
    again = build_site(root, jobs=1)
    assert again.up_to_date and again.mkdocs_seconds == 0
    assert again.summary().startswith("Site is up to date")


_LOADED_BY_A_BUILD = """
import json, sys
from pathlib import Path
from generator.site.build import build_site
result = build_site(Path(sys.argv[1]), jobs=1)
heavy = ("generator.site.pipeline", "generator.project.load", "mkdocs", "jinja2", "pydantic")
print(json.dumps({"up_to_date": result.up_to_date,
                  "loaded": [name for name in heavy if name in sys.modules]}))
"""


def _build_in_a_fresh_process(root: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _LOADED_BY_A_BUILD, str(root)], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_an_up_to_date_rebuild_loads_none_of_the_pipeline(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    first = _build_in_a_fresh_process(root)
    assert not first["up_to_date"] and "generator.site.pipeline" in first["loaded"]
    assert _build_in_a_fresh_process(root) == {"up_to_date": True, "loaded": []}
    (root / "site" / "extra.html").write_text("<p>not ours</p>", encoding="utf-8")
    touched = _build_in_a_fresh_process(root)  # the site changed: check and rebuild it
    assert not touched["up_to_date"] and not (root / "site" / "extra.html").exists()


def test_an_edit_that_changes_no_page_builds_nothing_and_is_remembered(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    before = tree_hashes(root / "site")
    file = root / "policies/markets/de.yml"
    file.write_text(file.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    rendered = build_site(root, jobs=1)
    assert rendered.up_to_date and rendered.generation_seconds > 0  # pages compared
    again = build_site(root, jobs=1)
    assert again.up_to_date and again.generation_seconds == 0  # stopped before rendering
    assert tree_hashes(root / "site") == before


def test_changed_locale_is_rebuilt_others_reused(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    text = (root / "policies/markets/de.yml").read_text(encoding="utf-8")
    text = text.replace("de: Ja. Bitten Sie", "de: Gern. Bitten Sie")
    (root / "policies/markets/de.yml").write_text(text, encoding="utf-8")
    result = build_site(root, jobs=1)
    assert result.rebuilt == ["de"] and result.reused == ["en"]
    assert "Gern" in (root / "site/de/de/faq/index.html").read_text(encoding="utf-8")


def _build_in_subprocess(root: Path, site: Path, env_extra: dict[str, str]) -> None:
    repo = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": repo, **env_extra}
    subprocess.run([sys.executable, "-m", "generator", "build", "-q", "-f", str(root), "-d",
                    str(site), "--force"], check=True, env=env, cwd=root,
                   capture_output=True)


def test_builds_are_byte_identical_across_hash_seed_time_zone_and_locale(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de", "sa"), locales="[en, de, ar]")
    one, two = tmp_path / "one", tmp_path / "two"
    _build_in_subprocess(root, one, {"PYTHONHASHSEED": "1", "TZ": "Pacific/Kiritimati",
                                     "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    _build_in_subprocess(root, two, {"PYTHONHASHSEED": "4242", "TZ": "America/Los_Angeles",
                                     "LANG": "de_DE.UTF-8", "LC_ALL": ""})
    first, second = tree_hashes(one), tree_hashes(two)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_failed_build_leaves_site_byte_identical_and_no_stage(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    before = tree_hashes(root / "site")
    # A template that links to a page that does not exist: MkDocs strict mode fails late,
    # after it has written pages; the live site must not notice.
    templates = root / "templates"
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", templates)
    page = templates / "pages" / "faq.md.j2"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](missing-page.md)\n",
                    encoding="utf-8")
    with pytest.raises(PolicySiteError) as caught:
        build_site(root, jobs=1)
    assert any("missing-page.md" in str(p) for p in caught.value.problems)
    assert tree_hashes(root / "site") == before
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".policysite-")]
    assert leftovers == []


def test_invalid_content_fails_before_touching_the_site(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    before = tree_hashes(root / "site")
    file = root / "policies/markets/de.yml"
    file.write_text(file.read_text(encoding="utf-8").replace("days: 30", "days: 0"),
                    encoding="utf-8")
    repo = str(Path(__file__).resolve().parent.parent)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(root)],
                            capture_output=True, text=True, cwd=root,
                            env={**os.environ, "PYTHONPATH": repo})
    assert result.returncode == 1
    assert "markets.DE.return_window.days: must be at least 1" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(root / "site") == before


def _own_templates(root: Path, page: str, before: str, after: str) -> int:
    """Give the project its own templates with one edit; returns the edited line number."""
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", root / "templates")
    file = root / "templates" / "pages" / page
    text = file.read_text(encoding="utf-8")
    assert before in text
    file.write_text(text.replace(before, after, 1), encoding="utf-8")
    return text[:text.index(before)].count("\n") + 1


@pytest.mark.parametrize(("before", "after", "message"), [
    ("{% endfor %}", "{% endfor", "expected token 'end of statement block'"),
    ("{{ market_nav(page.market) }}", "{{ no_such_helper() }}", "'no_such_helper' is undefined"),
])
def test_a_mistake_in_the_projects_templates_is_one_located_problem(
        tmp_path: Path, before: str, after: str, message: str) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    before_site = tree_hashes(root / "site")
    line = _own_templates(root, "faq.md.j2", before, after)
    repo = str(Path(__file__).resolve().parent.parent)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(root)],
                            capture_output=True, text=True, cwd=root,
                            env={**os.environ, "PYTHONPATH": repo})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if not line.startswith("[")]
    assert len(problems) == 1, result.stderr  # once, though every locale renders the page
    first = problems[0]
    assert first.startswith("templates/pages/faq.md.j2:"), first
    assert f": template: {message}" in first, first
    assert first.endswith("(fix the template, or delete the project's copy to use the bundled "
                          "one)")
    if "undefined" in message:
        assert first.startswith(f"templates/pages/faq.md.j2:{line}:1: "), first
    assert tree_hashes(root / "site") == before_site


def test_no_more_workers_start_than_the_config_has_locales(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    assert _locales_hint(root) == 2
    assert worker_count(None, 2) <= 2 and worker_count(8, 2) == 2 and worker_count(1, 2) == 1
    assert _locales_hint(tmp_path / "missing") is None


def test_an_edited_template_shows_in_the_next_build_of_the_same_process(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    _own_templates(root, "contact.md.j2", "{{ market_nav(page.market) }}",
                   "{{ market_nav(page.market) }}\n\nFirst wording.")
    build_site(root, jobs=1)
    page = root / "site" / "en" / "de" / "contact" / "index.html"
    assert "First wording." in page.read_text(encoding="utf-8")
    file = root / "templates" / "pages" / "contact.md.j2"
    file.write_text(file.read_text(encoding="utf-8").replace("First", "Second"), encoding="utf-8")
    build_site(root, jobs=1)  # as `serve` does: same process, templates compiled before
    assert "Second wording." in page.read_text(encoding="utf-8")


def test_customer_search_leaves_out_the_marketers_caption_pages(built: Path) -> None:
    for locale in ("en", "de"):
        index = json.loads((built / locale / "search" / "search_index.json").read_text("utf-8"))
        pages = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert "de/faq/" in pages and "de/" in pages, sorted(pages)[:10]
        assert not [page for page in pages if page.endswith("captions/")], locale
