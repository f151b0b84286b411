"""``policysite check``: everything ``build`` checks, in the same order, without building.

Both run the same front half (load → validate → resolve), then the catalogs, then the caption
lint, and stop at the first of these stages that has errors, with the project's warnings first.
Loading itself reports everything it can in one run (field errors and the cross-file rules on
whatever validated), and a mistake several markets share is one line naming them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.captions.lint import check_captions
from generator.errors import ContentError, Problem, group_markets
from generator.facts.site import SiteFacts, load_and_resolve
from generator.i18n.checks import check_catalogs
from generator.layout import catalogs_for
from generator.project.load import Project
from generator.site.unpublished import unpublished_version


@dataclass(frozen=True)
class Checked:
    """A project that passed every check, with the warnings to show."""

    project: Project
    facts: SiteFacts
    warnings: list[Problem]


def check_site(root: Path) -> Checked:
    """Run every check ``build`` runs; raise ``ContentError`` with all problems of the first
    failing stage (and the project's warnings), as ``build`` would."""
    project, facts = load_and_resolve(root)
    catalogs = catalogs_for(root)
    found = check_catalogs(catalogs, facts.site.locales, include_warnings=True)
    catalog_errors = [p for p in found if p.severity == "error"]
    catalog_warnings = [p for p in found if p.severity != "error"]  # e.g. a non-CLDR plural
    if catalog_errors:
        raise ContentError([*project.warnings, *catalog_warnings, *catalog_errors])
    captions = check_captions(facts, project.marks, catalogs, project.warnings)
    # Only ``check`` says so: a build publishes the newest version.
    unpublished = unpublished_version(project)
    # One line for a caption text several markets take from defaults.yml (errors are grouped
    # by ContentError itself).
    return Checked(project, facts,
                   [*project.warnings, *catalog_warnings, *group_markets(captions),
                    *([unpublished] if unpublished else [])])
