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
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from tallycheck.rules.base import Violation, column_option, describe_missing
from tallycheck.tally import Interval

if TYPE_CHECKING:
    from tallycheck.arrays import BoolArray, FloatArray, IntArray
    from tallycheck.checkframe import CheckFrame, Values

ID = "running-total"
SUMMARY = "A running total grows by each row's increment (cumulative = before + pardoned)."
SUBSUMES: tuple[str, ...] = ("monotonic",)
WALKS = True


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
    floor: str | None = None  # why only a lower bound is known: a row or a figure is missing


@dataclass(frozen=True)
class Derived:
    """Per row, NaN where the row is not judged: its total's bounds (``total_lo``,
    ``total_hi``) and the bounds the chain says it should lie in (``want_lo``,
    ``want_hi``; ``want_hi`` is inf where only a floor is known, after a gap or
    a missing figure). ``basis`` holds, for each row whose total the walk found
    outside those bounds, the chain before it and the order values missing just
    before it: the context of its message."""

    total_lo: FloatArray
    total_hi: FloatArray
    want_lo: FloatArray
    want_hi: FloatArray
    basis: dict[int, tuple[_Chain, str | None]] = field(default_factory=dict)

    def columns(self) -> dict[str, FloatArray]:
        """The columns the judgement compares."""
        return {
            "total_lo": self.total_lo,
            "total_hi": self.total_hi,
            "want_lo": self.want_lo,
            "want_hi": self.want_hi,
        }


@dataclass
class _Walked:
    """What the walk found: each judged row with the bounds its total should lie
    in, and the basis of each row whose total does not."""

    basis: dict[int, tuple[_Chain, str | None]]
    rows: list[int] = field(default_factory=list)
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)

    def add(self, row: int, want: Interval, fits: bool, chain: _Chain, gap: str | None) -> None:
        """Record one judged row."""
        self.rows.append(row)
        self.lo.append(want.lo)
        self.hi.append(want.hi)
        if not fits:
            self.basis[row] = (chain, gap)


def derive(frame: CheckFrame, options: Options) -> Derived:
    """What each total should be: plainly consistent series at once, the others by the walk."""
    n = frame.n_rows
    total, increment = frame.column(options.total), frame.column(options.increment)
    if total is None or increment is None or total.lo is None or increment.lo is None:
        nothing = np.full(n, np.nan)
        return Derived(nothing, nothing, nothing, nothing)
    t_lo, t_hi = total.bounds()
    derived = Derived(
        np.where(total.present, t_lo, np.nan),
        np.where(total.present, t_hi, np.nan),
        np.full(n, np.nan),
        np.full(n, np.nan),
    )
    if len(frame.walk) == 0:
        return derived
    starts = np.flatnonzero(np.r_[True, frame.walk_series[1:] != frame.walk_series[:-1]])
    ends = np.r_[starts[1:], len(frame.walk)]
    ok = _fill_plain_rows(frame, total, increment, starts, derived)
    odd = ~ok
    odd[starts] = False  # the first row of a series is never judged
    odd_at = np.flatnonzero(odd)
    next_odd = np.full(len(odd) + 1, len(odd), dtype=np.int64)  # the next odd row, or the end
    next_odd[odd_at] = odd_at
    next_odd = np.minimum.accumulate(next_odd[::-1])[::-1]
    walked = _Walked(derived.basis)
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        first_odd = int(next_odd[start])
        if first_odd < end:
            series = _Series(frame.walk[start:end], frame.walk_order[start:end], start, end)
            _walk(frame, total, increment, series, first_odd - start, next_odd, walked)
    derived.want_lo[walked.rows], derived.want_hi[walked.rows] = walked.lo, walked.hi
    return derived


