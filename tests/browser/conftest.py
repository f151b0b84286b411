"""Browser tests: the built example site, served locally and driven in Debian's Chromium.

One small site is built per session: markets and locales chosen so that right-to-left (ar),
Japanese, Chinese and Thai are all present. It is served over http on 127.0.0.1 at a free port
and opened in one headless Chromium (``generator.commands.browser``: the system's
``chromium`` with an empty profile, never a downloaded browser).

When Chromium or Playwright is missing the tests are skipped with a message, on a developer's
machine; CI sets ``POLICYSITE_REQUIRE_BROWSER=1`` (``.ci/run``), and then they fail instead.

Every page is loaded once, at phone size, by the session-wide ``survey``: it records what each
page requests, logs and violates, measures it the way a phone user would notice, and runs axe on
one page of each kind per locale. Most tests only read that survey.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.commands.browser import (
    chromium_executable,
    launch_chromium,
    phone_context,
    sample_pages,
)
from generator.facts.site import resolve_site
from generator.project.load import load_project
from generator.site.build import build_site
from tests.sites import small_project

MARKETS = ("de", "sa", "jp", "us", "sg", "th")
LOCALES = ("en", "de", "ar", "ja", "es", "zh_Hans", "th", "ms")  # SG needs ms next to zh_Hans
# Light brand colours on purpose: whatever the merchant picks, the text must stay readable.
BRAND = {"primary": "#f4b400", "accent": "#4fc3f7"}
HERE = Path(__file__).parent
PHONE_CHECKS = (HERE / "phone_checks.js").read_text(encoding="utf-8")
# Records CSP violations of the document from the very start (init scripts are not subject to
# the page's policy, and run before any of its own scripts).
RECORD_VIOLATIONS = """
window.__psViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__psViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}` +
                             ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""
def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail where the browser is required (CI)."""
    if os.environ.get("POLICYSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (POLICYSITE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(f"{reason}; browser tests skipped")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session."""
    if chromium_executable() is None:
        _unavailable("Chromium is not installed (Debian: apt install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    with launch_chromium() as chromium:
        yield chromium


@dataclass
class Site:
    """The built test site and where it is served."""

    root: Path
    site_dir: Path
    project: Any
    base_url: str = ""
    public_url: str = ""  # site.base_url from site_config.yml: what hreflang links point at

    def url(self, path: str) -> str:
        return self.base_url + path

    def local(self, public: str) -> str:
        """A public address (hreflang, canonical) mapped onto the local server."""
        assert public.startswith(self.public_url), public
        return self.base_url + public[len(self.public_url):]

    def samples(self, locale: str) -> dict[str, str]:
        """One page of each kind in ``locale``: kind → path."""
        return sample_pages(resolve_site(self.project).pages, locale)

    def all_pages(self) -> list[str]:
        """Every page of the site (index.html files), as paths from the site root."""
        pages = []
        for file in sorted(self.site_dir.rglob("index.html")):
            relative = file.parent.relative_to(self.site_dir).as_posix()
            if "/search" not in f"/{relative}":
                pages.append("" if relative == "." else relative + "/")
        return pages


@pytest.fixture(scope="session")
def site(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The test site, built once and served on 127.0.0.1 at a free port."""
    from generator.commands.browser import serve_site

    root = small_project(tmp_path_factory.mktemp("browser") / "shop", MARKETS,
                         "[" + ", ".join(LOCALES) + "]")
    config = root / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    for name, colour in BRAND.items():
        text, count = re.subn(rf'(?m)^(\s+{name}:\s*)"#[0-9a-fA-F]{{6}}"', rf'\g<1>"{colour}"',
                              text)
        assert count == 1, f"theme.{name} not found in site_config.yml"
    config.write_text(text, encoding="utf-8")
    build_site(root, jobs=2)
    project = load_project(root)
    built = Site(root, root / "site", project, public_url=project.site.base_url)
    with serve_site(built.site_dir) as base_url:
        built.base_url = base_url
        yield built


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh phone-sized browser context (English), closed after the test."""
    context = phone_context(browser)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


@dataclass
class Visit:
    """One page load and everything the browser reported while doing it."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return list(self.page.evaluate("window.__psViolations || []"))


def visit(context: Any, url: str, wait_until: str = "load") -> Visit:
    """Open ``url`` in a new tab of ``context``, recording requests, errors and violations."""
    page = context.new_page()
    record = Visit(page)
    page.on("request", lambda request: record.requests.append(request.url))
    page.on("console", lambda message: message.type == "error"
            and record.console_errors.append(message.text))
    page.on("pageerror", lambda error: record.page_errors.append(str(error)))
    page.goto(url, wait_until=wait_until)
    return record


@dataclass
class PageReport:
    """What the survey saw on one page."""

    path: str
    kind: str | None  # page kind ("faq", …; "root" for the language picker)
    locale: str | None
    requests: list[str]
    console_errors: list[str]
    page_errors: list[str]
    csp_violations: list[str]
    csp: str | None  # content of the CSP meta, if it is the first element of <head>
    phone: dict[str, Any]
    axe: list[dict[str, Any]] | None  # axe violations of any impact; None: not run


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page, of every impact (axe.min.js from PyPI, no CDN)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [node["target"] for node in v["nodes"]][:5]}
            for v in results["violations"]]


@pytest.fixture(scope="session")
def survey(site: Site, browser: Any) -> dict[str, PageReport]:
    """Every page loaded once at phone size; axe on one page per kind and locale, and the root."""
    try:
        import axe_playwright_python  # noqa: F401
    except ImportError:
        _unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    pages = resolve_site(site.project).pages
    kinds = {page.site_path(): (page.kind, page.locale) for page in pages}
    kinds[""] = ("root", None)
    samples = {path for locale in LOCALES for path in site.samples(locale).values()} | {""}
    context = phone_context(browser)
    context.add_init_script(RECORD_VIOLATIONS)
    reports: dict[str, PageReport] = {}
    try:
        for path in site.all_pages():
            kind, locale = kinds.get(path, (None, None))
            page_visit = visit(context, site.url(path), wait_until="networkidle")
            page = page_visit.page
            first = page.evaluate("""() => { const m = document.head.firstElementChild;
                return m && m.httpEquiv === "Content-Security-Policy" ? m.content : null; }""")
            reports[path] = PageReport(
                path, kind, locale, page_visit.requests, page_visit.console_errors,
                page_visit.page_errors, page_visit.csp_violations(), first,
                page.evaluate(PHONE_CHECKS), run_axe(page) if path in samples else None)
            page.close()
    finally:
        context.close()
    return reports
