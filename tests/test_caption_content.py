"""Caption content follows the policy, and the captions page shows it literally and counted."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from babel.support import Translations

from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.length import display_width, tiktok_length
from generator.i18n.catalogs import CatalogFiles
from generator.layout import catalogs_for, templates_dir_for
from generator.render.markdown import render_locale_pages
from tests.conftest import REPO, copy_example, edit, facts_of, page_html
from tests.sites import small_project

DE = "policies/markets/de.yml"
DEFAULTS = "policies/defaults.yml"


def english_kits(root: Path, markets: list[str] | None = None) -> list[Kit]:
    """Kits with every generated sentence in English: the copied project has no catalogs."""
    return project_kits(facts_of(root), catalog_translations(CatalogFiles(root)), markets)


def kit_for(root: Path, locale: str = "en") -> Kit:
    return next(kit for kit in english_kits(root) if kit.locale == locale)


def test_caption_layout_andfacts_of(project: Path) -> None:
    caption = kit_for(project).captions[0]
    lines = caption.text.split("\n")
    assert lines[0] == "Changed your mind? You can send it back."  # the hook
    assert lines[1] == "Returns within 30 days."  # the key fact, before "more"
    # who pays, with the amount from de.yml, written as English is in Germany (CLDR en_DE)
    assert "If you change your mind, our return label costs 4,95\u00a0€, deducted from your " \
           "refund." in lines
    assert "Faulty or wrong item? We pay the return shipping." in lines
    assert "To return, open Orders in the TikTok Shop app and tap Return/Refund." in lines
    assert "Money back within 5 days after we check your item." in lines
    assert lines[-3] == "Questions? Ask us in the comments."  # the call to action
    assert lines[-1] == "#MaruMori #returns #TikTokShop"
    assert caption.limit == 2200
    assert caption.length == tiktok_length(caption.text)


def test_changing_the_window_changes_every_text(project: Path) -> None:
    before = kit_for(project)
    assert "30 days" in before.captions[0].text
    edit(project, DE, "  days: 30 ", "  days: 45 ")
    after = kit_for(project)
    assert "Returns within 45 days." in after.captions[0].text
    assert after.pinned.text.startswith("Returns within 45 days.")
    for piece in after.pieces:
        assert "30 days" not in piece.text, piece.variant
    windows = [s for script in after.scripts for s in script.scenes if s.kind == "window"]
    assert windows and all("45 days" in scene.voice.text + scene.overlay.text
                           for scene in windows)
    sizes = [piece for piece in after.replies if piece.variant == "wrong-size"]
    assert sizes[0].text.startswith("Yes: within 45 days you can exchange it for another size")


def test_free_returns_when_the_merchant_pays(project: Path) -> None:
    edit(project, DE, "  change_of_mind: customer\n", "  change_of_mind: merchant\n")
    kit = kit_for(project)
    assert kit.captions[0].text.split("\n")[1] == "Free returns within 30 days."
    # said once: the key fact already says who pays, so "Return shipping is free." is left out
    assert "Return shipping is free." not in kit.captions[0].text
    assert "€4.95" not in kit.captions[0].text
    costs = next(piece for piece in kit.replies if piece.variant == "cost")
    assert costs.text.startswith("Return shipping is free.")


def test_other_amounts_and_fees_come_from_the_policy(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("us",))
    kit = kit_for(root)
    caption = kit.captions[0].text
    assert "our return label costs $7.99" in caption
    assert "A restocking fee of 10% applies when you change your mind." in caption
    assert "Money back within 3 days" in caption
    skincare = next(p for p in kit.replies if p.variant == "opened-skincare")
    # Sealed skincare is not returnable in the shared categories and the US keeps that rule.
    assert skincare.text.startswith("No: Sealed skincare can't be returned after a change of "
                                    "mind, opened or not.")


def test_replies_answer_the_common_questions(project: Path) -> None:
    replies = {piece.variant: piece for piece in kit_for(project).replies}
    assert sorted(replies) == ["cost", "faulty", "opened-skincare", "opened-swimwear",
                               "refund-time", "sale-clearance", "wrong-size"]
    # Germany makes sealed skincare and sale items returnable (de.yml's category exceptions).
    assert replies["opened-skincare"].text.startswith(
        "Only unopened: Sealed skincare can be returned within 30 days while the seal is "
        "unbroken.")
    assert replies["sale-clearance"].text.startswith(
        "Yes: Final sale items can be returned within 30 days like any other item.")
    assert replies["refund-time"].text.startswith(
        "We check your item within 3 days of its arrival and refund you within 5 days")
    assert replies["opened-skincare"].title == "Can I return an opened item? (Sealed skincare)"


def test_every_comment_fits_tiktoks_limit_in_every_language() -> None:
    kits = project_kits(facts_of(REPO), catalog_translations(catalogs_for(REPO)))
    assert {kit.locale for kit in kits} >= {"ja", "th", "ar", "de", "zh_Hans"}
    for kit in kits:
        for piece in [kit.pinned, *kit.replies]:
            assert piece.limit == 150
            assert tiktok_length(piece.text) <= 150, (kit.market, kit.locale, piece.variant)
        for caption in kit.captions:
            assert tiktok_length(caption.text) <= 2200


def test_key_fact_is_within_the_first_100_columns_in_the_example() -> None:
    kits = project_kits(facts_of(REPO), catalog_translations(catalogs_for(REPO)))
    for kit in kits:
        for caption in kit.captions:
            fact = caption.key_fact
            assert fact is not None and fact.text in caption.text
            end = caption.text.index(fact.text) + len(fact.text)
            assert display_width(caption.text[:end]) <= 100, (kit.market, kit.locale)


def test_scripts_open_with_the_hook_and_fill_their_length(project: Path) -> None:
    scripts = kit_for(project).scripts
    assert [s.variant for s in scripts] == ["1-15s", "1-30s", "1-60s"]
    for script in scripts:
        assert script.seconds is not None
        hook = script.scenes[0]
        assert (hook.kind, hook.start_ms, hook.end_ms) == ("hook", 0, 3000)
        assert hook.overlay.text == hook.voice.text == "Changed your mind? You can send it back."
        assert script.scenes[-1].end_ms == script.seconds * 1000
        for before, after in zip(script.scenes, script.scenes[1:], strict=False):
            assert before.end_ms == after.start_ms
        kinds = [scene.kind for scene in script.scenes]
        assert {"window", "start"} <= set(kinds)
        assert f"{hook.start_ms // 1000}:00.0–0:03.0\nOn screen: " in script.text
    assert len(scripts[2].scenes) > len(scripts[0].scenes)


class _Page(HTMLParser):
    """Texts of <code> blocks, count paragraphs and blockquotes, as a browser shows them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, list[str]] = {"code": [], "count": [], "blockquote": []}
        self._kind: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = "count" if tag == "p" and ("class", "ps-count") in attrs else tag
        if self._kind is None and kind in self.found:
            self._kind = kind
            self.found[kind].append("")

    def handle_endtag(self, tag: str) -> None:
        if self._kind == ("count" if tag == "p" else tag):
            self._kind = None

    def handle_data(self, data: str) -> None:
        if self._kind is not None:
            self.found[self._kind][-1] += data


