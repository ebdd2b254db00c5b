"""Verdicts as data: the comparisons a check states over the columns it derives.

A check derives named columns, one value per row (a float array with NaN where
the row has no value, or Arrow text with null there), and states its verdict as
a few comparisons over them. A row fails a check when it fails any of them; a
row where a compared column has no value is not judged by that comparison
(``Filled`` excepted: it is the one that asks for a value).

The built-in engine evaluates each kind here, with numpy; the Great Expectations
engine translates each kind once into a GX Core expectation
(``tallycheck.gx.compile``). A check states comparisons and nothing else, so
both engines judge it alike. The column names are the check's own short names
(``""`` stands for a table column's text); the engine qualifies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, assert_never

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tallycheck.arrow_numpy import bools, from_bools, strings, valid
from tallycheck.cells import distinct

if TYPE_CHECKING:
    from tallycheck.arrays import BoolArray, FloatArray

# Derived columns by their short names: numbers (NaN: no value) or Arrow text (null: none).
Columns = Mapping[str, "FloatArray | pa.Array"]


@dataclass(frozen=True)
class Exists:
    """The table has the column (a failure concerns the whole column, not a row)."""

    column: str = ""


@dataclass(frozen=True)
class Filled:
    """``column`` has a value on every row where ``where`` has one (every row
    when ``where`` is None)."""

    column: str
    where: str | None = None


@dataclass(frozen=True)
class Between:
    """``column`` lies within ``low`` and ``high`` (either may be open)."""

    column: str
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class InSet:
    """``column`` holds one of ``values`` (numbers, or texts for a text column)."""

    column: str
    values: tuple[float | str, ...]


@dataclass(frozen=True)
class Unique:
    """No value of ``column`` appears on two rows; each repeat fails on its later rows."""

    column: str


@dataclass(frozen=True)
class AtLeast:
    """``column`` is at least ``other`` (above it with ``strict``), row by row."""

    column: str
    other: str
    strict: bool = False


Comparison = Exists | Filled | Between | InSet | Unique | AtLeast


def failing(comparison: Comparison, columns: Columns, n_rows: int) -> BoolArray:
    """The rows that fail ``comparison`` over the derived ``columns``.

    ``Exists`` fails no row: whether the table has the column is known before
    any column is derived.
    """
    match comparison:
        case Exists():
            return np.zeros(n_rows, dtype=bool)
        case Filled(column, where):
            missing = ~_has_value(columns[column])
            return missing if where is None else missing & _has_value(columns[where])
        case Between(column, low, high):
            numbers, bad = _numbers(columns[column]), np.zeros(n_rows, dtype=bool)
            if low is not None:
                bad |= numbers < low
            if high is not None:
                bad |= numbers > high
            return bad
        case InSet(column, values):
            return _outside(columns[column], values)
        case Unique(column):
            return _repeats(_numbers(columns[column]))
        case AtLeast(column, other, strict):
            a, b = _numbers(columns[column]), _numbers(columns[other])
            return a <= b if strict else a < b
    assert_never(comparison)


def _has_value(column: FloatArray | pa.Array) -> BoolArray:
    if isinstance(column, np.ndarray):
        return ~np.isnan(column)
    return valid(column)


def _numbers(column: FloatArray | pa.Array) -> FloatArray:
    if not isinstance(column, np.ndarray):
        raise TypeError("this comparison compares numbers, not text")
    return column


def _outside(column: FloatArray | pa.Array, values: tuple[float | str, ...]) -> BoolArray:
    """Rows with a value that is not one of ``values``."""
    if isinstance(column, np.ndarray):
        return ~np.isnan(column) & ~np.isin(column, [v for v in values if not isinstance(v, str)])
    texts = strings([v for v in values if isinstance(v, str)])  # pa.array would load pandas
    return valid(column) & ~bools(pc.is_in(column, value_set=texts))


def _repeats(keys: FloatArray) -> BoolArray:
    """Rows whose key (not NaN) an earlier row holds already."""
    present = ~np.isnan(keys)
    _, first = np.unique(keys[present], return_index=True)
    repeat = np.ones(int(present.sum()), dtype=bool)
    repeat[first] = False
    result = np.zeros(len(keys), dtype=bool)
    result[present] = repeat
    return result


def text_codes(text: pa.Array, kept: BoolArray) -> FloatArray:
    """A key per row for ``Unique`` over text: equal texts share a number; NaN
    where the row is not ``kept``."""
    codes, _ = distinct(text.filter(from_bools(kept)))
    keys = np.full(len(text), np.nan)
    keys[kept] = codes
    return keys
