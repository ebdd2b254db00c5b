"""Read a table file (CSV, TSV, JSON, JSON Lines) into a Table of text cells.

Every cell is kept as text, and each row keeps the physical line (1-based) on
which it starts, so that findings can point into the file. CSV and TSV files
without any quote character are read by Arrow's CSV reader (their structure
checked with numpy first when some line is blank or ragged); files with quotes
go through ``csv.reader``.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import math
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pa_csv

from tallycheck.arrow_numpy import strings, valid
from tallycheck.errors import TableError
from tallycheck.table import Table
from tallycheck.table_bytes import Problem, line_at, table_bytes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_table", "table_from_frame"]

_FORMATS = {".csv": ",", ".tsv": "\t", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_ACCEPTED = ".csv, .tsv, .json, .jsonl or .ndjson"
_MAX_COLUMNS = 10_000  # each column of a file costs memory of its own, filled or not
_AT_MOST_COLUMNS = f"tallycheck reads at most {_MAX_COLUMNS:,} columns"
# Records whose keys mostly differ would make a table far larger than the file:
# refused past this many cells, when their table holds this many times the cells they hold.
_SPARSE_CELLS, _SPARSE_RATIO = 10_000_000, 8
_SHOWN = 60  # the longest name shown whole in a message
_STRAY_QUOTE = 'text follows the closing quote of a quoted field (write a quote inside one as "")'
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
# Decoded UTF-8 holds no surrogate; only a JSON escape such as \ud800 can put one in a str.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_BACKSLASH_BEFORE_SURROGATE = re.compile(r"\\\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")

Lines = npt.NDArray[np.int64]


class _Nested(Exception):
    """A value that is an object or an array, not a single cell."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _Object(dict[str, object]):
    """A JSON object that gives a key twice (its last value kept), and that key."""

    twice: str


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object as a dict that remembers the first key it gives twice, if any."""
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = _Object(found)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.twice = key
            break
        seen.add(key)
    return marked


_JSON = json.JSONDecoder(object_pairs_hook=_json_object)
# Slower than int, but keeps an integer of any length as written.
_JSON_LONG_INTS = json.JSONDecoder(object_pairs_hook=_json_object, parse_int=Decimal)
_TOO_DEEP = "a value here is nested too deeply to read; a cell must hold a single value"
_BOM_IN_JSON = "Unexpected UTF-8 BOM (decode using utf-8-sig)"


def read_table(path: str) -> Table:
    """Read the table at ``path``; ``"-"`` reads CSV from standard input."""
    shown = "<stdin>" if path == "-" else path
    try:
        kind = "," if path == "-" else _format_of(path)
        data = table_bytes(path, line_based=kind != "json")
        with _gc_paused():
            cells, lines = _parse(data, kind)
    except Problem as problem:
        raise TableError(problem.message, path=shown, line=problem.line) from None
    return Table(cells=cells, path=shown, lines=lines)


def table_from_frame(frame: pd.DataFrame) -> Table:
    """Wrap a DataFrame handed to the API: cells become text as JSON values do."""
    names = [str(name) for name in frame.columns]
    try:
        _check_names(names, None, "among the frame's columns")
        for name in names:
            escape = _lone_surrogate(name)
            if escape:
                raise Problem(_not_unicode(f"column {_quoted(name)}", escape))
        columns = {
            name: _column_text(frame.iloc[:, number], name) for number, name in enumerate(names)
        }
    except Problem as problem:
        raise TableError(problem.message, path="<frame>") from None
    return Table(cells=_text_table(columns, len(frame)), path="<frame>", lines=None)


def _text_table(columns: dict[str, list[str | None]], rows: int) -> pa.Table:
    """An Arrow table of string columns (None for a missing cell) with ``rows`` rows."""
    if not columns:  # no columns, yet rows: records that are all empty objects
        no_fields = pa.array([{}] * rows, type=pa.struct([]))
        return pa.Table.from_batches([pa.RecordBatch.from_struct_array(no_fields)])
    arrays = [strings(cells) for cells in columns.values()]
    return pa.Table.from_arrays(arrays, names=list(columns))


def _parse(data: bytes, kind: str) -> tuple[pa.Table, Lines]:
    """The cells and row lines of checked bytes in the given format."""
    if kind in ("json", "jsonl"):
        text = _decode(data)
        records = _json_records(text) if kind == "json" else _jsonl_records(text)
        return _frame_from_records(records, _may_hold_lone_surrogate(text))
    return _parse_delimited(data, kind)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, which slows building millions of rows."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- bytes in ---------------------------------------------------------------


def _format_of(path: str) -> str:
    """The delimiter (CSV, TSV) or ``"json"`` / ``"jsonl"`` the suffix names."""
    suffix = Path(path).suffix.lower()
    if suffix in _FORMATS:
        return _FORMATS[suffix]
    if not suffix:
        raise Problem(f"the file name has no suffix to tell its format; use {_ACCEPTED}")
    raise Problem(f"cannot read {suffix!r} files; use {_ACCEPTED}")


def _decode(data: bytes) -> str:
    """The bytes as UTF-8 text, or a problem naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = line_at(data, err.start)
        message = f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        raise Problem(message, line) from None


