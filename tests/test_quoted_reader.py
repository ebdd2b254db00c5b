"""Quoted CSV read by Arrow gives exactly what csv.reader gives (issue #16)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tallycheck.tables import delimited
from tallycheck.tables.problem import Problem
from tallycheck.tables.table_bytes import decode


def _outcome(parse: Any, data: Any, delimiter: str) -> Any:
    try:
        cells, lines = parse(data, delimiter)
    except Problem as problem:
        return ("problem", str(problem), problem.line)
    return (cells.column_names, cells.to_pylist(), lines.tolist())


FIELDS = st.sampled_from(
    ['"a"', '"a""b"', '"a,b"', '""', "a", "", ' "a"', '"a" ', 'a"b', '"a', "é"]
)


@st.composite
def quoted_tables(draw: st.DrawFn, delimiter: str = ",") -> bytes:
    """Small tables mixing well-formed and broken quoting, blank and ragged lines."""
    width = draw(st.integers(2, 3))
    lines = ["x" + delimiter + delimiter.join(f"c{i}" for i in range(1, width))]
    for _ in range(draw(st.integers(0, 5))):
        fields = draw(st.lists(FIELDS, min_size=width - 1, max_size=width + 1))
        lines.append(delimiter.join(fields).replace(",", delimiter))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return (ending.join(lines) + draw(st.sampled_from(["", ending]))).encode()


@settings(max_examples=400, deadline=None)
@given(quoted_tables())
def test_arrow_reads_quoted_csv_as_csv_reader_does(data: bytes) -> None:
    slow = _outcome(lambda d, sep: delimited._parse_quoted(decode(d), sep), data, ",")
    assert _outcome(delimited._parse_delimited, data, ",") == slow


@pytest.mark.parametrize(
    ("data", "simple"),
    [
        (b'x,y\n"a ""b"", c",1\n', True),
        (b'x,y\n"a"b,1\n', False),  # text after the closing quote: csv.reader refuses it
        (b'x,y\n"a\nb",1\n', False),  # a field over two lines
        (b'x,y\n"a,1\n', False),  # never closed
        (b'x,y\na"b,1\n', False),  # valid, a quote in an unquoted field: left to csv.reader
        (b'"x",y\n1,2\n', False),  # a quoted header
    ],
)
def test_only_well_placed_quotes_are_read_by_arrow(data: bytes, simple: bool) -> None:
    parsed = delimited._parse_quoted_simply(data, ",")
    assert (parsed is not None) == simple
    if parsed is not None:
        assert parsed[0].to_pylist() == [{"x": 'a "b", c', "y": "1"}]
        assert parsed[1].tolist() == [2]


def _placed_line_by_line(data: bytes, delimiter: str) -> bool:
    """``_quotes_in_place`` as its docstring words it, a line and a quote at a time."""
    boundary = (delimiter.encode(), b"\n", b'"')
    for line in data.split(b"\n"):
        quotes = [at for at, byte in enumerate(line) if byte == ord('"')]
        if len(quotes) % 2:
            return False
        for count, at in enumerate(quotes):
            if count % 2 == 0 and (line[at - 1 : at] if at else b"\n") not in boundary:
                return False
            if count % 2 == 1 and (line[at + 1 : at + 2] or b"\n") not in (*boundary, b"\r"):
                return False
    return True


@settings(max_examples=500, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(['"', '""', ",", "\t", "\n", "\r\n", "a", "é"]), max_size=30),
    delimiter=st.sampled_from([",", "\t"]),
    piece=st.sampled_from([1, 2, 3, 7, delimited._QUOTE_SLICE]),
)
def test_quotes_are_in_place_as_a_line_by_line_reading_finds(
    pieces: list[str], delimiter: str, piece: int
) -> None:
    """The quotes are judged a slice of the data at a time (here as small as a byte),
    their parity within each line taken from their parity in the data once every line
    holds an even number."""
    data = "".join(pieces).encode()
    kept = delimited._QUOTE_SLICE
    delimited._QUOTE_SLICE = piece
    try:
        placed = delimited._quotes_in_place(data, delimiter)
    finally:
        delimited._QUOTE_SLICE = kept
    assert placed == _placed_line_by_line(data, delimiter)
