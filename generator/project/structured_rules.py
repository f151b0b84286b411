"""What the policy says that search engines and Merchant Center cannot be told.

schema.org's ``MerchantReturnPolicy`` and Merchant Center's ``OnlineReturnPolicy`` count a
return window in days from delivery and describe one policy per country. A window counted from
the order date is stated as if it ran from delivery, which promises more than the policy does:
a warning. Longer windows for some categories cannot be stated per category at the
organization level (only on a product's own offer): a note, since the data then gives the
general window, which is never wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.errors import Problem
from generator.project.problems import problem_at

if TYPE_CHECKING:
    from generator.project.load import Project


def structured_data_problems(project: Project) -> list[Problem]:
    """A warning or note for each market field neither machine format can express."""
    problems: list[Problem] = []
    for code, market in project.markets.items():
        if market.return_window.starts == "order":
            problems.append(problem_at(
                project.marks, ("markets", code, "return_window", "starts"),
                "search engines and Merchant Center count return windows from delivery; the "
                f"structured data says {market.return_window.days} days from delivery",
                "count the window from delivery, or shorten days by the usual delivery time",
                "warning"))
        for index, window in enumerate(market.extended_windows):
            problems.append(problem_at(
                project.marks, ("markets", code, "extended_windows", index),
                f"the structured data gives the general {market.return_window.days}-day window;"
                f" this {window.days}-day window for some categories is shown on the pages "
                "only (schema.org states it only in a product's own offer)",
                severity="notice"))
    return problems
