"""The caption linter, one rule at a time, with the exact line a merchant sees."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.captions.lint import lint_captions
from generator.commands.cli import cli
from generator.errors import ContentError
from generator.i18n.catalogs import CatalogFiles
from generator.layout import catalogs_for
from generator.site.build import build_site
from tests.conftest import (
    REPO,
    copy_example,
    edit,
    facts_and_marks,
    locate,
    set_hashtags,
)
from tests.sites import tree_hashes

DEFAULTS = "policies/defaults.yml"
DE = "policies/markets/de.yml"
HOOK_EN = "en: Changed your mind? You can send it back."
CTA_EN = "en: Questions? Ask us in the comments."
OFF = "(TikTok Shop forbids sending customers off the platform; remove it)"


def lint(root: Path) -> list[str]:
    """Problems as printed, with every generated text in English (no catalogs in the copy)."""
    return [str(problem) for problem in lint_captions(*facts_and_marks(root), CatalogFiles(root))]


def set_hook(root: Path, text: str) -> str:
    """Replace the English hook in defaults.yml; returns "file:line:col" of its key."""
    new = edit(root, DEFAULTS, HOOK_EN, f"en: {text}")
    line, column = locate(new, f"en: {text}")
    return f"{DEFAULTS}:{line}:{column}"


def test_the_example_has_no_caption_problems() -> None:
    assert lint_captions(*facts_and_marks(REPO), catalogs_for(REPO)) == []


@pytest.mark.parametrize(("hook", "message"), [
    ("Changed your mind? See marumori.shop", 'contains a link "marumori.shop"'),
    ("See https://marumori.example/returns", 'contains a link '
     '"https://marumori.example/returns"'),
    ("Changed your mind? Write to help@marumori.example",
     'contains an e-mail address "help@marumori.example"'),
    ("Changed your mind? DM @marumori_official", 'contains a social media handle '
     '"@marumori_official"'),
    ("Changed your mind? Scan the QR code", 'mentions a QR code ("QR")'),
    ("Changed your mind? Message us on WhatsApp", 'mentions "WhatsApp", another app or shop'),
])
def test_off_platform_contact_in_a_hook(project: Path, hook: str, message: str) -> None:
    where = set_hook(project, hook)
    assert lint(project) == [f"{where}: markets.DE.captions.hooks[0].en: {message} {OFF}"]


def test_phone_number_in_a_market_files_hook_is_reported_there(project: Path) -> None:
    text = edit(project, DE, "\nfaq:\n",
                "\ncaptions:\n  hooks:\n    - en: Questions? Call 030 901820\nfaq:\n")
    line, column = locate(text, "en: Questions? Call")
    assert lint(project) == [f"{DE}:{line}:{column}: markets.DE.captions.hooks[0].en: "
                             f'contains a phone number "030 901820" {OFF}']


def test_email_in_a_call_to_action(project: Path) -> None:
    text = edit(project, DEFAULTS, CTA_EN, "en: Questions? Mail help@marumori.example")
    line, column = locate(text, "en: Questions? Mail")
    assert lint(project) == [
        f"{DEFAULTS}:{line}:{column}: markets.DE.captions.calls_to_action[0].en: contains an "
        f'e-mail address "help@marumori.example" {OFF}']


def test_a_number_of_days_other_than_the_window(project: Path) -> None:
    where = set_hook(project, "Changed your mind? 14-day returns!")
    assert lint(project) == [
        f"{where}: markets.DE.captions.hooks[0].en: says 14 days, but the return window is 30 "
        "days (or 60 where the policy says so) (write the policy's number or none: the caption "
        "states the window)"]


@pytest.mark.parametrize("hook", ["Unworn shoes? 60 days to return.",
                                  "14 snacks, 60 days, one box."])
def test_numbers_the_policy_states_are_fine(project: Path, hook: str) -> None:
    set_hook(project, hook)
    assert lint(project) == []


@pytest.mark.parametrize(("hook", "repeated"), [
    ("30 days to change your mind.", "Returns within 30 days."),
    ("Refund within 5 days.", "Money back within 5 days after we check your item."),
])
def test_true_numbers_the_caption_states_anyway_are_a_repeat(project: Path, hook: str,
                                                             repeated: str) -> None:
    where = set_hook(project, hook)
    assert lint(project) == [
        f'{where}: markets.DE.captions.hooks[0].en: warning: says again what caption '
        'key-fact-1 (en) '
        f'states: "{repeated}" (let the hook make viewers stop (a question, a story) and the '
        "caption state the facts)"]


def test_refund_days_are_checked_against_the_refund_time(project: Path) -> None:
    where = set_hook(project, "Refund within 9 days.")
    assert lint(project) == [
        f"{where}: markets.DE.captions.hooks[0].en: says 9 days, but the return window is 30 "
        "days (or 5, 60 where the policy says so) (write the policy's number or none: the "
        "caption states the window)"]


def test_days_in_another_language_and_script(project: Path) -> None:
    text = edit(project, DEFAULTS, "de: Doch nicht das Richtige? Schick es zurück.",
                "de: 14 Tage Rückgabe!")
    line, column = locate(text, "de: 14 Tage")
    assert lint(project) == [
        f"{DEFAULTS}:{line}:{column}: markets.DE.captions.hooks[0].de: says 14 days, but the "
        "return window is 30 days (or 60 where the policy says so) (write the policy's number "
        "or none: the caption states the window)"]


def test_free_returns_when_the_customer_pays(project: Path) -> None:
    where = set_hook(project, "Free returns, always!")
    assert lint(project) == [
        f"{where}: markets.DE.captions.hooks[0].en: says returns are free, but customers pay "
        "4.95 EUR for our return label when they change their mind "
        '(shipping.return_label_fee is "4.95")']
    edit(project, DE, '  return_label_fee: "4.95"\n', "")
    assert lint(project) == [
        f"{where}: markets.DE.captions.hooks[0].en: says returns are free, but customers pay "
        'the return shipping when they change their mind (shipping.change_of_mind is '
        '"customer")']


def test_free_returns_when_the_merchant_pays(project: Path) -> None:
    where = set_hook(project, "Free returns, always!")
    edit(project, DE, "  change_of_mind: customer\n", "  change_of_mind: merchant\n")
    # true, but the caption's key fact says it on the next line
    assert lint(project) == [
        f'{where}: markets.DE.captions.hooks[0].en: warning: says again what caption '
        'key-fact-1 (en) '
        'states: "Free returns within 30 days." (let the hook make viewers stop (a question, '
        "a story) and the caption state the facts)"]


@pytest.mark.parametrize("hook", ["Faulty item? Free returns.", "Faulty item? Easy returns.",
                                  "Feel free to return it."])
def test_free_that_is_no_contradiction(project: Path, hook: str) -> None:
    set_hook(project, hook)
    assert lint(project) == []


def test_hashtag_format(project: Path) -> None:
    # Two tags are no warning: a suggested one makes three (tests/test_hashtags.py).
    text = set_hashtags(project, '  hashtags: ["#MaruMori", "#2026"]')
    item = locate(text, '"#2026"')
    assert lint(project) == [
        f'{DEFAULTS}:{item[0]}:{item[1]}: markets.DE.captions.hashtags[1]: "#2026" has no '
        "letters, so TikTok does not make it a tag (add a word, e.g. #returns2026)",
    ]


def test_too_many_and_repeated_hashtags(project: Path) -> None:
    tags = '["#MaruMori", "#returns", "#Returns", "#a", "#b", "#c"]'
    text = set_hashtags(project, f"  hashtags: {tags}")
    key = locate(text, "hashtags:")
    item = locate(text, '"#Returns"')
    assert lint(project) == [
        f"{DEFAULTS}:{key[0]}:{key[1]}: markets.DE.captions.hashtags: warning: has 6 hashtags; "
        "use 3 to 5 (a few relevant tags reach more viewers than many; only the first 5 are "
        "used)",
        f'{DEFAULTS}:{item[0]}:{item[1]}: markets.DE.captions.hashtags[2]: warning: "#Returns" '
        "is listed twice (hashtags ignore case) (remove one)",
    ]


def test_hashtags_that_contradict_the_policy(project: Path) -> None:
    text = set_hashtags(project, '  hashtags: ["#MaruMori", "#FreeReturns", "#14DayReturns"]')
    free, days = locate(text, '"#FreeReturns"'), locate(text, '"#14DayReturns"')
    assert lint(project) == [
        f"{DEFAULTS}:{free[0]}:{free[1]}: markets.DE.captions.hashtags[1]: says returns are "
        "free, but customers pay 4.95 EUR for our return label when they change their mind "
        '(shipping.return_label_fee is "4.95")',
        f"{DEFAULTS}:{days[0]}:{days[1]}: markets.DE.captions.hashtags[2]: says 14 days, but "
        "the return window is 30 days (or 60 where the policy says so) (write the policy's "
        "number or none: the caption states the window)",
    ]


def test_key_fact_pushed_past_more_by_a_long_hook(project: Path) -> None:
    hook = "Changed your mind about the colour, the size or the fit? Sending it back is easy."
    where = set_hook(project, hook)
    column = len(hook) + 1 + len("Returns within 30 days.")
    assert (f'{where}: markets.DE.captions.hooks[0].en: warning: in caption key-fact-1 (en) '
            'the key fact '
            f'"Returns within 30 days." ends at column {column}, after the ~100 the feed shows '
            'before "more" (shorten the hook)') in lint(project)
    assert all(": warning: " in line for line in lint(project))


def test_hook_longer_than_three_seconds(project: Path) -> None:
    sentences = ("Changed your mind about the colour or the size?", "Sending it back is easy.")
    where = set_hook(project, " ".join(sentences))
    # English reads at 20 characters per second; a cue lasts at least 833 ms, then an 83 ms gap;
    # a narrator says 160 words a minute: 14 words take 5.25 seconds, longer than the reading.
    reading = sum(max(833, math.ceil(len(s) / 20 * 1000)) + 83 for s in sentences)
    need = max(reading, math.ceil(14 * 60_000 / 160))
    problems = lint(project)
    assert [p for p in problems if "the hook (en)" in p] == [
        f"{where}: markets.DE.captions.hooks[0].en: warning: the hook (en) needs "
        f"{math.ceil(need / 100) / 10} seconds to say (160 words a minute) and read as "
        "subtitles (20 characters per second); it should fit the first 3 seconds "
        "(shorten it)"]


@pytest.mark.parametrize(("target", "repeat", "limit"), [("api", 1090, "2,200 through the API"),
                                                         ("app", 1990, "4,000 in the app")])
def test_caption_longer_than_tiktok_takes(project: Path, target: str, repeat: int,
                                          limit: str) -> None:
    # Each emoji is one character on screen but two for TikTok's limit.
    where = set_hook(project, "Returns " + "\U0001F600" * repeat)
    edit(project, DEFAULTS, "\n  target: api\n", f"\n  target: {target}\n")
    errors = [p for p in lint(project) if ": warning: " not in p]
    assert len(errors) == 1
    match = re.fullmatch(rf"{re.escape(where)}: markets\.DE\.captions\.hooks\[0\]\.en: "
                         r"caption key-fact-1 "
                         rf"\(en\) is ([\d,]+) characters long; TikTok takes {limit} \(shorten "
                         r"the hook or the call to action; emoji count 2 or more\)", errors[0])
    assert match, errors[0]
    assert int(match.group(1).replace(",", "")) > int(limit.split()[0].replace(",", ""))


def test_caption_within_the_app_limit_passes_there(project: Path) -> None:
    set_hook(project, "Returns " + "\U0001F600" * 1090)
    edit(project, DEFAULTS, "\n  target: api\n", "\n  target: app\n")
    assert [p for p in lint(project) if ": warning: " not in p] == []


PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalog(root: Path, msgstr: str) -> tuple[str, int]:
    po = root / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    text = PO_HEADER + f'msgid "Returns within %(period)s."\nmsgstr "{msgstr}"\n'
    po.write_text(text, encoding="utf-8")
    return "locales/de/LC_MESSAGES/messages.po", locate(text, 'msgid "Returns within')[0]


def test_a_translation_that_adds_a_link_is_reported_in_its_catalog(project: Path) -> None:
    shown, line = _catalog(project, "Rückgabe %(period)s, mehr auf marumori.shop")
    problems = [str(p) for p in lint_captions(*facts_and_marks(project), catalogs_for(project))]
    assert problems == [f'{shown}:{line}:1: markets.DE: the de translation of "Returns within '
                        '%(period)s." contains a link "marumori.shop" (fix the translation)']


def test_a_translated_key_fact_without_the_window(project: Path) -> None:
    shown, line = _catalog(project, "Rückgabe innerhalb der Frist.")
    problems = [str(p) for p in lint_captions(*facts_and_marks(project), catalogs_for(project))]
    assert problems == [f'{shown}:{line}:1: markets.DE: the de translation of "Returns within '
                        '%(period)s." does not state the 30-day window (fix the translation)']


def test_check_fails_on_a_caption_error_and_names_the_line(project: Path) -> None:
    where = set_hook(project, "Changed your mind? See marumori.shop")
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (f'{where}: markets.DE.captions.hooks[0].en: contains a link "marumori.shop" {OFF}\n'
            in result.stderr)


def test_check_prints_caption_warnings_and_succeeds(project: Path) -> None:
    set_hashtags(project, '  hashtags: ["#MaruMori", "#returns", "#a", "#b", "#c", "#d"]')
    result = CliRunner().invoke(cli, ["check", "-f", str(project)])
    assert result.exit_code == 0
    assert "markets.DE.captions.hashtags: warning: has 6 hashtags; use 3 to 5" in result.stderr
    assert result.stdout.startswith("OK: 1 markets, ")


@pytest.mark.slow  # builds the site
def test_build_stops_on_a_caption_error_before_building(project: Path) -> None:
    where = set_hook(project, "Changed your mind? Scan the QR code")
    with pytest.raises(ContentError) as failure:
        build_site(project)
    assert (f'{where}: markets.DE.captions.hooks[0].en: mentions a QR code ("QR") {OFF}'
            in str(failure.value))
    assert not (project / "site").exists()


@pytest.mark.slow  # builds the site
def test_a_merchant_text_error_means_no_locale_is_built(project: Path) -> None:
    set_hook(project, "Changed your mind? Scan the QR code")
    progress: list[str] = []
    with pytest.raises(ContentError):
        build_site(project, jobs=1, progress=progress.append)
    # Every locale is still rendered and its generated texts checked, so all problems show at
    # once, but none is handed to MkDocs.
    assert progress and all(line.endswith(": checked, not built") for line in progress)


@pytest.mark.slow  # builds the site
def test_a_caption_too_long_stops_the_build_and_keeps_the_site(project: Path) -> None:
    build_site(project, jobs=1)
    before = tree_hashes(project / "site")
    where = set_hook(project, "Returns " + "\U0001F600" * 1090)
    progress: list[str] = []
    with pytest.raises(ContentError) as failure:
        build_site(project, jobs=1, progress=progress.append)
    assert (f"{where}: markets.DE.captions.hooks[0].en: caption key-fact-1 (en) is "
            in str(failure.value))
    assert [line.split("] ")[1] for line in progress if "failed" in line] == ["en: failed checks"]
    assert tree_hashes(project / "site") == before


def test_off_platform_names_inside_hashtags(project: Path) -> None:
    text = set_hashtags(project, '  hashtags: ["#MaruMori", "#WhatsAppUs", "#qrcode"]')
    app, qr = locate(text, '"#WhatsAppUs"'), locate(text, '"#qrcode"')
    assert lint(project) == [
        f'{DEFAULTS}:{app[0]}:{app[1]}: markets.DE.captions.hashtags[1]: mentions "WhatsApp", '
        f"another app or shop {OFF}",
        f'{DEFAULTS}:{qr[0]}:{qr[1]}: markets.DE.captions.hashtags[2]: mentions a QR code ("QR") '
        f"{OFF}",
    ]


def test_claims_count_only_in_the_languages_a_market_shows(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "th"))
    thai = "th: เปลี่ยนใจเหรอ? ส่งคืนได้นะ"
    text = edit(root, DEFAULTS, thai, "th: คืนสินค้าได้ใน 7 วัน")
    line, column = locate(text, "th: คืนสินค้าได้ใน 7 วัน")
    # true for Thailand (7 days), only a repeat of the key fact, and Germany never shows it
    assert lint(root) == [
        f"{DEFAULTS}:{line}:{column}: markets.TH.captions.hooks[0].th: warning: says again what "
        'caption key-fact-1 (th) states: "Returns within 7 วัน." (let the hook make viewers '
        "stop (a question, a story) and the caption state the facts)"]
    text = edit(root, DEFAULTS, "th: คืนสินค้าได้ใน 7 วัน", "th: คืนสินค้าได้ใน 9 วัน")
    line, column = locate(text, "th: คืนสินค้าได้ใน 9 วัน")
    assert lint(root) == [
        f"{DEFAULTS}:{line}:{column}: markets.TH.captions.hooks[0].th: says 9 days, but the "
        "return window is 7 days (write the policy's number or none: the caption states the "
        "window)"]
