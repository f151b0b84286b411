"""Page speed benchmark: weight and Largest Contentful Paint per page kind (not a test).

Customers open the site from TikTok on a phone, often on a slow connection. For one page of each
kind it prints the HTML, CSS and JavaScript the browser transferred (uncompressed, as served by
a plain static server, and gzip-compressed, as most hosts serve it) and the Largest Contentful
Paint that Chromium's own PerformanceObserver reports on a cold load under a throttled phone
profile (``NETWORK``, ``CPU_SLOWDOWN``), the median of ``--runs`` loads. It exits 1 when a
figure exceeds its budget below.

    python3 benchmarks/page_speed.py [--site-dir DIR] [--locale en ...] [--runs 3]

Without ``--site-dir`` it builds the example site into a temporary folder first. The byte
figures are deterministic and also checked by ``tests/browser/test_page_weight.py``; the timing
is not a test (it depends on the machine).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.commands.browser import launch_chromium, phone_context, sample_pages, serve_site  # noqa: E402
from generator.facts.site import SiteFacts  # noqa: E402


@dataclass(frozen=True)
class Budget:
    """Limits for one page kind."""

    kilobytes: int  # HTML + CSS + JS transferred, uncompressed, in KiB
    lcp_ms: int  # Largest Contentful Paint on the throttled phone profile


# Material's CSS and JavaScript are most of every page (265 KiB uncompressed, 62 KiB gzipped);
# the budgets leave about 10% of room above the page itself as measured in November 2026.
# 2.5 s is a "good" Largest Contentful Paint in Core Web Vitals.
BUDGETS: dict[str, Budget] = {
    "root": Budget(kilobytes=16, lcp_ms=1500),
    "home": Budget(kilobytes=310, lcp_ms=2500),
    "policy": Budget(kilobytes=330, lcp_ms=2500),
    "how_to_return": Budget(kilobytes=330, lcp_ms=2500),
    "faq": Budget(kilobytes=330, lcp_ms=2500),
    "contact": Budget(kilobytes=310, lcp_ms=2500),
    "withdrawal_form": Budget(kilobytes=320, lcp_ms=2500),
    "checker": Budget(kilobytes=330, lcp_ms=2500),
    "captions": Budget(kilobytes=350, lcp_ms=2500),
    "support": Budget(kilobytes=370, lcp_ms=2500),  # every message in three channels
    "history": Budget(kilobytes=310, lcp_ms=2500),
    "kit": Budget(kilobytes=475, lcp_ms=2500),  # every market's texts: English has 12
    "changelog": Budget(kilobytes=310, lcp_ms=2500),
    "version": Budget(kilobytes=330, lcp_ms=2500),  # an earlier version's policy page
}
# A slow 4G phone (Lighthouse's "slow 4G" mobile profile): 1.6 Mbit/s down, 150 ms round trip.
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
           "uploadThroughput": 750_000 / 8}
CPU_SLOWDOWN = 4
WEIGHED = ("html", "css", "js")  # the page itself, what BUDGETS limit
# Search is loaded in the background by a worker once the page is shown, and cached for the
# next page: its scripts and index have their own budget, per locale. The index grows with the
# markets a locale covers (English, with all 15 example markets: 266 KiB, 55 KiB gzipped).
# Thai needs far more: lunr-languages' Thai segmenter (wordcut.js, shipped by Material) carries
# a 660 KiB dictionary (785 KiB in all for the example's Thai pages).
SEARCH_BUDGET_KIB = {"th": 900}
SEARCH_BUDGET_DEFAULT_KIB = 320

LCP_SCRIPT = """() => new Promise((resolve) => {
  let last = null;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { last = entry; }
  }).observe({ type: "largest-contentful-paint", buffered: true });
  // LCP is final once the page is loaded and idle; give the observer a moment to report.
  setTimeout(() => resolve(last ? { ms: last.startTime,
    element: last.element ? last.element.tagName.toLowerCase() : "" } : null), 1500);
})"""


@dataclass
class Weight:
    """What one page load transferred, by resource type."""

    raw: dict[str, int]
    gzipped: dict[str, int]

    @property
    def total(self) -> int:
        """HTML + CSS + JS, uncompressed: what the budget limits."""
        return sum(self.raw[c] for c in WEIGHED)

    @property
    def total_gzipped(self) -> int:
        return sum(self.gzipped[c] for c in WEIGHED)


def search_budget(locale: str | None) -> int:
    """Bytes allowed for the search worker's scripts and index in ``locale``."""
    return SEARCH_BUDGET_KIB.get(locale or "", SEARCH_BUDGET_DEFAULT_KIB) * 1024


