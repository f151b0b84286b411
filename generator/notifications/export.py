"""``policysite export notifications``: every message, for import into helpdesk tools.

- csv: one row per message (market, locale, stage, channel), UTF-8 with a byte order mark and
  CRLF line ends, cells that a spreadsheet would run as a formula defused
  (``generator.spreadsheet``, as the caption export).
- json: the same rows plus the placeholders' descriptions, keys sorted.

Output is deterministic, and written all or nothing (``generator.files.write_files``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.support import Translations

from generator.errors import Problem, UsageError
from generator.facts.site import SiteFacts
from generator.files import write_files
from generator.notifications.messages import Message, market_messages
from generator.notifications.placeholders import PLACEHOLDERS
from generator.notifications.sms import MAX_PARTS
from generator.spreadsheet import csv_bytes

FORMATS = ("csv", "json")
COLUMNS = ("market", "locale", "stage", "variant", "channel", "title", "subject", "body",
           "placeholders", "sent_via", "sms_encoding", "sms_parts")


def select_messages(facts: SiteFacts, translations: Callable[[str], Translations],
                    market: str | None = None, locale: str | None = None) -> list[Message]:
    """The messages to export; an unknown market or locale is a usage error (exit 2)."""
    markets, locale = facts.selection(market, locale)
    messages = []
    for code in markets:
        for loc in facts.markets[code].locales:
            if locale is None or loc == locale:
                messages += market_messages(facts, code, loc, translations(loc))
    return messages


def sms_warnings(messages: list[Message]) -> list[Problem]:
    """An SMS whose first sentence alone takes more than ``MAX_PARTS`` parts (a long
    translation or RMA code): sent anyway, but in more pieces than a phone shows as one."""
    return [Problem(f"{m.market}/{m.locale}", field=f"notifications.{m.stage}.sms",
                    message=f"the SMS takes {m.sms.parts} parts ({m.sms.encoding}, "
                            f"{m.sms.units} characters)",
                    hint=f"at most {MAX_PARTS}: shorten the translation", severity="warning")
            for m in messages if m.sms is not None and not m.sms.fits]


def row(message: Message) -> dict[str, Any]:
    sms = message.sms
    return {"market": message.market, "locale": message.locale, "stage": message.stage,
            "variant": message.variant, "channel": message.channel, "title": message.title,
            "subject": message.subject, "body": message.body,
            "placeholders": " ".join(message.placeholders),
            "sent_via": " ".join(message.sent_via),
            "sms_encoding": sms.encoding if sms else None,
            "sms_parts": sms.parts if sms else None}


def to_csv(messages: list[Message]) -> bytes:
    return csv_bytes(COLUMNS, (row(message) for message in messages))


def to_json(messages: list[Message]) -> bytes:
    items = []
    for message in messages:
        item = row(message)
        item["placeholders"] = list(message.placeholders)
        item["sent_via"] = list(message.sent_via)
        items.append(item)
    placeholders = {name: {"description": p.description, "token": "{{" + name + "}}"}
                    for name, p in PLACEHOLDERS.items()}
    text = json.dumps({"messages": items, "placeholders": placeholders}, ensure_ascii=False,
                      indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def export_notifications(facts: SiteFacts, translations: Callable[[str], Translations],
                         fmt: str, output: Path | None, market: str | None = None,
                         locale: str | None = None
                         ) -> tuple[bytes | None, list[Path], list[Problem]]:
    """Export in ``fmt``: the bytes when ``output`` is None, else the file written; and
    warnings about SMS texts longer than ``MAX_PARTS`` parts."""
    if fmt not in FORMATS:
        raise UsageError(f'unknown format "{fmt}"; use one of {", ".join(FORMATS)}')
    messages = select_messages(facts, translations, market, locale)
    data = to_csv(messages) if fmt == "csv" else to_json(messages)
    warnings = sms_warnings(messages)
    if output is None:
        return data, [], warnings
    target = output / f"notifications.{fmt}" if output.is_dir() else output
    write_files({target: data})
    return None, [target], warnings
