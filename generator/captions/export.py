"""``policysite export captions``: the marketer texts for scheduling tools and video editors.

- csv: one row per text, UTF-8 with a byte order mark and CRLF line ends, so that spreadsheet
  programs open it with the right characters; cells that a spreadsheet would run as a formula
  get a leading apostrophe. A caption's hook, body and hashtags are columns of their own beside
  the full text (a text without those parts is all body).
- json: the same rows plus each script's scenes (times, on-screen text, voice-over, shot
  and B-roll), keys sorted, for tools.
- calendar: a content calendar for scheduling tools (same CSV rules): one row per caption
  with its angle ("key-fact", "three-things", "pov", "myth", "question"), dated by a posting
  plan of one caption per market and locale every N days from a start date (by default the
  newest policy version's effective date, never today's date).
- srt / vtt: one subtitle file per market, locale and script variant, in
  ``<folder>/<MARKET>/<locale>/script-<variant>.<format>``.

Output is deterministic: the same project gives the same bytes. Files are written all or
nothing (``generator.files.write_files``).
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.pieces import Piece
from generator.captions.subtitles import script_cues, to_srt, to_vtt
from generator.errors import UsageError
from generator.facts.site import SiteFacts
from generator.files import write_files
from generator.i18n.catalogs import CatalogFiles
from generator.spreadsheet import csv_bytes

FORMATS = ("csv", "json", "calendar", "srt", "vtt")
COLUMNS = ("market", "locale", "kind", "variant", "title", "hook", "body", "hashtags", "text",
           "characters", "limit")
CALENDAR_COLUMNS = ("date", "market", "locale", "angle", "caption")
EVERY_DAYS = 7
"""Default days between two captions of one market and locale: a returns post a week."""


def select_kits(facts: SiteFacts, catalogs: CatalogFiles, market: str | None = None,
                locale: str | None = None) -> list[Kit]:
    """The kits to export; an unknown market or locale is a usage error (exit 2)."""
    markets, locale = facts.selection(market, locale)
    return project_kits(facts, catalog_translations(catalogs), markets,
                        [locale] if locale else None)


def row(piece: Piece) -> dict[str, Any]:
    return {"market": piece.market, "locale": piece.locale, "kind": piece.kind,
            "variant": piece.variant, "title": piece.title, "hook": piece.part("hook"),
            "body": piece.part("body"), "hashtags": piece.part("hashtags"), "text": piece.text,
            "characters": piece.length, "limit": piece.limit}


def to_csv(kits: list[Kit]) -> bytes:
    return csv_bytes(COLUMNS, (row(piece) for kit in kits for piece in kit.pieces))


def calendar_rows(kits: list[Kit], start: datetime.date, every: int) -> list[dict[str, Any]]:
    """The posting plan: each market and locale posts its captions in order, the first on
    ``start`` and one every ``every`` days; rows by date, then market and locale."""
    rows = [{"date": (start + datetime.timedelta(days=index * every)).isoformat(),
             "market": kit.market, "locale": kit.locale, "angle": caption.angle,
             "caption": caption.text}
            for kit in kits for index, caption in enumerate(kit.captions)]
    return sorted(rows, key=lambda r: (r["date"], r["market"], r["locale"], r["angle"]))


def to_calendar(kits: list[Kit], start: datetime.date, every: int) -> bytes:
    return csv_bytes(CALENDAR_COLUMNS, calendar_rows(kits, start, every))


def to_json(kits: list[Kit]) -> bytes:
    texts = []
    for kit in kits:
        for piece in kit.pieces:
            item = row(piece)
            if piece.scenes:
                item["seconds"] = piece.seconds
                item["scenes"] = [{"kind": scene.kind, "start_ms": scene.start_ms,
                                   "end_ms": scene.end_ms, "on_screen": scene.overlay.text,
                                   "voice_over": scene.voice.text, "shot": scene.shot.text,
                                   "broll": scene.broll.text} for scene in piece.scenes]
            texts.append(item)
    text = json.dumps({"texts": texts}, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def subtitle_files(kits: list[Kit], fmt: str, names: tuple[str, ...] = ()) -> dict[str, str]:
    """Relative path → subtitle text, one per script; ``names`` are never broken."""
    render = to_srt if fmt == "srt" else to_vtt
    return {f"{script.market}/{script.locale}/script-{script.variant}.{fmt}":
            render(script_cues(script, names)) for kit in kits for script in kit.scripts}


def export_captions(facts: SiteFacts, catalogs: CatalogFiles, fmt: str, output: Path | None,
                    market: str | None = None, locale: str | None = None,
                    start: datetime.date | None = None, every: int | None = None
                    ) -> tuple[bytes | None, list[Path]]:
    """Export in ``fmt``; returns the bytes when ``output`` is None, else the files written.

    ``start`` and ``every`` plan the calendar; the start defaults to the newest policy
    version's effective date, so the same project always gives the same plan."""
    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{fmt}"; use one of {", ".join(FORMATS)}')
    if fmt != "calendar" and (start is not None or every is not None):
        raise UsageError("--start and --every plan the content calendar: use them with "
                         "--format calendar")
    if every is not None and every < 1:
        raise UsageError(f"--every must be at least 1 day, got {every}")
    kits = select_kits(facts, catalogs, market, locale)
    if fmt in ("srt", "vtt"):
        if output is None:
            raise UsageError(f"--format {fmt} writes one file per video: give a folder with -o")
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output} is a file; --format {fmt} needs a folder")
        files = {output / relative: text.encode("utf-8")
                 for relative, text in sorted(subtitle_files(
                     kits, fmt, (facts.merchant.trading_name,)).items())}
        write_files(files)
        return None, list(files)
    if fmt == "calendar":
        data = to_calendar(kits, start or facts.newest.effective, every or EVERY_DAYS)
    else:
        data = to_csv(kits) if fmt == "csv" else to_json(kits)
    if output is None:
        return data, []
    name = "content-calendar.csv" if fmt == "calendar" else f"captions.{fmt}"
    target = output / name if output.is_dir() else output
    write_files({target: data})
    return None, [target]