def _category(response: Any) -> str | None:
    if response.request.resource_type == "document":
        return "html"
    path = urlsplit(response.url).path
    if "/assets/javascripts/lunr/" in path or "/assets/javascripts/workers/" in path \
            or path.endswith("/search/search_index.json"):
        return "search"
    # By file type: the resource type of worker imports is "other".
    for suffix, category in ((".css", "css"), (".js", "js")):
        if path.endswith(suffix):
            return category
    return None


def page_weight(context: Any, url: str) -> Weight:
    """Bytes a cold load of ``url`` transfers, by category (the search worker's included)."""
    page = context.new_page()
    responses: list[Any] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    raw = dict.fromkeys((*WEIGHED, "search"), 0)
    gzipped = dict.fromkeys((*WEIGHED, "search"), 0)
    for response in responses:
        category = _category(response)
        if category and response.ok:
            body = response.body()
            raw[category] += len(body)
            gzipped[category] += len(gzip.compress(body, compresslevel=6, mtime=0))
    page.close()
    return Weight(raw, gzipped)


def largest_contentful_paint(browser: Any, url: str) -> tuple[float, str]:
    """LCP of one cold load on the throttled phone profile: (milliseconds, element tag)."""
    context = phone_context(browser)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url, wait_until="load", timeout=120_000)
        entry = page.evaluate(LCP_SCRIPT)
        if entry is None:
            raise RuntimeError(f"no largest-contentful-paint entry for {url}")
        return float(entry["ms"]), str(entry["element"])
    finally:
        context.close()


def measure(site_dir: Path, facts: SiteFacts, locales: list[str], runs: int) -> list[str]:
    """Print the table; return the budget overruns."""
    failures: list[str] = []
    print(f"{'page':<26} {'HTML':>6} {'CSS':>6} {'JS':>6} {'total':>6} {'gzip':>6} "
          f"{'search':>6} {'LCP ms':>7}  budget")
    pages = facts.pages
    with serve_site(site_dir) as base, launch_chromium() as browser:
        for locale in locales:
            targets = {"root": ""} if locale == locales[0] else {}
            targets.update(sample_pages(pages, locale))
            for kind, path in targets.items():
                url = base + path
                context = phone_context(browser)
                weight = page_weight(context, url)
                context.close()
                timings = [largest_contentful_paint(browser, url) for _ in range(runs)]
                lcp = statistics.median(ms for ms, _ in timings)
                budget = BUDGETS[kind]
                over = []
                if weight.total > budget.kilobytes * 1024:
                    over.append(f"{weight.total / 1024:.0f} KiB > {budget.kilobytes} KiB")
                if kind != "root" and weight.raw["search"] > search_budget(locale):
                    over.append(f"search {weight.raw['search'] / 1024:.0f} KiB > "
                                f"{search_budget(locale) // 1024} KiB")
                if lcp > budget.lcp_ms:
                    over.append(f"LCP {lcp:.0f} ms > {budget.lcp_ms} ms")
                failures += [f"/{path}: {text}" for text in over]
                raw = weight.raw
                print(f"/{path:<25} {_kib(raw['html']):>6} {_kib(raw['css']):>6} "
                      f"{_kib(raw['js']):>6} {_kib(weight.total):>6} "
                      f"{_kib(weight.total_gzipped):>6} {_kib(raw['search']):>6} {lcp:>7.0f}  "
                      f"{'OVER: ' + '; '.join(over) if over else 'ok'} "
                      f"({budget.kilobytes}K, {budget.lcp_ms} ms; LCP <{timings[0][1] or '?'}>)")
    return failures


def _kib(size: int) -> str:
    return f"{size / 1024:.0f}K"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="an already built site (default: build "
                        "the example into a temporary folder)")
    parser.add_argument("--config", type=Path, default=REPO,
                        help="project folder whose site is measured (default: the example)")
    parser.add_argument("--locale", action="append", dest="locales",
                        help="locale to measure (repeatable; default: the default locale)")
    parser.add_argument("--runs", type=int, default=3, help="LCP loads per page (median)")
    args = parser.parse_args(argv)

    from generator.facts.site import load_and_resolve
    from generator.site.build import build_site

    _, facts = load_and_resolve(args.config.resolve())
    locales = args.locales or [facts.site.default_locale]
    if args.site_dir:
        failures = measure(args.site_dir.resolve(), facts, locales, args.runs)
    else:
        with tempfile.TemporaryDirectory(prefix="policysite-speed-") as temp:
            site_dir = Path(temp) / "site"
            print(f"building the site into {site_dir} …", file=sys.stderr)
            build_site(args.config.resolve(), site_dir)
            failures = measure(site_dir, facts, locales, args.runs)
    print(f"network {NETWORK['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s, "
          f"{NETWORK['latency']} ms RTT; CPU {CPU_SLOWDOWN}x slower; cold cache")
    for failure in failures:
        print(f"over budget: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
