"""``policysite export captions``: files that other tools read back exactly."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import srt
import webvtt
from click.testing import CliRunner, Result

from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.length import tiktok_length
from generator.commands.cli import cli
from generator.escape import BIDI_CONTROLS
from generator.layout import catalogs_for
from tests.conftest import copy_example, edit, facts_of

COLUMNS = ["market", "locale", "kind", "variant", "title", "hook", "body", "hashtags", "text",
           "characters", "limit"]
CALENDAR = ["date", "market", "locale", "angle", "caption"]
SECOND_HOOK = """    - en: Changed your mind? You can send it back.
      de: Doch nicht das Richtige? Schick es zurück.
"""


def export(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["export", "captions", "-f", str(root), *args])


def kits(root: Path) -> list[Kit]:
    """The kits as the command builds them (with the same catalogs)."""
    return project_kits(facts_of(root), catalog_translations(catalogs_for(root)))


def test_csv_is_utf8_with_bom_one_row_per_text(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "captions.csv"
    result = export(project, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == COLUMNS
    pieces = [piece for kit in kits(project) for piece in kit.pieces]
    assert len(rows) == len(pieces)
    assert [(r["market"], r["locale"], r["kind"], r["variant"]) for r in rows] == [
        (p.market, p.locale, p.kind, p.variant) for p in pieces]
    for row, piece in zip(rows, pieces, strict=True):
        assert row["text"] == piece.text  # line breaks and non-ASCII survive the round trip
        assert int(row["characters"]) == tiktok_length(row["text"])
        assert row["limit"] == ("" if piece.limit is None else str(piece.limit))
    kinds = {row["kind"] for row in rows}
    assert kinds == {"caption", "pinned_comment", "reply", "script"}
    for row in rows:  # a caption's parts add up to its text; other texts are all body
        if row["kind"] == "caption":
            assert (row["hook"] == "Changed your mind? You can send it back."
                    or row["locale"] == "de" or not row["variant"].startswith("key-fact-"))
            assert row["hashtags"] == ("#MaruMori #Retoure #TikTokShop" if row["locale"] == "de"
                                       else "#MaruMori #returns #TikTokShop")
            assert row["text"] == f"{row['hook']}\n{row['body']}\n\n{row['hashtags']}"
            assert not row["body"].startswith(row["hook"])
        else:
            assert (row["hook"], row["body"], row["hashtags"]) == ("", row["text"], "")
    assert {row["locale"] for row in rows} == {"de", "en"}
    assert any("€" in row["text"] and "\n" in row["text"] for row in rows)


def test_csv_defuses_cells_a_spreadsheet_would_run(project: Path) -> None:
    edit(project, "policies/defaults.yml", "en: Changed your mind? You can send it back.",
         "en: '=1+1 Returns are easy.'")
    result = export(project, "--format", "csv", "--locale", "en")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"),
                                           newline="")))
    caption = next(r for r in rows if r["kind"] == "caption")
    assert caption["text"].startswith("'=1+1 Returns are easy.\n")
    assert int(caption["characters"]) == tiktok_length(caption["text"]) - 1  # without the '


def test_json_is_stable_and_sorted(project: Path, tmp_path: Path) -> None:
    first = export(project, "--format", "json", "--market", "DE")
    second = export(project, "--format", "json", "--market", "DE")
    assert first.exit_code == 0, first.stderr
    assert first.stdout_bytes == second.stdout_bytes
    pairs: list[list[str]] = []
    data = json.loads(first.stdout_bytes, object_pairs_hook=lambda p: (
        pairs.append([key for key, _ in p]), dict(p))[1])
    assert all(keys == sorted(keys) for keys in pairs)
    texts = data["texts"]
    assert {t["kind"] for t in texts} == {"caption", "pinned_comment", "reply", "script"}
    script = next(t for t in texts if t["kind"] == "script" and t["variant"] == "1-30s"
                  and t["locale"] == "en")
    assert script["seconds"] == 30 and script["limit"] is None
    assert (script["hook"], script["body"], script["hashtags"]) == ("", script["text"], "")
    caption = next(t for t in texts if t["kind"] == "caption" and t["locale"] == "en")
    assert caption["hook"] == "Changed your mind? You can send it back."
    assert caption["body"].startswith("Returns within 30 days.\n\n")
    assert caption["body"].endswith("Questions? Ask us in the comments.")
    assert caption["hashtags"] == "#MaruMori #returns #TikTokShop"
    assert script["scenes"][0] == {"end_ms": 3000, "kind": "hook", "start_ms": 0,
                                   "on_screen": "Changed your mind? You can send it back.",
                                   "voice_over": "Changed your mind? You can send it back.",
                                   "shot": "Face to camera, holding the parcel; say the hook "
                                           "in the first second",
                                   "broll": "Hands open the parcel on a table"}
    assert script["scenes"][-1]["end_ms"] == 30000


def test_srt_and_vtt_one_file_per_market_locale_and_variant(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "jp", "th"))
    for fmt in ("srt", "vtt"):
        out = tmp_path / fmt
        result = export(root, "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.stderr
        files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        assert files == sorted(f"{market}/{locale}/script-1-{seconds}s.{fmt}"
                               for market, locale in (("DE", "de"), ("DE", "en"), ("JP", "ja"),
                                                      ("TH", "th"), ("TH", "en"))
                               for seconds in (15, 30, 60))
        for path in out.rglob(f"*.{fmt}"):
            text = path.read_text(encoding="utf-8")
            if fmt == "srt":
                cues = list(srt.parse(text))
                ends = [cue.end.total_seconds() for cue in cues]
            else:
                cues = list(webvtt.from_buffer(io.StringIO(text)))
                ends = [cue.end_in_seconds for cue in cues]
            seconds = int(path.stem.rsplit("-", 1)[1].rstrip("s"))
            assert cues and max(ends) <= seconds


def test_export_is_deterministic(project: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert export(project, "--format", "vtt", "-o", str(tmp_path / name)).exit_code == 0
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.vtt")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.vtt")}
    assert a == b and a


def test_filters_and_usage_errors(project: Path) -> None:
    only = export(project, "--format", "csv", "--market", "de", "--locale", "de")
    assert only.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(only.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert rows and {(r["market"], r["locale"]) for r in rows} == {("DE", "de")}
    unknown_market = export(project, "--market", "XX")
    assert unknown_market.exit_code == 2
    assert unknown_market.stderr == 'policysite: unknown market "XX"; the project has DE\n'
    unknown_locale = export(project, "--market", "DE", "--locale", "fr")
    assert unknown_locale.exit_code == 2
    assert unknown_locale.stderr == ('policysite: no locale "fr" in market DE; choose one of '
                                     "de, en\n")
    no_folder = export(project, "--format", "srt")
    assert no_folder.exit_code == 2
    assert "give a folder with -o" in no_folder.stderr
    bad_format = export(project, "--format", "xlsx")
    assert bad_format.exit_code == 2


def test_export_refuses_texts_the_linter_rejects(project: Path) -> None:
    edit(project, "policies/defaults.yml", "en: Changed your mind? You can send it back.",
         "en: Changed your mind? See marumori.shop")
    result = export(project, "--format", "csv")
    assert result.exit_code == 1
    assert result.stdout_bytes == b""
    assert 'contains a link "marumori.shop"' in result.stderr


def _calendar(result: Result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") >= 2
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_calendar_plans_one_caption_per_market_and_locale_every_n_days(project: Path) -> None:
    edit(project, "policies/defaults.yml", "  hooks:\n", "  hooks:\n" + SECOND_HOOK.replace(
        "Changed your mind?", "Wrong size?").replace("Doch nicht das Richtige?", "Passt nicht?"))
    rows = _calendar(export(project, "--format", "calendar", "--start", "2026-07-01",
                            "--every", "3"))
    assert list(rows[0]) == CALENDAR
    captions = {(p.market, p.locale, p.variant): p.text
                for kit in kits(project) for p in kit.captions}
    assert len(rows) == len(captions) == 12  # two hooks and four angles, German and English
    angles = ["key-fact", "key-fact", "three-things", "pov", "myth", "question"]
    days = ["2026-07-01", "2026-07-04", "2026-07-07", "2026-07-10", "2026-07-13", "2026-07-16"]
    assert [(r["date"], r["market"], r["locale"], r["angle"]) for r in rows] == [
        (day, "DE", locale, angle) for day, angle in zip(days, angles, strict=True)
        for locale in ("de", "en")]
    variants = ["key-fact-1", "key-fact-2", "three-things", "pov", "myth", "question"]
    for row in rows:
        variant = variants[days.index(row["date"])]
        assert row["caption"] == captions[(row["market"], row["locale"], variant)]
    assert rows[0]["caption"].startswith("Passt nicht? Schick es zurück.\n")


def test_calendar_starts_on_the_newest_version_not_today(project: Path) -> None:
    newest = facts_of(project).newest.effective
    first = export(project, "--format", "calendar")
    rows = _calendar(first)
    per_kit = len(kits(project)[0].captions)
    assert {r["date"] for r in rows} == {(newest + datetime.timedelta(days=7 * index)).isoformat()
                                         for index in range(per_kit)}
    assert newest != datetime.date.today()  # the example's version date is not the clock's
    assert export(project, "--format", "calendar").stdout_bytes == first.stdout_bytes
    weekly = _calendar(export(project, "--format", "calendar", "--every", "7",
                              "--market", "DE", "--locale", "en"))
    assert [(r["market"], r["locale"]) for r in weekly] == [("DE", "en")] * per_kit


def test_calendar_defuses_formulas_and_writes_a_file(project: Path, tmp_path: Path) -> None:
    edit(project, "policies/defaults.yml", "en: Changed your mind? You can send it back.",
         "en: '=1+1 Returns are easy.'")
    result = export(project, "--format", "calendar", "--locale", "en", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "content-calendar.csv"
    assert result.stderr.endswith(f"wrote {written}\n")
    rows = list(csv.DictReader(io.StringIO(written.read_bytes().decode("utf-8-sig"),
                                           newline="")))
    assert rows[0]["caption"].startswith("'=1+1 Returns are easy.\n")


def test_calendar_options_are_checked(project: Path) -> None:
    for args, message in [
        (("--format", "csv", "--start", "2026-07-01"), "use them with --format calendar"),
        (("--format", "json", "--every", "2"), "use them with --format calendar"),
        (("--format", "calendar", "--start", "2026-13-01"), "'--start'"),
        (("--format", "calendar", "--start", "tomorrow"), "'--start'"),
        (("--format", "calendar", "--every", "0"), "'--every'"),
    ]:
        result = export(project, *args)
        assert result.exit_code == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_no_bidi_controls_in_any_export_of_the_example(tmp_path: Path) -> None:
    """CLDR writes U+200F into Arabic amounts; copied and exported text must not carry it."""
    root = copy_example(tmp_path / "shop", None)
    texts = []
    for fmt in ("csv", "json", "calendar"):
        result = export(root, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        texts.append(result.stdout_bytes.decode("utf-8-sig"))
    for fmt in ("srt", "vtt"):
        assert export(root, "--format", fmt, "-o", str(tmp_path / fmt)).exit_code == 0
        texts += [path.read_text(encoding="utf-8") for path in (tmp_path / fmt).rglob("*.*")]
    assert len(texts) > 100 and any("ر.س." in text for text in texts)  # Saudi amounts are in
    for text in texts:
        assert not BIDI_CONTROLS & set(text)
