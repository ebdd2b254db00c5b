"""Parquet: a typed, columnar table read through pyarrow, its cells made text.

Each column's values become the text a CSV of the same data would hold, the
way JSON values are read: an integer as ``5``, a float as ``6`` when integral
and as its shortest form (``6.5``) otherwise, a boolean as ``true``/``false``,
a date as ``2024-01-05``, a timestamp as ``2024-01-05 10:30:00`` (what a
DataFrame's timestamps read as), a decimal as written; null, NaN and an empty
string are missing. A list, struct or map column is no single cell: its first
value is refused at its line. A row has no physical line, so its ``line`` is its
row number plus one (row 1 is line 2), as if a header were line 1 of a CSV.
The file is read a batch of rows at a time, each made text before the next.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from typing import TYPE_CHECKING, BinaryIO, cast

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from tallycheck.arrow_numpy import empty, strings, valid, with_nulls
from tallycheck.tables.names import AT_MOST_COLUMNS, MAX_COLUMNS, check_names, quoted
from tallycheck.tables.problem import Problem
from tallycheck.tables.table_bytes import opened
from tallycheck.tables.text import cell_text, nested_message

if TYPE_CHECKING:
    from tallycheck.tables.table import Lines, Parsed

__all__ = ["read"]

_BATCH = 1 << 16  # rows made text at a time
_DAMAGED = "not a readable Parquet file (damaged, cut short, or not Parquet at all)"
_FIRST_LINE = 2  # row 1's line: its row number plus one
# Types whose text Arrow's cast writes exactly as cell_text would.
_CAST = (pa.types.is_integer, pa.types.is_boolean, pa.types.is_date32)
# Text and bytes, which must be UTF-8 (Parquet does not check its text); the view
# types' tests came with pyarrow 16.
_BYTES = tuple(
    getattr(pa.types, f"is_{name}")
    for name in (
        "string",
        "large_string",
        "string_view",
        "binary",
        "large_binary",
        "binary_view",
        "fixed_size_binary",
    )
    if hasattr(pa.types, f"is_{name}")
)


def read(path: str) -> Parsed:
    """The cells of a Parquet file as text, and each row's line (its row number plus one)."""
    with opened(path) as stream:
        if os.fstat(stream.fileno()).st_size == 0:
            raise Problem("the file is empty")
        try:
            return _read_text(stream)
        except (pa.ArrowException, OSError):
            raise Problem(_DAMAGED) from None


def _read_text(stream: BinaryIO) -> Parsed:
    """The text cells and lines of an open Parquet file, its schema checked first."""
    file = pq.ParquetFile(stream)
    schema = file.schema_arrow
    if len(schema) > MAX_COLUMNS:
        raise Problem(f"the file has {len(schema):,} columns; {AT_MOST_COLUMNS}")
    check_names(schema.names, None, "in the file's schema")
    texts = pa.schema([(name, pa.string()) for name in schema.names])
    batches, done = [], 0
    for batch in file.iter_batches(batch_size=_BATCH):
        columns = [
            _column_text(column, name, done + _FIRST_LINE)
            for column, name in zip(batch.columns, schema.names, strict=True)
        ]
        batches.append(pa.RecordBatch.from_arrays(columns, schema=texts))
        done += batch.num_rows
    return pa.Table.from_batches(batches, schema=texts), _lines(done)


def _lines(rows: int) -> Lines:
    """Each row's line: its row number plus one."""
    return np.arange(_FIRST_LINE, rows + _FIRST_LINE, dtype=np.int64)


def _column_text(column: pa.Array, name: str, first_line: int) -> pa.Array:
    """One batch of a column as a string array, null where missing.

    ``first_line`` is the line of the batch's first row, for a message.
    """
    if pa.types.is_dictionary(column.type):  # a categorical column
        column = column.dictionary_decode()
    kind = column.type
    if pa.types.is_nested(kind):  # lists, structs, maps
        return _refuse_nested(column, name, first_line)
    if pa.types.is_null(kind):
        return pa.nulls(len(column), pa.string())
    if any(is_bytes(kind) for is_bytes in _BYTES):
        return _empty_as_null(_utf8(column, name, first_line))
    if pa.types.is_date64(kind):
        column = column.cast(pa.date32())
    if any(cast_exactly(column.type) for cast_exactly in _CAST):
        return column.cast(pa.string())  # never empty
    if pa.types.is_timestamp(kind):
        return _timestamp_text(column, name, first_line)
    values = _python_values(_to_microseconds(column, name, first_line), name, first_line)
    return strings([cell_text(value) for value in values])  # floats, decimals, times


