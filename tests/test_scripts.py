"""Filmable video scripts: a shot and B-roll per scene that fit the facts, voice-overs that fit
the video at the language's speaking rate, and a 60-second script with more to say."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.support import Translations

from generator.captions.export import to_json
from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.pieces import Piece
from generator.captions.rules import subtitle_limits
from generator.captions.scripts import MIN_SCENE_MS, fit_scenes, plan_scenes, scene_ms
from generator.captions.shots import SHOTS, shot_ids
from generator.captions.speech import speaking_ms, speech_rate, spoken_units
from generator.captions.subtitles import voice_ms
from generator.facts.site import SiteFacts
from generator.i18n.locales import supported_locales
from generator.layout import catalogs_for, templates_dir_for
from generator.render.markdown import render_locale_pages
from tests.conftest import REPO, edit, facts_of, page_html
from tests.sites import small_project

SPARE_MS = 3000
"""Most time a scene may last beyond what saying and reading its voice-over takes."""
SILENCE_MS = 5000
"""Most time a scene's narrator may be silent (Japanese subtitles take longer to read than
the voice-over takes to say, so a scene there holds some silence by design)."""


@pytest.fixture(scope="module")
def example_facts() -> SiteFacts:
    return facts_of(REPO)


@pytest.fixture(scope="module")
def example_kits(example_facts: SiteFacts) -> list[Kit]:
    return project_kits(example_facts, catalog_translations(catalogs_for(REPO)))


def _scripts(kits: list[Kit]) -> list[tuple[Kit, Piece]]:
    return [(kit, script) for kit in kits for script in kit.scripts]


def _spoken(kit: Kit, script: Piece) -> float:
    rate = speech_rate(kit.locale)
    return sum(spoken_units(scene.voice.text, rate) for scene in script.scenes)


def test_every_scene_says_what_to_film(example_facts: SiteFacts,
                                       example_kits: list[Kit]) -> None:
    for kit, script in _scripts(example_kits):
        facts = example_facts.markets[kit.market]
        for scene in script.scenes:
            shot, broll = shot_ids(scene.kind, facts)
            assert (scene.shot.msgid, scene.broll.msgid) == (shot, broll)
            assert scene.shot.text and scene.broll.text and scene.shot.text != scene.broll.text
            if kit.locale != "en":  # translated, not the English message id
                assert (scene.shot.text, scene.broll.text) != (shot, broll), (kit.locale, shot)
            assert scene.shot.text in script.text and scene.broll.text in script.text


def test_shots_fit_the_market(example_facts: SiteFacts, example_kits: list[Kit]) -> None:
    def shot(market: str, kind: str) -> str | None:
        kit = next(k for k in example_kits if k.market == market and k.locale == "en")
        scenes = [s for script in kit.scripts for s in script.scenes if s.kind == kind]
        return scenes[0].shot.text if scenes else None

    assert shot("DE", "start") == "Screen recording: TikTok Shop app, Orders → Return/Refund"
    assert example_facts.markets["SA"].platform.name == "own_store"
    assert shot("SA", "start") == ("Screen recording: the order page in our shop, the Return "
                                   "button")
    assert example_facts.markets["DE"].return_label_fee is not None
    assert shot("DE", "cost") == ("Close-up: the return label prints, a price sticker with "
                                  "the fee")
    assert shot("DE", "ship") == ("Close-up: the return code on the phone is scanned at a "
                                  "drop-off point")  # DE's first way back: a drop-off code
    assert shot("SA", "ship") == "A courier picks up the parcel at the door"
    # customs only where a return crosses a customs border (and the 60 seconds have room)
    crossing = set()
    for kit in example_kits:
        facts = example_facts.markets[kit.market]
        kinds = {scene.kind for script in kit.scripts for scene in script.scenes}
        if "customs" in kinds:
            assert facts.cross_border and facts.customs is not None, kit.market
            crossing.add(kit.market)
    assert {"BR", "GB", "SA"} <= crossing


def test_every_shot_in_the_table_is_a_pair_of_messages() -> None:
    for kind, cases in SHOTS.items():
        for case, (shot, broll) in cases.items():
            assert shot and broll and shot != broll, (kind, case)
            assert "QR" not in shot + broll  # the caption lint flags QR codes


def test_voice_overs_fit_at_the_speaking_rate(example_kits: list[Kit]) -> None:
    for kit, script in _scripts(example_kits):
        assert script.seconds is not None
        limits = subtitle_limits(kit.locale)
        spoken = 0
        for scene in script.scenes:
            length = scene.end_ms - scene.start_ms
            say = speaking_ms(scene.voice.text, kit.locale)
            assert length >= say, (kit.market, kit.locale, script.variant, scene.kind)
            assert length >= voice_ms(scene.voice.text, limits), (kit.locale, scene.kind)
            spoken += say
        assert spoken <= script.seconds * 1000, (kit.market, kit.locale, script.variant)
        assert script.scenes[-1].end_ms == script.seconds * 1000


def test_no_scene_is_mostly_silence(example_kits: list[Kit]) -> None:
    for kit, script in _scripts(example_kits):
        for scene in script.scenes[1:]:  # the hook fills its 3 seconds
            length = scene.end_ms - scene.start_ms
            where = (kit.market, kit.locale, script.variant, scene.kind)
            assert length - scene_ms(scene.voice.text, kit.locale) <= SPARE_MS, where
            assert length - speaking_ms(scene.voice.text, kit.locale) <= SILENCE_MS, where


def test_the_60_second_script_says_more(example_facts: SiteFacts,
                                        example_kits: list[Kit]) -> None:
    for kit in example_kits:
        by_length = {script.seconds: script for script in kit.scripts if script.variant[0] == "1"}
        short, long = by_length[30], by_length[60]
        where = (kit.market, kit.locale)
        assert _spoken(kit, long) >= 1.6 * _spoken(kit, short), where
        assert len(long.scenes) > len(short.scenes), where
        kinds = {scene.kind for scene in long.scenes}
        facts = example_facts.markets[kit.market]
        assert {scene.kind for scene in short.scenes} <= kinds, where
        assert len(kinds) >= len(short.scenes) + 3, where
        assert ("law" in kinds) == (facts.statutory is not None), where
        assert ("restocking" in kinds) == ("restocking" in facts.change_of_mind_charges), where


def test_the_60_second_script_names_the_carriers_and_refund_methods(
        example_kits: list[Kit]) -> None:
    kit = next(k for k in example_kits if k.market == "DE" and k.locale == "en")
    voices = [scene.voice.text for scene in kit.scripts[2].scenes]
    assert "Hand the parcel to DHL or Hermes within 14 days of getting your RMA code." in voices
    assert "Your money goes back to your original payment method or store credit." in voices


def test_a_restocking_fee_is_said_where_there_is_one(project: Path) -> None:
    edit(project, "policies/markets/de.yml", "refund_without_return_below:",
         "restocking_fee: {percent: 10}\nrefund_without_return_below:")
    facts = facts_of(project)
    kit = next(k for k in project_kits(facts, catalog_translations(catalogs_for(project)))
               if k.locale == "en")
    full = "A restocking fee of 10\u00a0% applies when you change your mind."
    for script in kit.scripts[1:]:
        scene = next(s for s in script.scenes if s.kind == "restocking")
        # a percentage as English is written in Germany (CLDR en_DE: "10 %")
        assert scene.overlay.text == "Restocking fee: 10\u00a0%"
        assert scene.voice.text in (full, scene.overlay.text)  # short where time is short
    assert kit.scripts[2].scenes[[s.kind for s in kit.scripts[2].scenes].index(
        "restocking")].voice.text == full


def test_short_videos_take_back_full_sentences_that_fit() -> None:
    full = {"hook": 3000, "window": 5000, "start": 6000, "cta": 2000}
    short = {"hook": 3000, "window": 3000, "start": 3000, "cta": 2000}
    timeline, which = fit_scenes(15, full, short, 3000)
    assert [kind for kind, _, _ in timeline] == ["hook", "window", "start", "cta"]
    assert (which["window"], which["start"]) == (1, 2)  # the window first: it matters most
    assert timeline[-1][2] == 15_000
    assert plan_scenes(15, full, 3000)[-1][2] > 15_000  # every sentence in full: too long


def test_further_scenes_come_only_with_a_full_sentence() -> None:
    """A 30-second video adds the faulty-item scene only if its sentence fits, never its
    on-screen label read out instead."""
    essentials = {"hook": 3000, "window": 6000, "cost": 6000, "start": 6000, "cta": 3000}
    full, short = {**essentials, "faulty": 7000}, {**essentials, "faulty": 2000}
    timeline, which = fit_scenes(30, full, short, 3000)
    assert "faulty" not in [kind for kind, _, _ in timeline]
    timeline, which = fit_scenes(30, {**full, "faulty": 5000}, short, 3000)
    assert "faulty" in [kind for kind, _, _ in timeline] and which["faulty"] == 1


def test_speaking_rates_are_data_for_every_language() -> None:
    for locale in supported_locales():
        rate = speech_rate(locale)
        assert rate.per_minute and rate.unit, locale
        assert rate.sources, locale
    assert speech_rate("ja").unit == speech_rate("zh_Hans").unit == "character"
    assert speech_rate("th").unit == "character"
    assert speech_rate("de").unit == "word"
    assert speaking_ms("one two three four", "en") == 1500  # 160 words a minute
    # a number takes longer to say than to write; symbols and punctuation are not said
    assert spoken_units("Return label: 4,95 €", speech_rate("en")) == 4
    assert spoken_units("14 days or 50000 ₫", speech_rate("vi")) == 6
    assert spoken_units("「注文」→「返品」。14日", speech_rate("ja")) == 7
    assert scene_ms("OK", "en") == MIN_SCENE_MS


def test_the_captions_page_shows_shot_and_broll_per_scene(tmp_path: Path) -> None:
    root = small_project(tmp_path / "shop", ("de",), "[en, de]")
    files = render_locale_pages(facts_of(root), "en", templates_dir_for(root),
                                Translations()).files
    page = page_html(files["de/captions.md"])
    kit = next(k for k in project_kits(facts_of(root), catalog_translations(catalogs_for(root)))
               if k.locale == "en")
    tables = re.findall(r'<div class="ps-script">\s*<table>(.*?)</table>', page, re.S)
    assert len(tables) == len(kit.scripts)
    for table, script in zip(tables, kit.scripts, strict=True):
        rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", table, re.S)
        assert len(rows) == len(script.scenes)
        for (_time, cell), scene in zip(rows, script.scenes, strict=True):
            assert [html.unescape(part) for part in re.split(r"<br\s*/?>", cell)] == [
                f"On screen: {scene.overlay.text}", f"Voice-over: {scene.voice.text}",
                f"Shot: {scene.shot.text}", f"B-roll: {scene.broll.text}"]


def test_the_script_table_never_breaks_inside_a_word() -> None:
    css = (REPO / "templates" / "assets" / "policysite.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset \.ps-script table:not\(\[class\]\) td, [^{]*\{([^}]*)\}",
                     css)
    assert rule is not None
    assert "overflow-wrap: break-word" in rule.group(1)
    assert "anywhere" not in rule.group(1)


def test_json_export_carries_shot_and_broll(example_kits: list[Kit]) -> None:
    kit = next(k for k in example_kits if k.market == "JP")
    texts = json.loads(to_json([kit]))["texts"]
    scripts = [text for text in texts if text["kind"] == "script"]
    assert scripts and all(text["hook"] == "" and text["body"] == text["text"]
                           for text in scripts)  # the fields every text has stay
    scene = scripts[0]["scenes"][1]
    first = kit.scripts[0].scenes[1]
    assert (scene["shot"], scene["broll"]) == (first.shot.text, first.broll.text)
    assert {"kind", "start_ms", "end_ms", "on_screen", "voice_over"} <= set(scene)