# --- CSV and TSV --------------------------------------------------------------


def _parse_delimited(data: bytes, delimiter: str) -> tuple[pa.Table, Lines]:
    """Parse CSV/TSV bytes: fast without quotes and lone CRs, else with ``csv``."""
    lone_cr = b"\r" in data and data.count(b"\r") != data.count(b"\r\n")
    if lone_cr or b'"' in data:
        return _parse_quoted(_decode(data), delimiter)
    if not data.isascii():
        _decode(data)
    return _parse_plain(data, delimiter)


def _parse_plain(data: bytes, delimiter: str) -> tuple[pa.Table, Lines]:
    """Quote-free CSV/TSV: Arrow's reader when every line is a row, else the careful path."""
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).removesuffix(b"\r")
    if first.strip(b" \t"):
        _check_width(first.count(delimiter.encode()) + 1, 1)
        header = first.decode().split(delimiter)
        _check_names(header, 1, "in the header")
        if len(header) > 1:
            cells = _read_with_arrow(data, delimiter, header, 1 << 20, blank_lines_possible=True)
            if cells is not None:
                return cells, np.arange(2, cells.num_rows + 2, dtype=np.int64)
    return _parse_plain_lines(data, delimiter)


def _parse_plain_lines(data: bytes, delimiter: str) -> tuple[pa.Table, Lines]:
    """Check each line's structure with numpy (blank lines, field counts), then
    read the lines that are not blank with Arrow."""
    buf = np.frombuffer(data, dtype=np.uint8)
    starts, ends = _line_spans(buf)
    fields = _field_counts(buf, starts, delimiter)
    kept = _nonblank_lines(data, starts, ends, fields, delimiter)
    header_at, rows = int(kept[0]), kept[1:]
    _check_width(int(fields[header_at]), header_at + 1)
    header = data[starts[header_at] : ends[header_at]].decode().split(delimiter)
    _check_names(header, header_at + 1, "in the header")
    wrong = np.flatnonzero(fields[rows] != len(header))
    if wrong.size:
        row = int(rows[wrong[0]])
        raise Problem(_ragged(int(fields[row]), len(header)), row + 1)
    kept_bytes = _without_lines(buf, starts, np.setdiff1d(np.arange(starts.size), kept))
    longest = int((ends - starts).max()) + 2
    block = max(1 << 20, longest)
    cells = _read_with_arrow(kept_bytes, delimiter, header, block, blank_lines_possible=False)
    if cells is None:  # the lines were all checked above
        raise AssertionError("Arrow refused quote-free lines of even width")
    return cells, (rows + 1).astype(np.int64)


def _without_lines(
    buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], dropped: npt.NDArray[np.intp]
) -> bytes:
    """The bytes without the given lines (each with its line break), ending in a line break."""
    keep = np.ones(buf.size, dtype=bool)
    following = np.append(starts[1:], buf.size)
    for line in dropped.tolist():
        keep[starts[line] : following[line]] = False
    kept = buf[keep].tobytes()
    return kept if kept.endswith(b"\n") else kept + b"\n"  # Arrow needs a header's line end


def _read_with_arrow(
    data: bytes, delimiter: str, header: list[str], block: int, *, blank_lines_possible: bool
) -> pa.Table | None:
    """Read quote-free cells as text with Arrow's multithreaded CSV reader.

    None when a row is ragged or longer than a block, or, where the data may
    hold blank lines, when a row is empty: the careful path then finds and
    names the line, or drops the blank ones.
    """
    ragged: list[object] = []

    def note(row: object) -> str:
        ragged.append(row)
        return "skip"

    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),  # reads the bytes in place
            read_options=pa_csv.ReadOptions(block_size=block),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char=False,
                ignore_empty_lines=False,  # a blank line becomes a row of nulls
                invalid_row_handler=note,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if ragged or (blank_lines_possible and _has_empty_row(table)):
        return None
    return table


