"""How cells are written: a date column's ``format`` (ISO 8601 dates and date-times
by default), ``missing`` markers and a ``decimal`` comma, table-wide and per column."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tallycheck
from tallycheck import cells
from tallycheck.errors import SchemaError
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.tally import parse_tally_column
from tallycheck.types.date import days, format_problem


def _days(texts: list[str | None], format: str | None = None) -> list[float | None]:
    values, _ = cells.dates(cells.stripped(pa.array(texts, pa.string())), format)
    return [None if math.isnan(v) else v for v in values.tolist()]


def test_iso_date_times_count_as_the_day_written() -> None:
    day = days(dt.date(2020, 2, 24))
    assert _days(
        [
            "2020-02-24T18:00:00",
            "2020-02-24T23:30:00-05:00",
            "2020-02-24T00:30+0100",
            "2020-02-24 18:00:00.123",
            "2020-02-24",
            None,
        ]
    ) == [day, day, day, day, day, None]


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_every_date_reads_back_in_a_format_and_in_iso(value: dt.date) -> None:
    formats = ["%d-%m-%Y", "%Y%m%d", "%d %B %Y"]
    if 1969 <= value.year <= 2068:  # a two-digit year: 69 to 99 are 19xx, 00 to 68 are 20xx
        formats.append("%m/%d/%y")
    for format in formats:
        assert _days([value.strftime(format)], format) == [days(value)], format
    assert _days([f"{value.isoformat()}T12:00:00Z"]) == [days(value)]


def test_a_format_needs_the_whole_cell_and_a_real_day() -> None:
    assert _days(
        ["30-02-2020", "31-04-2020", "24-02-2020 18:00", "24-02-2020x", "x24-02-2020"], "%d-%m-%Y"
    ) == [None] * 4 + [None]
    assert _days(["1-2-2020", "01-2-2020"], "%d-%m-%Y") == [days(dt.date(2020, 2, 1))] * 2


@pytest.mark.parametrize(
    ("format", "problem"),
    [
        ("%d-%m-%Y", None),
        ("%d/%m/%Y %H:%M", None),
        ("%H:%M", "should give the year, month and day, such as %d-%m-%Y, not '%H:%M'"),
        ("%Y-%m", "should give the year, month and day, such as %d-%m-%Y, not '%Y-%m'"),
        ("date", "should give the year, month and day, such as %d-%m-%Y, not 'date'"),
        ("%d-%m-%Y%z", "reads an offset (%z, %Z); leave it out: the day written is the day"),
    ],
)
def test_a_format_must_give_the_day(format: str, problem: str | None) -> None:
    assert format_problem(format) == problem


def test_decimal_comma_numbers() -> None:
    text = cells.stripped(
        pa.array(["7,7", "1.234,5", "1 234,5", "-0,25", ",5", "1,300", "7.7", "1.23,5"])
    )
    pattern = cells.number_pattern(whole=False, decimal=",")
    values, ok = cells.numbers(text, pattern, ",")
    assert [None if math.isnan(v) else v for v in values.tolist()] == [
        7.7,
        1234.5,
        1234.5,
        -0.25,
        0.5,
        1.3,
        None,
        None,
    ]
    assert ok.tolist() == [True] * 6 + [False] * 2


def test_decimal_comma_whole_numbers() -> None:
    text = cells.stripped(pa.array(["1.300", "6,0", "1 300", "1,300", "6,5", "1.30"]))
    values, ok = cells.numbers(text, cells.number_pattern(whole=True, decimal=","), ",")
    assert values.tolist()[:3] == [1300.0, 6.0, 1300.0]
    assert ok.tolist() == [True, True, True, False, False, False]


def test_a_tally_reads_the_same_with_either_mark_where_it_can() -> None:
    comma = parse_tally_column(
        pa.array(["3,4 million", "more than 1.300", "1.300", "1,5"]), decimal=","
    )
    point = parse_tally_column(pa.array(["3,4 million", "more than 1,300", "1,300", "1.5"]))
    assert comma.lo.tolist()[:3] == point.lo.tolist()[:3] == [3_400_000.0, 1301.0, 1300.0]
    assert comma.invalid.tolist() == point.invalid.tolist() == [False, False, False, True]


SCHEMA: dict[str, Any] = {
    "name": "formats",
    "order": "day",
    "missing": ["n/a", "—"],
    "decimal": ",",
    "columns": {
        "day": {"type": "date", "format": "%d-%m-%Y"},
        "cases": {"type": "tally"},
        "total": {"type": "integer"},
        "rate": {"type": "number", "decimal": ".", "missing": ["-"]},
        "source": {"type": "string"},
    },
    "rules": [
        {"rule": "running-total", "total": "total", "increment": "cases"},
        {"rule": "monotonic", "column": "rate"},
    ],
}


def test_the_table_keys_reach_each_column_that_does_not_give_its_own() -> None:
    schema = schema_from_mapping(SCHEMA)
    by_name = schema.column_by_name
    assert [(c.name, c.missing, c.decimal, c.format) for c in schema.columns] == [
        ("day", ("n/a", "—"), ".", "%d-%m-%Y"),
        ("cases", ("n/a", "—"), ",", None),
        ("total", ("n/a", "—"), ",", None),
        ("rate", ("-",), ".", None),
        ("source", ("n/a", "—"), ".", None),
    ]
    assert by_name["day"].decimal == "."  # a date takes no decimal mark


def test_a_table_with_markers_a_comma_and_a_format(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "day,cases,total,rate,source\n"
        '01-03-2020,"1.000","1.000",0.5,AP\n'
        "02-03-2020,n/a,n/a,-,n/a\n"
        '03-03-2020,"2,5","1.002",0.7,AP\n'
        '04-03-2020,"3,4 million","3.401.002",0.6,—\n',
        encoding="utf-8",
    )
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA))
    assert [(f.rule, f.line, f.columns, f.value, f.expected) for f in report.findings] == [
        ("required", 3, ("cases",), None, "a value"),
        ("required", 3, ("rate",), None, "a value"),
        ("required", 3, ("source",), None, "a value"),
        ("required", 3, ("total",), None, "a value"),
        ("type", 4, ("cases",), "2,5", "tally"),
        ("monotonic", 5, ("rate",), "0.6", "at least 0.7"),
        ("required", 5, ("source",), None, "a value"),
        ("not-judged", 1, ("cases",), None, None),  # running-total, on the row of "2,5"
    ]
    assert report.findings[0].message == (
        "day 02-03-2020: cases is blank, but the schema requires it."
    )


@pytest.mark.parametrize(
    ("columns", "top", "message"),
    [
        (
            {"n": {"type": "string", "format": "%Y"}},
            {},
            ":1: columns.n.format: does not apply to a string column",
        ),
        (
            {"n": {"type": "integer", "format": "%Y"}},
            {},
            ":1: columns.n.format: does not apply to an integer column",
        ),
        (
            {"n": {"type": "date", "decimal": ","}},
            {},
            ":1: columns.n.decimal: does not apply to a date column",
        ),
        (
            {"n": {"type": "date", "format": "%d"}},
            {},
            ":1: columns.n.format: should give the year, month and day, such as %d-%m-%Y, not '%d'",
        ),
        (
            {"n": {"type": "number", "decimal": ";"}},
            {},
            ':1: columns.n.decimal: should be "." or ",", not \';\'',
        ),
        ({"n": {"type": "number"}}, {"decimal": 1}, ':1: decimal: should be "." or ",", not 1'),
        (
            {"n": {"type": "number"}},
            {"missing": "n/a"},
            ":1: missing: should be a list of texts, such as [n/a, '—'], not str 'n/a'",
        ),
        (
            {"n": {"type": "number"}},
            {"missing": [""]},
            ":1: missing[0]: should be text, not blank: a blank cell is always missing",
        ),
        (
            {"n": {"type": "number"}},
            {"missing": [" na"]},
            ":1: missing[0]: should not start or end with a space: cells are stripped (' na')",
        ),
        (
            {"n": {"type": "number", "missing": [1.5]}},
            {},
            ":1: columns.n.missing[0]: should be text, not float 1.5",
        ),
    ],
)
def test_schema_mistakes_in_the_new_keys(
    columns: dict[str, Any], top: dict[str, Any], message: str
) -> None:
    with pytest.raises(SchemaError) as error:
        schema_from_mapping({"name": "x", "columns": columns, **top}, "s.yaml", {(): 1})
    assert str(error.value) == f"s.yaml{message}"


def test_whole_number_markers_are_read_as_text() -> None:
    schema = schema_from_mapping(
        {"name": "x", "missing": [-999, "n/a"], "columns": {"n": {"type": "integer"}}}
    )
    assert schema.columns[0].missing == ("-999", "n/a")
