"""Errors a user can act on: one line each, ``path:line:col: field.path: message (hint)``."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Line breaks, terminal escapes and bidi controls inside a quoted value or a key would break the
# one-line format or spoof what the terminal shows; they are printed as Python-style escapes.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029"
                     "\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control and bidi characters escaped, e.g. a newline as ``\\n``."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the user's input, located as precisely as we can."""

    path: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    hint: str = ""
    severity: str = "error"
    """"error" stops the build; "warning" is shown and the build goes on; "notice" is about
    policysite's own rule data (a law or model text not yet confirmed against its official
    source), shown by ``check`` only: the merchant cannot fix it, but should know."""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: "
        if self.field:
            text += f"{self.field}: "
        if self.severity in ("warning", "notice"):
            text += "warning: " if self.severity == "warning" else "note: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)


class PolicySiteError(Exception):
    """Base class of every error caused by the user's content or command line.

    The CLI prints these without a traceback; anything else is a bug in policysite.
    """

    exit_code = 1

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(path="policysite", message=problems)]
        self.problems: list[Problem] = sorted(set(group_markets(problems)),
                                              key=_problem_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


_MARKET_FIELD = re.compile(r"markets\.([A-Z]{2})(?:\.|(?=\[)|$)")


def group_markets(problems: Iterable[Problem]) -> list[Problem]:
    """One line for one mistake that several markets share.

    A value written once in ``policies/defaults.yml`` is merged into every market, so its
    mistake used to come back once per market. Problems that differ only in the market code of
    their field (same file, place, message, hint and severity) become one problem whose field is
    the path inside the file and whose hint starts with the markets it breaks: ``(in DE, GB,
    US)``. Problems in a market's own file never merge, as their files differ. Order is kept:
    the merged problem stands where its first member stood.
    """
    keyed: list[tuple[tuple[str, int, int, str, str, str, str] | None, Problem]] = []
    codes: dict[tuple[str, int, int, str, str, str, str], dict[str, Problem]] = {}
    for problem in problems:
        found = _MARKET_FIELD.match(problem.field)
        if found is None:
            keyed.append((None, problem))
            continue
        key = (problem.path, problem.line, problem.column, problem.field[found.end():],
               problem.message, problem.hint, problem.severity)
        if key not in codes:
            codes[key] = {}
            keyed.append((key, problem))
        codes[key].setdefault(found.group(1), problem)
    result = []
    for group, problem in keyed:
        if group is None or len(codes[group]) == 1:
            result.append(problem)
            continue
        path, line, column, field, message, hint, severity = group
        named = "in " + ", ".join(sorted(codes[group]))
        result.append(Problem(path, line, column, field, message,
                              f"{named}; {hint}" if hint else named, severity))
    return result


def _problem_sort_key(problem: Problem) -> tuple[str, int, int, str, str, str, str]:
    # Every field takes part: problems come out of a set, whose order varies between runs.
    return (problem.path, problem.line, problem.column, problem.field, problem.message,
            problem.hint, problem.severity)


class ContentError(PolicySiteError):
    """The merchant's YAML, templates or catalogs are wrong (exit 1)."""


class BuildError(PolicySiteError):
    """The site could not be built; the previous site is left as it was (exit 1)."""


# The OS errors that mean "the machine, not policysite": each with what the user can do about it.
OS_ERROR_HINTS: dict[int, str] = {
    errno.EACCES: "check its permissions",
    errno.EPERM: "check its permissions",
    errno.EROFS: "the file system is read-only; choose another place",
    errno.ENOSPC: "the disk is full; free some space and retry",
    errno.EDQUOT: "the disk quota is used up; free some space and retry",
    errno.EIO: "the device reported an input/output error",
    errno.ENOENT: "check that the folder exists",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder; give a file name",
    errno.EEXIST: "a file of that name is in the way",
    errno.ENAMETOOLONG: "choose a shorter path",
    errno.ELOOP: "too many symbolic links in the path",
    errno.EADDRINUSE: "another program listens there; stop it or choose another port with -a",
    errno.EADDRNOTAVAIL: "this machine has no such address; try 127.0.0.1",
}


class EnvironmentProblem(PolicySiteError):
    """The machine stopped us, not the content: a permission, a full disk, a read-only or
    missing folder (exit 1). The user fixes the cause and runs the same command again."""

    @classmethod
    def from_os_error(cls, exc: OSError, path: str | os.PathLike[str] | None = None,
                      doing: str = "") -> EnvironmentProblem:
        """``path: doing: OS reason (hint)``; ``path`` defaults to the one the OS names."""
        where = path if path is not None else exc.filename
        if not isinstance(where, str | bytes | os.PathLike):  # None, or a file descriptor
            where = "policysite"
        reason = exc.strerror or str(exc)
        return cls([Problem(path=os.fsdecode(where),
                            message=f"{doing}: {reason}" if doing else reason,
                            hint=OS_ERROR_HINTS.get(exc.errno or 0, ""))])


class UsageError(PolicySiteError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = 2


class ProblemCollector:
    """Gathers problems so that the user sees all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "notice"]

    def raise_if_any(self, error_type: type[PolicySiteError] = ContentError) -> None:
        """Stop once, showing every error and warning, if any of them is an error."""
        if self.errors:
            raise error_type([p for p in self.problems if p.severity != "notice"])
