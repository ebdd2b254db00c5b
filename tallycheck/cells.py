"""Vectorised reading of cells as numbers and dates, with Arrow's compute kernels.

Every function takes stripped text (an Arrow string array, null for blank) and
returns numpy arrays: the values (NaN where the cell is blank or does not
parse) and a mask of the cells that parse. No per-row Python runs here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from tallycheck.arrays import BoolArray, FloatArray, IntArray
from tallycheck.arrow_numpy import (
    bools,
    empty,
    floats,
    ints,
    text_bytes,
    text_offsets,
    valid,
    with_nulls,
)
from tallycheck.exact import MAX_EXACT

Integers = npt.NDArray[np.int32] | IntArray
_BLOCK = 1 << 20  # cells of a column read at a time where each needs several temporaries
_LONG_CELL_BYTES = 16  # from this mean length, testing a cell's edges beats stripping it

# A whole number may carry a zero fraction of one or two digits ("6.0", as pandas writes
# a re-saved CSV); "1.000" is not 1, since it may be a thousand written with a point.
WHOLE = r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0{1,2})?$"
DECIMAL = r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$"
# With a decimal comma, thousands are separated by points or spaces (plain, no-break or
# narrow no-break): "1.300", "1 300", "1.234,5".
GROUP = "[. \u00a0\u202f]"
WHOLE_COMMA = rf"^[+-]?(?:\d{{1,3}}(?:{GROUP}\d{{3}})+|\d+)(?:,0{{1,2}})?$"
DECIMAL_COMMA = rf"^[+-]?(?:(?:\d{{1,3}}(?:{GROUP}\d{{3}})+|\d+)(?:,\d+)?|,\d+)(?:[eE][+-]?\d+)?$"
# An ISO 8601 date, or a date-time (a "T" or a space, then hours and minutes, seconds
# and a fraction if given, then "Z" or an offset if given): the date is the day written.
ISO_DATE = (
    r"^\d{4}-\d{2}-\d{2}(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:[.,]\d+)?)?"
    r"(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$"
)
# What Python's str.strip() strips: every character for which str.isspace() holds.
PYTHON_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def stripped(cells: pa.Array) -> pa.Array:
    """The cells stripped as Python strips text, with empty cells as null.

    A column where no cell starts or ends with white space (most columns: figures,
    names, quotes) has nothing to strip, and is not copied.
    """
    text = cells if _nothing_to_strip(cells) else pc.utf8_trim(cells, characters=PYTHON_SPACE)
    return with_nulls(text, empty(text))


def _nothing_to_strip(cells: pa.Array) -> bool:
    """Whether no cell starts or ends with a character Python strips.

    Every such character is the space, a control character or one beyond ASCII,
    and each byte of those lies outside (space, 0x80). The cheaper test first:
    every byte of the column lies inside (a column of figures). Otherwise, where
    the cells are long enough that reading two bytes of each costs less than
    copying them all, each cell's first and last byte does; a cell that ends in
    any other character beyond ASCII is stripped, to be safe.
    """
    text = text_bytes(cells)
    if text.size == 0 or (int(text.min()) > ord(" ") and int(text.max()) < 0x80):
        return True
    if text.size < _LONG_CELL_BYTES * len(cells):
        return False
    offsets = text_offsets(cells)
    offsets = offsets - offsets[0]
    # An empty cell reads a neighbour's edge byte, which is tested anyway.
    firsts = text[np.minimum(offsets[:-1], text.size - 1)]
    lasts = text[offsets[1:] - 1]
    return bool(_inside(firsts) and _inside(lasts))


def _inside(edges: npt.NDArray[np.uint8]) -> bool:
    return bool(((edges > ord(" ")) & (edges < 0x80)).all())


def number_pattern(*, whole: bool, decimal: str = ".") -> str:
    """The pattern of a whole number or a decimal one, written with ``decimal`` as
    its decimal mark."""
    if decimal == ",":
        return WHOLE_COMMA if whole else DECIMAL_COMMA
    return WHOLE if whole else DECIMAL


def numbers(
    cells: pa.Array, pattern: str = WHOLE, decimal: str = "."
) -> tuple[FloatArray, BoolArray]:
    """Cells that match ``pattern`` (whole numbers by default, commas and a zero
    fraction allowed: ``1,300.0``), as floats; with ``decimal`` ",", the pattern
    is one of ``number_pattern``'s for a decimal comma.

    A number beyond ``MAX_EXACT`` (1e309 included) does not pass: it cannot be
    compared exactly.
    """
    if pattern in (WHOLE, WHOLE_COMMA) and _digits_only(cells):
        try:  # the common case, a column of plain whole numbers, in one cast
            whole = pc.cast(cells, pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            return _exact(whole)
    ok = pc.match_substring_regex(cells, pattern)
    kept = pc.if_else(ok, cells, pa.nulls(len(cells), cells.type))
    if decimal == ",":
        digits = pc.replace_substring(pc.replace_substring_regex(kept, GROUP, ""), ",", ".")
    else:
        digits = pc.replace_substring(kept, ",", "")
    values = floats(pc.cast(digits, pa.float64()))
    within = bools(ok) & (np.abs(np.nan_to_num(values)) <= MAX_EXACT)
    return np.where(within, values, np.nan), within


def too_large(text: str, pattern: str = WHOLE, decimal: str = ".") -> bool:
    """Whether a cell is written as ``numbers`` reads it, but lies beyond ``MAX_EXACT``."""
    written = re.fullmatch(pattern, text, re.ASCII) is not None
    return written and not abs(float(point_decimal(text, decimal).replace(",", ""))) <= MAX_EXACT


def point_decimal(text: str, decimal: str) -> str:
    """A number written with ``decimal`` as its decimal mark, written with a point
    and comma thousands ("1.234,5" is "1,234.5"): only the points and commas
    between two digits change, and a space between digits goes."""
    if decimal != ",":
        return text
    swapped = {".": ",", ",": "."}
    return re.sub(
        r"(?<=\d)[.,\u00a0\u202f ](?=\d)", lambda m: swapped.get(m[0], ""), text, flags=re.ASCII
    )


def _digits_only(cells: pa.Array) -> bool:
    """Whether the cells' bytes all lie from "-" to "9": Arrow's cast to integers
    also reads hexadecimal (0x1F), and of the bytes in that range only digits and
    a leading minus get through the cast."""
    text = text_bytes(cells)
    return text.size == 0 or (int(text.min()) >= ord("-") and int(text.max()) <= ord("9"))


def _exact(whole: pa.Array) -> tuple[FloatArray, BoolArray]:
    """Integers as floats, those beyond ``MAX_EXACT`` judged before the float rounds them."""
    values, ok = floats(whole), valid(whole)
    extremes = pc.min_max(whole)
    if whole.null_count < len(whole) and (
        extremes["min"].as_py() < -MAX_EXACT or extremes["max"].as_py() > MAX_EXACT
    ):
        exact = ints(whole, null=0)
        ok &= (exact >= -MAX_EXACT) & (exact <= MAX_EXACT)
        values[~ok] = np.nan
    return values, ok


def distinct(cells: pa.Array) -> tuple[IntArray, pa.Array]:
    """Each cell's code (-1 for null) and the distinct texts the codes index."""
    encoded = pc.dictionary_encode(cells)
    return ints(encoded.indices), encoded.dictionary


