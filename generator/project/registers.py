"""The caption register setting (``site_config.yml`` ``captions.register``) against the site.

A setting for a language the site does not publish, or for a language with a single form of
address, is a warning: it changes nothing (and a language taken off the site should not stop the
build). A hook or call to
action worded in the other register than the generated lines around it is a warning: the
caption would say "Sie" in one line and "du" in the next.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.errors import Problem
from generator.i18n.registers import FORMAL, INFORMAL, has_registers, register_table
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
                                       "add it to site.locales or remove this line",
                                       "warning"))
        elif not has_registers(locale):
            with_forms = ", ".join(register_table())
            problems.append(problem_at(
                project.marks, where,
                f"{locale} captions have one form of address; the setting changes nothing",
                f"formal and informal differ in {with_forms}", "warning"))
    return problems + _merchant_text_problems(project)


_REGIONAL = re.compile(r"(.+)_[A-Z]{2}")


def _merchant_text_problems(project: Project) -> list[Problem]:
    """Each text of a market's hooks and calls to action, in a language the market publishes,
    that addresses viewers in the other register than that language's captions."""
    table = register_table()
    settings = project.config.captions.registers
    problems = []
    for code, market in project.markets.items():
        for field in ("hooks", "calls_to_action"):
            for index, texts in enumerate(getattr(market.captions, field)):
                for key, text in texts.items():
                    regional = _REGIONAL.fullmatch(key)
                    language = regional.group(1) if regional else key  # es_MX: Spanish
                    row = table.get(language)
                    if row is None or language not in market.locales:
                        continue
                    own = settings.get(language, INFORMAL)
                    other = INFORMAL if own == FORMAL else FORMAL
                    if row.uses(other, text) and not row.uses(own, text):
                        problems.append(problem_at(
                            project.marks, ("markets", code, "captions", field, index, key),
                            f'addresses viewers with "{row.form(other)}", the captions with '
                            f'"{row.form(own)}"',
                            f'word it with "{row.form(own)}", or set captions.register.{language}'
                            f": {other} in site_config.yml", "warning"))
    return problems
