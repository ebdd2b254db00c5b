"""Where cells stand in a CSV or TSV file: the line and column of each one asked for.

The spans are those of findings: SARIF regions, GitHub annotations and the JSON
report's ``cell`` show them. JSON, JSON Lines and Parquet tables, standard input
and DataFrames get none: only a CSV or TSV file has cells at columns of lines
that an editor shows, and only a file can be read again.

The reader keeps no position of any cell: the file is read again and its line
breaks counted (``file_lines``; for a file of at most 128 MiB, on another core
while the table is judged: ``lines_ahead``), and only the rows asked for are
found and parsed again, so the many rows without findings cost little. Rows
without a quote are split with numpy, all at once; a row with a quote is parsed
on its own. A row is found by the physical line it starts on (LF, CRLF and a
lone CR each end a line, as the reader counts them); its fields are split as
the reader splits them: a field that opens with a quote runs to its closing
quote (``""`` inside it is one quote), over line breaks too, and any other
field runs to the next delimiter or the line's end.

Columns count characters (Unicode code points) from 1 on their physical line:
a tab is one character, and a byte order mark at the start of the file is not
one. A span ends just past the cell's last character (its closing quote for a
quoted cell), on the line where the cell ends, so an empty cell's span is
empty. A row that no longer has the field asked for (the file changed since
it was read) gets no span.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from tallycheck.cores import second_thread_pays
from tallycheck.report import Span
from tallycheck.tables.delimited import DELIMITERS
from tallycheck.tables.table_bytes import byte_positions

__all__ = ["FileLines", "LineStarts", "delimiter_of", "file_lines", "lines_ahead", "spans_in"]

_BREAK = re.compile(r"\r\n|\r|\n")
# possessive: a doubled quote is never read back as a closing one and the next quote
_QUOTED = re.compile(r'"(?:[^"]|"")*+"')


def delimiter_of(path: str) -> str | None:
    """The delimiter of a CSV or TSV file, whose cells can be found again; None for
    other formats (standard input, shown as ``<stdin>``, cannot be read again)."""
    return DELIMITERS.get(Path(path).suffix.lower())


class LineStarts:
    """Where a file's physical lines start, as one array of offsets would hold them:
    ``at(0)`` is 0, ``at(j)`` the offset after the ``j``-th line break, and the last,
    ``at(size - 1)``, the end of the data.

    A file whose lines all end in LF is not listed line by line: its line breaks are
    counted per block of ``BLOCK`` bytes, and a line asked for is found in its block.
    A file of ten million lines asked for the lines of its findings holds a count per
    block, not an offset per line. A file with a CR is listed whole.
    """

    BLOCK = 256

    def __init__(self, data: bytes, buf: npt.NDArray[np.uint8]) -> None:
        self._data, self._buf = data, buf
        self._listed: npt.NDArray[np.intp] | None = None
        if b"\r" in data:
            self._listed = _line_bounds(data, buf)
            self.size = int(self._listed.size)
            return
        self._counts = _block_counts(buf, self.BLOCK)
        self._through = np.cumsum(self._counts, dtype=np.intp)
        self.size = (int(self._through[-1]) if self._through.size else 0) + 2

    def at(self, index: npt.ArrayLike) -> npt.NDArray[np.intp]:
        """The offsets where the lines numbered ``index`` (from 0, as above) start."""
        wanted = np.asarray(index, dtype=np.intp)
        if self._listed is not None:
            return self._listed[wanted]
        starts = np.zeros(wanted.shape, dtype=np.intp)
        starts[wanted == self.size - 1] = self._buf.size
        inner = (wanted > 0) & (wanted < self.size - 1)
        starts[inner] = self._after_break(wanted[inner])
        return starts

    def following(self, start: int) -> int:
        """Where the line after the one that starts at ``start`` starts (the end of
        the data after the last line)."""
        if self._listed is not None:
            return int(self._listed[np.searchsorted(self._listed, start, side="right")])
        end = self._data.find(b"\n", start)
        return self._buf.size if end < 0 else end + 1

    def _after_break(self, nth: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """The offset after the ``nth`` LF of the data (from 1), each found in its block."""
        block = np.searchsorted(self._through, nth)  # the first block that reaches it
        rank = nth - np.where(block > 0, self._through[np.maximum(block - 1, 0)], 0)
        size = self.BLOCK
        whole = self._buf.size // size  # blocks of BLOCK bytes; a shorter one may end the data
        blocks = self._buf[: whole * size].reshape(whole, size)
        found = np.empty(nth.shape, dtype=np.intp)  # where in its block
        inside = np.flatnonzero(block < whole)
        for at in range(0, inside.size, _PICKED):
            picked = inside[at : at + _PICKED]
            rows = block[picked]
            # every LF of the blocks in turn; each block's own begin after those before it
            breaks = np.flatnonzero(blocks[rows] == ord("\n"))
            counts = self._counts[rows].astype(np.intp)
            first = np.cumsum(counts) - counts
            found[picked] = breaks[first + rank[picked] - 1] - np.arange(picked.size) * size
        last = np.flatnonzero(block >= whole)
        if last.size:
            tail = np.flatnonzero(self._buf[whole * size :] == ord("\n"))
            found[last] = tail[rank[last] - 1]
        return block * size + found + 1


_PICKED = 1 << 14  # lines found at a time: 4 MiB of their blocks copied at once


def _block_counts(buf: npt.NDArray[np.uint8], size: int) -> npt.NDArray[np.uint16]:
    """How many LF bytes each block of ``size`` bytes holds (the last may be shorter),
    counted a slice of the data at a time."""
    counts = []
    for at in range(0, buf.size, _SLICE):
        breaks = buf[at : at + _SLICE] == ord("\n")
        whole = breaks.size // size * size
        counts.append(np.add.reduce(breaks[:whole].reshape(-1, size), axis=1, dtype=np.uint16))
        if whole < breaks.size:
            counts.append(np.array([np.count_nonzero(breaks[whole:])], dtype=np.uint16))
    return np.concatenate(counts) if counts else np.zeros(0, dtype=np.uint16)


_SLICE = 1 << 24  # bytes compared with LF at a time: a multiple of LineStarts.BLOCK


class FileLines(NamedTuple):
    """A file's bytes (without a UTF-8 byte order mark) and where its physical lines start."""

    data: bytes
    bounds: LineStarts


