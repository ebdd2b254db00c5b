"""Arrow arrays to numpy and back, through their buffers.

pyarrow's own conversions (``to_numpy``, ``pa.array``, Python scalars in
compute calls) import pandas on first use, which costs more than checking a
small table; these read and build the buffers directly and never load it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from tallycheck.arrays import BoolArray, FloatArray, IntArray


def _bits(buffer: pa.Buffer, offset: int, length: int) -> BoolArray:
    packed = np.frombuffer(buffer, dtype=np.uint8)
    return np.unpackbits(packed, count=offset + length, bitorder="little")[offset:].astype(bool)


def valid(array: pa.Array) -> BoolArray:
    """Which entries are not null."""
    bitmap = array.buffers()[0]
    if bitmap is None or array.null_count == 0:
        return np.ones(len(array), dtype=bool)
    return _bits(bitmap, array.offset, len(array))


def bools(array: pa.Array) -> BoolArray:
    """A boolean array as numpy; null is False."""
    if len(array) == 0:
        return np.zeros(0, dtype=bool)
    bits = _bits(array.buffers()[1], array.offset, len(array))
    return bits & valid(array) if array.null_count else bits


def floats(array: pa.Array) -> FloatArray:
    """A numeric array as float64; null is NaN."""
    if len(array) == 0:
        return np.zeros(0, dtype=np.float64)
    kind = np.int64 if pa.types.is_int64(array.type) else np.float64
    array = array if kind is np.int64 else pc.cast(array, pa.float64())
    data = np.frombuffer(array.buffers()[1], dtype=kind)
    result = data[array.offset : array.offset + len(array)].astype(np.float64)
    if array.null_count:
        result[~valid(array)] = np.nan
    return result


def ints(array: pa.Array, null: int = -1) -> IntArray:
    """An integer array as int64; null is ``null``."""
    if len(array) == 0:
        return np.zeros(0, dtype=np.int64)
    kind = f"{'i' if pa.types.is_signed_integer(array.type) else 'u'}{array.type.bit_width // 8}"
    data = np.frombuffer(array.buffers()[1], dtype=np.dtype(kind))
    result = data[array.offset : array.offset + len(array)].astype(np.int64)
    if array.null_count:
        result[~valid(array)] = null
    return result


def text_offsets(array: pa.Array) -> npt.NDArray[np.signedinteger[Any]]:
    """Where each entry of a string array starts in its data, and where the last ends."""
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets: npt.NDArray[np.signedinteger[Any]] = np.frombuffer(array.buffers()[1], dtype=width)
    return offsets[array.offset : array.offset + len(array) + 1]


def empty(array: pa.Array) -> BoolArray:
    """Which entries of a string array are empty text (not null), read off its offsets."""
    if len(array) == 0:
        return np.zeros(0, dtype=bool)
    offsets = text_offsets(array)
    blank: BoolArray = offsets[1:] == offsets[:-1]
    return blank & valid(array) if array.null_count else blank


def text_bytes(array: pa.Array) -> npt.NDArray[np.uint8]:
    """The UTF-8 bytes of a string array's entries, end to end (nulls hold none)."""
    data = array.buffers()[2] if len(array) else None
    if data is None:
        return np.zeros(0, dtype=np.uint8)
    offsets = text_offsets(array)
    return np.frombuffer(data, dtype=np.uint8)[int(offsets[0]) : int(offsets[-1])]


def from_bools(mask: BoolArray) -> pa.Array:
    """A numpy mask as an Arrow boolean array (for ``filter`` and ``if_else``)."""
    packed = np.packbits(np.asarray(mask, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, pa.py_buffer(packed)])


def positions(rows: IntArray) -> pa.Array:
    """Row positions as an Arrow int64 array (for ``take``), built from their buffer."""
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(rows), [None, pa.py_buffer(rows)])


def with_nulls(array: pa.Array, null: BoolArray) -> pa.Array:
    """The array with the entries where ``null`` holds (and those already null) as null."""
    if not null.any():
        return array
    return pc.if_else(from_bools(null), pa.nulls(len(array), array.type), array)


def strings(cells: list[str | None]) -> pa.Array:
    """Python text (None for a missing cell) as an Arrow string array."""
    encoded = [b"" if cell is None else cell.encode() for cell in cells]
    ends = np.cumsum([len(cell) for cell in encoded], dtype=np.int64)
    offsets = np.concatenate(([0], ends))
    kind, width = (pa.string(), np.int32) if offsets[-1] < 2**31 else (pa.large_string(), np.int64)
    present = np.fromiter((cell is not None for cell in cells), dtype=bool, count=len(cells))
    buffers = [
        None if present.all() else pa.py_buffer(np.packbits(present, bitorder="little")),
        pa.py_buffer(offsets.astype(width)),
        pa.py_buffer(b"".join(encoded)),
    ]
    return pa.Array.from_buffers(kind, len(cells), buffers)