def _refuse_nested(column: pa.Array, name: str, first_line: int) -> pa.Array:
    """All nulls for a nested column holding no value; else its first value is refused."""
    filled = np.flatnonzero(valid(column))
    if not filled.size:
        return pa.nulls(len(column), pa.string())
    kind = "object" if pa.types.is_struct(column.type) or pa.types.is_map(column.type) else "array"
    raise Problem(nested_message(name, kind), first_line + int(filled[0]))


def _timestamp_text(column: pa.Array, name: str, first_line: int) -> pa.Array:
    """Timestamps as ``str`` writes a datetime (a DataFrame's Timestamp alike):
    ``2024-01-05 10:30:00``, then ``.500000`` or, where a value has them, its
    nanoseconds, then the zone's offset (``+03:00``) when the column has a zone."""
    kind = column.type
    zone = _zone(kind.tz, name) if kind.tz else None
    micro = column.cast(pa.timestamp("us"), safe=False)  # naive: the moment in UTC
    moments = cast(list[dt.datetime | None], _python_values(micro, name, first_line))
    nanos = column.cast(pa.int64()).to_pylist() if kind.unit == "ns" else [None] * len(column)
    texts: list[str | None] = []
    for moment, nano in zip(moments, nanos, strict=True):
        extra = 0 if nano is None else nano % 1000  # nanoseconds past the microsecond
        if moment is not None and nano is not None and nano < 0 and extra:
            moment -= dt.timedelta(microseconds=1)  # the cast cut toward zero
        if moment is not None and zone is not None:
            moment = moment.replace(tzinfo=dt.UTC).astimezone(zone)
        texts.append(_moment_text(moment, extra))
    return strings(texts)


def _moment_text(moment: dt.datetime | None, nanoseconds: int) -> str | None:
    if moment is None:
        return None
    if not nanoseconds:
        return str(moment)
    text = moment.isoformat(sep=" ", timespec="microseconds")
    cut = len("YYYY-MM-DD HH:MM:SS.ffffff")
    return f"{text[:cut]}{nanoseconds:03d}{text[cut:]}"


def _zone(tz: str, name: str) -> dt.tzinfo:
    """A column's time zone: an offset such as ``+03:00``, or a name such as ``Europe/Minsk``."""
    try:
        if tz[:1] in "+-":
            zone = dt.datetime.strptime(tz, "%z").tzinfo
            if zone is not None:
                return zone
        return zoneinfo.ZoneInfo(tz)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise Problem(f"the column {quoted(name)} has an unknown time zone {tz!r}") from None


def _to_microseconds(column: pa.Array, name: str, first_line: int) -> pa.Array:
    """Times and durations in microseconds, which Python's values hold; one with
    nanoseconds is refused (Arrow's cast refuses to drop them)."""
    kind = column.type
    if getattr(kind, "unit", None) != "ns":
        return column
    try:
        return column.cast(pa.time64("us") if pa.types.is_time(kind) else pa.duration("us"))
    except pa.ArrowInvalid:
        nanos = column.cast(pa.int64()).to_pylist()
        row = next(row for row, nano in enumerate(nanos) if nano is not None and nano % 1000)
        message = (
            f"the value of {quoted(name)} has nanoseconds; tallycheck reads to the microsecond"
        )
        raise Problem(message, first_line + row) from None


def _python_values(column: pa.Array, name: str, first_line: int) -> list[object]:
    """The column's values as Python's; a date past the year 9999 is refused at its line."""
    try:
        return list(column.to_pylist())
    except (ValueError, OverflowError):
        row = next(row for row in range(len(column)) if not _has_python_value(column, row))
        message = f"the value of {quoted(name)} is a date past the years 1 to 9999"
        raise Problem(message, first_line + row) from None


def _has_python_value(column: pa.Array, row: int) -> bool:
    try:
        column[row].as_py()
    except (ValueError, OverflowError):
        return False
    return True


def _utf8(column: pa.Array, name: str, first_line: int) -> pa.Array:
    """Text or bytes as a string array, once every value is UTF-8."""
    raw = column.cast(pa.binary())
    text = raw.cast(pa.string(), safe=False)
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        row = next(row for row, value in enumerate(raw.to_pylist()) if not _is_utf8(value))
        message = f"the value of {quoted(name)} is not UTF-8 text"
        raise Problem(message, first_line + row) from None
    return text


def _is_utf8(value: bytes | None) -> bool:
    try:
        (value or b"").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _empty_as_null(text: pa.Array) -> pa.Array:
    """Empty strings made null, as an empty cell of any other format is."""
    return with_nulls(text, empty(text))
