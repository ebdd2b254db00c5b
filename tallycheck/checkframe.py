"""A table made ready for checking: every cell parsed by its column's type,
and the rows put in the order the rules walk them (by series, then order)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tallycheck import cores
from tallycheck.arrays import BoolArray, FloatArray, IntArray
from tallycheck.arrow_numpy import bools, positions, strings, valid, with_nulls
from tallycheck.cells import sorted_codes, stripped
from tallycheck.specs import ColumnSpec, Schema
from tallycheck.tables.table import Table
from tallycheck.types.base import Reading
from tallycheck.types.date import DATE
from tallycheck.types.number import NUMBER

_PLAIN_NUMBER = re.compile(r"[+-]?[\d,.]+")


@dataclass(frozen=True, eq=False)
class Values:
    """One column's cells: the text as written (stripped; an Arrow string array,
    null where blank) and, for numbers, dates and tallies, the parsed bounds
    (``lo == hi`` for an exact value)."""

    spec: ColumnSpec
    text: pa.Array
    blank: BoolArray
    invalid: BoolArray
    lo: FloatArray | None = None
    hi: FloatArray | None = None

    @cached_property
    def present(self) -> BoolArray:
        """Cells that hold a valid value."""
        return ~self.blank & ~self.invalid

    @cached_property
    def valid_text(self) -> pa.Array:
        """The text of the cells that are of the column's type; null elsewhere."""
        return with_nulls(self.text, self.invalid)

    def bounds(self) -> tuple[FloatArray, FloatArray]:
        """The lower and upper bounds of a numeric, date or tally column."""
        if self.lo is None or self.hi is None:
            raise TypeError(f"column {self.spec.name!r} ({self.spec.type}) has no bounds")
        return self.lo, self.hi

    def figure(self, row: int) -> str:
        """The cell for a sentence: a plain number as is, anything else in quotes."""
        shown = self.show(row)
        if self.spec.type is DATE:
            return shown
        return shown if _PLAIN_NUMBER.fullmatch(shown) else f"“{shown}”"

    def show(self, row: int) -> str:
        """The cell as the user wrote it, for messages."""
        shown = self._shown.get(row)
        if shown is None:  # a finding's cells are shown several times: read each once
            cell = self.text[row].as_py()
            shown = self._shown[row] = cell if isinstance(cell, str) else ""
        return shown

    def read(self, rows: list[int]) -> None:
        """Read the cells of ``rows`` for ``show`` in one take from Arrow, not one
        scalar at a time."""
        unread = [row for row in rows if row not in self._shown]
        if unread:
            cells = self.text.take(positions(np.array(unread, dtype=np.int64))).to_pylist()
            self._shown.update(zip(unread, [cell or "" for cell in cells], strict=True))

    @cached_property
    def _shown(self) -> dict[int, str]:
        return {}


def parse_column(spec: ColumnSpec, cells: pa.Array, about: float) -> Values:
    """Parse one column's cells by its declared type. A cell that is one of the
    column's missing markers is blank, as an empty one is."""
    text = stripped(cells)
    if spec.missing:
        text = with_nulls(text, bools(pc.is_in(text, value_set=strings(list(spec.missing)))))
    blank = ~valid(text)
    parsed = spec.type.parse(text, blank, Reading(about, spec.decimal, spec.format))
    return Values(spec, text, blank, parsed.invalid, parsed.lo, parsed.hi)


def _walk_order(series: IntArray, order: FloatArray, *, whole: bool) -> IntArray:
    """The permutation that sorts rows by series, then order, then position.

    ``whole`` tells that every order value is a whole number; otherwise the
    distinct values are ranked first. Each (series, order) pair becomes one
    number (``_pair_keys``); when those number no more than two per row, rows are
    counted into place (linear time); else the keys, followed by each row's
    position, are sorted when they fit in 63 bits, else a lexicographic sort.
    """
    n = len(series)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if whole:
        rank = order.astype(np.int64)
        rank -= rank.min()
    else:
        rank = np.unique(order, return_inverse=True)[1].astype(np.int64)
    keyed = _pair_keys(series, rank)
    del rank  # each temporary of a million rows costs
    if keyed is not None:
        key, pairs = keyed
        if pairs <= 2 * n:
            return _placed_by_count(key, pairs)
        if pairs * n < 2**62:
            key *= n
            key += np.arange(n, dtype=np.int64)
            key.sort()  # unique, as it ends in the row's position: its remainder
            key %= n
            return key
    return np.lexsort((order, series)).astype(np.int64, copy=False)  # stable: position breaks ties


