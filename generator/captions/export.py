"""``policysite export captions``: the marketer texts for scheduling tools and video editors.

- csv: one row per text, UTF-8 with a byte order mark and CRLF line ends, so that spreadsheet
  programs open it with the right characters; cells that a spreadsheet would run as a formula
  get a leading apostrophe.
- json: the same rows plus each script's scenes, keys sorted, for tools.
- srt / vtt: one subtitle file per market, locale and script variant, in
  ``<folder>/<MARKET>/<locale>/script-<variant>.<format>``.

Output is deterministic: the same project gives the same bytes. Files are written all or
nothing: each into a temporary file next to it, renamed over the target only once every file is
complete, so a full disk or a refused folder leaves no partial export and the previous one as
it was.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from generator.captions.kit import Kit, catalog_translations, project_kits
from generator.captions.pieces import Piece
from generator.captions.subtitles import script_cues, to_srt, to_vtt
from generator.errors import EnvironmentProblem, UsageError
from generator.facts.site import SiteFacts
from generator.i18n.catalogs import CatalogFiles

FORMATS = ("csv", "json", "srt", "vtt")
COLUMNS = ("market", "locale", "kind", "variant", "title", "text", "characters", "limit")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def select_kits(facts: SiteFacts, catalogs: CatalogFiles, market: str | None = None,
                locale: str | None = None) -> list[Kit]:
    """The kits to export; an unknown market or locale is a usage error (exit 2)."""
    markets = list(facts.markets)
    if market is not None:
        code = market.upper()
        if code not in facts.markets:
            raise UsageError(f'unknown market "{market}"; the project has {", ".join(markets)}')
        markets = [code]
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
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for kit in kits:
        for piece in kit.pieces:
            values = row(piece)
            writer.writerow([_cell(values[column]) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


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


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file or none: ``EnvironmentProblem`` naming the file when the OS refuses.

    Each regular file goes to a hidden temporary file in its own folder first (same file
    system, so the rename is atomic); the targets are replaced only after every temporary file
    is complete and synced. On failure the temporary files and any folders made for them are
    removed. A target that is a device or pipe (``-o /dev/stdout``) is written in place.
    """
    made: list[Path] = []
    staged: list[tuple[Path, Path, Path]] = []  # (target as given, temporary file, real file)
    current = next(iter(files), Path())
    try:
        for current, data in files.items():
            if _is_stream(current):
                current.write_bytes(data)
                continue
            final = current.resolve() if current.is_symlink() else current
            made += _make_folders(final.parent)
            temp = final.with_name(f".{final.name}.{secrets.token_hex(4)}.tmp")
            staged.append((current, temp, final))
            _write_synced(temp, data)
        for target, temp, final in staged:
            current = target  # named if the rename fails
            os.replace(temp, final)
    except OSError as exc:
        for _, temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise EnvironmentProblem.from_os_error(exc, current, "cannot write") from None


def _is_stream(path: Path) -> bool:
    """True for an existing device, pipe or socket: written in place, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns those created, outermost first."""
    missing: list[Path] = []
    while not folder.is_dir():
        if folder.exists() or folder.is_symlink():  # a file (or broken link) is in the way
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    created = []
    for path in reversed(missing):
        path.mkdir()
        created.append(path)
    return created


def _write_synced(path: Path, data: bytes) -> None:
    """Create ``path`` (never replacing one) with the usual mode for new files, write, sync."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
