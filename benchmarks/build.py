"""Build benchmark: prints figures for synthetic merchants of three sizes (not a test).

For each size it prints pages, generation seconds, MkDocs seconds, total seconds, wall
milliseconds per page, average HTML bytes per page and a no-op rebuild's seconds, then, for
comparison, plain ``mkdocs build`` run one locale after another on the same generated projects
with Material's default navigation (no ``navigation.prune``).

    python3 benchmarks/build.py [--sizes 3x5,8x15,14x30] [--keep DIR]

Total and no-op seconds are the wall time of a fresh Python process, from start to exit, as the
baseline's are. Each locale renders and then builds on one worker while the other workers build
or render other locales, so generation and MkDocs overlap: "gen s" is the loading and checking
before the workers start plus the rendering work spread over the workers (what generation adds
to the total when every core is busy); "mkdocs s" is the builds' work spread the same way.

Each synthetic merchant is the example with its German market cloned, in the current policy
and in every archived version (``policies/archive/<id>/``), so the earlier versions' pages are
built as in the example.

Targets (issue 3): generation under 5% of the total; total at most half of the plain sequential
MkDocs time on two cores; no more per page at the largest size than at the smallest; average
HTML per page under 40 KB; no-op rebuild under 1 second (issue 18: under 0.3 seconds; at most
0.5x plain at 8x15 and 14x30; no size slower per page than before). ``POLICYSITE_TIMINGS=1``
on a build shows where its time goes (``generator/site/timings.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.i18n.locales import supported_locales  # noqa: E402
from generator.project.customs import crosses_customs_border  # noqa: E402

# Countries whose numbers and codes are valid; each clone of the German market gets one.
COUNTRIES = ["DE", "FR", "ES", "IT", "AT", "BE", "NL", "PT", "IE", "FI", "SE", "DK", "PL", "CZ",
             "SK", "HU", "RO", "BG", "GR", "HR", "SI", "LT", "LV", "EE", "LU", "MT", "CY",
             "NO", "CH", "IS"]
HUB_COUNTRY = "NL"  # where the German market (and so every clone) sends its returns
LOCALES = ["en", "de", "fr", "es", "it", "pt_BR", "ja", "zh_Hans", "id", "ms", "th", "vi",
           "fil", "ar"]


def make_project(dest: Path, locales: int, markets: int) -> Path:
    """The example merchant with ``markets`` clones of its German market in ``locales`` locales."""
    shutil.copy(REPO / "site_config.yml", dest / "site_config.yml")
    shutil.copytree(REPO / "policies", dest / "policies")
    for folder in ("templates", "locales"):  # a frozen copy: edits elsewhere don't interfere
        shutil.copytree(REPO / folder, dest / folder)
    chosen = LOCALES[:locales]
    config = (dest / "site_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^  locales: \[.*\]$", f"  locales: [{', '.join(chosen)}]", config)
    (dest / "site_config.yml").write_text(config, encoding="utf-8")
    # The current policy and every archived version (policies/archive/<id>/) get the clones.
    for market_dir in [dest / "policies" / "markets",
                       *sorted((dest / "policies" / "archive").glob("*/markets"))]:
        _clone_markets(market_dir, chosen, markets)
    return dest


def _clone_markets(market_dir: Path, chosen: list[str], markets: int) -> None:
    """Replace the folder's markets with ``markets`` clones of its German market."""
    template = (market_dir / "de.yml").read_text(encoding="utf-8")
    for file in market_dir.glob("*.yml"):
        file.unlink()
    template = re.sub(r"(?m)^locales: \[.*\]$", f"locales: [{', '.join(chosen)}]", template)
    template = re.sub(r"(?m)^binding_locales: \[.*\]$", f"binding_locales: [{chosen[0]}]",
                      template)
    template = re.sub(r"(?m)^  phone: .*\n", "", template)
    template = template.replace("platform: {market: DE,", "platform: {")
    customs = ("customs:\n  duties_refunded: true\n  declaration:\n"
               "    en: Mark the parcel as returned goods.\n")
    for code in COUNTRIES[:markets]:  # returns go to the hub in NL: customs only from outside
        text = template + (customs if crosses_customs_border(code, HUB_COUNTRY) else "")
        (market_dir / f"{code.lower()}.yml").write_text(text, encoding="utf-8")


