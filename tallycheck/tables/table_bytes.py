"""The bytes of a table file, read within bounds and checked to look like text.

A malformed input costs little memory. Anything but a regular file (a FIFO, a
device such as ``/dev/zero``) is refused unread; the head of a file (its first
``HEAD`` bytes) is checked before the rest is read, so binary junk, a second
byte order mark or a first line that runs on and on is refused early; the rest
is checked for binary bytes a slice at a time, never copied whole. Standard
input is read a slice at a time, each checked as it comes.
"""

from __future__ import annotations

import codecs
import io
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from tallycheck.tables.problem import Problem

__all__ = ["HEAD", "byte_positions", "decode", "line_at", "opened", "table_bytes"]

HEAD = 16 << 20  # bytes read and checked first; the longest first line of a line-based table
_SLICE = 1 << 20  # bytes checked (or read from a stream) at a time past the head
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
# Text bytes: printable ones, white space, and ESC (an ANSI colour code pasted into a cell
# is text; reports show it inert).
_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\v\f\r\x1b"
_CONTROL_IS_JUNK = np.ones(32, dtype=bool)  # which bytes below the space are not text
_CONTROL_IS_JUNK[[byte for byte in _TEXT_BYTES if byte < 32]] = False
_NOT_SPACE = re.compile(rb"\S")


def table_bytes(path: str, *, line_based: bool) -> bytes:
    """The bytes of the file (``"-"``: standard input) without a UTF-8 BOM, once
    they look like a text table.

    ``line_based`` tables (CSV, TSV, JSON Lines) may not have a first line
    longer than ``HEAD`` bytes; a JSON file may be one long line.
    """
    if path == "-":
        data = _read_stream(sys.stdin.buffer, line_based)
    else:
        data = _read_file(path, line_based)
    if not _NOT_SPACE.search(data):
        raise Problem("the file is empty")
    return data


def line_at(data: bytes, offset: int) -> int:
    """The physical line (LF, CRLF or a lone CR ends one) holding ``data[offset]``."""
    breaks = data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset)
    return breaks - data.count(b"\r\n", 0, offset) + 1


def decode(data: bytes) -> str:
    """The bytes as UTF-8 text, or a problem naming the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = line_at(data, err.start)
        message = f"not UTF-8 text (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        raise Problem(message, line) from None


def byte_positions(buf: npt.NDArray[np.uint8], byte: int) -> npt.NDArray[np.intp]:
    """Where ``byte`` occurs in ``buf``, found a block at a time: no mask as long as
    the data, and the positions counted first, so that they are held only once."""
    blocks = range(0, buf.size, 1 << 24)
    counts = [int(np.count_nonzero(buf[at : at + blocks.step] == byte)) for at in blocks]
    found = np.empty(sum(counts), dtype=np.intp)
    put = 0
    for at, count in zip(blocks, counts, strict=True):
        if count:
            within = np.flatnonzero(buf[at : at + blocks.step] == byte)
            np.add(within, at, out=found[put : put + count])
            put += count
    return found


@contextmanager
def opened(path: str) -> Iterator[BinaryIO]:
    """A regular file open for reading; a missing, special or unreadable one is a problem,
    and so is an error reading it within the block."""
    try:
        _refuse_special(Path(path).stat().st_mode)
        with Path(path).open("rb") as stream:
            yield stream
    except FileNotFoundError:
        raise Problem("no such file") from None
    except PermissionError:
        raise Problem("permission denied: cannot read the file") from None
    except OSError as err:
        raise Problem(f"cannot read the file ({err.strerror or err})") from None


def _read_file(path: str, line_based: bool) -> bytes:
    """A regular file's bytes: its head checked first, then the rest read in one go."""
    with opened(path) as stream:
        head = stream.read(HEAD)
        skip = _check_head(head, line_based, whole=len(head) < HEAD)
        if len(head) < HEAD:
            return head[skip:]
        del head
        stream.seek(skip)
        data = stream.read()
    _check_text(data, HEAD - skip)
    return data


def _refuse_special(mode: int) -> None:
    """Refuse a directory, FIFO, device or socket: reading one may never end."""
    if stat.S_ISDIR(mode):
        raise Problem("this is a directory, not a file")
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    for test, kind in kinds:
        if test(mode):
            raise Problem(f"this is {kind}, not a regular file")


def _read_stream(stream: BinaryIO, line_based: bool) -> bytes:
    """A stream's bytes: its head checked first, then the rest a slice at a time."""
    head = stream.read(HEAD)
    skip = _check_head(head, line_based, whole=len(head) < HEAD)
    kept = io.BytesIO()
    kept.write(memoryview(head)[skip:])
    del head
    while piece := stream.read(_SLICE):
        start = kept.tell()
        kept.write(piece)
        if piece.translate(None, _TEXT_BYTES):
            data = kept.getvalue()
            _check_text(data, start)
    return kept.getvalue()


def _check_head(head: bytes, line_based: bool, *, whole: bool) -> int:
    """Check the first bytes of a table; how many to skip (a UTF-8 BOM's three, or none)."""
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            raise Problem(f"the file is {name} text; save it as UTF-8")
    skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    text = head[skip:]
    if text.startswith(codecs.BOM_UTF8):
        raise Problem("the file starts with a second byte order mark (U+FEFF); remove it", 1)
    _check_text(text, 0)
    if line_based and not whole and b"\n" not in text and b"\r" not in text:
        raise Problem(f"the first line is longer than {HEAD >> 20} MiB; not a table", 1)
    return skip


def _check_text(data: bytes, start: int) -> None:
    """Refuse binary bytes at or after ``start``, looking at one slice at a time.

    Every byte from the space up is text, so only a slice's bytes below it (its
    line breaks, mostly) are looked up; the slice is read in place, not copied.
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    for at in range(start, len(data), _SLICE):
        piece = buf[at : at + _SLICE]
        if _CONTROL_IS_JUNK[piece[piece < 32]].any():
            junk = data[at : at + _SLICE].translate(None, _TEXT_BYTES)
            line = line_at(data, data.index(junk[:1], at))
            raise Problem("not a text table (binary data on this line)", line)
