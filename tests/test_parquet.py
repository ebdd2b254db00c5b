"""Parquet tables: typed columns read as the text a CSV of the same data holds,
each row's line its row number plus one, and damaged files refused in one line."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tallycheck.cli import main
from tallycheck.errors import TableError
from tallycheck.tables.frame import table_from_frame
from tallycheck.tables.read import read_table

NA = None
SCHEMA = """\
name: counts
order: wave
columns:
  wave:    {type: integer, min: 1}
  count:   {type: number, min: 0, max: 100}
  share:   {type: number, required: false}
  source:  {type: string}
  date:    {type: date, required: false}
  seen:    {type: string, required: false}
  checked: {type: category, allowed: ["true", "false"], required: false}
rules:
  - rule: sequence
    column: wave
  - rule: monotonic
    column: count
"""
# The same table as a CSV holds it: what the Parquet file's typed columns must read as.
CSV = """\
wave,count,share,source,date,seen,checked
1,5,6,AP,2024-01-05,2024-01-05 10:30:00,true
2,3,0.25,,2024-02-29,2024-01-05 10:30:00.500000,false
4,-1,,Reuters,,,
5,120,1e-07,AFP,2023-12-31,2023-12-31 23:59:59,true
"""


def typed_table() -> pa.Table:
    """The CSV's table with typed columns: ints, floats (6.0 among them), text with a
    blank and a null, dates, timestamps and booleans."""
    return pa.table(
        {
            "wave": pa.array([1, 2, 4, 5], pa.int64()),
            "count": pa.array([5, 3, -1, 120], pa.int32()),
            "share": pa.array([6.0, 0.25, None, 1e-07]),
            "source": pa.array(["AP", "", "Reuters", "AFP"]),
            "date": pa.array(
                [dt.date(2024, 1, 5), dt.date(2024, 2, 29), None, dt.date(2023, 12, 31)]
            ),
            "seen": pa.array(
                [
                    dt.datetime(2024, 1, 5, 10, 30),
                    dt.datetime(2024, 1, 5, 10, 30, 0, 500000),
                    None,
                    dt.datetime(2023, 12, 31, 23, 59, 59),
                ],
                pa.timestamp("ms"),
            ),
            "checked": pa.array([True, False, None, True]),
        }
    )


def written(path: Path, table: pa.Table, **options: object) -> str:
    pq.write_table(table, path, **options)
    return str(path)


def error_of(path: str) -> str:
    with pytest.raises(TableError) as caught:
        read_table(path)
    return caught.value.one_line()


def json_report(tmp_path: Path, table: str, code: int) -> str:
    """The JSON report of checking ``table`` against SCHEMA, the table's path as TABLE."""
    schema = tmp_path / "counts.yaml"
    schema.write_text(SCHEMA, encoding="utf-8")
    out = tmp_path / f"{Path(table).name}.json"
    result = CliRunner().invoke(
        main, ["validate", table, "--schema", str(schema), "--output", str(out)]
    )
    assert result.exit_code == code, result.output
    return out.read_text(encoding="utf-8").replace(json.dumps(table)[1:-1], "TABLE")


