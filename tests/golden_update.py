"""Regenerate the golden Markdown of the example site: ``python3 -m tests.golden_update``.

Run it only after an intended change to templates, catalogs or the example policy, then review
``git diff tests/golden`` before committing: the diff is the change customers will see.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
GOLDEN_LOCALES = ("en", "de", "ar", "ja")


def render_example() -> dict[str, str]:
    """``locale/path.md`` → Markdown for the golden locales of the example site."""
    sys.path.insert(0, str(REPO))
    from generator.facts.site import load_and_resolve
    from generator.i18n.catalogs import load_translations
    from generator.layout import catalogs_for, templates_dir_for
    from generator.render.markdown import render_locale_pages

    _, facts = load_and_resolve(REPO)
    result = {}
    for locale in GOLDEN_LOCALES:
        translations = load_translations(catalogs_for(REPO), locale)
        files = render_locale_pages(facts, locale, templates_dir_for(REPO), translations).files
        for path, text in files.items():
            result[f"{locale}/{path}"] = text
    return dict(sorted(result.items()))


def main() -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for name, text in render_example().items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(list(GOLDEN.rglob('*.md')))} golden files to {GOLDEN}; "
          "review with: git diff --stat tests/golden")


if __name__ == "__main__":
    main()
