"""A breakdown adds up to its total: women + men = pardoned.

Each row's ``parts`` are added up and compared with its ``total``, as
intervals: the row is flagged only when the parts certainly cannot give the
total. With ``mode: exact`` (the default) the parts must add up to the total;
with ``mode: at-most`` they need only not exceed it, for breakdowns that need
not cover the total or that overlap ("11 women and 14 ill" out of 20). A
single part is allowed: with ``mode: at-most`` it must not exceed the total
(children at most all), with ``exact`` it must equal it. When a part is blank,
the parts that are given must still not exceed the total.

Options:
    parts: the columns that make up the total (one or more). Required.
    total: the column they add up to. Required.
    mode: ``exact`` (the default) or ``at-most``.

Example:
    With ``parts: [women, men]`` and ``total: pardoned``, 11 + 18 against 29
    passes; 11 + 20 against 29 is flagged ("should add up to 29, but they make
    31"). With ``mode: at-most``, 11 + 14 against 20 is flagged (25 is more
    than 20), and 6 + 10 against 20 passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from tallycheck.checks.base import Rule, column_option
from tallycheck.checks.verdicts import AtLeast
from tallycheck.judgement import Violation
from tallycheck.tally import Interval, exact_interval

if TYPE_CHECKING:
    from tallycheck.arrays import FloatArray
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.verdicts import Comparison


@dataclass(frozen=True)
class Options:
    """Options of the parts-sum rule."""

    parts: tuple[str, ...] = field(metadata=column_option("numeric"))
    total: str = field(metadata=column_option("numeric"))
    mode: Literal["exact", "at-most"] = "exact"


@dataclass(frozen=True)
class Derived:
    """Per row, NaN where the row is not judged: the total's bounds (``total_lo``,
    ``total_hi``), the lower bound of the sum of the parts given (``sum_lo``), and
    the upper bound of that sum where the parts must reach the total, every part
    being given and the mode ``exact`` (``exact_sum_hi``; NaN elsewhere)."""

    total_lo: FloatArray
    total_hi: FloatArray
    sum_lo: FloatArray
    exact_sum_hi: FloatArray

    def columns(self) -> dict[str, FloatArray]:
        """The columns the judgement compares."""
        return {
            "total_lo": self.total_lo,
            "total_hi": self.total_hi,
            "sum_lo": self.sum_lo,
            "exact_sum_hi": self.exact_sum_hi,
        }

    def exact(self, row: int) -> bool:
        """Whether the row's parts must reach its total."""
        return not math.isnan(self.exact_sum_hi[row])


def derive(frame: CheckFrame, options: Options) -> Derived:
    """Add up the parts of each row whose total and at least one part are given."""
    n = frame.n_rows
    total = frame.column(options.total)
    parts = [p for p in (frame.column(name) for name in options.parts) if p is not None]
    if total is None or total.lo is None or total.hi is None or not parts:
        nothing = np.full(n, np.nan)
        return Derived(nothing, nothing, nothing, nothing)
    sum_lo, sum_hi = np.zeros(n), np.zeros(n)
    given, complete = np.zeros(n, dtype=bool), len(parts) == len(options.parts)
    all_given = np.full(n, complete)
    for part in parts:
        lo, hi = part.bounds()
        sum_lo += np.where(part.present, lo, 0.0)
        sum_hi += np.where(part.present, hi, 0.0)
        given |= part.present
        all_given &= part.present
    judged = total.present & given
    exact = judged & all_given & (options.mode == "exact")
    return Derived(
        np.where(judged, total.lo, np.nan),
        np.where(judged, total.hi, np.nan),
        np.where(judged, sum_lo, np.nan),
        np.where(exact, sum_hi, np.nan),
    )


def verdict(options: Options) -> tuple[Comparison, ...]:
    """The total is at least what the parts certainly make, and, where they must reach
    it, what they make at most is at least the total."""
    return AtLeast("total_hi", "sum_lo"), AtLeast("exact_sum_hi", "total_lo")


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one flagged row: what the parts make against the total."""
    total = frame.values[options.total]
    given = [
        p for name in options.parts if (p := frame.column(name)) is not None and p.present[row]
    ]
    values = [p.show(row) for p in given]
    shown = [f"{p.spec.name} {value}" for p, value in zip(given, values, strict=True)]
    # added up again in Python integers: the float sums that judged the row may be rounded
    added = Interval(0, 0)
    for part in given:
        lo, hi = part.bounds()
        added += exact_interval(lo[row], hi[row])
    made = str(added)
    total_shown = total.show(row)
    exact = derived.exact(row)
    if exact:
        claim, expected = f"should add up to {options.total} {total_shown}", made
    else:
        claim = f"should not exceed {options.total} {total_shown}"
        expected = str(Interval(added.lo, math.inf))
    message = f"{frame.label(row)}: {' + '.join(shown)} {claim}, but they make {made}."
    figures = _figures(values, made, total_shown, exact=exact)
    columns = (*options.parts, options.total)
    return Violation(row, columns, total_shown, expected, message, figures=figures)


def _figures(parts: list[str], made: str, total: str, *, exact: bool) -> str:
    """``11 + 18 = 29, not 28``; where the parts need only not exceed the total,
    ``11 + 14 = 25, more than 20``."""
    added = " + ".join(parts) + (f" = {made}" if len(parts) > 1 else "")
    return f"{added}, {'not' if exact else 'more than'} {total}"


RULE = Rule(
    "parts-sum",
    "A breakdown adds up to its total (women + men = pardoned).",
    __name__,
    Options,
    derive,
    verdict,
    describe,
    compares="each row",
)
