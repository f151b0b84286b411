"""Emoji slots: one emoji opens a line where the merchant turns them on, never in a fact."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from click.testing import CliRunner

from generator.captions.compose import ANGLES, feed_preview
from generator.captions.emoji import emoji_data, emoji_slots, with_emoji
from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.length import display_width, graphemes, tiktok_length
from generator.captions.lint import lint_captions
from generator.captions.pieces import Piece
from generator.commands.cli import cli
from generator.i18n.catalogs import CatalogFiles
from tests.conftest import edit, facts_and_marks, facts_of, locate

DEFAULTS = "policies/defaults.yml"
TARGET = "  target: api\n"
PICTOGRAPH = regex.compile(r"\p{Extended_Pictographic}")


def kits(root: Path) -> list[Kit]:
    return project_kits(facts_of(root), catalog_translations(CatalogFiles(root)))


def set_emoji(root: Path, value: str) -> str:
    return edit(root, DEFAULTS, TARGET, f"{TARGET}  emoji: {value}\n")


def captions(root: Path) -> list[Piece]:
    return [caption for kit in kits(root) for caption in kit.captions]


def without_emoji(text: str) -> str:
    """The text with every emoji slot taken out (the emoji and the space after it)."""
    data = emoji_data()
    for emoji in {data.hook, *data.angles.values(), data.cta, data.line, *data.lines.values()}:
        text = text.replace(emoji + " ", "")
    return text


def test_every_emoji_in_the_data_is_one_emoji_shown_as_an_emoji() -> None:
    data = emoji_data()
    for emoji in {data.hook, *data.angles.values(), data.cta, data.line, *data.lines.values()}:
        assert len(graphemes(emoji)) == 1, emoji
        assert PICTOGRAPH.match(emoji), emoji
        # Emoji presentation without U+FE0F only where the character has it by default.
        assert regex.match(r"\p{Emoji_Presentation}", emoji) or "\ufe0f" in emoji, emoji
        assert display_width(emoji) == 2, emoji
    assert set(data.angles) <= set(ANGLES)  # a renamed angle would lose its emoji


def test_off_by_default(project: Path) -> None:
    for caption in captions(project):
        assert not PICTOGRAPH.search(caption.text), caption.text
    assert emoji_slots(False) == frozenset()
    assert emoji_slots(True) == {"hook", "lines", "cta"}


def test_emoji_open_lines_and_never_replace_a_word(project: Path) -> None:
    plain = {(c.locale, c.variant): c for c in captions(project)}
    set_emoji(project, "true")
    data = emoji_data()
    for caption in captions(project):
        before = plain[(caption.locale, caption.variant)]
        assert without_emoji(caption.text) == before.text  # every word still there
        lines = caption.text.split("\n")
        assert lines[0].startswith(data.angles.get(caption.angle, data.hook) + " ")
        key_line = next(line for line in lines if caption.key_fact.text in line)  # type: ignore[union-attr]
        assert not PICTOGRAPH.search(key_line), key_line  # the key fact stays plain
        assert caption.key_fact is not None and caption.key_fact in caption.segments
        cta = caption.part("body").split("\n")[-1]
        assert cta.startswith(data.cta + " "), cta
        for line in lines:  # numbered lines keep their numbers first
            assert not regex.match(r"\S+ \d+\. ", line), line
        # Parts keep adding up: the hook's emoji belongs to the hook.
        assert caption.text == (f"{caption.part('hook')}\n{caption.part('body')}\n\n"
                                f"{caption.part('hashtags')}")
        assert PICTOGRAPH.match(caption.part("hook"))
        assert not PICTOGRAPH.search(caption.part("hashtags"))
    key_fact = next(c for c in captions(project) if c.locale == "en" and c.variant == "key-fact-1")
    assert key_fact.text.split("\n")[3:8] == [
        "⚖️ Right of withdrawal (by law): 14 days, no reason needed.",
        "💸 If you change your mind, our return label costs 4,95\u00a0€, deducted from your "
        "refund.",
        "🛠️ Faulty or wrong item? We pay the return shipping.",
        "📲 To return, open Orders in the TikTok Shop app and tap Return/Refund.",
        "💰 Money back within 5 days after we check your item."]


def test_some_slots_only(project: Path) -> None:
    set_emoji(project, "[cta]")
    for caption in captions(project):
        found = PICTOGRAPH.findall(caption.text)
        assert found == [emoji_data().cta], caption.text


def test_no_emoji_in_scripts_or_comments(project: Path) -> None:
    set_emoji(project, "true")
    for kit in kits(project):
        for piece in [kit.pinned, *kit.replies, *kit.scripts]:
            assert not PICTOGRAPH.search(piece.text), piece.text
            for scene in piece.scenes:
                assert not PICTOGRAPH.search(scene.voice.text + scene.overlay.text)


def test_lengths_count_emoji_as_tiktok_does(project: Path) -> None:
    plain = {(c.locale, c.variant): c for c in captions(project)}
    set_emoji(project, "true")
    for caption in captions(project):
        added = [s.text for s in caption.segments if PICTOGRAPH.match(s.text)]
        assert added
        assert caption.length == plain[(caption.locale, caption.variant)].length + sum(
            tiktok_length(text) for text in added)
        assert caption.length == tiktok_length(caption.text)


def test_zwj_sequences_and_skin_tones(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    coder = "🧑🏽\u200d💻"  # person, medium skin tone, ZWJ, laptop: one character, 7 UTF-16 units
    assert tiktok_length(coder) == 7 and len(graphemes(coder)) == 1
    assert display_width(coder) == 2
    assert tiktok_length("👍🏽") == 4
    data = emoji_data().model_copy(update={"hook": coder})
    monkeypatch.setattr("generator.captions.emoji.emoji_data", lambda: data)
    caption = next(c for c in captions(project) if c.locale == "en")
    decorated = with_emoji(caption, ["hook"])
    assert decorated.text == f"{coder} {caption.text}"
    assert decorated.length == caption.length + 8
    # The feed preview measures it as two columns and never cuts inside it.
    preview, cut = feed_preview(decorated.text, 3)
    assert (preview, cut) == (f"{coder}…", True)
    assert feed_preview(decorated.text, 2) == ("…", True)


def test_emoji_count_towards_the_preview(project: Path) -> None:
    # A hook that puts the key fact's end exactly at column 100 without emoji; the hook's
    # emoji (two columns and a space) push it past what the feed shows before "more".
    fact = "Returns within 30 days."
    hook = "Changed your mind? " + "x" * (100 - len(fact) - 1 - len("Changed your mind? "))
    text = edit(project, DEFAULTS, "en: Changed your mind? You can send it back.",
                f"en: {hook}")
    assert not [p for p in lint_captions(*facts_and_marks(project), CatalogFiles(project))
                if "ends at column" in p.message]
    set_emoji(project, "[hook]")
    line, column = locate(text, f"en: {hook}")
    assert [str(p) for p in lint_captions(*facts_and_marks(project), CatalogFiles(project))
            if "ends at column" in p.message] == [
        f'{DEFAULTS}:{line}:{column}: markets.DE.captions.hooks[0].en: warning: in caption '
        f'key-fact-1 (en) the key fact "{fact}" ends at column 103, after the ~100 the feed '
        'shows before "more" (shorten the hook)']


@pytest.mark.parametrize(("value", "message"), [
    ("yes", 'markets.DE.captions.emoji: must be true or false, got "yes"'),
    ("[hook, cat]", 'markets.DE.captions.emoji[1]: must be one of hook, lines, cta; got "cat" '
                    '(did you mean "cta"?)'),
])
def test_a_bad_setting_is_one_error_line(project: Path, value: str, message: str) -> None:
    text = set_emoji(project, value)
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    line = text.split("\n").index(f"  emoji: {value}") + 1
    errors = [e for e in result.stderr.splitlines() if "emoji" in e]
    assert len(errors) == 1 and errors[0].startswith(f"{DEFAULTS}:{line}:")
    assert errors[0].endswith(message)
