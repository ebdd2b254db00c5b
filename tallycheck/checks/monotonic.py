"""A figure that must only go up (or only down) from one row to the next.

Each row is compared with the row before it in the schema's ``order`` within
its ``series`` (rows that share an order value are each compared with the last
row of the order value before), so a downward revision is flagged once, not on
every later row. Tallies are compared as intervals: a row is flagged only when
it is certainly lower than the row before ("5" after "at least seven"), never
when a bound leaves room ("1,275" after "more than 1,300" may be a fall or not,
and a stock may fall). Blank cells are skipped.

Options:
    column: the column to check (integer, number, tally or date), or a list of
        columns, each judged on its own. Required.
    direction: ``increasing`` (the default) or ``decreasing``.
    strict: when true, a value equal to the one before is flagged too. Default false.

Example:
    With ``column: deaths``, "at least six", "at least seven", "at least seven"
    pass; "at least seven" then "5" is flagged: 5 is certainly fewer than the
    7 or more before it. With ``strict: true``, 178 then 178 is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from tallycheck.checks.base import Rule, column_option
from tallycheck.checks.verdicts import AtLeast
from tallycheck.judgement import Violation
from tallycheck.types.date import DATE

if TYPE_CHECKING:
    from tallycheck.arrays import FloatArray, IntArray
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.verdicts import Comparison


@dataclass(frozen=True)
class Options:
    """Options of the monotonic rule."""

    column: str = field(metadata=column_option("ordered"))
    direction: Literal["increasing", "decreasing"] = "increasing"
    strict: bool = False


@dataclass(frozen=True)
class Derived:
    """Per row, NaN where the row is not judged: its bounds (``lo``, ``hi``) and
    those of the row before it in its series (``before_lo``, ``before_hi``).
    ``before`` holds the row before (-1 for none)."""

    lo: FloatArray
    hi: FloatArray
    before_lo: FloatArray
    before_hi: FloatArray
    before: IntArray

    def columns(self) -> dict[str, FloatArray]:
        """The columns the judgement compares."""
        return {
            "lo": self.lo,
            "hi": self.hi,
            "before_lo": self.before_lo,
            "before_hi": self.before_hi,
        }


def derive(frame: CheckFrame, options: Options) -> Derived:
    """Each filled row's bounds beside those of the row before it."""
    values = frame.column(options.column)
    if values is None or values.lo is None:
        nothing = np.full(frame.n_rows, np.nan)
        return Derived(nothing, nothing, nothing, nothing, np.full(frame.n_rows, -1))
    value_lo, value_hi = values.bounds()
    before = frame.row_before(values.present, earlier_order=True)
    judged = before >= 0
    prior = np.maximum(before, 0)
    lo, before_lo = np.where(judged, value_lo, np.nan), np.where(judged, value_lo[prior], np.nan)
    if value_hi is value_lo:  # exact values: one array holds both bounds
        return Derived(lo, lo, before_lo, before_lo, before)
    hi, before_hi = np.where(judged, value_hi, np.nan), np.where(judged, value_hi[prior], np.nan)
    return Derived(lo, hi, before_lo, before_hi, before)


def verdict(options: Options) -> tuple[Comparison, ...]:
    """Each row is at least the row before (above it when strict); at most, when decreasing."""
    if options.direction == "increasing":
        return (AtLeast("hi", "before_lo", strict=options.strict),)
    return (AtLeast("before_hi", "lo", strict=options.strict),)


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one flagged row, against the row before it."""
    values = frame.values[options.column]
    lo, hi = values.bounds()
    prev_row = int(derived.before[row])
    name = options.column
    words = _DATE_WORDS if values.spec.type is DATE else _NUMBER_WORDS
    rising = options.direction == "increasing"
    basis = f"{values.figure(prev_row)} at {frame.label(prev_row)}"
    bound = lo[prev_row] if rising else hi[prev_row]
    limit = values.show(prev_row) if values.spec.type is DATE else _number(bound)
    crossed = hi[row] < bound if rising else lo[row] > bound
    key = (rising, options.strict, crossed)
    expected = f"{words[key][0]} {limit}"
    message = (
        f"{frame.label(row)}: {name} {values.figure(row)} {words[key][1]} {basis}; "
        f"it should be {expected}."
    )
    return Violation(row, (name,), values.show(row), expected, message, prev_row)


# (rising, strict, crossed) -> (how the expected value reads, what the row did)
_NUMBER_WORDS = {
    (True, False, True): ("at least", "is lower than"),
    (True, True, True): ("more than", "is lower than"),
    (True, True, False): ("more than", "does not rise above"),
    (False, False, True): ("at most", "is higher than"),
    (False, True, True): ("less than", "is higher than"),
    (False, True, False): ("less than", "does not fall below"),
}
_DATE_WORDS = {
    (True, False, True): ("on or after", "is earlier than"),
    (True, True, True): ("after", "is earlier than"),
    (True, True, False): ("after", "is not later than"),
    (False, False, True): ("on or before", "is later than"),
    (False, True, True): ("before", "is later than"),
    (False, True, False): ("before", "is not earlier than"),
}


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"


RULE = Rule(
    "monotonic",
    "A figure only goes up (or only down) from one row to the next.",
    __name__,
    Options,
    derive,
    verdict,
    describe,
    compares="earlier order value",
)