def file_lines(path: str) -> FileLines | None:
    """The file read again, with its lines counted; None when it cannot be read."""
    try:
        data = Path(path).read_bytes().removeprefix(codecs.BOM_UTF8)
    except OSError:
        return None
    return FileLines(data, LineStarts(data, np.frombuffer(data, dtype=np.uint8)))


def lines_ahead(path: str) -> Callable[[], FileLines | None]:
    """A function that gives ``file_lines(path)``, begun at once on another thread
    when a second thread pays (``tallycheck.cores``: two cores, a file of at most
    128 MiB): it reads and scans while the checks run (both mostly outside the
    GIL), at the cost of holding the bytes meanwhile."""
    try:
        ahead = second_thread_pays(Path(path).stat().st_size)
    except OSError:
        ahead = False
    if not ahead:
        return lambda: file_lines(path)
    done: list[FileLines | None] = []
    failed: list[BaseException] = []

    def read() -> None:
        try:
            done.append(file_lines(path))
        except BaseException as error:  # told where the result is taken, not on this thread
            failed.append(error)

    thread = threading.Thread(target=read, name="tallycheck-lines-ahead", daemon=True)
    thread.start()

    def result() -> FileLines | None:
        thread.join()
        if failed:
            raise failed[0]
        return done[0]

    return result


def spans_in(
    read: FileLines | None, delimiter: str, lines: Sequence[int], fields: Sequence[int]
) -> list[Span | None]:
    """The span of each cell asked for, in a file read (None: it could not be), by the
    line its row starts on and its field's position from 0, in order; None for one that
    cannot be found."""
    spans: list[Span | None] = [None] * len(lines)
    if not spans or read is None or not read.data:  # an empty file (changed since) has no cell
        return spans
    data, bounds = read
    buf = np.frombuffer(data, dtype=np.uint8)
    line = np.asarray(lines, dtype=np.intp)
    field = np.asarray(fields, dtype=np.intp)
    there = (line >= 1) & (line < bounds.size)
    known = np.where(there, line, 1)
    begin, after = np.split(bounds.at(np.concatenate([known - 1, known])), 2)
    quoted = np.zeros(line.size, dtype=bool)
    if b'"' in data:  # which of the rows asked for hold a quote, looked for in those rows only
        pairs = zip(begin.tolist(), after.tolist(), strict=True)
        holds = (data.find(b'"', start, end) >= 0 for start, end in pairs)
        quoted = there & np.fromiter(holds, dtype=bool, count=line.size)
    plain = np.flatnonzero(there & ~quoted)
    found = _plain_spans(
        data, buf, delimiter, line[plain], field[plain], begin[plain], after[plain]
    )
    for at, span in zip(plain.tolist(), found, strict=True):
        spans[at] = span
    for at in np.flatnonzero(quoted).tolist():
        where = (int(begin[at]), int(after[at]))
        spans[at] = _quoted_span(data, bounds, where, lines[at], fields[at], delimiter)
    return spans


def _line_bounds(data: bytes, buf: npt.NDArray[np.uint8]) -> npt.NDArray[np.intp]:
    """The offset where each physical line starts (after LF, CRLF or a lone CR),
    then the end of the data: built in one array, as a large file has millions."""
    breaks = byte_positions(buf, ord("\n"))
    if b"\r" in data:
        returns = byte_positions(buf, ord("\r"))
        following = buf[np.minimum(returns + 1, buf.size - 1)]
        lone = returns[(following != ord("\n")) | (returns == buf.size - 1)]
        breaks = np.union1d(breaks, lone)
    bounds = np.empty(breaks.size + 2, dtype=np.intp)
    bounds[0], bounds[-1] = 0, buf.size
    np.add(breaks, 1, out=bounds[1:-1])
    return bounds