def test_a_parquet_table_reads_as_the_text_of_its_csv(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(CSV, encoding="utf-8")
    parquet = read_table(written(tmp_path / "t.parquet", typed_table()))
    csv = read_table(str(tmp_path / "t.csv"))
    assert parquet.cells.equals(csv.cells)
    assert parquet.lines is not None
    assert parquet.lines.tolist() == [2, 3, 4, 5]
    assert parquet.cells.column("share").to_pylist() == ["6", "0.25", NA, "1e-07"]
    assert parquet.cells.column("seen").to_pylist()[:2] == [
        "2024-01-05 10:30:00",
        "2024-01-05 10:30:00.500000",
    ]


def test_a_parquet_table_gives_the_json_report_of_its_csv(tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text(CSV, encoding="utf-8")
    parquet = written(tmp_path / "t.parquet", typed_table())
    from_parquet = json_report(tmp_path, parquet, code=1)
    from_csv = json.loads(json_report(tmp_path, str(csv), code=1))
    assert [f.pop("cell") is not None for f in from_csv["findings"]] == [True] * 6
    findings = json.loads(from_parquet)["findings"]
    assert [f.pop("cell") for f in findings] == [None] * 6  # a Parquet file has no columns
    assert {**json.loads(from_parquet), "findings": findings} == from_csv
    assert [(f["rule"], f["line"], f["value"]) for f in findings] == [
        ("monotonic", 3, "3"),
        ("required", 3, NA),
        ("min", 4, "-1"),
        ("monotonic", 4, "-1"),
        ("sequence", 4, "4"),
        ("max", 5, "120"),
    ]


def test_a_frame_written_to_parquet_reads_as_the_frame(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "n": pd.array([1, None, 3], dtype="Int64"),
            "f": [7.0, 0.1, np.nan],
            "s": ["a", "", None],
            "b": [True, False, True],
            "c": pd.Categorical(["x", "y", None]),
            "t": pd.to_datetime(
                ["2024-01-05 10:30:00", "2024-01-05 10:30:00.000000001", None], format="ISO8601"
            ),
            "z": pd.to_datetime(["2024-01-05 10:30", None, "2024-01-06 00:00"]).tz_localize(
                "Europe/Minsk"
            ),
        }
    )
    frame.to_parquet(tmp_path / "t.parquet")
    assert read_table(str(tmp_path / "t.parquet")).cells.equals(table_from_frame(frame).cells)


def test_decimals_and_sub_microsecond_timestamps_keep_their_digits(tmp_path: Path) -> None:
    table = pa.table(
        {
            "d": pa.array(
                [decimal.Decimal("6.00"), decimal.Decimal("-1.50"), None], pa.decimal128(5, 2)
            ),
            "t": pa.array(
                [1_700_000_000_123_456_789, 1_700_000_000_000_000_000, -1], pa.timestamp("ns")
            ),
        }
    )
    cells = read_table(written(tmp_path / "t.parquet", table)).cells
    assert cells.column("d").to_pylist() == ["6.00", "-1.50", NA]
    assert cells.column("t").to_pylist() == [
        "2023-11-14 22:13:20.123456789",
        "2023-11-14 22:13:20",
        "1969-12-31 23:59:59.999999999",
    ]


def test_a_timestamp_keeps_its_zone_offset(tmp_path: Path) -> None:
    moment = 1_704_450_600  # 2024-01-05 10:30:00 UTC
    table = pa.table(
        {
            "minsk": pa.array([moment, None], pa.timestamp("s", "Europe/Minsk")),
            "offset": pa.array([moment, moment], pa.timestamp("s", "-02:30")),
        }
    )
    cells = read_table(written(tmp_path / "t.parquet", table)).cells
    assert cells.column("minsk").to_pylist() == ["2024-01-05 13:30:00+03:00", NA]
    assert cells.column("offset").to_pylist() == ["2024-01-05 08:00:00-02:30"] * 2
    unknown = pa.table({"v": pa.array([moment], pa.timestamp("s", "Nowhere/Atlantis"))})
    path = written(tmp_path / "unknown.parquet", unknown)
    assert error_of(path) == f"{path}: the column 'v' has an unknown time zone 'Nowhere/Atlantis'"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            pa.array([0, 253_402_300_800], pa.timestamp("s")),
            "the value of 'v' is a date past the years 1 to 9999",
        ),
        (
            pa.array([3_600_000_000_000, 1], pa.time64("ns")),
            "the value of 'v' has nanoseconds; tallycheck reads to the microsecond",
        ),
        (
            pa.array([None, 5], pa.duration("ns")),
            "the value of 'v' has nanoseconds; tallycheck reads to the microsecond",
        ),
    ],
    ids=["year-10000", "time-nanoseconds", "duration-nanoseconds"],
)
def test_a_time_python_cannot_hold_is_refused_at_its_line(
    tmp_path: Path, values: pa.Array, message: str
) -> None:
    path = written(tmp_path / "t.parquet", pa.table({"v": values}))
    assert error_of(path) == f"{path}:3: {message}"


