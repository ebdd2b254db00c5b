"""Where a cell stands in its CSV or TSV file: line and column, counted in characters."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tallycheck.report import Span
from tallycheck.tables.cell_spans import LineStarts, file_lines, spans_in


def spans(
    tmp_path: Path, data: bytes, *wanted: tuple[int, int], delimiter: str = ","
) -> dict[tuple[int, int], Span]:
    """The spans found, by (line, field) asked for."""
    table = tmp_path / "t.csv"
    table.write_bytes(data)
    lines, fields = [line for line, _ in wanted], [field for _, field in wanted]
    found = spans_in(file_lines(str(table)), delimiter, lines, fields)
    return {where: span for where, span in zip(wanted, found, strict=True) if span is not None}


@pytest.mark.parametrize(
    ("data", "wanted", "span"),
    [
        # plain: the third field of line 2 starts at column 6 and ends before column 9
        (b"a,b,c\n1,22,333\n", (2, 2), Span(2, 6, 2, 9)),
        # a byte order mark is not a character of the first line
        (b"\xef\xbb\xbfa,b\n1,22\n", (2, 1), Span(2, 3, 2, 5)),
        # multibyte characters count one column each, astral ones too (not UTF-16 units)
        ("n,c\nŁódź,12\n🙂x,7\n".encode(), (2, 1), Span(2, 6, 2, 8)),
        ("n,c\nŁódź,12\n🙂x,7\n".encode(), (3, 1), Span(3, 4, 3, 5)),
        # CRLF and a lone CR end lines as the reader counts them
        (b"a,b\r\n1,22\r\n", (2, 1), Span(2, 3, 2, 5)),
        (b"a,b\r1,22\r3,4\r", (3, 1), Span(3, 3, 3, 4)),
        # a quoted cell spans its quotes; a doubled quote inside is one character of it
        (b'a,b\n"say ""hi""",7\n', (2, 0), Span(2, 1, 2, 13)),
        (b'a,b\n"say ""hi""",7\n', (2, 1), Span(2, 14, 2, 15)),
        # a quoted cell over two lines: it ends on the second, the next cell starts there
        (b'q,n\n"line one\nline two",5\n', (2, 0), Span(2, 1, 3, 10)),
        (b'q,n\n"line one\r\nline two",5\n', (2, 1), Span(3, 11, 3, 12)),
        # an empty cell has an empty span
        (b"a,b,c\n1,,3\n", (2, 1), Span(2, 3, 2, 3)),
    ],
)
def test_span_of_a_cell(tmp_path: Path, data: bytes, wanted: tuple[int, int], span: Span) -> None:
    assert spans(tmp_path, data, wanted) == {wanted: span}


def test_tabs_are_one_character_each(tmp_path: Path) -> None:
    found = spans(tmp_path, b"a\tb\tc\n1\t\t22\n", (2, 2), (2, 1), delimiter="\t")
    assert found == {(2, 2): Span(2, 4, 2, 6), (2, 1): Span(2, 3, 2, 3)}


def test_a_field_the_row_no_longer_has_gets_no_span(tmp_path: Path) -> None:
    assert spans(tmp_path, b"a,b\n1,2\n", (2, 5), (9, 0)) == {}


@pytest.mark.parametrize(
    ("data", "wanted"),
    [
        (b"a,b\n1,2\n", (3, 1)),  # past the last line break
        (b"a,b\n1,2\n\n", (3, 1)),  # blank
        (b"a,b\r\n\r\n", (2, 1)),
        (b"", (1, 0)),  # the file is empty
        (b"\xef\xbb\xbf", (2, 0)),  # nothing but a byte order mark
    ],
)
def test_a_row_whose_line_is_now_empty_gets_no_span(
    tmp_path: Path, data: bytes, wanted: tuple[int, int]
) -> None:
    """The file changed since it was read: the line a finding's row started on is
    empty now, and its field is not there."""
    assert spans(tmp_path, data, wanted) == {}


def test_rows_with_and_without_quotes_in_one_file(tmp_path: Path) -> None:
    """Rows without a quote are split all at once, the others one by one: both agree."""
    data = 'n,q,c\nÉva,plain,1\n2,"a, ""b""",33\nx,y,4444\n'.encode()
    found = spans(tmp_path, data, (4, 2), (3, 2), (2, 2), (3, 1), (2, 0))
    assert found == {
        (2, 0): Span(2, 1, 2, 4),
        (2, 2): Span(2, 11, 2, 12),
        (3, 1): Span(3, 3, 3, 13),
        (3, 2): Span(3, 14, 3, 16),
        (4, 2): Span(4, 5, 4, 9),
    }


