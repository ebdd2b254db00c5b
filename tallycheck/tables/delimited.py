"""CSV and TSV: cells split at a delimiter, with a header line of column names.

Files without any quote character are read by Arrow's CSV reader (their
structure checked with numpy first when some line is blank or ragged). Files
with quotes are read by Arrow too when numpy finds every quoted field well
formed and on one line, and no line blank or ragged; the others go through
``csv.reader``, which names the line of any mistake. Each row keeps the physical line
(1-based) on which it starts; a blank line is skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pa_csv

from tallycheck.arrow_numpy import valid
from tallycheck.tables.names import check_names, check_width, separator_hint
from tallycheck.tables.problem import Problem
from tallycheck.tables.table_bytes import decode, table_bytes
from tallycheck.tables.text import text_table

if TYPE_CHECKING:
    from tallycheck.tables.table import Parsed

__all__ = ["read_csv", "read_tsv"]

_STRAY_QUOTE = 'text follows the closing quote of a quoted field (write a quote inside one as "")'


DELIMITERS = {".csv": ",", ".tsv": "\t"}  # each delimited format's suffix and delimiter


def read_csv(path: str) -> Parsed:
    """The cells and row lines of a CSV file (``"-"``: standard input)."""
    return _parse_delimited(table_bytes(path, line_based=True), DELIMITERS[".csv"])


def read_tsv(path: str) -> Parsed:
    """The cells and row lines of a TSV file."""
    return _parse_delimited(table_bytes(path, line_based=True), DELIMITERS[".tsv"])


def _parse_delimited(data: bytes, delimiter: str) -> Parsed:
    """Parse CSV/TSV bytes: fast without quotes and lone CRs, else with ``csv``."""
    lone_cr = b"\r" in data and data.count(b"\r") != data.count(b"\r\n")
    if lone_cr:
        return _parse_quoted(decode(data), delimiter)
    if not data.isascii():
        decode(data)  # its mistakes are found as on csv.reader's path
    if b'"' in data:
        quoted = _parse_quoted_simply(data, delimiter)
        return quoted if quoted is not None else _parse_quoted(decode(data), delimiter)
    return _parse_plain(data, delimiter)


def _parse_plain(data: bytes, delimiter: str) -> Parsed:
    """Quote-free CSV/TSV: Arrow's reader when every line is a row, else the careful path."""
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).removesuffix(b"\r")
    if first.strip(b" \t"):
        check_width(first.count(delimiter.encode()) + 1, 1)
        header = first.decode().split(delimiter)
        check_names(header, 1, "in the header")
        if len(header) > 1:
            cells = _read_with_arrow(data, delimiter, header, 1 << 20, blank_lines_possible=True)
            if cells is not None:
                return cells, np.arange(2, cells.num_rows + 2, dtype=np.int64)
    return _parse_plain_lines(data, delimiter)


def _parse_quoted_simply(data: bytes, delimiter: str) -> Parsed | None:
    """Quoted CSV/TSV read by Arrow, when that gives what ``csv.reader`` gives:
    the header holds no quote, every quote is well placed (``_quotes_in_place``),
    and no line is blank or ragged. None otherwise."""
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).removesuffix(b"\r")
    header = first.decode().split(delimiter)
    if b'"' in first or len(header) < 2 or not _quotes_in_place(data, delimiter):
        return None
    try:
        check_width(len(header), 1)
        check_names(header, 1, "in the header")
    except Problem:
        return None  # csv.reader's path names it
    cells = _read_with_arrow(
        data, delimiter, header, 1 << 20, blank_lines_possible=True, quoted=True
    )
    return None if cells is None else (cells, np.arange(2, cells.num_rows + 2, dtype=np.int64))