def html_stats(site: Path) -> tuple[int, float]:
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    sizes = [p.stat().st_size for p in pages]
    return len(sizes), (sum(sizes) / len(sizes) if sizes else 0.0)


def plain_mkdocs_seconds(root: Path) -> float:
    """Sequential ``mkdocs build`` of each generated locale with Material's default navigation.

    The same Markdown and theme, but navigation as a plain MkDocs + Material project gets it:
    no ``nav`` (every page in the automatic navigation, one section per market folder), no
    ``not_in_nav`` and no ``navigation.prune``. That is the cost policysite's navigation design
    avoids; run one locale after another, as a shell loop over ``mkdocs build`` would.
    """
    work = root / ".policysite" / "build"
    plain = root / "plain"
    shutil.copytree(work, plain)
    base = (plain / "base.yml").read_text(encoding="utf-8")
    (plain / "base.yml").write_text(base.replace("  - navigation.prune\n", ""), encoding="utf-8")
    for config in plain.glob("*/mkdocs.yml"):
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
        data.pop("nav", None)
        data.pop("not_in_nav", None)
        config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    for config in sorted(plain.glob("*/mkdocs.yml")):
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d",
                        str(root / "plain-site" / config.parent.name)], check=True, env=env)
    return time.perf_counter() - started


_BUILD = """
import json, sys
from pathlib import Path
from generator.site.build import build_site
result = build_site(Path(sys.argv[1]), force=sys.argv[2] == "force")
print(json.dumps({"pages": result.pages, "generation": result.generation_seconds,
                  "mkdocs": result.mkdocs_seconds, "up_to_date": result.up_to_date}))
"""


def timed_build(root: Path, force: bool) -> tuple[dict[str, float], float]:
    """One build in a fresh Python process, like ``policysite build``: figures and wall time.

    The wall time includes starting Python and importing policysite, as the plain baseline's
    includes starting MkDocs, so the two are compared like for like.
    """
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _BUILD, str(root), "force" if force else ""],
                          check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(done.stdout.splitlines()[-1]), time.perf_counter() - started


def run(sizes: list[tuple[int, int]], keep: Path | None) -> None:
    assert all(locale in supported_locales() for locale in LOCALES)
    print(f"{'size':>8} {'pages':>6} {'gen s':>7} {'mkdocs s':>9} {'total s':>8} "
          f"{'ms/page':>8} {'KB/page':>8} {'no-op s':>8} {'plain s':>8} {'gen %':>6} "
          f"{'vs plain':>9}")
    for locales, markets in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="policysite-bench-", dir=keep))
        root = make_project(tmp, locales, markets)
        result, total = timed_build(root, force=True)
        _, avg_bytes = html_stats(root / "site")
        again, noop = timed_build(root, force=False)
        assert again["up_to_date"], "a no-op rebuild must do no MkDocs work"
        plain = plain_mkdocs_seconds(root)
        share = 100 * result["generation"] / total
        print(f"{locales:>3}x{markets:<4} {result['pages']:>6} {result['generation']:>7.2f} "
              f"{result['mkdocs']:>9.2f} {total:>8.2f} "
              f"{1000 * total / result['pages']:>8.1f} {avg_bytes / 1024:>8.1f} "
              f"{noop:>8.2f} {plain:>8.2f} {share:>5.1f}% {total / plain:>8.2f}x",
              flush=True)
        if keep is None:
            shutil.rmtree(tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3x5,8x15,14x30",
                        help="comma-separated LOCALESxMARKETS (default: %(default)s)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the generated projects in this folder")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in part.split("x")) for part in args.sizes.split(",")]
    run(sizes, args.keep)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