def sorted_codes(cells: pa.Array) -> IntArray:
    """Each cell's rank among the distinct texts in code point order (null as "")."""
    codes, texts = distinct(cells)
    rank = ints(pc.rank(texts, sort_keys="ascending"))  # from 1, and "" is not among them
    return np.append(rank, 0)[codes]  # a blank cell's code, -1, picks the 0 at the end


def per_distinct(
    cells: pa.Array, judge: Callable[[pa.Array], tuple[FloatArray, BoolArray]]
) -> tuple[FloatArray, BoolArray]:
    """``judge`` run once on each distinct text, spread back over the cells."""
    codes, texts = distinct(cells)
    values, ok = judge(texts)
    # a blank cell's code, -1, picks the entry appended at the end: no value, not passed
    return np.append(values, np.nan)[codes], np.append(ok, False)[codes]


def dates(cells: pa.Array, format: str | None = None) -> tuple[FloatArray, BoolArray]:
    """Dates as days since 1970-01-01: ISO 8601 dates (YYYY-MM-DD) or date-times,
    of which the day as written counts; with ``format``, dates written so."""
    if format is None:
        fixed = _plain_dates(cells)
        return fixed if fixed is not None else per_distinct(cells, _distinct_dates)
    return per_distinct(cells, lambda texts: _formatted_dates(texts, format))


def _formatted_dates(cells: pa.Array, format: str) -> tuple[FloatArray, BoolArray]:
    """Dates written in a strftime ``format``. Arrow's strptime reads the whole cell
    but carries a day past the month's end into the next (30-02 as 01-03), and so a
    date counts only when writing it back in the format gives the cell again,
    leading zeros and case aside (1-2-2020 for 01-02-2020, feb for Feb)."""
    stamps = pc.strptime(cells, format=format, unit="s", error_is_null=True)
    back = pc.strftime(stamps, format=format)
    same = bools(pc.equal(_unpadded(back), _unpadded(cells)))
    days = floats(pc.cast(pc.cast(stamps, pa.date32()), pa.int32()))
    return np.where(same, days, np.nan), same