def _has_empty_row(table: pa.Table) -> bool:
    """Whether some row is all nulls: a blank line, or one of only delimiters."""
    columns = table.columns
    if not columns or any(column.null_count == 0 for column in columns):
        return False
    filled = np.zeros(table.num_rows, dtype=bool)
    for column in columns:
        filled |= valid(column.combine_chunks())
    return not filled.all()


def _line_spans(buf: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Start and end offsets of each line's content (without LF or CRLF)."""
    newlines = np.flatnonzero(buf == ord("\n"))
    ends = newlines if buf[-1] == ord("\n") else np.append(newlines, buf.size)
    starts = np.concatenate(([0], newlines + 1))[: ends.size]
    carriage = buf[np.maximum(ends - 1, 0)] == ord("\r")
    return starts, ends - carriage


def _field_counts(
    buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.intp], delimiter: str
) -> npt.NDArray[np.int32]:
    """How many fields each line has: its delimiters (up to the next line) plus one."""
    delimiters = np.flatnonzero(buf == ord(delimiter))
    before = np.searchsorted(delimiters, starts)
    return (np.diff(np.append(before, delimiters.size)) + 1).astype(np.int32)


def _nonblank_lines(
    data: bytes,
    starts: npt.NDArray[np.intp],
    ends: npt.NDArray[np.intp],
    fields: npt.NDArray[np.int32],
    delimiter: str,
) -> npt.NDArray[np.intp]:
    """Indices of the lines that are not empty or only spaces and tabs."""
    blank = ends == starts
    spaces = " \t".replace(delimiter, "").encode()
    leading = np.isin(np.frombuffer(data, dtype=np.uint8)[starts[~blank]], list(spaces))
    maybe = np.flatnonzero(~blank)[leading & (fields[~blank] == 1)]
    blank[maybe] = [not data[starts[i] : ends[i]].strip(spaces) for i in maybe]
    return np.flatnonzero(~blank)


def _parse_quoted(text: str, delimiter: str) -> tuple[pa.Table, Lines]:
    """Parse CSV/TSV text with ``csv.reader``, tracking where each record starts."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    records = _csv_records(io.StringIO(text, newline="").readlines(), delimiter)
    header_line, header = next(records)
    _check_width(len(header), header_line)
    _check_names(header, header_line, "in the header")
    rows: list[list[str]] = []
    lines: list[int] = []
    for line, record in records:
        if len(record) != len(header):
            raise Problem(_ragged(len(record), len(header)), line)
        rows.append(record)
        lines.append(line)
    columns = zip(*rows, strict=True) if rows else ([] for _ in header)
    cells = {
        name: [cell or None for cell in column]
        for name, column in zip(header, columns, strict=True)
    }
    return _text_table(cells, len(rows)), np.array(lines, dtype=np.int64)


def _csv_records(lines: list[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each non-blank record with the line it starts on."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    spaces = " \t\r\n".replace(delimiter, "")
    start = 1
    try:
        for record in reader:
            if reader.line_num > start or lines[start - 1].strip(spaces):
                yield start, record
            start = reader.line_num + 1
    except csv.Error:
        opened = _unclosed_quote_line(lines[start - 1 :], start, delimiter)
        if opened is not None:
            raise Problem("a quoted field opened here is never closed", opened) from None
        raise Problem(_STRAY_QUOTE, reader.line_num) from None


def _unclosed_quote_line(tail: list[str], start: int, delimiter: str) -> int | None:
    """The line where the last record's quoted field opened, if it never closes.

    ``tail`` holds the lines from ``start`` to the end of the file. If closing a
    quote at the very end makes them parse, the last field is the one left open,
    and its own line breaks tell how far back it opened.
    """
    closed = [*tail[:-1], tail[-1] + '"']
    try:
        *_, last = csv.reader(closed, delimiter=delimiter, strict=True)
    except csv.Error:
        return None
    return start + _breaks("".join(tail)) - _breaks(last[-1])


def _breaks(text: str) -> int:
    """How many line breaks (LF, CRLF or a lone CR) the text holds."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _ragged(count: int, width: int) -> str:
    """The message for a row whose field count differs from the header's."""
    return f"this row has {_fields(count)} but the header has {width}"


def _fields(count: int) -> str:
    return f"{count} field" if count == 1 else f"{count} fields"


def _check_width(columns: int, line: int) -> None:
    """Refuse a header of more columns than are read."""
    if columns > _MAX_COLUMNS:
        raise Problem(f"the header has {columns:,} columns; {_AT_MOST_COLUMNS}", line)


