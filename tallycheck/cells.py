"""Vectorised reading of cells as numbers and dates, with Arrow's compute kernels.

Every function takes stripped text (a pandas Series, NaN for blank) and returns
numpy arrays: the values (NaN where the cell is blank or does not parse) and a
mask of the cells that parse. No per-row Python runs here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tallycheck.arrays import BoolArray, FloatArray

ARROW_TEXT = pd.StringDtype(storage="pyarrow", na_value=np.nan)
WHOLE = r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)$"
DECIMAL = r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


def stripped(cells: pd.Series) -> pd.Series:
    """The cells as Arrow-backed text, stripped, with empty cells as NaN.

    Cells are copied only when some hold white space at an end or are empty.
    """
    text = cells.astype(ARROW_TEXT)
    if not _untidy(_arrow(text)):
        return text
    text = text.str.strip()
    return text.where(text != "")


_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True  # what str.strip strips


def _untidy(cells: pa.Array) -> bool:
    """Whether some cell is empty or starts or ends with white space.

    On ASCII text this reads the first and last byte of each cell straight
    from Arrow's buffers; other text goes through a regular expression.
    """
    if len(cells) == 0:
        return False
    offset_type = np.int64 if pa.types.is_large_string(cells.type) else np.int32
    _, offsets_buffer, data_buffer = cells.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type)[
        cells.offset : cells.offset + len(cells) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(0, np.uint8)
    if data.size and data[offsets[0] : offsets[-1]].max() >= 128:
        space = r"[\s\p{Z}\x0b\x1c-\x1f\x85]"
        untidy = pc.match_substring_regex(cells, rf"^(?:{space}|$)|{space}$")
        return bool(pc.any(untidy).as_py())
    starts, ends = offsets[:-1], offsets[1:]
    filled = _mask(cells.is_valid())
    if np.any(filled & (ends == starts)):
        return True
    starts, ends = starts[filled], ends[filled]
    return bool(_ASCII_SPACE[data[starts]].any() or _ASCII_SPACE[data[ends - 1]].any())


def _arrow(text: pd.Series) -> pa.Array:
    chunked = pa.chunked_array(pa.array(text.astype(ARROW_TEXT).array))
    return chunked.combine_chunks() if chunked.num_chunks else pa.array([], pa.string())


def _floats(values: pa.Array) -> FloatArray:
    return np.array(values.to_numpy(zero_copy_only=False), dtype=np.float64)


def _mask(values: pa.Array) -> BoolArray:
    return np.asarray(values.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)


def numbers(text: pd.Series, pattern: str = WHOLE) -> tuple[FloatArray, BoolArray]:
    """Cells that match ``pattern`` (whole numbers by default, commas allowed), as floats."""
    cells = _arrow(text)
    if pattern == WHOLE:
        try:  # the common case, a column of plain whole numbers, in one cast
            whole = pc.cast(cells, pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            return _floats(pc.cast(whole, pa.float64())), _mask(whole.is_valid())
    ok = pc.match_substring_regex(cells, pattern)
    digits = pc.replace_substring(pc.if_else(ok, cells, None), ",", "")
    return _floats(pc.cast(digits, pa.float64())), _mask(ok)


def dates(text: pd.Series) -> tuple[FloatArray, BoolArray]:
    """ISO 8601 calendar dates (YYYY-MM-DD) as days since 1970-01-01."""
    codes, uniques = pd.factorize(text.astype(ARROW_TEXT))
    days, valid = _distinct_dates(pd.Series(uniques, dtype=ARROW_TEXT))
    present = codes >= 0
    result = np.full(len(codes), np.nan)
    result[present] = days[codes[present]]
    ok = np.zeros(len(codes), dtype=bool)
    ok[present] = valid[codes[present]]
    return result, ok


def _distinct_dates(text: pd.Series) -> tuple[FloatArray, BoolArray]:
    cells = _arrow(text)
    ok = pc.match_substring_regex(cells, ISO_DATE)
    kept, shaped = pc.if_else(ok, cells, None), _mask(ok)
    parts = [
        np.where(shaped, _floats(pc.cast(pc.utf8_slice_codeunits(kept, a, b), pa.float64())), 1)
        for a, b in ((0, 4), (5, 7), (8, 10))
    ]
    year, month, day = (part.astype(np.int64) for part in parts)
    valid = shaped & (month >= 1) & (month <= 12) & (day >= 1)
    first = ((year - 1970) * 12 + np.clip(month, 1, 12) - 1).astype("datetime64[M]")
    length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(int)
    valid &= day <= length
    days = (first.astype("datetime64[D]") - np.datetime64("1970-01-01", "D")).astype(int) + day - 1
    return np.where(valid, days, np.nan).astype(np.float64), valid


def matches(text: pd.Series, pattern: str) -> BoolArray:
    """Cells that match the regular expression (anchor it yourself)."""
    return _mask(pc.match_substring_regex(_arrow(text), pattern))
