"""``check``'s warning for a policy version that took effect but was never published.

The newest version in ``versions.yml`` is what the site shows once it is built; if its day has
come and no build has published it, customers still read the old terms. The builds' state files
(``.policysite/state-*.json``, ``generator.site.state``) say which version each build published.
"""

from __future__ import annotations

import datetime

from generator.errors import Problem
from generator.project.load import Project
from generator.project.problems import problem_at
from generator.site.state import built_versions


def unpublished_version(project: Project, today: datetime.date | None = None
                        ) -> Problem | None:
    """A warning when the newest version is in force on ``today`` (default: the clock's day)
    and no build of the project published it; none for a project that was never built, which
    has no site whose terms could be out of date."""
    newest = project.versions[-1]
    today = today or datetime.date.today()
    built = built_versions(project.root)
    if built is None or newest.effective > today or newest.id in built:
        return None
    index = len(project.versions) - 1
    return problem_at(project.marks, ("versions", index, "effective"),
                      f"version {newest.id} has been in force since "
                      f"{newest.effective.isoformat()}, but no build has published it: the site "
                      "still shows an earlier version", "run policysite build and publish site/",
                      "warning")
