"""A zero fraction ("6.0", as pandas re-saves a CSV) is a whole number in integer and
tally cells; any other fraction is not."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

import tallycheck
from tallycheck import cells
from tallycheck.exact import MAX_EXACT
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.tally import Interval, parse_tally, parse_tally_column

SCHEMA = {
    "name": "resaved",
    "order": "wave",
    "columns": {
        "wave": {"type": "integer", "unique": True},
        "pardoned": {"type": "tally", "max": 500},
        "cumulative": {"type": "integer", "required": False},
    },
    "rules": [{"rule": "running-total", "total": "cumulative", "increment": "pardoned"}],
}


def _findings(tmp_path: Path, csv: str) -> list[tuple[object, ...]]:
    path = tmp_path / "t.csv"
    path.write_text(csv, encoding="utf-8")
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA))
    return [(f.rule, f.line, f.columns, f.value, f.expected) for f in report.findings]


def test_integer_cells_with_a_zero_fraction() -> None:
    text = cells.stripped(
        pa.array(["6.0", "6.00", "1,300.0", "-3.0", "+4.0", "6.5", "6.000", "1.000", "6.", ".0"])
    )
    values, ok = cells.numbers(text)
    shown = [None if math.isnan(v) else v for v in values.tolist()]
    assert shown == [6.0, 6.0, 1300.0, -3.0, 4.0, None, None, None, None, None]
    assert ok.tolist() == [True] * 5 + [False] * 5


def test_tally_cells_with_a_zero_fraction() -> None:
    assert parse_tally("6.0") == Interval(6, 6)
    assert parse_tally("1,300.0") == Interval(1300, 1300)
    assert parse_tally("-3.00") == Interval(-3, -3)
    assert parse_tally("more than 1,300.0") == Interval(1301, math.inf)
    for text in ("6.5", "6.000", "1.000", "-6.5", "6.1.0"):
        assert parse_tally(text) is None, text
    column = parse_tally_column(pa.array(["6.0", "1,300.00", "6.5", "about 10.0"]))
    assert column.lo.tolist()[:2] == [6.0, 1300.0]
    assert column.invalid.tolist() == [False, False, True, False]
    assert (column.lo[3], column.hi[3]) == (9.0, 11.0)


def test_a_resaved_table_is_judged_as_the_original(tmp_path: Path) -> None:
    csv = (
        "wave,pardoned,cumulative\n"
        "1.0,6.0,6.0\n"
        "2.0,10.0,16.0\n"
        '3.0,"1,300.0",\n'
        "3.5,6.5,20.0\n"
        "2,1,17\n"
    )
    assert _findings(tmp_path, csv) == [
        ("max", 4, ("pardoned",), "1,300.0", "at most 500"),
        ("type", 5, ("pardoned",), "6.5", "tally"),
        ("type", 5, ("wave",), "3.5", "integer"),
        # "2" is the wave of "2.0": the same order value, so it follows wave 1 (6 + 1)
        ("running-total", 6, ("cumulative",), "17", "7"),
        ("unique", 6, ("wave",), "2", "a value no other row has"),
        # running-total could not judge the row of 3.5 and 6.5: a warning per column
        ("not-judged", 1, ("pardoned",), None, None),
        ("not-judged", 1, ("wave",), None, None),
    ]


def test_a_table_pandas_wrote_with_a_gap_reads_as_whole_numbers(tmp_path: Path) -> None:
    """A column with a blank cell is float to pandas, so every figure gains ".0"."""
    frame = pd.DataFrame(
        {"wave": [1, 2, 3, 4], "pardoned": [6, 10, 4, 4], "cumulative": [6, 16, None, 23]}
    )
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    assert path.read_text(encoding="utf-8").splitlines()[1:4] == ["1,6,6.0", "2,10,16.0", "3,4,"]
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA))
    # only the wrong total: 16 + 4 + 4 is 24, not 23.0
    assert [(f.rule, f.line, f.value, f.expected) for f in report.findings] == [
        ("running-total", 5, "23.0", "24")
    ]


@given(st.integers(-MAX_EXACT, MAX_EXACT), st.sampled_from([".0", ".00"]))
def test_any_whole_number_with_a_zero_fraction_is_that_number(n: int, zeros: str) -> None:
    for written in (f"{n}{zeros}", f"{n:,}{zeros}"):
        values, ok = cells.numbers(cells.stripped(pa.array([written])))
        assert ok.tolist() == [True]
        assert values.tolist() == [float(n)]
        assert parse_tally(written) == Interval(n, n)
