"""The walk: rows sorted by series, then order value, then position in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

import tallycheck
from tallycheck.checkframe import CheckFrame
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
