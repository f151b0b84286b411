"""CSV for spreadsheet programs: UTF-8 with a byte order mark, CRLF, no formula injection.

Exports (caption texts, notification messages) hold merchant and translator text; a cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return) would run as one
when the file is opened in Excel, LibreOffice or Google Sheets, so it gets a leading apostrophe
(OWASP's advice on CSV injection). The byte order mark makes Excel read the file as UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A value as a cell that no spreadsheet runs as a formula; None is an empty cell."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> bytes:
    """A header row and one row per mapping (by column name), every cell made safe."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([csv_cell(values[column]) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")