def _unpadded(text: pa.Array) -> pa.Array:
    """Text case folded, with the leading zeros of each run of digits dropped."""
    return pc.replace_substring_regex(pc.utf8_lower(text), r"(^|\D)0+(\d)", r"\1\2")


def _distinct_dates(cells: pa.Array) -> tuple[FloatArray, BoolArray]:
    ok = pc.match_substring_regex(cells, ISO_DATE)
    kept, shaped = pc.if_else(ok, cells, pa.nulls(len(cells), cells.type)), bools(ok)
    parts = [
        np.where(shaped, floats(pc.utf8_slice_codeunits(kept, a, b)), 1)
        for a, b in ((0, 4), (5, 7), (8, 10))
    ]
    year, month, day = (part.astype(np.int64) for part in parts)
    return _calendar_days(year, month, day, shaped)


def _plain_dates(cells: pa.Array) -> tuple[FloatArray, BoolArray] | None:
    """Dates when every filled cell is ten bytes (``YYYY-MM-DD``, or not a date), read
    off the bytes at once, without a pattern or a table of distinct texts (a long
    series holds a new date on each row); None when some cell is longer or shorter.
    The cells are read a block at a time, so that the temporaries stay small."""
    days, real = np.full(len(cells), np.nan), np.zeros(len(cells), dtype=bool)
    for start in range(0, len(cells), _BLOCK):
        block = _ten_byte_dates(cells.slice(start, _BLOCK))
        if block is None:
            return None
        days[start : start + _BLOCK], real[start : start + _BLOCK] = block
    return days, real


def _ten_byte_dates(cells: pa.Array) -> tuple[FloatArray, BoolArray] | None:
    """``_plain_dates`` of one block of cells."""
    offsets, filled = text_offsets(cells), valid(cells)
    if not (np.diff(offsets)[filled] == 10).all():
        return None
    text = np.frombuffer(cells.buffers()[2] or b"", dtype=np.uint8)
    every = bool(filled.all())
    if every:  # the cells lie end to end
        start = int(offsets[0])
        chars = text[start : start + 10 * len(cells)].reshape(-1, 10)
    else:
        chars = text[offsets[:-1][filled][:, None] + np.arange(10)]
    digits = chars.T.copy(order="C")  # a row per place in the cell; a copy, changed below
    shaped = (digits[4] == ord("-")) & (digits[7] == ord("-"))
    digits -= np.uint8(ord("0"))  # a byte below "0" wraps round to above 9
    for place in (0, 1, 2, 3, 5, 6, 8, 9):
        shaped &= digits[place] <= 9
    year, month, day = (_figure(digits[at : at + size]) for at, size in ((0, 4), (5, 2), (8, 2)))
    days, real = _calendar_days(year, month, day, shaped)
    if every:
        return days, real
    all_days, all_real = np.full(len(cells), np.nan), np.zeros(len(cells), dtype=bool)
    all_days[filled], all_real[filled] = days, real
    return all_days, all_real


def _figure(digits: npt.NDArray[np.uint8]) -> npt.NDArray[np.int32]:
    """The number written by rows of digits, the first row the leading digit."""
    value: npt.NDArray[np.int32] = digits[0].astype(np.int32)
    for digit in digits[1:]:
        value *= 10
        value += digit
    return value


def _calendar_days(
    year: Integers, month: Integers, day: Integers, shaped: BoolArray
) -> tuple[FloatArray, BoolArray]:
    """Days since 1970-01-01 of the dates written as ``year`` (0 to 9999), ``month``
    and ``day`` where ``shaped`` holds, NaN where that is not a real calendar day."""
    first, length = _months()
    key = year * 13
    key += month
    key[~(shaped & (month >= 1) & (month <= 12))] = 0  # month 0 of year 0 has no days
    real = (day >= 1) & (day <= length.take(key))
    days = first.take(key)
    days += day - 1
    return np.where(real, days, np.nan), real


@functools.cache
def _months() -> tuple[IntArray, IntArray]:
    """The proleptic Gregorian calendar as two tables indexed by ``year * 13 + month``
    (years 0 to 9999, months 1 to 12; month 0 has no days): the day (since 1970-01-01)
    each month starts on, and its length."""
    months = (np.arange(10_000 * 13) - 1970 * 13).reshape(-1, 13)
    first_day = (months // 13 * 12 + months % 13 - 1).astype("datetime64[M]")
    first = first_day.astype("datetime64[D]").astype(np.int64)
    length = (first_day + 1).astype("datetime64[D]").astype(np.int64) - first
    length[:, 0] = 0
    return first.reshape(-1), length.reshape(-1)


def matches(cells: pa.Array, pattern: str) -> BoolArray:
    """Cells that match the regular expression (Arrow's RE2 syntax; anchor it yourself)."""
    return bools(pc.match_substring_regex(cells, pattern))