@pytest.mark.parametrize("limit", [0, 1 << 20], ids=["read-when-asked", "read-ahead"])
def test_findings_get_the_same_spans_whether_the_file_is_read_ahead_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    """A file of at most SECOND_THREAD_BYTES is read again on another thread while the
    checks run (with two cores or more); either way a finding's cell is where it is."""
    from tallycheck import cores
    from tallycheck.engine import check_table
    from tallycheck.schema.loader import schema_from_mapping
    from tallycheck.tables.read import read_table

    monkeypatch.setattr(cores, "SECOND_THREAD_BYTES", limit)
    monkeypatch.setattr(cores, "available_cores", lambda: 2)
    table = tmp_path / "t.csv"
    table.write_text("wave,count\n1,3\n2,-4\n3,x\n", encoding="utf-8")
    schema = schema_from_mapping(
        {
            "name": "s",
            "columns": {"wave": {"type": "integer"}, "count": {"type": "integer", "min": 0}},
        }
    )
    _, findings = check_table(read_table(str(table)), schema)
    assert sorted((f.line, f.rule, f.cell) for f in findings) == [
        (3, "min", Span(3, 3, 3, 5)),
        (4, "type", Span(4, 3, 4, 4)),
    ]


def test_a_failure_reading_ahead_is_raised_where_the_lines_are_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tallycheck import cores
    from tallycheck.tables import cell_spans

    def failing(path: str) -> None:
        raise MemoryError(path)

    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setattr(cell_spans, "file_lines", failing)
    monkeypatch.setattr(cores, "available_cores", lambda: 2)
    taken = cell_spans.lines_ahead(str(table))
    with pytest.raises(MemoryError, match=r"t\.csv"):
        taken()


def test_a_file_gone_before_its_spans_are_read_gives_none(tmp_path: Path) -> None:
    from tallycheck.tables import cell_spans

    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,2\n", encoding="utf-8")
    taken = cell_spans.lines_ahead(str(table))
    lines = taken()
    assert lines is not None
    assert lines.bounds.at(range(lines.bounds.size)).tolist() == [0, 4, 8, 8]
    table.unlink()
    assert cell_spans.lines_ahead(str(table))() is None
    assert cell_spans.spans_in(None, ",", [2], [1]) == [None]


def _listed_starts(data: bytes) -> list[int]:
    """Where each line starts, listed plainly: after each LF, CRLF or lone CR."""
    starts, at = [0], 0
    while at < len(data):
        if data[at : at + 2] == b"\r\n":
            at += 2
        elif data[at : at + 1] in (b"\n", b"\r"):
            at += 1
        else:
            at += 1
            continue
        starts.append(at)
    return [*starts, len(data)]


PIECES = st.sampled_from([b"a", b"7,", b"\n", b"\n" * 300, b"x" * 255, "Łódź".encode()])


@given(
    pieces=st.lists(PIECES, max_size=40),
    ends_in_lf=st.booleans(),
    return_at=st.none() | st.integers(min_value=0, max_value=40),
    order=st.randoms(use_true_random=False),
)
def test_line_starts_are_where_the_lines_listed_plainly_start(
    pieces: list[bytes], ends_in_lf: bool, return_at: int | None, order: object
) -> None:
    """Counted per block of 256 bytes (several blocks, a shorter one at the end, a block
    of nothing but LF) or, with a CR, listed: every line's start as the plain listing has
    it, asked for in any order and more than once, and the line after each."""
    if return_at is not None:
        pieces.insert(return_at, b"\r")
    data = b"".join(pieces) + (b"\n" if ends_in_lf else b"")
    starts = LineStarts(data, np.frombuffer(data, dtype=np.uint8))
    listed = _listed_starts(data)
    assert starts.size == len(listed)
    asked = [*range(len(listed)), *range(len(listed))]
    order.shuffle(asked)  # type: ignore[attr-defined]
    assert starts.at(asked).tolist() == [listed[line] for line in asked]
    # from the start of each line but the last, the next line's start
    inner = [(start, after) for start, after in pairwise(listed) if start < len(data)]
    assert [starts.following(start) for start, _ in inner] == [after for _, after in inner]
