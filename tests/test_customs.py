"""Returns inside a customs union need no declaration; others do."""

from __future__ import annotations

import pytest

from generator.project.customs import crosses_customs_border


@pytest.mark.parametrize(("origin", "destination", "crosses"), [
    ("DE", "NL", False),  # both in the EU customs union
    ("FR", "FR", False),
    ("MC", "NL", False),  # Monaco is in the EU customs territory
    ("GB", "NL", True),  # not since 2021
    ("CH", "DE", True),
    ("US", "US", False),
    ("MX", "US", True),
    ("JP", "CN", True),
])
def test_crosses_customs_border(origin: str, destination: str, crosses: bool) -> None:
    assert crosses_customs_border(origin, destination) is crosses