def _pair_keys(series: IntArray, rank: IntArray) -> tuple[IntArray, int] | None:
    """Each row's (series, rank) pair as one number, ordered as the pairs are: a
    series takes the numbers from its lowest rank to its highest, after the
    numbers of the series before it; and how many numbers there are. None when
    they would not fit in 62 bits."""
    count = int(series.max()) + 1
    low = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(low, series, rank)
    high = np.full(count, -1, dtype=np.int64)
    np.maximum.at(high, series, rank)
    width = np.maximum(high - low + 1, 0)  # 0 for a code no row has
    if float(width.sum(dtype=np.float64)) >= 2**62:
        return None
    ends = np.cumsum(width)
    offset = np.where(width > 0, ends - width - low, 0)
    key = offset[series]
    key += rank
    return key, int(ends[-1])


def _placed_by_count(key: IntArray, size: int) -> IntArray:
    """The stable permutation that sorts ``key`` (each in ``[0, size)``), by
    counting: each row goes to the end of its key's place, less the rows after
    it that share its key (few, in a table of waves)."""
    counts = np.bincount(key, minlength=size)
    shared = np.flatnonzero(counts[key] > 1)
    shared = shared[np.argsort(key[shared], kind="stable")]  # by key, then position
    shared_key = key[shared]
    rank = np.arange(len(shared)) - _run_starts(_new_runs(shared_key))  # among its key's rows
    after = counts[shared_key] - 1 - rank  # the rows after it that share its key
    np.cumsum(counts, out=counts)  # where each key's place ends
    place = counts[key]
    del counts
    place -= 1
    place[shared] -= after
    order = np.empty(len(place), dtype=np.int64)
    order[place] = np.arange(len(place), dtype=np.int64)
    return order


# A table of at least PARALLEL_ROWS rows has its columns parsed two at a time, when the
# process has a second core (``tallycheck.cores``); Arrow and numpy work outside the GIL.
# On fewer rows a thread costs what it saves (100,000 rows: no gain). However large the
# table: the second column's temporaries held meanwhile do not reach the peak, which comes
# once every column is parsed and walked (10M rows: 44 MB more RSS, 1.6 s less time).
PARALLEL_ROWS = 500_000


def _in_parallel(table: Table) -> bool:
    """Whether the table's columns are parsed two at a time (see ``PARALLEL_ROWS``)."""
    return table.n_rows >= PARALLEL_ROWS and cores.available_cores() >= 2