def _check_names(names: list[str], line: int | None, place: str) -> None:
    """Refuse a blank or repeated column name."""
    seen: set[str] = set()
    for number, name in enumerate(names, 1):
        if not name.strip():
            raise Problem(f"column {number} has no name", line)
        if name in seen:
            raise Problem(f"column {_quoted(name)} appears twice {place}", line)
        seen.add(name)


# --- JSON and JSON Lines --------------------------------------------------------


def _json_records(text: str) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield each record of a JSON array with the line of its opening ``{``."""
    line, counted = 1, 0
    for offset, value in _json_array_items(text):
        line += text.count("\n", counted, offset)
        counted = offset
        if not isinstance(value, dict):
            raise Problem(f"not a JSON array of records (found {_kind(value)})", line)
        yield line, value


def _json_array_items(text: str) -> Iterator[tuple[int, object]]:
    """Yield ``(offset, value)`` for each element of the array the text holds."""
    try:
        offset = _skip_space(text, 0)
        if not text.startswith("[", offset):
            value, _ = _json_value(text, offset)
            line = text.count("\n", 0, offset) + 1
            raise Problem(f"not a JSON array of records (found {_kind(value)})", line)
        offset = _skip_space(text, offset + 1)
        closed = text.startswith("]", offset)
        while not closed:
            value, end = _json_value(text, offset)
            yield offset, value
            offset = _skip_space(text, end)
            closed = text.startswith("]", offset)
            if not closed:
                if not text.startswith(",", offset):
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, offset)
                offset = _skip_space(text, offset + 1)
        offset = _skip_space(text, offset + 1)
        if offset != len(text):
            raise json.JSONDecodeError("Extra data", text, offset)
    except json.JSONDecodeError as err:
        raise Problem(_invalid_json(err), err.lineno) from None
    except RecursionError:  # the decoder recurses once per level of nesting
        raise Problem(_TOO_DEEP, text.count("\n", 0, offset) + 1) from None


def _json_value(text: str, offset: int) -> tuple[object, int]:
    """The JSON value at ``offset`` and the offset after it.

    An integer too long for ``int`` (over 4,300 digits) is read as a Decimal, kept as written.
    """
    try:
        return _JSON.raw_decode(text, offset)
    except json.JSONDecodeError:
        raise
    except ValueError:  # from int(): too many digits
        return _JSON_LONG_INTS.raw_decode(text, offset)


def _skip_space(text: str, offset: int) -> int:
    """The offset of the first non-space character at or after ``offset``."""
    found = _JSON_SPACE.match(text, offset)
    return found.end() if found else offset


def _jsonl_records(text: str) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield each record of a JSON Lines text with its line; blank lines are skipped."""
    for line, source in enumerate(text.split("\n"), 1):
        if not source.strip(" \t\r"):
            continue
        try:
            if source.startswith("\ufeff"):  # what json.loads says of a BOM
                raise json.JSONDecodeError(_BOM_IN_JSON, source, 0)
            value, end = _json_value(source, _skip_space(source, 0))
            if _skip_space(source, end) != len(source):
                raise json.JSONDecodeError("Extra data", source, end)
        except json.JSONDecodeError as err:
            raise Problem(_invalid_json(err), line) from None
        except RecursionError:  # the decoder recurses once per level of nesting
            raise Problem(_TOO_DEEP, line) from None
        if not isinstance(value, dict):
            raise Problem(f"not a JSON record (found {_kind(value)}, not an object)", line)
        yield line, value


def _may_hold_lone_surrogate(text: str) -> bool:
    """Whether the JSON text may decode to a lone surrogate; False only when it cannot.

    Only an escape in D800-DFFF decodes to a surrogate, and the escape of a high one
    right before that of a low one decodes to one character (an emoji, say). Any other
    such escape may be lone; so may one after an escaped backslash, since the pairs are
    found here without telling ``\\ud800`` (a backslash, then text) from an escape.
    """
    if not _SURROGATE_ESCAPE.search(text):
        return False
    if _BACKSLASH_BEFORE_SURROGATE.search(text):
        return True
    return bool(_SURROGATE_ESCAPE.search(_SURROGATE_PAIR.sub("", text)))


def _invalid_json(err: json.JSONDecodeError) -> str:
    return f"not valid JSON ({err.msg} at column {err.colno})"


def _kind(value: object) -> str:
    """A JSON value's kind in plain words."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    return "null" if value is None else "a number"


def _frame_from_records(
    records: Iterator[tuple[int, dict[str, object]]], surrogates: bool
) -> tuple[pa.Table, Lines]:
    """Text cells from JSON records: one column per key, in first-seen order.

    ``surrogates`` tells whether the text has an escape that may decode to a lone
    surrogate; without one, the records' text is not searched for any.
    """
    rows: list[dict[str, str | None]] = []
    lines: list[int] = []
    keys: dict[str, None] = {}
    present = 0  # cells the records hold; a table of their keys has len(keys) * len(rows)
    for line, record in records:
        if isinstance(record, _Object):
            raise Problem(f"the key {_quoted(record.twice)} appears twice in one record", line)
        try:
            row = {key: _cell_text(value) for key, value in record.items()}
        except _Nested as nested:
            key = next(key for key, value in record.items() if _nested_kind(value))
            raise Problem(_nested_message(key, nested.kind), line) from None
        message = _record_surrogate(row) if surrogates else None
        if message:
            raise Problem(message, line)
        rows.append(row)
        lines.append(line)
        keys.update(dict.fromkeys(record))
        present += len(row)
        if len(keys) > _MAX_COLUMNS:
            raise Problem(
                f"this record brings the keys to over {_MAX_COLUMNS:,}; {_AT_MOST_COLUMNS}", line
            )
    if len(keys) * len(rows) > max(_SPARSE_CELLS, _SPARSE_RATIO * present):
        raise Problem(
            f"{len(rows):,} records with {len(keys):,} different keys, most of them missing"
            " from most records: that is no table"
        )
    columns = {key: [row.get(key) for row in rows] for key in keys}
    return _text_table(columns, len(rows)), np.array(lines, dtype=np.int64)


# --- values to text ---------------------------------------------------------------


def _column_text(column: pd.Series, name: str) -> list[str | None]:
    """A DataFrame column's cells as text, or None where missing.

    Arrow-backed text holds only valid UTF-8; any other cell may hold a lone surrogate.
    """
    import pandas as pd

    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        cells = column.astype("str").to_numpy(dtype=object)
        cells[pd.isna(cells) | (cells == "")] = None
        return list(cells)
    values = [None if value is pd.NA or value is pd.NaT else value for value in column.tolist()]
    try:
        texts = [_cell_text(value) for value in values]
    except _Nested as nested:
        row = next(row for row, value in enumerate(values) if _nested_kind(value))
        raise Problem(f"row {row}: {_nested_message(name, nested.kind)}") from None
    if _SURROGATE.search("".join(filter(None, texts))):
        row, escape = next(
            (row, e) for row, text in enumerate(texts) if (e := _lone_surrogate(text))
        )
        raise Problem(f"row {row}: {_not_unicode(f'the value of {_quoted(name)}', escape)}")
    return texts


def _cell_text(value: object) -> str | None:
    """One value as cell text, the way JSON values are read; None when missing."""
    if isinstance(value, (np.bool_, np.integer, np.floating)):
        value = value.item()
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if value is None:
        return None
    kind = _nested_kind(value)
    if kind:
        raise _Nested(kind)
    return str(value)


def _float_text(value: float) -> str | None:
    """``"7"`` for an integral float, its repr otherwise; NaN is missing."""
    if math.isnan(value):
        return None
    return str(int(value)) if value.is_integer() else repr(value)


def _nested_kind(value: object) -> str | None:
    """``"object"`` or ``"array"`` for a value that cannot be one cell."""
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return "array"
    return None


def _record_surrogate(row: dict[str, str | None]) -> str | None:
    """The message for a record's first key or text value holding a lone surrogate."""
    if not _SURROGATE.search("".join(row) + "".join(filter(None, row.values()))):
        return None
    for key, value in row.items():
        for what, text in (
            (f"the key {_quoted(key)}", key),
            (f"the value of {_quoted(key)}", value),
        ):
            escape = _lone_surrogate(text)
            if escape:
                return _not_unicode(what, escape)
    return None


def _lone_surrogate(text: str | None) -> str | None:
    """The escape (such as ``\\ud800``) of the text's first lone surrogate, if any.

    A lone surrogate is no character: it cannot be written as UTF-8 (nor held by Arrow).
    """
    found = _SURROGATE.search(text) if text else None
    return f"\\u{ord(found.group()):04x}" if found else None


def _not_unicode(what: str, escape: str) -> str:
    return f"{what} is not valid Unicode (a lone surrogate {escape})"


def _quoted(name: str) -> str:
    """A name quoted for a message, cut short past ``_SHOWN`` characters."""
    return repr(name) if len(name) <= _SHOWN else repr(name[:_SHOWN] + "…")


def _nested_message(key: str, kind: str) -> str:
    return f"the value of {_quoted(key)} is a nested {kind}; a cell must hold a single value"