def _plain_spans(
    data: bytes,
    buf: npt.NDArray[np.uint8],
    delimiter: str,
    lines: npt.NDArray[np.intp],
    fields: npt.NDArray[np.intp],
    begin: npt.NDArray[np.intp],
    after: npt.NDArray[np.intp],
) -> list[Span | None]:
    """The spans of cells in rows without a quote, each on its one line (from offset
    ``begin`` to ``after``), found all at once in a copy of those lines' bytes (not of
    the whole file)."""
    if not lines.size:
        return []
    lengths = after - begin
    origin = np.cumsum(lengths) - lengths  # where each row starts in the copy
    copy = b"".join(data[b:a] for b, a in zip(begin.tolist(), after.tolist(), strict=True))
    rows = np.frombuffer(copy, dtype=np.uint8)
    end = origin + lengths - _break_length(buf, begin, after)
    delimiters = np.flatnonzero(rows == ord(delimiter))
    first = np.searchsorted(delimiters, origin)  # each row's first delimiter
    opening, closing = first + fields - 1, first + fields  # the delimiters around the field
    padded = np.append(delimiters, rows.size)  # a delimiter past the end stands for none
    before = padded[np.minimum(opening, delimiters.size)]
    following = padded[np.minimum(closing, delimiters.size)]
    found = (fields == 0) | ((opening < delimiters.size) & (before < end))
    start = np.where(fields == 0, origin, before + 1)
    stop = np.minimum(following, end)
    if rows.size and rows.max() >= 0x80:  # a character is a byte that does not continue one
        continuing = np.flatnonzero((rows & 0xC0) == 0x80)
        start = start - np.searchsorted(continuing, start)
        stop = stop - np.searchsorted(continuing, stop)
        origin = origin - np.searchsorted(continuing, origin)
    numbers = lines.tolist()
    columns, ends = (start - origin + 1).tolist(), (stop - origin + 1).tolist()
    spans: list[Span | None] = list(map(Span, numbers, columns, numbers, ends))
    for at in np.flatnonzero(~found).tolist():
        spans[at] = None
    return spans


def _break_length(
    buf: npt.NDArray[np.uint8], begin: npt.NDArray[np.intp], after: npt.NDArray[np.intp]
) -> npt.NDArray[np.intp]:
    """How many bytes of each line its line break takes: 2 for CRLF, 1 for LF or a
    lone CR, 0 for a last line without one."""
    ends_in = buf[np.maximum(after - 1, 0)]
    broken = (after > begin) & ((ends_in == ord("\n")) | (ends_in == ord("\r")))
    crlf = broken & (ends_in == ord("\n")) & (after - 2 >= begin)
    crlf &= buf[np.maximum(after - 2, 0)] == ord("\r")
    length: npt.NDArray[np.intp] = broken.astype(np.intp) + crlf
    return length


def _quoted_span(
    data: bytes,
    bounds: LineStarts,
    where: tuple[int, int],
    line: int,
    field: int,
    delimiter: str,
) -> Span | None:
    """The span of a field of a row with a quote, parsed on its own: from the line
    it starts on (``where``: its offset and the next line's), taking the next lines
    while a quoted field runs on."""
    plain = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    begin, end = where
    while True:
        try:
            text = data[begin:end].decode("utf-8")
        except UnicodeDecodeError:
            return None
        spots = _field_bounds(text, field + 1, delimiter, plain)
        if spots is not None:
            break
        if end >= len(data):
            return None
        end = bounds.following(end)
    if field >= len(spots):
        return None
    begin, end = spots[field]
    return Span(*_place(text, line, begin), *_place(text, line, end))


def _field_bounds(
    text: str, count: int, delimiter: str, plain: re.Pattern[str]
) -> list[tuple[int, int]] | None:
    """Where each of the first ``count`` fields starts and ends in ``text``; None
    when a quoted field is still open at the end of it."""
    spots: list[tuple[int, int]] = []
    at = 0
    while len(spots) < count:
        quoted = text.startswith('"', at)
        match = (_QUOTED if quoted else plain).match(text, at)
        if match is None:
            return None
        spots.append((at, match.end()))
        if not text.startswith(delimiter, match.end()):
            break
        at = match.end() + 1
    return spots


def _place(text: str, line: int, offset: int) -> tuple[int, int]:
    """The physical line and column of ``text[offset]``, ``text`` starting ``line``."""
    breaks = _BREAK.findall(text, 0, offset)
    if not breaks:
        return line, offset + 1
    last = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset))
    return line + len(breaks), offset - last
