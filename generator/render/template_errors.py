"""A mistake in a template as one located problem, not a traceback.

A project may bring its own ``templates/`` folder, so a syntax error or an undefined name there
is the user's to fix: it is reported like any other content problem, at the template's line.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from generator.errors import Problem

HINT = "fix the template, or delete the project's copy to use the bundled one"


def template_problem(exc: TemplateError, root: Path) -> Problem:
    """Where the template went wrong (Jinja maps template frames to their source lines)."""
    filename, line = "", 0
    if isinstance(exc, TemplateSyntaxError):
        filename, line = exc.filename or exc.name or "", exc.lineno
    else:
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            if frame.f_code.co_filename.endswith(".j2"):
                filename, line = frame.f_code.co_filename, lineno  # the innermost one wins
    return Problem(_shown(filename, root) or "templates", line, 1 if line else 0, "template",
                   exc.message or type(exc).__name__, HINT)


def _shown(filename: str, root: Path) -> str:
    path = Path(filename)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return filename
