"""Claims about the same wave can all be right: rows of one series that share an order
value give figures whose intervals overlap.

A desk that records each source's claim about a wave as its own row keeps them
side by side. Two claims that cannot both be right ("178" and "207" for the same
wave, or "more than 200" and "150") are flagged on both rows, each naming the
other claim and, when the schema has ``provenance``, who gave it; which row comes
first in the file changes nothing. Tallies are intervals: "about 180" agrees with
178. Blank cells, and rows without an order value, are skipped.

Options:
    column: the column whose claims must agree (integer, number, tally or date). Required.

Example:
    With ``column: cumulative``, wave 7 given as 178 by AP and as 207 by Reuters
    is flagged twice: "wave 7: cumulative 178 (AP) and 207 (Reuters) cannot both
    be right". 178 and "about 180" pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tallycheck.checks.base import Rule, column_option
from tallycheck.checks.verdicts import AtLeast
from tallycheck.judgement import Violation
from tallycheck.tally import Interval

if TYPE_CHECKING:
    from tallycheck.arrays import FloatArray, IntArray
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.verdicts import Comparison


@dataclass(frozen=True)
class Options:
    """Options of the agree rule."""

    column: str = field(metadata=column_option("ordered"))


@dataclass(frozen=True)
class Derived:
    """Per row, NaN where the row is not judged: its bounds (``lo``, ``hi``), the
    highest lower bound among the claims of its order value (``most_lo``) and the
    lowest upper bound (``least_hi``). ``most_lo_row`` and ``least_hi_row`` hold the
    rows that give them."""

    lo: FloatArray
    hi: FloatArray
    most_lo: FloatArray
    least_hi: FloatArray
    most_lo_row: IntArray
    least_hi_row: IntArray

    def columns(self) -> dict[str, FloatArray]:
        """The columns the judgement compares."""
        return {"lo": self.lo, "hi": self.hi, "most_lo": self.most_lo, "least_hi": self.least_hi}


def derive(frame: CheckFrame, options: Options) -> Derived:
    """Each claim beside the extremes of the claims that share its series and order value."""
    n = frame.n_rows
    nothing = np.full(n, np.nan)
    values = frame.column(options.column)
    if values is None or values.lo is None or frame.schema.order is None:
        none = np.full(n, -1, dtype=np.int64)
        return Derived(nothing, nothing, nothing, nothing, none, none)
    lo, hi = values.bounds()
    rows = frame.walk[values.present[frame.walk]]  # claims in walk order, grouped by order value
    series, order = frame.row_series[rows], _order_key(frame, rows)
    new = np.ones(len(rows), dtype=bool)
    new[1:] = (series[1:] != series[:-1]) | (order[1:] != order[:-1])
    starts = np.flatnonzero(new)
    size = np.diff(np.append(starts, len(rows)))
    shared = np.repeat(size, size) > 1  # only a value that several claims share is judged
    most_lo, most_lo_row = _extreme(lo[rows], starts, size, rows, highest=True)
    least_hi, least_hi_row = _extreme(hi[rows], starts, size, rows, highest=False)
    judged = rows[shared]
    result = Derived(*(np.full(n, np.nan) for _ in range(4)), *(np.full(n, -1) for _ in range(2)))
    for target, source in (
        (result.lo, lo[rows]),
        (result.hi, hi[rows]),
        (result.most_lo, most_lo),
        (result.least_hi, least_hi),
        (result.most_lo_row, most_lo_row),
        (result.least_hi_row, least_hi_row),
    ):
        target[judged] = source[shared]
    return result


def _order_key(frame: CheckFrame, rows: IntArray) -> FloatArray:
    """The order value of each row (the walk holds them for the walk's own rows)."""
    key = np.full(frame.n_rows, np.nan)
    key[frame.walk] = frame.walk_order
    return key[rows]


def _extreme(
    ends: FloatArray, starts: IntArray, size: IntArray, rows: IntArray, *, highest: bool
) -> tuple[FloatArray, IntArray]:
    """Per claim, the highest (or lowest) end among its group's claims, and the first
    row, in the walk, that gives it."""
    reduce = np.maximum if highest else np.minimum
    extreme = np.repeat(reduce.reduceat(ends, starts), size) if len(ends) else ends
    position = np.where(ends == extreme, np.arange(len(ends)), len(ends))
    first = np.repeat(np.minimum.reduceat(position, starts), size) if len(ends) else position
    return extreme, rows[np.minimum(first, max(len(rows) - 1, 0))]


def verdict(options: Options) -> tuple[Comparison, ...]:
    """Each claim reaches the highest lower bound of its order value's claims, and the
    lowest upper bound reaches it: the claims overlap."""
    return AtLeast("hi", "most_lo"), AtLeast("least_hi", "lo")


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one claim, against the claim of its order value it cannot equal."""
    values = frame.values[options.column]
    below = derived.hi[row] < derived.most_lo[row]
    other = int(derived.most_lo_row[row] if below else derived.least_hi_row[row])
    name = options.column
    this = f"{values.show(row)}{_source(frame, row)}"
    that = f"{values.show(other)}{_source(frame, other)}"
    message = f"{frame.label(row)}: {name} {this} and {that} cannot both be right."
    bound = derived.most_lo[row] if below else derived.least_hi[row]
    shown = str(Interval(bound, bound)) if values.spec.type.numeric else values.show(other)
    expected = f"{'at least' if below else 'at most'} {shown}"
    return Violation(row, (name,), values.show(row), expected, message, other, f"{this} ≠ {that}")


def _source(frame: CheckFrame, row: int) -> str:
    """`` (AP)``: who gave the row's claim, from the first provenance column."""
    if not frame.schema.provenance:
        return ""
    source = frame.column(frame.schema.provenance[0])
    if source is None or source.blank[row]:
        return ""
    return f" ({source.show(row)})"


RULE = Rule(
    "agree",
    "Claims about the same wave can all be right: their figures overlap.",
    __name__,
    Options,
    derive,
    verdict,
    describe,
    compares="same order value",
)