def _quotes_in_place(data: bytes, delimiter: str) -> bool:
    """Whether every quoted field opens at the start of a field, closes on its own
    line, and is followed by a delimiter or the line's end, with quotes inside it
    doubled: then Arrow's reader splits the lines as ``csv.reader`` does.

    Within a line, a quote with an even number of quotes before it opens a field
    (or is the second of a doubled quote), one with an odd number closes it (or
    is the first of a doubled quote). A quote inside a field left unquoted
    (``x"y``) is valid CSV, but is not told apart here: such files go through
    ``csv.reader``.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    opens_after = _byte_set(delimiter, "\n", '"')
    closes_before = _byte_set(delimiter, "\n", '"', "\r")  # a CR of a CRLF too
    passed = 0  # the quotes of the slices before
    for at in range(0, buf.size, _QUOTE_SLICE):
        piece = buf[at : at + _QUOTE_SLICE]
        quotes = np.flatnonzero(piece == ord('"'))
        quotes += at
        # every line holds an even number of quotes: an even number lies before each
        # line break (counted for the line breaks, far fewer than the quotes), and in all
        before = np.searchsorted(quotes, np.flatnonzero(piece == ord("\n")) + at) + passed
        if (before % 2).any():
            return False  # a field left open, or going on to the next line
        # so within its line a quote has an even number before it exactly when it does
        # in the whole data: the quotes open and close in turn from the first
        opening, closing = quotes[passed % 2 :: 2], quotes[1 - passed % 2 :: 2]
        previous = buf[np.maximum(opening - 1, 0)]
        previous[opening == 0] = ord("\n")  # the first byte starts a line
        following = buf[np.minimum(closing + 1, buf.size - 1)]
        following[closing == buf.size - 1] = ord("\n")  # the last byte ends one
        if not (opens_after[previous].all() and closes_before[following].all()):
            return False
        passed += quotes.size
    return passed % 2 == 0


_QUOTE_SLICE = 1 << 24  # bytes whose quotes are found at a time: their positions held at once


def _byte_set(*members: str) -> npt.NDArray[np.bool_]:
    """Which byte values are among ``members`` (single-byte characters), by value."""
    table = np.zeros(256, dtype=bool)
    table[[ord(member) for member in members]] = True
    return table


def _parse_plain_lines(data: bytes, delimiter: str) -> Parsed:
    """Check each line's structure with numpy (blank lines, field counts), then
    read the lines that are not blank with Arrow."""
    buf = np.frombuffer(data, dtype=np.uint8)
    starts, ends = _line_spans(buf)
    fields = _field_counts(buf, starts, delimiter)
    kept = _nonblank_lines(data, starts, ends, fields, delimiter)
    header_at, rows = int(kept[0]), kept[1:]
    check_width(int(fields[header_at]), header_at + 1)
    header = data[starts[header_at] : ends[header_at]].decode().split(delimiter)
    check_names(header, header_at + 1, "in the header")
    wrong = np.flatnonzero(fields[rows] != len(header))
    if wrong.size:
        row = int(rows[wrong[0]])
        raise Problem(_ragged(int(fields[row]), header), row + 1)
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
    data: bytes,
    delimiter: str,
    header: list[str],
    block: int,
    *,
    blank_lines_possible: bool,
    quoted: bool = False,
) -> pa.Table | None:
    """Read cells as text with Arrow's multithreaded CSV reader (``quoted``: its
    quotes checked by ``_quotes_in_place``; else the data holds none).

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
                quote_char='"' if quoted else False,
                double_quote=True,
                newlines_in_values=False,
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
    columns, names = table.columns, table.column_names
    del table
    return pa.table(_in_one_piece(columns), names=names)


def _in_one_piece(columns: list[pa.ChunkedArray]) -> list[pa.Array]:
    """Each column's blocks joined into one array, a column at a time, each
    column's blocks let go once joined: only one column is ever held twice."""
    joined = []
    for at, column in enumerate(columns):
        columns[at] = None
        joined.append(column.combine_chunks())
        del column
    return joined


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


def _parse_quoted(text: str, delimiter: str) -> Parsed:
    """Parse CSV/TSV text with ``csv.reader``, tracking where each record starts."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    records = _csv_records(io.StringIO(text, newline="").readlines(), delimiter)
    header_line, header = next(records)
    check_width(len(header), header_line)
    check_names(header, header_line, "in the header")
    rows: list[list[str]] = []
    lines: list[int] = []
    for line, record in records:
        if len(record) != len(header):
            raise Problem(_ragged(len(record), header), line)
        rows.append(record)
        lines.append(line)
    columns = zip(*rows, strict=True) if rows else ([] for _ in header)
    cells = {
        name: [cell or None for cell in column]
        for name, column in zip(header, columns, strict=True)
    }
    return text_table(cells, len(rows)), np.array(lines, dtype=np.int64)


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


def _ragged(count: int, header: list[str]) -> str:
    """The message for a row whose field count differs from the header's."""
    message = f"this row has {_fields(count)} but the header has {len(header)}"
    hint = separator_hint(header)
    return message if hint is None else f"{message} ({hint})"


def _fields(count: int) -> str:
    return f"{count} field" if count == 1 else f"{count} fields"
