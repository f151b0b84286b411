"""``policysite export captions``: the marketer texts for scheduling tools and video editors.

- csv: one row per text, UTF-8 with a byte order mark and CRLF line ends, so that spreadsheet
  programs open it with the right characters; cells that a spreadsheet would run as a formula
  get a leading apostrophe.
- json: the same rows plus each script's scenes, keys sorted, for tools.
- srt / vtt: one subtitle file per market, locale and script variant, in
  ``<folder>/<MARKET>/<locale>/script-<variant>.<format>``.

Output is deterministic: the same project gives the same bytes. Files are written all or
nothing (``generator.files.write_files``).
"""

from __future__ import annotations

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

FORMATS = ("csv", "json", "srt", "vtt")
COLUMNS = ("market", "locale", "kind", "variant", "title", "text", "characters", "limit")


def select_kits(facts: SiteFacts, catalogs: CatalogFiles, market: str | None = None,
                locale: str | None = None) -> list[Kit]:
    """The kits to export; an unknown market or locale is a usage error (exit 2)."""
    markets = list(facts.markets) if market is None else [facts.market_code(market)]
    if locale is not None:
        offered = sorted({loc for code in markets for loc in facts.markets[code].locales})
        if locale not in offered:
            where = f"market {markets[0]}" if market is not None else "any market"
            raise UsageError(f'no locale "{locale}" in {where}; choose one of '
                             f"{', '.join(offered)}")
    return project_kits(facts, catalog_translations(catalogs), markets,
                        [locale] if locale else None)


def row(piece: Piece) -> dict[str, Any]:
    return {"market": piece.market, "locale": piece.locale, "kind": piece.kind,
            "variant": piece.variant, "title": piece.title, "text": piece.text,
            "characters": piece.length, "limit": piece.limit}


def to_csv(kits: list[Kit]) -> bytes:
    return csv_bytes(COLUMNS, (row(piece) for kit in kits for piece in kit.pieces))


def to_json(kits: list[Kit]) -> bytes:
    texts = []
    for kit in kits:
        for piece in kit.pieces:
            item = row(piece)
            if piece.scenes:
                item["seconds"] = piece.seconds
                item["scenes"] = [{"kind": scene.kind, "start_ms": scene.start_ms,
                                   "end_ms": scene.end_ms, "on_screen": scene.overlay.text,
                                   "voice_over": scene.voice.text} for scene in piece.scenes]
            texts.append(item)
    text = json.dumps({"texts": texts}, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def subtitle_files(kits: list[Kit], fmt: str) -> dict[str, str]:
    """Relative path → subtitle text, one per script."""
    render = to_srt if fmt == "srt" else to_vtt
    return {f"{script.market}/{script.locale}/script-{script.variant}.{fmt}":
            render(script_cues(script)) for kit in kits for script in kit.scripts}


def export_captions(facts: SiteFacts, catalogs: CatalogFiles, fmt: str, output: Path | None,
                    market: str | None = None, locale: str | None = None
                    ) -> tuple[bytes | None, list[Path]]:
    """Export in ``fmt``; returns the bytes when ``output`` is None, else the files written."""
    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{fmt}"; use one of {", ".join(FORMATS)}')
    kits = select_kits(facts, catalogs, market, locale)
    if fmt in ("srt", "vtt"):
        if output is None:
            raise UsageError(f"--format {fmt} writes one file per video: give a folder with -o")
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output} is a file; --format {fmt} needs a folder")
        files = {output / relative: text.encode("utf-8")
                 for relative, text in sorted(subtitle_files(kits, fmt).items())}
        write_files(files)
        return None, list(files)
    data = to_csv(kits) if fmt == "csv" else to_json(kits)
    if output is None:
        return data, []
    target = output / f"captions.{fmt}" if output.is_dir() else output
    write_files({target: data})
    return None, [target]
