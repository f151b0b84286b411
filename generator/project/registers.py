"""The caption register setting (``site_config.yml`` ``captions.register``) against the site.

A setting for a language the site does not publish is an error (nothing would use it); one for
a language with a single form of address is a warning: it changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.errors import Problem
from generator.i18n.registers import has_registers, register_table
from generator.project.problems import problem_at

if TYPE_CHECKING:  # load.py runs these rules, so it imports this module
    from generator.project.load import Project


def register_problems(project: Project) -> list[Problem]:
    """Each ``captions.register`` entry naming an unpublished or a one-register language."""
    site = project.config.site
    problems = []
    for locale in project.config.captions.registers:
        where = ("captions", "register", locale)
        if locale not in site.locales:
            problems.append(problem_at(project.marks, where,
                                       f'"{locale}" is not one of site.locales',
                                       "add it to site.locales or remove this line"))
        elif not has_registers(locale):
            with_forms = ", ".join(register_table())
            problems.append(problem_at(
                project.marks, where,
                f"{locale} captions have one form of address; the setting changes nothing",
                f"formal and informal differ in {with_forms}", "warning"))
    return problems