def judge(derived: Derived, options: Options) -> BoolArray:
    """Rows whose total certainly lies outside what it should be."""
    return (derived.total_hi < derived.want_lo) | (derived.total_lo > derived.want_hi)


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one flagged row: stale, or a restatement."""
    total, increment = frame.values[options.total], frame.values[options.increment]
    chain, gap = derived.basis[row]
    want = Interval(derived.want_lo[row], derived.want_hi[row])
    stale = Interval(derived.total_lo[row], derived.total_hi[row]) == chain.value
    message = _message(frame, total, increment, chain, row, want, stale, gap)
    return Violation(row, (total.spec.name,), total.show(row), str(want), message, chain.row)


def check(frame: CheckFrame, options: Options) -> Iterator[Violation]:
    """Walk each series that is not plainly consistent, and flag what cannot be right."""
    derived = derive(frame, options)
    for row in np.flatnonzero(judge(derived, options)).tolist():
        yield describe(frame, options, derived, row)


def _fill_plain_rows(
    frame: CheckFrame, total: Values, increment: Values, starts: IntArray, derived: Derived
) -> BoolArray:
    """Fill in, at once, what each plainly consistent row's total should be; return,
    per walk position, which rows are plainly consistent.

    A row is plainly consistent when its total and increment are exact, its
    order value is above the row before it in the series, and its total equals
    that row's exact total plus the increment (or, after a gap in the order, is
    at least that). The first row of a series has no row before it and is not.
    Where every row before one is plainly consistent, the chain there is the
    reported total, so the walk is needed only from the first row that is not.
    """
    rows = frame.walk
    t_lo, t_hi = total.bounds()
    i_lo, i_hi = increment.bounds()
    exact = total.present & increment.present
    for lo, hi in ((t_lo, t_hi), (i_lo, i_hi)):
        if hi is not lo:  # else the column holds exact values only
            exact &= lo == hi
    ok = exact[rows]  # built up in place: each temporary of a million rows costs
    ok[1:] &= ok[:-1].copy()  # the row before is exact too
    ok[starts] = False  # the first row of a series has no row before it
    reported = t_lo[rows]
    want = np.empty_like(reported)
    want[0] = np.nan
    np.add(reported[:-1], i_lo[rows[1:]], out=want[1:])
    step = np.empty_like(frame.walk_order)
    step[0] = np.nan
    np.subtract(frame.walk_order[1:], frame.walk_order[:-1], out=step[1:])
    ok &= step > 0
    gap = step > 1 if frame.order_is_integer else np.zeros(len(rows), dtype=bool)
    ok &= np.where(gap, reported >= want, reported == want)
    at = rows[ok]
    derived.want_lo[at] = want[ok]
    derived.want_hi[at] = np.where(gap[ok], np.inf, want[ok])
    return ok


class _Series(NamedTuple):
    """One series in the walk: its rows and order values, and where it lies in the walk."""

    rows: IntArray
    order: FloatArray
    start: int
    end: int


def _walk(
    frame: CheckFrame,
    total: Values,
    increment: Values,
    series: _Series,
    first_odd: int,
    next_odd: IntArray,
    walked: _Walked,
) -> None:
    """The reference walk over one series, row by row: what each total should be.

    It starts just before the series' first row (``first_odd``, from its start)
    that is not plainly consistent (the chain there is the reported total) and
    stops once the chain is a reported exact total again and every row after
    it is plainly consistent (``next_odd``, by walk position, is past the series).
    """
    t_lo, t_hi = total.bounds()
    i_lo, i_hi = increment.bounds()
    rows: list[int] = series.rows.tolist()  # Python numbers: the walk goes row by row
    order: list[float] = series.order.tolist()
    chain: _Chain | None = None
    previous_order: float | None = None
    at = 0
    if first_odd >= 2:
        seed = rows[first_odd - 2]
        chain = _Chain(Interval(float(t_lo[seed]), float(t_hi[seed])), seed, "reported")
        previous_order, at = order[first_odd - 2], first_odd - 1
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
        for row in rows[at:end]:
            t = Interval(float(t_lo[row]), float(t_hi[row])) if total.present[row] else None
            i = Interval(float(i_lo[row]), float(i_hi[row])) if increment.present[row] else None
            outcome = _step(chain, gap, row, t, i)
            if outcome is None:
                continue
            after, want, fits = outcome
            if chain is not None and want is not None:
                walked.add(row, want, fits, chain, gap)
            candidates.append((after, fits))
        chain = _choose(chain, candidates)
        previous_order = order[at]
        at = end
        plain_after = next_odd[series.start + at] >= series.end
        if plain_after and _is_reported_total(chain, rows[at - 1], t_lo, t_hi):
            return


def _is_reported_total(chain: _Chain | None, row: int, t_lo: FloatArray, t_hi: FloatArray) -> bool:
    """Whether the chain is the exact total reported on ``row``, as the fast path assumes."""
    return (
        chain is not None
        and chain.how == "reported"
        and chain.floor is None
        and chain.row == row
        and chain.value == Interval(t_lo[row], t_hi[row])
        and chain.value.is_exact
    )


def _choose(chain: _Chain | None, candidates: list[tuple[_Chain, bool]]) -> _Chain | None:
    """The chain after an order value: a row that passed wins, else the last row."""
    if not candidates:
        if chain is None:
            return None
        return _Chain(
            chain.value, chain.row, chain.how, chain.floor or "a row before gives no figures"
        )
    passed = [c for c, ok in candidates if ok]
    return passed[0] if passed else candidates[-1][0]


def _step(
    chain: _Chain | None, gap: str | None, row: int, t: Interval | None, i: Interval | None
) -> tuple[_Chain, Interval | None, bool] | None:
    """One row against the chain: the chain after it, what its total should be
    (None when there is nothing to judge), and whether it fits."""
    if t is None:
        if chain is None or i is None:
            return None
        return _Chain(chain.value + i, row, "carried", gap or chain.floor), None, True
    if chain is None or i is None:
        return _Chain(t, row, "reported"), None, True
    at_least = gap is not None or chain.floor is not None
    want = chain.value + i
    if at_least:
        want = Interval(want.lo, math.inf)
    if t.overlaps(want):
        return _Chain(_meet(t, want), row, "reported"), want, True
    if t == chain.value:  # stale: the chain goes on from what the total should be
        return _Chain(want, row, "corrected", gap or chain.floor), want, False
    return _Chain(t, row, "reported"), want, False


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
    elif chain.floor is not None:
        text += f"; {chain.floor}, so more may have been added"
    text += ")."
    if stale:
        return text + (
            f" It equals the total through {before}, so the figure may predate this {order_name}."
        )
    return text + f" Later rows are checked against {total.show(row)} as reported."
