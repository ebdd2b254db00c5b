"""The series and the order the rows follow, guessed from the columns.

An order is a date, integer or number column filled on every row. Without a
series, it must not repeat in the whole table and the file must list the rows in
its order (rising or falling), else any column that never repeats would do; a
text column whose values each take one block of rows, described by another
column (a region's name beside its code), is then still the series. With a
series (one of the first ``MAX_SERIES`` text or integer columns filled on every
row, with at least two values each seen twice on average), the order may repeat
within a series on at most ``REPEAT_SHARE`` of the rows (a wave given twice); an
order the file follows is preferred, then one that never repeats, then a date,
then the leftmost columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from tallycheck.arrays import BoolArray, FloatArray, IntArray
from tallycheck.cells import sorted_codes
from tallycheck.infer.columns import ColumnRead
from tallycheck.infer.words import counted
from tallycheck.types.category import CATEGORY
from tallycheck.types.date import DATE
from tallycheck.types.integer import INTEGER
from tallycheck.types.number import NUMBER
from tallycheck.types.string import STRING

ORDER_TYPES = (DATE, INTEGER, NUMBER)
REPEAT_SHARE = 0.01  # an order within series may repeat on this share of rows (a wave twice)
MAX_SERIES = 4  # series candidates tried: the text columns first, then the leftmost
SERIES_TYPES = (STRING, CATEGORY, INTEGER)


@dataclass(frozen=True)
class Walk:
    """The series column (None: one series), the order column (None: file order),
    and a sentence for each, with the candidates left out."""

    series: str | None
    order: str | None
    series_note: str
    order_note: str


@dataclass(frozen=True)
class _Order:
    """An order candidate: its values, their ranks (each value's place among the
    distinct ones) and where they are of the column's type."""

    column: ColumnRead
    values: FloatArray
    ranks: IntArray
    valid: BoolArray

    @classmethod
    def of(cls, column: ColumnRead) -> _Order:
        values = column.parsed.lo
        assert values is not None
        valid = ~np.isnan(values)
        ranks = np.zeros(len(values), dtype=np.int64)
        ranks[valid] = np.unique(values[valid], return_inverse=True)[1].reshape(-1)
        return cls(column, values, ranks, valid)

    def repeats(self, codes: IntArray | None = None) -> int:
        """How many rows repeat the value of another row (of their series, with ``codes``)."""
        key = self.ranks[self.valid]
        if codes is not None:
            key = codes[self.valid] * (int(key.max(initial=0)) + 1) + key
        return int(np.count_nonzero(np.diff(np.sort(key)) == 0))


@dataclass(frozen=True)
class _Series:
    """A series candidate: each row's series code, and the rows in file order
    within each series."""

    column: ColumnRead
    codes: IntArray
    rows: IntArray
    same: BoolArray  # between each row of ``rows`` and the next: the same series

    @classmethod
    def of(cls, column: ColumnRead) -> _Series:
        codes = sorted_codes(column.text)
        rows = np.argsort(codes, kind="stable")
        return cls(column, codes, rows, codes[rows][1:] == codes[rows][:-1])

    def follows(self, values: FloatArray) -> bool:
        """Whether the file lists each series' rows in the order of ``values``."""
        return _monotone(np.diff(values[self.rows])[self.same])


def guess_walk(columns: list[ColumnRead]) -> Walk:
    """The series and order that best explain the table's rows."""
    rows = len(columns[0].blank) if columns else 0
    orders = [_Order.of(c) for c in columns if c.guess.type in ORDER_TYPES and c.guess.required]
    texts = [c for c in columns if _series_candidate(c, rows)]
    texts.sort(key=lambda c: c.guess.type is INTEGER)
    series = [_Series.of(c) for c in texts[:MAX_SERIES]]
    unique = [o for o in orders if o.repeats() == 0]
    for order in sorted(unique, key=lambda o: o.column.guess.type is not DATE):
        if not _monotone(np.diff(order.values)):
            continue
        note = "no value repeats, and the file lists the rows in this order"
        blocks = [s for s in series if _labels_blocks(s, columns)]
        if blocks:
            series_note = (
                f"{len(np.unique(blocks[0].codes)):,} series, one block of rows "
                "each, with columns that hold one value per series"
            )
            return Walk(blocks[0].column.guess.name, order.column.guess.name, series_note, note)
        others = _names(o.column for o in unique if o is not order)
        return Walk(None, order.column.guess.name, "one series", _with_others(note, others))
    pairs = []
    for position, serie in enumerate(series):
        for place, order in enumerate(orders):
            if order.column is serie.column:
                continue
            repeats = order.repeats(serie.codes)
            if repeats > REPEAT_SHARE * rows:
                continue
            follows = serie.follows(order.values)
            invalid = not order.valid.all()
            rank = (not follows, repeats > 0, invalid, order.column.guess.type is not DATE)
            pairs.append((rank, position, place, serie, order, follows, repeats))
    if not pairs:
        note = "no date or number column is filled on every row without repeats"
        return Walk(None, None, "one series", f"none: the rows are taken in file order ({note})")
    pairs.sort(key=lambda pair: pair[:3])
    _, _, _, serie, order, follows, repeats = pairs[0]
    left = _names(p[3].column for p in pairs[1:] if p[4] is order and p[3] is not serie)
    count = len(np.unique(serie.codes))
    series_note = _with_others(f"{count:,} series", left)
    order_note = (
        f"{counted(repeats, 'row')} repeat a value of their series"
        if repeats
        else "no value repeats within a series"
    ) + (", and the file lists each series in this order" if follows else "")
    others = _names(p[4].column for p in pairs[1:] if p[3] is serie and p[4] is not order)
    name = serie.column.guess.name
    return Walk(name, order.column.guess.name, series_note, _with_others(order_note, others))


def _labels_blocks(serie: _Series, columns: list[ColumnRead]) -> bool:
    """Whether a text column names blocks of rows (each value in one run of rows)
    that other columns describe: one value per block, not the same in all (a
    region's name beside its code)."""
    if serie.column.guess.type is INTEGER:
        return False
    codes = serie.codes
    runs = 1 + int((codes[1:] != codes[:-1]).sum())
    if runs != len(np.unique(codes)):
        return False
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    for other in columns:
        if other is serie.column or not other.guess.required:
            continue
        values = sorted_codes(other.text)
        inside = values[1:] == values[:-1]
        changes = ~inside
        changes_at_block = np.zeros(len(values), dtype=bool)
        changes_at_block[starts[1:]] = True
        if changes.any() and np.array_equal(np.concatenate(([False], changes)), changes_at_block):
            return True
    return False


def _series_candidate(column: ColumnRead, rows: int) -> bool:
    if column.guess.type not in SERIES_TYPES or not column.guess.required:
        return False
    distinct = len(np.unique(sorted_codes(column.text)))
    return distinct >= 2 and 2 * distinct <= rows


def _monotone(steps: FloatArray) -> bool:
    """Whether the steps all rise or all fall (NaN does neither)."""
    return bool((steps > 0).all() or (steps < 0).all())


def _names(columns: Iterable[ColumnRead]) -> list[str]:
    seen: list[str] = []
    for column in columns:
        if column.guess.name not in seen:
            seen.append(column.guess.name)
    return seen


def _with_others(note: str, others: list[str]) -> str:
    return f"{note}; also possible: {', '.join(others)}" if others else note
