"""The opt-in table of where a build's time goes (POLICYSITE_TIMINGS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.timings import ENV, Timings, table
from tests.sites import small_project


def test_table_has_a_column_per_process_and_totals() -> None:
    main = Timings(process=1, seconds={"load and check": 1.0})
    first = Timings(process=2, seconds={"render pages": 2.0, "mkdocs: markdown": 3.0})
    second = Timings(process=3, seconds={"render pages": 0.5})
    again = Timings(process=2, seconds={"render pages": 1.0})  # a second locale, same worker
    lines = table(main, [first, second, again]).splitlines()
    assert lines[0].split() == ["phase", "main", "worker", "1", "worker", "2", "total"]
    rows = {line[:16].strip(): line[16:].split() for line in lines[1:]}
    assert rows["load and check"] == ["1.00", "1.00"]  # no figure where a process had none
    assert rows["render pages"] == ["3.00", "0.50", "3.50"]
    assert rows["mkdocs: markdown"] == ["3.00", "3.00"]
    assert rows["all"] == ["1.00", "6.00", "0.50", "7.50"]


def test_lap_books_the_time_since_the_last_lap() -> None:
    timings = Timings()
    timings.lap("first")
    timings.lap("second")
    timings.add("first", 1.0)
    assert list(timings.seconds) == ["first", "second"]
    assert 1.0 <= timings.seconds["first"] < 2.0 and 0 <= timings.seconds["second"] < 1.0


@pytest.mark.slow
def test_a_build_prints_its_phases_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from generator.site.build import build_site

    root = small_project(tmp_path / "shop", markets=("de",), locales="[en, de]")
    build_site(root, jobs=1)
    assert "mkdocs: markdown" not in capsys.readouterr().err  # opt-in only
    monkeypatch.setenv(ENV, "1")
    build_site(root, jobs=1, force=True)
    rows = {line.rsplit(None, 2)[0].strip(): line.split()[-1]
            for line in capsys.readouterr().err.splitlines()[1:]}
    for phase in ("load and check", "render pages", "mkdocs: config", "mkdocs: markdown",
                  "mkdocs: pages, search index", "csp", "html scan", "publish", "all"):
        assert float(rows[phase]) >= 0, phase
    assert float(rows["mkdocs: markdown"]) > 0