def test_reading_parquet_never_loads_pandas(tmp_path: Path) -> None:
    table = typed_table().append_column(
        "zoned", pa.array([1, 2, 3, 1_001], pa.timestamp("ns", "UTC"))
    )
    path = written(tmp_path / "t.parquet", table)
    code = (
        "import sys\n"
        "from tallycheck.tables.read import read_table\n"
        f"print(read_table({path!r}).n_rows, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "4 False\n"


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (pa.array([None, [1], []], pa.list_(pa.int64())), "array"),
        (pa.array([None, {"a": 1}, None], pa.struct([("a", pa.int64())])), "object"),
        (pa.array([None, [("k", 1)], None], pa.map_(pa.string(), pa.int64())), "object"),
    ],
    ids=["list", "struct", "map"],
)
def test_a_nested_column_is_refused_at_its_first_value(
    tmp_path: Path, values: pa.Array, kind: str
) -> None:
    path = written(tmp_path / "t.parquet", pa.table({"a": [1, 2, 3], "tags": values}))
    assert error_of(path) == (
        f"{path}:3: the value of 'tags' is a nested {kind}; a cell must hold a single value"
    )


def test_a_nested_column_without_a_value_reads_as_blank(tmp_path: Path) -> None:
    tags = pa.array([None, None], pa.list_(pa.string()))
    table = read_table(written(tmp_path / "t.parquet", pa.table({"a": [1, 2], "tags": tags})))
    assert table.cells.column("tags").to_pylist() == [NA, NA]


def test_a_file_without_columns_reads_as_a_table_without_rows(tmp_path: Path) -> None:
    path = written(tmp_path / "t.parquet", pa.table({}))
    table = read_table(path)
    assert (table.names, table.n_rows) == ([], 0)


def test_lines_count_on_across_batches(tmp_path: Path) -> None:
    rows = 70_000  # more than one batch of rows
    tags = pa.array([None] * (rows - 1) + [["late"]], pa.list_(pa.string()))
    path = written(
        tmp_path / "t.parquet",
        pa.table({"a": np.arange(rows), "tags": tags}),
        row_group_size=30_000,
    )
    assert error_of(path) == (
        f"{path}:{rows + 1}: the value of 'tags' is a nested array; a cell must hold a single value"
    )
    table = read_table(written(tmp_path / "plain.parquet", pa.table({"a": np.arange(rows)})))
    assert table.lines is not None
    assert table.lines.tolist() == list(range(2, rows + 2))
    assert table.cells.column("a").to_pylist()[-1] == str(rows - 1)


def test_bytes_that_are_not_utf8_are_refused_at_their_line(tmp_path: Path) -> None:
    raw = pa.array([b"AP", b"", b"\xff"], pa.binary())
    path = written(tmp_path / "t.parquet", pa.table({"source": raw}))
    assert error_of(path) == f"{path}:4: the value of 'source' is not UTF-8 text"


def test_column_names_are_checked_as_a_header_is(tmp_path: Path) -> None:
    twice = pa.Table.from_arrays([pa.array([1]), pa.array([2])], names=["a", "a"])
    path = written(tmp_path / "twice.parquet", twice)
    assert error_of(path) == f"{path}: column 'a' appears twice in the file's schema"
    wide = pa.Table.from_arrays([pa.array([1])] * 10_001, names=[f"c{i}" for i in range(10_001)])
    path = written(tmp_path / "wide.parquet", wide)
    assert error_of(path) == (
        f"{path}: the file has 10,001 columns; tallycheck reads at most 10,000 columns"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (
            b"wave,count\n1,5\n",
            "not a readable Parquet file (damaged, cut short, or not Parquet at all)",
        ),
        (
            b"PAR1" + b"\0" * 40 + b"PAR1",
            "not a readable Parquet file (damaged, cut short, or not Parquet at all)",
        ),
    ],
    ids=["empty", "a-csv", "magic-only"],
)
def test_a_file_that_is_not_parquet_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "t.parquet"
    path.write_bytes(content)
    assert error_of(str(path)) == f"{path}: {message}"


def test_a_parquet_file_cut_short_is_refused(tmp_path: Path) -> None:
    whole = Path(written(tmp_path / "whole.parquet", typed_table())).read_bytes()
    for size in (len(whole) // 2, len(whole) - 1):
        path = tmp_path / f"cut-{size}.parquet"
        path.write_bytes(whole[:size])
        assert error_of(str(path)) == (
            f"{path}: not a readable Parquet file (damaged, cut short, or not Parquet at all)"
        )


def test_a_directory_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "dataset.parquet").mkdir()
    path = str(tmp_path / "dataset.parquet")
    assert error_of(path) == f"{path}: this is a directory, not a file"