class CheckFrame:
    """The parsed columns of one table, and the walk the cross-row rules follow.

    ``walk`` lists the row positions that have a valid order value, sorted by
    series, then order, then position in the file; ``walk_series`` and
    ``walk_order`` hold those rows' series code and order key; ``row_series``
    holds every row's series code.
    """

    def __init__(self, table: Table, schema: Schema) -> None:
        self.table = table
        self.schema = schema
        self.n_rows = table.n_rows
        names = set(table.names)
        specs = [spec for spec in schema.columns if spec.name in names]

        def parse(spec: ColumnSpec) -> Values:
            return parse_column(spec, table.column(spec.name), schema.about)

        if _in_parallel(table):
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(2, thread_name_prefix="tallycheck-parse") as pool:
                parsed = list(pool.map(parse, specs))
        else:
            parsed = list(map(parse, specs))
        self.values: dict[str, Values] = {v.spec.name: v for v in parsed}
        self._build_walk()

    def column(self, name: str) -> Values | None:
        """The parsed column, or None when the table does not have it."""
        return self.values.get(name)

    def _build_walk(self) -> None:
        order = self.column(self.schema.order) if self.schema.order else None
        self.order_is_integer = order is not None and order.spec.type.whole
        whole = order is None or order.spec.type is not NUMBER  # else positions or days
        if order is None:
            in_walk = np.ones(self.n_rows, dtype=bool)
            order_key = np.arange(self.n_rows, dtype=np.float64)
        else:
            lo, hi = order.bounds()
            in_walk = order.present & (lo == hi) if self.order_is_integer else order.present
            order_key = lo
        series_code = self._series_codes()
        self.row_series: IntArray = series_code
        if in_walk.all():
            self.walk: IntArray = _walk_order(series_code, order_key, whole=whole)
        else:
            rows = np.flatnonzero(in_walk)
            self.walk = rows[_walk_order(series_code[in_walk], order_key[in_walk], whole=whole)]
        self.walk_series: IntArray = series_code[self.walk]
        self.walk_order: FloatArray = order_key[self.walk]
        self._series_start, self._group_start = _starts(self.walk_series, self.walk_order)

    @cached_property
    def _series_columns(self) -> list[Values]:
        """The series columns the table has."""
        return [v for v in map(self.column, self.schema.series) if v is not None]

    @cached_property
    def _order_column(self) -> Values | None:
        return self.column(self.schema.order) if self.schema.order else None

    def _series_codes(self) -> IntArray:
        """Each row's series code: rows share one when every series column agrees,
        and codes follow the values' order, column by column."""
        codes = [sorted_codes(values.text) for values in self._series_columns]
        if not codes:
            return np.zeros(self.n_rows, dtype=np.int64)
        if len(codes) == 1:
            return codes[0]
        inverse = np.unique(np.stack(codes, axis=1), axis=0, return_inverse=True)[1]
        return inverse.reshape(-1).astype(np.int64, copy=False)

    def series_text(self, row: int) -> str | None:
        """The row's series as written, the values of several series columns joined
        by " / " (a blank one shown as "(blank)"); None when every one is blank or
        the schema has no series."""
        if row not in self._series_texts:
            self.read_labels([row])
        return self._series_texts[row]

    def label(self, row: int) -> str:
        """How messages name a row: ``wave 7``, or ``row 3`` without an order."""
        label = self._labels.get(row)
        if label is None:
            self.read_labels([row])
            label = self._labels[row]
        return label

    def read_labels(self, rows: list[int]) -> None:
        """Word the labels and series of ``rows`` (``label``, ``series_text``) at once,
        their cells read from Arrow in one take per column: the messages of many
        findings name them one by one after."""
        labels = self._labels
        unread = [row for row in dict.fromkeys(rows) if row not in labels]
        if not unread:
            return
        at = positions(np.array(unread, dtype=np.int64))
        columns = [values.text.take(at).to_pylist() for values in self._series_columns]
        if not columns:
            series: list[str | None] = [None] * len(unread)
        elif len(columns) == 1:  # a filled cell is never empty: blanks are null
            series = columns[0]
        else:
            series = [
                " / ".join(t or "(blank)" for t in cells) if any(cells) else None
                for cells in zip(*columns, strict=True)
            ]
        self._series_texts.update(zip(unread, series, strict=True))
        order = self._order_column
        if order is None:
            heads = [f"row {row + 1}" for row in unread]
        else:
            name = order.spec.name
            cells = order.text.take(at).to_pylist()
            heads = [
                f"row {row + 1}" if cell is None else f"{name} {cell}"
                for row, cell in zip(unread, cells, strict=True)
            ]
        worded = [
            f"{head} ({text})" if text else head for head, text in zip(heads, series, strict=True)
        ]
        labels.update(zip(unread, worded, strict=True))

    def rows_walked_before(self, rows: list[int]) -> list[int]:
        """The row just before each of ``rows`` in the walk (in the walk's order), for
        the messages of cross-row findings, which name it too."""
        if not rows:
            return []
        marked = np.zeros(self.n_rows, dtype=bool)
        marked[rows] = True
        at = np.flatnonzero(marked[self.walk])
        before: list[int] = self.walk[at[at > 0] - 1].tolist()
        return before

    @cached_property
    def _series_texts(self) -> dict[int, str | None]:
        return {}

    @cached_property
    def _labels(self) -> dict[int, str]:
        return {}

    def row_before(self, present: BoolArray, *, earlier_order: bool) -> IntArray:
        """For each row, the row before it in its series along the walk, or -1.

        Only rows where ``present`` holds take part; the result is -1 for the
        others and for the first of each series. With ``earlier_order`` the row
        before is the last one of the nearest earlier order value, so that rows
        sharing an order value are each compared with what came before it.
        """
        # every row present (the common case) is told without gathering along the walk
        walk_present = None if present.all() else present[self.walk]
        if walk_present is None or walk_present.all():
            rows, starts = self.walk, (self._series_start, self._group_start)
        else:
            kept = np.flatnonzero(walk_present)
            rows, starts = self.walk[kept], _starts(self.walk_series[kept], self.walk_order[kept])
        before = _position_before(*starts, earlier_order=earlier_order)
        result = np.full(self.n_rows, -1, dtype=np.int64)
        result[rows] = np.where(before >= 0, rows[before], -1)
        return result


def _position_before(
    series_start: IntArray, group_start: IntArray, *, earlier_order: bool
) -> IntArray:
    """For each position of rows sorted by series and order, the position of the
    row before it in its series (with ``earlier_order``, the last row of the
    previous order value), or -1."""
    before = (group_start if earlier_order else np.arange(len(series_start))) - 1
    return np.where(before >= series_start, before, -1)


def _starts(series: IntArray, order: FloatArray) -> tuple[IntArray, IntArray]:
    """For each position of rows sorted by series and order, where its series
    starts, and where the run of rows sharing its series and order value starts."""
    new_series = _new_runs(series)
    new_group = new_series.copy()
    new_group[1:] |= order[1:] != order[:-1]
    return _run_starts(new_series), _run_starts(new_group)


def _new_runs(values: IntArray) -> BoolArray:
    """Where a run of equal values begins in ``values``."""
    new_run = np.ones(len(values), dtype=bool)
    new_run[1:] = values[1:] != values[:-1]
    return new_run


def _run_starts(new_run: BoolArray) -> IntArray:
    """For each position, where the run it belongs to starts (runs begin where ``new_run``):
    each position where a run begins, carried forward by a running maximum, in one array
    (10M positions: 105 ms, where repeating the starts by the runs' lengths took 260-790)."""
    at = np.arange(len(new_run), dtype=np.int64)
    at[~new_run] = 0
    return np.maximum.accumulate(at, out=at)