def test_page_blocks_hold_exactly_each_text_with_its_count(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", ("de",), "[en, de]")
    hook = 'Tag <script>alert(1)</script> & `code` ``` [x](javascript:1) **b** 👨‍👩‍👧 é'
    edit(root, DEFAULTS, "en: Changed your mind? You can send it back.", f"en: '{hook}'")
    files = render_locale_pages(facts_of(root), "en", templates_dir_for(root), Translations()).files
    html = page_html(files["de/captions.md"])
    page = _Page()
    page.feed(html)
    kit = next(k for k in english_kits(root) if k.locale == "en")
    # Pygments ends every block with a line break; Material's copy button trims it.
    assert page.found["code"] == [piece.text + "\n" for piece in kit.pieces]
    assert kit.captions[0].text.startswith(hook + "\n")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and "<strong>b</strong>" not in html
    # English in Germany groups thousands with a dot (CLDR en_DE): the market's format.
    expected = [(f"{p.length:,} of {p.limit:,} characters" if p.limit
                 else f"{p.length:,} characters").replace(",", ".") for p in kit.pieces]
    assert page.found["count"] == expected
    preview = page.found["blockquote"][0].strip()
    assert preview.startswith("Tag <script>alert(1)</script> & `code`")
    assert preview.endswith("… more")
    assert re.search(r'<p class="ps-count" data-ps-limit="2200"[^>]*><span class="ps-num">'
                     rf'{kit.captions[0].length}</span>', html)


def test_the_html_allowlist_admits_exactly_the_caption_script(tmp_path: Path) -> None:
    from generator.site.html_scan import scan_site

    page = tmp_path / "en" / "de" / "captions" / "index.html"
    page.parent.mkdir(parents=True)
    (tmp_path / "en" / "assets").mkdir()
    for name in ("policysite-captions.js", "policysite-captions2.js"):
        (tmp_path / "en" / "assets" / name).write_text("", encoding="utf-8")
    page.write_text('<html><body><script src="../../assets/policysite-captions.js"></script>'
                    "</body></html>", encoding="utf-8")
    assert scan_site(tmp_path) == []
    page.write_text('<html><body><script src="../../assets/policysite-captions2.js"></script>'
                    "</body></html>", encoding="utf-8")
    assert [p.message for p in scan_site(tmp_path)] == [
        "script not from the theme: ../../assets/policysite-captions2.js"]
