"""The series and the order the rows follow, guessed from the columns.

An order is a date, integer or number column filled on every row whose values
do not repeat within a series. Without a series, it must not repeat in the
whole table and the file must list the rows in its order (rising or falling),
else any column that never repeats would do. With a series (a text or integer
column, filled on every row, with at least two values each seen twice on
average), the order need only not repeat within each series; an order the file
follows is preferred, then a date, then a text series, then the leftmost columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tallycheck.cells import sorted_codes
from tallycheck.infer.columns import ColumnRead
from tallycheck.types.category import CATEGORY
from tallycheck.types.date import DATE
from tallycheck.types.integer import INTEGER
from tallycheck.types.number import NUMBER
from tallycheck.types.string import STRING

ORDER_TYPES = (DATE, INTEGER, NUMBER)
SERIES_TYPES = (STRING, CATEGORY, INTEGER)


@dataclass(frozen=True)
class Walk:
    """The series column (None: one series), the order column (None: file order),
    and a sentence for each, with the candidates left out."""

    series: str | None
    order: str | None
    series_note: str
    order_note: str


def guess_walk(columns: list[ColumnRead]) -> Walk:
    """The series and order that best explain the table's rows."""
    rows = len(columns[0].blank) if columns else 0
    orders = [c for c in columns if c.guess.type in ORDER_TYPES and c.guess.required]
    series = [c for c in columns if _series_candidate(c, rows)]
    for column in sorted(orders, key=lambda c: c.guess.type is not DATE):
        values = column.parsed.lo
        assert values is not None
        if len(np.unique(values)) == rows and _follows(values):
            others = _names(o for o in orders if o is not column and _unique(o, None))
            note = "no value repeats, and the file lists the rows in this order"
            blocks = [s for s in series if _labels_blocks(s, columns)]
            if blocks:
                serie = blocks[0]
                series_note = (
                    f"{len(np.unique(sorted_codes(serie.text)))} series, one block of rows each, "
                    "with columns that hold one value per series"
                )
                return Walk(serie.guess.name, column.guess.name, series_note, note)
            return Walk(None, column.guess.name, "one series", _with_others(note, others))
    pairs = []
    for position, serie in enumerate(series):
        codes = sorted_codes(serie.text)
        for place, order in enumerate(orders):
            if order is serie or not _unique(order, codes):
                continue
            follows = _follows(order.parsed.lo, codes)
            rank = (not follows, order.guess.type is not DATE, serie.guess.type is INTEGER)
            pairs.append((rank, position, place, serie, order, follows))
    if not pairs:
        note = "no date or number column is filled on every row without repeats"
        return Walk(None, None, "one series", f"none: the rows are taken in file order ({note})")
    pairs.sort(key=lambda pair: pair[:3])
    _, _, _, serie, order, follows = pairs[0]
    left = _names(p[3] for p in pairs[1:] if p[4] is order and p[3] is not serie)
    series_note = _with_others(f"{len(np.unique(sorted_codes(serie.text)))} series", left)
    order_note = "no value repeats within a series" + (
        ", and the file lists each series in this order" if follows else ""
    )
    others = _names(p[4] for p in pairs[1:] if p[3] is serie and p[4] is not order)
    return Walk(serie.guess.name, order.guess.name, series_note, _with_others(order_note, others))


def _labels_blocks(serie: ColumnRead, columns: list[ColumnRead]) -> bool:
    """Whether a text column names blocks of rows (each value in one run of rows)
    that other columns describe: one value per block, not the same in all (a
    region's name beside its code)."""
    if serie.guess.type is INTEGER:
        return False
    codes = sorted_codes(serie.text)
    runs = 1 + int((codes[1:] != codes[:-1]).sum())
    if runs != len(np.unique(codes)):
        return False
    starts = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
    for other in columns:
        if other is serie or not other.guess.required:
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


def _unique(column: ColumnRead, codes: np.ndarray | None) -> bool:
    """Whether the column's values never repeat (within each series, with ``codes``)."""
    values = column.parsed.lo
    assert values is not None
    if codes is None:
        return len(np.unique(values)) == len(values)
    pairs = np.stack([codes.astype(np.float64), values], axis=1)
    return len(np.unique(pairs, axis=0)) == len(values)


def _follows(values: np.ndarray | None, codes: np.ndarray | None = None) -> bool:
    """Whether the file lists the rows (of each series) in the order of ``values``,
    all rising or all falling."""
    assert values is not None
    if codes is None:
        steps = np.diff(values)
    else:
        rows = np.argsort(codes, kind="stable")
        same = codes[rows][1:] == codes[rows][:-1]
        steps = np.diff(values[rows])[same]
    return bool((steps > 0).all() or (steps < 0).all())


def _names(columns: object) -> list[str]:
    seen: list[str] = []
    for column in columns:  # type: ignore[attr-defined]
        if column.guess.name not in seen:
            seen.append(column.guess.name)
    return seen


def _with_others(note: str, others: list[str]) -> str:
    return f"{note}; also possible: {', '.join(others)}" if others else note
