"""``policysite version new``: keep the policy in force before the merchant changes it.

The newest version's files (``policies/``) are copied into ``policies/archive/<its id>/`` and
the new version is listed in ``versions.yml``; the merchant then edits ``policies/``. Done in
this order, an earlier version cannot be lost: ``check`` fails on a listed version without its
snapshot.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from pydantic import ValidationError

from generator.errors import UsageError
from generator.facts.site import load_and_resolve
from generator.model.catalog import PolicyVersion
from generator.project.archive import archive_folder, snapshot
from generator.project.problems import format_field_path


def new_version(root: Path, version_id: str, effective: str, summary: str,
                changes: list[str], today: datetime.date | None = None) -> list[str]:
    """Snapshot the newest version and list the new one; returns the lines to print.

    The whole project must pass ``check``'s loading first (a broken copy would be a broken
    record), and the new version must start after the newest one and not before ``today``: a
    version never changes the terms of orders already placed.
    """
    project, _ = load_and_resolve(root)
    default = project.site.default_locale
    try:
        new = PolicyVersion.model_validate({
            "id": version_id, "effective": effective, "summary": {default: summary},
            "changes": [{default: change} for change in changes]})
    except ValidationError as exc:
        error = exc.errors()[0]
        message = ("letters, digits, dots and hyphens, at most 20 characters, e.g. 2026.2"
                   if error["loc"] == ("id",) else error["msg"])
        raise UsageError(f"{format_field_path(error['loc']) or 'version'}: {message}"
                         ) from None
    today = today or datetime.date.today()
    if new.effective < today:
        raise UsageError(f"--effective {new.effective.isoformat()} is in the past: a new "
                         "version applies to orders placed from that day on, so give today "
                         "or a later day")
    newest = project.versions[-1]
    folder, _ = snapshot(project, new)
    last_day = new.effective - datetime.timedelta(days=1)
    return [
        f"copied the policy files of version {newest.id} (orders from "
        f"{newest.effective.isoformat()} to {last_day.isoformat()}) into "
        f"{archive_folder(newest.id)}/",
        f"added version {new.id} (orders from {new.effective.isoformat()}) to "
        "policies/versions.yml",
        f"next: edit policies/ for version {new.id}, translate its notes in versions.yml, then "
        f"policysite check ({folder.relative_to(root).as_posix()}/ stays as it is)",
    ]
