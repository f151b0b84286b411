"""Phones: customers arrive from TikTok on a phone, so every page must work at 390 x 844."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LOCALES, PageReport, Site

pytestmark = pytest.mark.browser


def _listing(found: dict[str, object]) -> str:
    return "\n".join(f"  /{path}: {what}" for path, what in sorted(found.items()))


def test_every_page_of_every_locale_was_surveyed(survey: dict[str, PageReport],
                                                 site: Site) -> None:
    assert set(survey) == set(site.all_pages())
    assert {r.locale for r in survey.values() if r.locale} == set(LOCALES)


def test_no_page_scrolls_sideways(survey: dict[str, PageReport]) -> None:
    wide = {path: r.phone["overflow"] for path, r in survey.items() if r.phone["overflow"]}
    assert not wide, "pages wider than the phone:\n" + _listing(wide)


def test_tap_targets_are_large_enough(survey: dict[str, PageReport]) -> None:
    """WCAG 2.2 SC 2.5.8: 24 x 24 CSS px, or a link in a sentence, or enough space around."""
    small = {path: r.phone["smallTargets"] for path, r in survey.items()
             if r.phone["smallTargets"]}
    assert not small, "tap targets under 24 x 24 CSS px:\n" + _listing(small)


def test_text_is_readable_without_zoom(survey: dict[str, PageReport]) -> None:
    small = {path: r.phone["smallText"] for path, r in survey.items() if r.phone["smallText"]}
    assert not small, "text below 16 px (running text) or 14 px (other):\n" + _listing(small)
    blocked = {path: r.phone["viewport"] for path, r in survey.items() if r.phone["zoomBlocked"]}
    assert not blocked, "pages that stop the reader from zooming:\n" + _listing(blocked)
