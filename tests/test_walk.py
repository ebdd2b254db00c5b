"""The walk: rows sorted by series, then order value, then position in the file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tallycheck
from tallycheck.checkframe import CheckFrame, _walk_order
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.tables.read import read_table


def _frame(tmp_path: Path, order_type: str, text: str) -> CheckFrame:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    schema = schema_from_mapping(
        {
            "name": "walk",
            "series": "series",
            "order": "at",
            "columns": {
                "series": {"type": "string"},
                "at": {"type": order_type},
                "total": {"type": "integer"},
            },
            "rules": [{"rule": "monotonic", "column": "total"}],
        }
    )
    return CheckFrame(read_table(str(path)), schema)


@pytest.mark.parametrize(
    ("order_type", "values"),
    [
        ("integer", ["3", "1", "2", "1"]),
        ("number", ["0.75", "0.5", "0.6", "0.5"]),  # not whole: the distinct values ranked
        ("integer", ["9007199254740991", "1", "2", "1"]),  # the largest value compared exactly
        ("date", ["2024-03-01", "2024-01-01", "2024-02-01", "2024-01-01"]),
    ],
)
def test_rows_are_walked_by_series_then_order_then_position(
    tmp_path: Path, order_type: str, values: list[str]
) -> None:
    series = ["B", "A", "A", "A"]
    text = "series,at,total\n" + "".join(
        f"{s},{v},{n}\n" for n, (s, v) in enumerate(zip(series, values, strict=True))
    )
    frame = _frame(tmp_path, order_type, text)
    assert frame.walk.tolist() == [1, 3, 2, 0]
    assert frame.walk_series.tolist() == [1, 1, 1, 2]  # 0 would be a blank series


def test_order_values_too_wide_for_one_key_are_walked_by_lexsort(tmp_path: Path) -> None:
    """-(2^53 - 1) to 2^53 - 1 over 300 rows does not fit one 63-bit key."""
    values = ["9007199254740991", "-9007199254740991", "0"] * 100
    text = "series,at,total\n" + "".join(f"A,{v},{n}\n" for n, v in enumerate(values))
    frame = _frame(tmp_path, "integer", text)
    assert frame.walk.tolist() == [*range(1, 300, 3), *range(2, 300, 3), *range(0, 300, 3)]


@given(
    rows=st.lists(st.tuples(st.integers(0, 6), st.integers(-40, 40)), min_size=1, max_size=80),
    scale=st.sampled_from([1, 3, 10**6, 2**52]),
    whole=st.booleans(),
)
def test_the_walk_order_is_a_stable_sort_by_series_then_order(
    rows: list[tuple[int, int]], scale: int, whole: bool
) -> None:
    """Whichever way the rows are put in order (counted into place when the
    pairs are few, sorted as one key, or sorted lexicographically when wide),
    it is the stable sort by series, then order value, with repeated pairs in
    file order; ``scale`` spreads the order values to reach each way."""
    series = np.array([s for s, _ in rows], dtype=np.int64)
    order = np.array([v * scale for _, v in rows], dtype=np.float64)
    if not whole:
        order /= 7
    expected = np.lexsort((np.arange(len(rows)), order, series))
    assert _walk_order(series, order, whole=whole).tolist() == expected.tolist()


def test_many_series_each_of_the_widest_order_range_are_walked_by_lexsort() -> None:
    """600 series spanning -(2^53 - 1) to 2^53 - 1 each: their pairs do not fit in 62 bits."""
    series = np.repeat(np.arange(600, dtype=np.int64), 2)[::-1].copy()
    order = np.tile(np.array([2.0**53 - 1, -(2.0**53 - 1)]), 600)
    expected = np.lexsort((np.arange(1200), order, series))
    assert _walk_order(series, order, whole=True).tolist() == expected.tolist()


def test_a_table_without_rows_walks_nothing(tmp_path: Path) -> None:
    frame = _frame(tmp_path, "integer", "series,at,total\n")
    assert frame.walk.tolist() == []
    schema = schema_from_mapping(
        {
            "name": "empty",
            "order": "at",
            "columns": {
                "at": {"type": "integer"},
                "added": {"type": "integer"},
                "total": {"type": "integer"},
            },
            "rules": [{"rule": "running-total", "total": "total", "increment": "added"}],
        }
    )
    path = tmp_path / "e.csv"
    path.write_text("at,added,total\n", encoding="utf-8")
    report = tallycheck.validate(path, schema)
    assert (report.ok, report.findings) == (True, ())


@pytest.mark.parametrize("parallel", [False, True], ids=["one-at-a-time", "two-at-a-time"])
def test_columns_parsed_two_at_a_time_are_parsed_as_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    """A large table's columns are parsed on two threads (``PARALLEL_ROWS``), whatever
    its size in bytes; each column comes out as it does alone, under its own name."""
    from tallycheck import checkframe, cores

    text = "series,at,total\n" + "".join(
        f"S{i % 7},{i % 13 or 'x'},{i * 3 if i % 5 else ''}\n" for i in range(400)
    )
    alone = _frame(tmp_path, "integer", text)
    monkeypatch.setattr(checkframe, "PARALLEL_ROWS", 0 if parallel else 10**9)
    monkeypatch.setattr(cores, "available_cores", lambda: 2)
    monkeypatch.setattr(cores, "SECOND_THREAD_BYTES", 0)  # no bytes held: not its limit
    assert checkframe._in_parallel(alone.table) is parallel
    frame = _frame(tmp_path, "integer", text)
    assert list(frame.values) == ["series", "at", "total"]
    for name, values in frame.values.items():
        expected = alone.values[name]
        assert values.spec == expected.spec
        assert values.text.equals(expected.text)
        np.testing.assert_array_equal(values.blank, expected.blank)
        np.testing.assert_array_equal(values.invalid, expected.invalid)
        for bound in ("lo", "hi"):
            np.testing.assert_array_equal(getattr(values, bound), getattr(expected, bound))
    np.testing.assert_array_equal(frame.walk, alone.walk)


def test_with_one_core_the_columns_are_parsed_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tallycheck import checkframe, cores

    frame = _frame(tmp_path, "integer", "series,at,total\nA,1,2\n")
    monkeypatch.setattr(checkframe, "PARALLEL_ROWS", 0)
    monkeypatch.setattr(cores, "available_cores", lambda: 1)
    assert not checkframe._in_parallel(frame.table)
    monkeypatch.setattr(cores, "available_cores", lambda: 2)
    assert checkframe._in_parallel(frame.table)


@given(st.lists(st.booleans(), max_size=60))
def test_each_position_knows_where_its_run_starts(flags: list[bool]) -> None:
    from tallycheck.checkframe import _run_starts

    new_run = np.array([True, *flags], dtype=bool)  # the first position always begins one
    expected, start = [], 0
    for at, begins in enumerate(new_run.tolist()):
        start = at if begins else start
        expected.append(start)
    assert _run_starts(new_run).tolist() == expected
