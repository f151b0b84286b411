"""Safety: the site loads nothing from other hosts and works under its strict CSP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import PageReport, Site, visit

pytestmark = pytest.mark.browser


def _directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def test_pages_load_nothing_from_other_hosts(survey: dict[str, PageReport], site: Site) -> None:
    foreign = {f"/{path}": [url for url in r.requests if not url.startswith(site.base_url)]
               for path, r in survey.items()}
    foreign = {path: urls for path, urls in foreign.items() if urls}
    assert not foreign, f"requests that did not go to the local server: {foreign}"
    loaded = {url for r in survey.values() for url in r.requests}
    assert any("/search/search_index.json" in url for url in loaded), "search was not loaded"
    assert any("/lunr/tinyseg.js" in url for url in loaded), "Japanese search was not loaded"
    assert any("/lunr/wordcut.js" in url for url in loaded), "Thai search was not loaded"


def test_every_page_has_a_strict_policy_first_in_its_head(survey: dict[str, PageReport]) -> None:
    missing = [f"/{path}" for path, r in survey.items() if r.csp is None]
    assert not missing, f"no CSP meta as the first element of <head>: {missing}"
    for path, r in survey.items():
        assert r.csp is not None
        policy = _directives(r.csp)
        assert policy["default-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"], path
        for name in ("script-src", "style-src", "connect-src", "img-src", "default-src"):
            loose = [s for s in policy[name] if s in ("*", "'unsafe-inline'", "'unsafe-eval'",
                                                       "http:", "https:")]
            assert not loose, f"/{path}: {name} allows {loose}"
        scripts = policy["script-src"]
        assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])


def test_pages_work_under_their_policy_without_errors(survey: dict[str, PageReport]) -> None:
    problems = {f"/{path}": r.csp_violations + r.console_errors + r.page_errors
                for path, r in survey.items()}
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, f"CSP violations or console errors: {problems}"


def test_the_policy_blocks_a_script_that_slipped_in(phone: Any, site: Site) -> None:
    """Proof that the policy is enforced: an injected inline and a foreign script never run."""
    url = site.url("en/de/faq/")
    page = phone.new_page()

    def tamper(route: Any) -> None:
        body = route.fetch().text()
        injected = ('<script>window.__injected = true</script>'
                    '<script src="https://evil.example/x.js"></script></body>')
        route.fulfill(body=body.replace("</body>", injected), content_type="text/html")

    page.route(url, tamper)
    page.goto(url, wait_until="load")
    assert page.evaluate("window.__injected === undefined")
    violations = page.evaluate("window.__psViolations")
    assert any(v.startswith("script-src") and "inline" in v for v in violations), violations
    assert any("evil.example" in v for v in violations), violations
    # Material's own scripts still ran under the same policy.
    assert page.evaluate("document.documentElement.classList.contains('js')")


def test_root_page_works_under_its_policy(phone: Any, site: Site) -> None:
    page_visit = visit(phone, site.url(""))
    page_visit.page.wait_for_selector(".ps-suggested")
    assert page_visit.csp_violations() == [] and page_visit.console_errors == []
