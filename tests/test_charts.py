"""The chart data of a checked table: which series, which points, what is marked."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import tallycheck
from tallycheck.api import validate_each
from tallycheck.charts import MAX_POINTS, MAX_SERIES
from tallycheck.plan import make_plan
from tallycheck.report import Chart, Charts
from tallycheck.schema.loader import schema_from_mapping

THIRTY = Path(__file__).resolve().parent / "data" / "thirty-series"
SCHEMA = {
    "name": "waves",
    "order": "wave",
    "columns": {
        "wave": {"type": "integer"},
        "pardoned": {"type": "tally", "min": 0},
        "cumulative": {"type": "tally", "min": 0},
    },
    "rules": [{"rule": "running-total", "total": "cumulative", "increment": "pardoned"}],
}


@pytest.fixture(scope="module")
def thirty() -> Charts:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(THIRTY)
        plan = make_plan([], None, THIRTY)
        (result,) = validate_each(plan.jobs, waivers=plan.waivers).files
    return result.charts


def _chart(charts: Charts, series: str) -> Chart:
    (chart,) = [c for c in charts.shown if c.series == series]
    return chart


def test_series_are_ranked_errors_then_warnings_then_waived_then_the_rest(
    thirty: Charts,
) -> None:
    assert [c.series for c in thirty.shown] == [
        f"District {n:02d}" for n in (30, 3, 12, 1, 2, 4, 5, 6, 7, 8, 9, 10)
    ]
    assert len(thirty.shown) == MAX_SERIES
    assert (thirty.left_out, thirty.left_out_flagged) == (18, 0)


def test_each_point_carries_the_worst_finding_on_its_figure(thirty: Charts) -> None:
    marked = {
        (c.series, p.label, p.mark) for c in thirty.shown for p in c.points if p.mark is not None
    }
    assert marked == {("District 30", "6", "error"), ("District 12", "4", "waived")}


def test_a_gap_covers_the_missing_week_and_the_floor_is_the_schema_minimum(
    thirty: Charts,
) -> None:
    assert _chart(thirty, "District 03").gaps == ((4.5, 5.5),)
    assert all(c.gaps == () for c in thirty.shown if c.series != "District 03")
    assert {c.floor for c in thirty.shown} == {0.0}
    ranged = [(p.label, p.lo, p.hi) for p in _chart(thirty, "District 30").points if p.lo != p.hi]
    assert ranged == [("3", 12.0, 18.0)]


def test_a_long_series_is_thinned_keeping_each_marked_point_and_the_one_before(
    tmp_path: Path,
) -> None:
    rows = ["wave,pardoned,cumulative"] + [
        f"{wave},2,{2 * wave - (2 if wave in (700, 1100) else 0)}" for wave in range(1, 1201)
    ]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (result,) = tallycheck.validate(path, schema=schema_from_mapping(SCHEMA)).files
    (chart,) = result.charts.shown
    waves = [int(p.x) for p in chart.points]
    assert chart.figures == 1200
    assert len(waves) <= MAX_POINTS
    assert waves == sorted(set(waves))
    assert {1, 699, 700, 1099, 1100, 1200} <= set(waves)
    assert [p.label for p in chart.points if p.mark == "error"] == ["700", "1100"]
    assert max(b - a for a, b in itertools.pairwise(waves)) <= 4
