"""A running total grows by each row's increment: cumulative = before + pardoned.

The rows are taken in the schema's ``order`` within each ``series``. Each
row's ``total`` must equal the total before it plus the row's ``increment``;
the total before it is that of the nearest earlier order value (rows that
repeat an order value, such as two sources on the same wave, are each compared
with what came before that value). Figures are compared as intervals and a row
is flagged only when its total certainly cannot be right.

- A flagged total that equals the total before it is **stale**: it may
  predate the event, the message says so, and the chain goes on from the
  expected value, so one stale figure does not excuse the next.
- Any other mismatch is a **restatement**: the chain goes on from the figure
  as reported, so one revision is flagged once, not on every later row.
- When the order column skips values (a missing wave), or a row in between
  gives no increment, the total need only be at least the total before it
  plus the increment.
- A row with a blank total carries the chain forward by its increment; a row
  with a blank increment restarts the chain from its total.
- A ``monotonic`` finding on the same row and column is folded into this
  rule's finding (listed under ``also``): one problem, one finding.

Options:
    total: the running-total column (tally, integer or number). Required.
    increment: the column of each row's own count. Required.

Example:
    Wave 6 total 178, then wave 7 with 29 pardoned and a total of 178, then wave
    8 with 20 and 207: wave 7 is flagged (178 should be 207, and it equals the
    total through wave 6, so it may predate wave 7), and so is wave 8 (207
    should be 227). Totals 18, 48 with increments 18, 30 pass.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tallycheck.rules.base import Violation, column_option, describe_missing
from tallycheck.tally import Interval

if TYPE_CHECKING:
    from tallycheck.checkframe import BoolArray, CheckFrame, FloatArray, IntArray, Values

ID = "running-total"
SUMMARY = "A running total grows by each row's increment (cumulative = before + pardoned)."
SUBSUMES: tuple[str, ...] = ("monotonic",)


@dataclass(frozen=True)
class Options:
    """Options of the running-total rule."""

    total: str = field(metadata=column_option("numeric"))
    increment: str = field(metadata=column_option("numeric"))


@dataclass(frozen=True)
class _Chain:
    """The total so far: its value, the row it stands at, and how it was reached."""

    value: Interval
    row: int
    how: str  # "reported", "corrected" or "carried"
    floor: bool = False  # only a lower bound is known: a value or increment went missing


def check(frame: CheckFrame, options: Options) -> Iterator[Violation]:
    """Walk each series that is not plainly consistent, and flag what cannot be right."""
    total, increment = frame.column(options.total), frame.column(options.increment)
    if total is None or increment is None or total.lo is None or increment.lo is None:
        return
    starts = np.flatnonzero(np.r_[True, frame.walk_series[1:] != frame.walk_series[:-1]])
    ends = np.r_[starts[1:], len(frame.walk)]
    suspect = _suspect_series(frame, total, increment, starts)
    for start, end in zip(starts[suspect].tolist(), ends[suspect].tolist(), strict=True):
        yield from _walk(
            frame, total, increment, frame.walk[start:end], frame.walk_order[start:end]
        )


def _suspect_series(
    frame: CheckFrame, total: Values, increment: Values, starts: IntArray
) -> BoolArray:
    """Series that need the full walk; the others are proven consistent here.

    A series is plainly consistent when every row has an exact total and
    increment, no order value repeats, and each total equals the one before it
    plus the increment (or, after a gap in the order, is at least that).
    """
    rows = frame.walk
    t_lo, t_hi = total.bounds()
    i_lo, i_hi = increment.bounds()
    exact = (total.present & increment.present & (t_lo == t_hi) & (i_lo == i_hi))[rows]
    ok = exact.copy()
    first = np.zeros(len(rows), dtype=bool)
    first[starts] = True
    follows = ~first
    prev_t = np.r_[np.nan, t_lo[rows][:-1]]
    want = prev_t + i_lo[rows]
    step = np.r_[np.nan, np.diff(frame.walk_order)]
    gap = frame.order_is_integer & (step > 1)
    consistent = np.where(gap, t_lo[rows] >= want, t_lo[rows] == want) & (step > 0)
    ok[follows] &= consistent[follows]
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    return np.add.reduceat((~ok).astype(np.int64), starts) > 0


def _walk(
    frame: CheckFrame, total: Values, increment: Values, rows: IntArray, order: FloatArray
) -> Iterator[Violation]:
    """The reference walk over one series, row by row."""
    chain: _Chain | None = None
    t_lo, t_hi = total.bounds()
    i_lo, i_hi = increment.bounds()
    previous_order: float | None = None
    at = 0
    while at < len(rows):
        end = at
        while end < len(rows) and order[end] == order[at]:
            end += 1
        gap = None
        if frame.order_is_integer and previous_order is not None and order[at] - previous_order > 1:
            gap = describe_missing(
                frame.schema.order or "row", int(previous_order) + 1, int(order[at]) - 1
            )
        candidates: list[tuple[_Chain, bool]] = []
        for row in rows[at:end].tolist():
            t = Interval(t_lo[row], t_hi[row]) if total.present[row] else None
            i = Interval(i_lo[row], i_hi[row]) if increment.present[row] else None
            outcome = _step(frame, total, increment, chain, gap, row, t, i)
            if outcome is None:
                continue
            found, next_chain = outcome
            if found is not None:
                yield found
            candidates.append((next_chain, found is None))
        chain = _choose(chain, candidates)
        previous_order = order[at]
        at = end


def _choose(chain: _Chain | None, candidates: list[tuple[_Chain, bool]]) -> _Chain | None:
    """The chain after an order value: a row that passed wins, else the last row."""
    if not candidates:
        return None if chain is None else _Chain(chain.value, chain.row, chain.how, floor=True)
    passed = [c for c, ok in candidates if ok]
    return passed[0] if passed else candidates[-1][0]


def _step(
    frame: CheckFrame,
    total: Values,
    increment: Values,
    chain: _Chain | None,
    gap: str | None,
    row: int,
    t: Interval | None,
    i: Interval | None,
) -> tuple[Violation | None, _Chain] | None:
    """Check one row against the chain; return its finding and the chain after it."""
    if t is None:
        if chain is None or i is None:
            return None
        return None, _Chain(chain.value + i, row, "carried", chain.floor)
    if chain is None or i is None:
        return None, _Chain(t, row, "reported")
    want = chain.value + i
    at_least = gap is not None or chain.floor
    if at_least:
        floor = Interval(want.lo, math.inf)
        if t.hi >= want.lo:
            return None, _Chain(_meet(t, floor), row, "reported")
        want = floor
    elif t.overlaps(want):
        return None, _Chain(_meet(t, want), row, "reported")
    stale = t == chain.value
    message = _message(frame, total, increment, chain, row, want, stale, gap)
    found = Violation(row, (total.spec.name,), total.show(row), str(want), message, chain.row)
    if stale:
        return found, _Chain(want, row, "corrected", at_least)
    return found, _Chain(t, row, "reported")


def _meet(a: Interval, b: Interval) -> Interval:
    return Interval(max(a.lo, b.lo), min(a.hi, b.hi))


def _message(
    frame: CheckFrame,
    total: Values,
    increment: Values,
    chain: _Chain,
    row: int,
    want: Interval,
    stale: bool,
    gap: str | None,
) -> str:
    name, inc_name = total.spec.name, increment.spec.name
    before = frame.label(chain.row)
    basis = {
        "reported": f"{chain.value} at {before}",
        "corrected": f"the corrected {chain.value} through {before}",
        "carried": f"{chain.value} through {before}",
    }[chain.how]
    order_name = frame.schema.order or "row"
    text = (
        f"{frame.label(row)}: {name} {total.show(row)} should be {want} "
        f"({basis} + {increment.show(row)} {inc_name}"
    )
    if gap is not None:
        text += f"; {gap}, so more may have been added"
    elif chain.floor:
        text += f"; a row before gives no {inc_name}, so more may have been added"
    text += ")."
    if stale:
        return text + (
            f" It equals the total through {before}, so the figure may predate this {order_name}."
        )
    return text + f" Later rows are checked against {total.show(row)} as reported."
