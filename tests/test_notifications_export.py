"""``policysite export notifications``: CSV and JSON that helpdesk tools and spreadsheets read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result

from generator.commands.cli import cli
from generator.notifications.export import COLUMNS, to_csv
from generator.notifications.messages import Message
from tests.conftest import copy_example


def export(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["export", "notifications", "-f", str(root), *args])


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_a_bom_crlf_and_one_row_per_message(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "messages.csv"
    result = export(project, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") > 10
    rows = rows_of(raw)
    assert tuple(rows[0]) == COLUMNS
    assert {row["locale"] for row in rows} == {"de", "en"}
    assert {row["channel"] for row in rows} == {"email", "sms", "chat"}
    ack = [row for row in rows if row["stage"] == "withdrawal_received"]
    assert [row["channel"] for row in ack] == ["email", "email"]  # de and en, e-mail only
    sms = [row for row in rows if row["channel"] == "sms"]
    assert sms and all(row["sms_parts"] in ("1", "2") for row in sms)
    assert all(row["sms_encoding"] == "" for row in rows if row["channel"] != "sms")
    email = next(row for row in rows if row["stage"] == "requested" and row["channel"] == "email")
    assert email["subject"] and "\n\n" in email["body"]  # line breaks survive the round trip
    assert email["placeholders"].split() == ["order_id", "customer_name"]
    assert email["sent_via"] == "email"


def test_json_is_sorted_deterministic_and_documents_the_placeholders(project: Path) -> None:
    first = export(project, "--format", "json", "--market", "de", "--locale", "en")
    second = export(project, "--format", "json", "--market", "DE", "--locale", "en")
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    data = json.loads(first.stdout_bytes)
    assert first.stdout_bytes.decode() == json.dumps(data, ensure_ascii=False, indent=2,
                                                     sort_keys=True) + "\n"
    assert {m["locale"] for m in data["messages"]} == {"en"}
    assert data["placeholders"]["order_id"]["token"] == "{{order_id}}"
    refund = next(m for m in data["messages"] if m["stage"] == "refunded"
                  and m["channel"] == "email")
    assert "lang=en" in refund["body"] and "refund_amount" in refund["placeholders"]


def test_unknown_market_locale_or_format_is_a_usage_error(project: Path) -> None:
    for args, said in ((["--market", "xx"], 'unknown market "xx"'),
                       (["--locale", "ko"], 'no locale "ko"'),
                       (["--format", "xml"], "Invalid value")):
        result = export(project, *args)
        assert result.exit_code == 2, result.output
        assert said in result.output
        assert "Traceback" not in result.output


def test_csv_defuses_cells_a_spreadsheet_would_run() -> None:
    cells = ["=HYPERLINK(\"https://evil.example\")", "+1", "-1", "@SUM(A1)", "\tx", "plain"]
    messages = [Message("DE", "en", "requested", "", "chat", "Title", None, body, (), (), None)
                for body in cells]
    rows = rows_of(to_csv(messages))
    assert [row["body"] for row in rows] == [
        "'=HYPERLINK(\"https://evil.example\")", "'+1", "'-1", "'@SUM(A1)", "'\tx", "plain"]


def test_the_example_exports_every_market(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "shop", ("de", "us", "gb"))
    rows = rows_of(export(root, "--format", "csv").stdout_bytes)
    assert {row["market"] for row in rows} == {"DE", "GB", "US"}
    assert not [row for row in rows if row["market"] == "US"
                and row["stage"] == "withdrawal_received"]
