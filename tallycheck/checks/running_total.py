"""A running total grows by each row's increment: cumulative = before + pardoned.

The rows are taken in the schema's ``order`` within each ``series``. Each
row's ``total`` must equal the total before it plus the row's ``increment``;
the total before it is that of the nearest earlier order value. When several
rows share that value (several sources on one wave), each of their figures is
a reading of the total before: a row is compared with every reading and
flagged only when it agrees with none, so the verdict never depends on the
order of the rows in the file. Figures are compared as intervals and a row is
flagged only when its total certainly cannot be right.

- A flagged total that repeats a reading of the total before it (the same
  figure, or the same cell text as the row that reported it: "about 160" again
  after 10 more) is **stale**: it may predate the event ("this wave" when the
  order column counts, else the row's order value, such as its date), and the
  message says so. With a ``provenance`` list it names the source that first
  gave the figure: the schema's first provenance column on the earliest row,
  by order then line, of an earlier order value whose total is the same
  ("first published by AP (line 3)").
- Any other mismatch is a **restatement**. Its expected value comes from the
  reading whose sum is nearest to the figure (the smaller sum on a tie); the
  message names the other readings.
- After a flagged row the chain has two readings: the figure as reported and
  the corrected one (the expected value). The next row passes when it agrees
  with either, so one error is flagged once and a correct row after it never
  is. A row that agrees with neither takes its expected value from the
  corrected chain after a stale figure, from the reported one otherwise.
- When the order column skips values (a missing wave; read with the ``step``
  of the schema's ``sequence`` rule on the order column, 1 otherwise), or a
  row in between gives no figures, the total need only be at least the total
  before it plus the increment.
- A row with a blank total carries each reading forward by its increment; a
  row with a blank increment restarts the chain from its total. Past 16
  readings of one order value, their span stands for them.
- A ``monotonic`` finding on the same row and column is folded into this
  rule's finding (listed under ``also``): one problem, one finding.

Options:
    total: the running-total column (tally, integer or number). Required.
    increment: the column of each row's own count. Required.

Example:
    Wave 6 total 178, then wave 7 with 29 pardoned and a total of 178, then wave
    8 with 20 and 207: wave 7 is flagged (178 should be 207, and it equals the
    total through wave 6, so it may predate wave 7), and so is wave 8 (207
    should be 227: it repeats the corrected 207). With 198 (178 + 20) or 227
    (207 + 20) at wave 8, wave 8 passes. Totals 17,280, 17,487 and 17,700 with
    increments 210: 17,487 is flagged (should be 17,490), 17,700 passes.
    Totals 18, 48 with increments 18, 30 pass. Two sources on wave 1 giving 10
    and 20, then wave 2 with 5 and 25: wave 2 passes (20 + 5), whichever source
    comes first in the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from tallycheck.checks import sequence
from tallycheck.checks.base import Rule, column_option, describe_missing
from tallycheck.checks.verdicts import AtLeast
from tallycheck.judgement import Violation
from tallycheck.tally import Interval, whole

if TYPE_CHECKING:
    from collections.abc import Callable

    from tallycheck.arrays import BoolArray, FloatArray, IntArray
    from tallycheck.checkframe import CheckFrame, Values
    from tallycheck.checks.verdicts import Comparison


@dataclass(frozen=True)
class Options:
    """Options of the running-total rule."""

    total: str = field(metadata=column_option("numeric"))
    increment: str = field(metadata=column_option("numeric"))


_MOST_READINGS = 16  # beyond this, the readings are merged into their span (see the docstring)
_HOW_RANK = {"reported": 0, "corrected": 1, "carried": 2}


class _Chain(NamedTuple):
    """One reading of the total so far: its value, the row it stands at, and how
    it was reached. (A named tuple: the walk makes one or two per row it steps.)"""

    value: Interval
    row: int
    how: str  # "reported", "corrected" or "carried"
    floor: str | None = None  # why only a lower bound is known: a row or a figure is missing
    fallback: bool = False  # the other reading of a flagged row: it excuses, never accuses


class _Basis(NamedTuple):
    """The context of a flagged row's message: the reading it was compared with,
    the order values missing just before it, the values of the other readings,
    whether the figure is stale, and the row that first gave a stale figure."""

    chain: _Chain
    gap: str | None
    others: tuple[Interval, ...]
    stale: bool
    first: int | None = None


@dataclass(frozen=True)
class Derived:
    """Per row, NaN where the row is not judged: its total's bounds (``total_lo``,
    ``total_hi``) and the bounds the chain says it should lie in (``want_lo``,
    ``want_hi``; ``want_hi`` is inf where only a floor is known, after a gap or
    a missing figure). A row that agrees with several readings of the total
    before it gets the span of what they say; a row that agrees with none gets
    what the reading it is compared with says. ``basis`` holds, for each row
    whose total the walk found outside those bounds, the context of its message."""

    total_lo: FloatArray
    total_hi: FloatArray
    want_lo: FloatArray
    want_hi: FloatArray
    basis: dict[int, _Basis] = field(default_factory=dict)

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

    basis: dict[int, _Basis]
    rows: list[int] = field(default_factory=list)
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)

    def add(self, row: int, want: Interval, basis: _Basis | None) -> None:
        """Record one judged row (``basis`` is None when its total fits)."""
        self.rows.append(row)
        self.lo.append(want.lo)
        self.hi.append(want.hi)
        if basis is not None:
            self.basis[row] = basis

    def add_fit(self, row: int, total: float) -> None:
        """Record one judged row whose exact total is exactly what it should be."""
        self.rows.append(row)
        self.lo.append(total)
        self.hi.append(total)


def _order_step(frame: CheckFrame) -> int:
    """How far apart consecutive order values are: the ``step`` of the schema's
    ``sequence`` rule on the order column (the largest, if several give one), else 1."""
    schema = frame.schema
    steps = [
        int(spec.options.step)
        for spec in schema.rules
        if spec.rule == sequence.RULE.id and schema.order and spec.options.column == schema.order
    ]
    return max(steps, default=1)


def derive(frame: CheckFrame, options: Options) -> Derived:
    """What each total should be: plainly consistent rows, lone mismatches and repeated
    rows at once, the others by the walk."""
    n = frame.n_rows
    total, increment = frame.column(options.total), frame.column(options.increment)
    if total is None or increment is None or total.lo is None or increment.lo is None:
        nothing = np.full(n, np.nan)
        return Derived(nothing, nothing, nothing, nothing)
    t_lo, t_hi = total.bounds()
    judged_lo = np.where(total.present, t_lo, np.nan)
    derived = Derived(
        judged_lo,
        judged_lo if t_hi is t_lo else np.where(total.present, t_hi, np.nan),  # exact: one array
        np.full(n, np.nan),
        np.full(n, np.nan),
    )
    if len(frame.walk) == 0:
        return derived
    step = _order_step(frame)
    starts = np.flatnonzero(np.r_[True, frame.walk_series[1:] != frame.walk_series[:-1]])
    ends = np.r_[starts[1:], len(frame.walk)]
    ok = _fill_plain_rows(frame, total, increment, starts, step, derived)
    odd = ~ok
    odd[starts] = False  # the first row of a series is never judged
    for settled in _settled_odd_rows(frame, total, increment, starts, ok, step, derived):
        odd[settled] = False
    odd_at = np.flatnonzero(odd)
    next_odd = np.full(len(odd) + 1, len(odd), dtype=np.int64)  # the next odd row, or the end
    next_odd[odd_at] = odd_at
    next_odd = np.minimum.accumulate(next_odd[::-1])[::-1]
    walked = _Walked(derived.basis)
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        first_odd = int(next_odd[start])
        if first_odd < end:
            series = _Series(frame.walk[start:end], frame.walk_order[start:end], start, end)
            _walk(frame, total, increment, series, first_odd - start, next_odd, step, walked)
    derived.want_lo[walked.rows], derived.want_hi[walked.rows] = walked.lo, walked.hi
    if frame.schema.provenance and any(b.stale for b in derived.basis.values()):
        _name_first_rows(frame, total, derived.basis)
    return derived


def _name_first_rows(frame: CheckFrame, total: Values, basis: dict[int, _Basis]) -> None:
    """Give each stale figure's basis the row that first gave the same figure in
    its series: the earliest in the walk (by order, then line), at an earlier order value."""
    t_lo, t_hi = total.bounds()
    positions = np.flatnonzero(total.present[frame.walk])
    rows = frame.walk[positions]
    keys = np.stack([frame.walk_series[positions], t_lo[rows], t_hi[rows]], axis=1)
    _, first = np.unique(keys, axis=0, return_index=True)  # stable: the first in the walk
    earliest = {
        (int(series), lo, hi): int(at)
        for (series, lo, hi), at in zip(
            keys[first].tolist(), positions[first].tolist(), strict=True
        )
    }
    walk_position = np.empty(frame.n_rows, dtype=np.int64)
    walk_position[frame.walk] = np.arange(len(frame.walk))
    for row, found in basis.items():
        if found.stale:
            at = earliest[(int(frame.row_series[row]), float(t_lo[row]), float(t_hi[row]))]
            if frame.walk_order[at] < frame.walk_order[walk_position[row]]:
                basis[row] = found._replace(first=int(frame.walk[at]))


def verdict(options: Options) -> tuple[Comparison, ...]:
    """The total lies within what it should be."""
    return AtLeast("total_hi", "want_lo"), AtLeast("want_hi", "total_lo")


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one flagged row: stale, or a restatement."""
    total, increment = frame.values[options.total], frame.values[options.increment]
    basis = derived.basis[row]
    want = (float(derived.want_lo[row]), float(derived.want_hi[row]))
    expected = str(_exact_want(basis, increment, row, *want))
    message = _message(frame, total, increment, basis, row, expected)
    return Violation(row, (total.spec.name,), total.show(row), expected, message, basis.chain.row)


def _fill_plain_rows(
    frame: CheckFrame,
    total: Values,
    increment: Values,
    starts: IntArray,
    order_step: int,
    derived: Derived,
) -> BoolArray:
    """Fill in, at once, what each plainly consistent row's total should be; return,
    per walk position, which rows are plainly consistent.

    A row is plainly consistent when its total and increment are exact, its
    order value is above the row before it in the series, and its total equals
    that row's exact total plus the increment (or, after a gap in the order, is
    at least that). The first row of a series has no row before it and is not.
    Where every row before one is plainly consistent, no order value repeats
    and the chain there is the reported total, so the walk is needed only from
    the first row that is not.
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
    np.take(i_lo, rows[1:], out=want[1:])
    want[1:] += reported[:-1]
    rise = np.empty_like(frame.walk_order)
    rise[0] = np.nan
    np.subtract(frame.walk_order[1:], frame.walk_order[:-1], out=rise[1:])
    ok &= rise > 0
    gap = rise > order_step if frame.order_is_integer else np.zeros(len(rows), dtype=bool)
    del rise
    ok &= np.where(gap, reported >= want, reported == want)
    del reported
    at = rows[ok]
    wanted = want[ok]
    del want
    derived.want_lo[at] = wanted
    wanted[gap[ok]] = np.inf
    derived.want_hi[at] = wanted
    return ok


def _settled_odd_rows(
    frame: CheckFrame,
    total: Values,
    increment: Values,
    starts: IntArray,
    ok: BoolArray,
    order_step: int,
    derived: Derived,
) -> tuple[IntArray, IntArray]:
    """Judge, at once, the two kinds of rows that are not plainly consistent but that
    the walk would judge against one reading, then settle again at once; return
    their walk positions. (Most rows a large table would walk are of these kinds.)

    For both, the row before them is settled (the first of its series, or plainly
    consistent; its total exact), and its reported total is the one reading;
    their cells are exact, no order value is missing before them, and the row
    after them, if any, is plainly consistent, alone at its order value and after
    no gap.

    - A **lone mismatch** is alone at its order value, and its total is not the
      reading plus its increment: flagged, stale when it repeats the reading (a
      dip or a jump that the series goes on from).
    - A **repeated row** is the second of two rows at one order value, the first
      plainly consistent, each the reading plus its increment, with one total:
      it fits (a row given twice).
    """
    rows, order = frame.walk, frame.walk_order
    size = len(rows)
    t_lo, t_hi = total.bounds()
    i_lo, i_hi = increment.bounds()
    # each condition is read only at the walk positions it is asked for: those of
    # the rows that are not plainly consistent, and their neighbours

    def starts_series(at: IntArray) -> BoolArray:  # or lies past the last row
        found: BoolArray = starts[np.minimum(np.searchsorted(starts, at), len(starts) - 1)] == at
        return found | (at >= size)

    def exact_total(at: IntArray) -> BoolArray:
        row = rows[at]
        exact: BoolArray = t_lo[row] == t_hi[row]
        return total.present[row] & exact

    def gapped(at: IntArray) -> BoolArray:  # ``at`` not the first of its series
        apart: BoolArray = order[at] - order[at - 1] > order_step
        return apart if frame.order_is_integer else np.zeros(len(at), dtype=bool)

    def settled(at: IntArray) -> BoolArray:  # plainly consistent rows are first at their value
        return exact_total(at) & (ok[at] | starts_series(at))

    def resumes(at: IntArray) -> BoolArray:  # the walk settles again on it, or the series ended
        inside = np.minimum(at, size - 1)
        following = np.minimum(at + 1, size - 1)
        last = starts_series(at + 1) | (order[following] != order[inside])
        settles: BoolArray = ok[inside] & last & ~gapped(np.maximum(inside, 1))
        return starts_series(at) | settles

    at = np.flatnonzero(~ok)
    at = at[~starts_series(at)]
    row = rows[at]
    exact = exact_total(at) & increment.present[row] & (i_lo[row] == i_hi[row])
    at = at[exact & ~gapped(at) & resumes(at + 1)]
    rising = order[at] != order[at - 1]
    lone = at[rising]
    lone = lone[settled(lone - 1)]
    repeated = at[~rising]
    pair = repeated - 1  # the row before, at the same order value: plainly consistent, the first
    ok_pair = ok[pair]
    repeated, pair = repeated[ok_pair], pair[ok_pair]
    repeated = repeated[~gapped(pair) & settled(pair - 1)]
    return (
        _fill_lone_mismatches(rows, lone, t_lo, i_lo, derived),
        _fill_repeated_rows(rows, repeated, t_lo, i_lo, derived),
    )


def _fill_lone_mismatches(
    rows: IntArray, at: IntArray, t_lo: FloatArray, i_lo: FloatArray, derived: Derived
) -> IntArray:
    """Each lone mismatch's bounds and basis, where it is one (at the walk positions
    ``at``, its total not the reading plus its increment); return the walk positions
    of those."""
    reading = t_lo[rows[at - 1]]
    want = reading + i_lo[rows[at]]
    mismatch = t_lo[rows[at]] != want
    lone: IntArray = at[mismatch]
    row, reading_row, reading = rows[lone], rows[lone - 1], reading[mismatch]
    derived.want_lo[row] = derived.want_hi[row] = want[mismatch]
    stale = t_lo[row] == reading  # an exact total repeats a cell's text only with its figure
    for where, by, value, repeated in zip(
        row.tolist(), reading_row.tolist(), reading.tolist(), stale.tolist(), strict=True
    ):
        chain = _Chain(Interval(value, value), by, "reported")
        derived.basis[where] = _Basis(chain, None, (), repeated)
    return lone


def _fill_repeated_rows(
    rows: IntArray, at: IntArray, t_lo: FloatArray, i_lo: FloatArray, derived: Derived
) -> IntArray:
    """Each repeated row's bounds, its total, where it is one (at the walk positions
    ``at``, its total that of the row before and the reading plus its increment);
    return the walk positions of those. (Written otherwise, one figure is still
    one reading after them.)"""
    row, first_row, reading_row = rows[at], rows[at - 1], rows[at - 2]
    alike = (t_lo[row] == t_lo[first_row]) & (t_lo[row] == t_lo[reading_row] + i_lo[row])
    derived.want_lo[row[alike]] = derived.want_hi[row[alike]] = t_lo[row[alike]]
    repeated: IntArray = at[alike]
    return repeated


class _Series(NamedTuple):
    """One series in the walk: its rows and order values, and where it lies in the walk."""

    rows: IntArray
    order: FloatArray
    start: int
    end: int


class _Outcome(NamedTuple):
    """One row against the readings: the readings it leaves, what its total should
    be (None when there is nothing to judge), and the basis when it does not fit."""

    after: list[_Chain]
    want: Interval | None = None
    basis: _Basis | None = None


def _walk(
    frame: CheckFrame,
    total: Values,
    increment: Values,
    series: _Series,
    first_odd: int,
    next_odd: IntArray,
    order_step: int,
    walked: _Walked,
) -> None:
    """The reference walk over one series, order value by order value: what each
    total should be.

    The readings of the total before an order value are what each row of the
    nearest earlier order value left; every row of the value is judged against
    all of them, so the order of rows within a value changes nothing. The walk
    starts just before the series' first row (``first_odd``, from its start)
    that is not plainly consistent (the chain there is the reported total).
    Whenever the only reading is a reported exact total again, the rows up to the
    next one that is not plainly consistent (``next_odd``, by walk position) are
    skipped the same way, so a long series costs what its odd rows cost; the walk
    stops when no such row is left in the series.

    An order value whose rows, with no gap before them, each report one and the
    same exact total, written alike, that some reading plus the row's exact
    increment makes, while every reading is exact and known (``exact``: their
    values), is stepped at once: that total becomes the only reading, kept as
    ``plain`` (its value and first row) until a row needs the readings themselves.
    Most rows a table with many findings walks are such rows.
    """
    begin = max(first_odd - 2, 0)  # the walk reads the series from here
    rows: list[int] = series.rows[begin:].tolist()
    order: list[float] = series.order[begin:].tolist()
    t_lo, t_hi = total.bounds()
    i_lo, i_hi = increment.bounds()
    t_given, i_given = total.present, increment.present
    readings: list[_Chain] = []
    plain: tuple[float, int] | None = None
    exact: tuple[float, ...] = ()
    previous_order: float | None = None
    gaps_matter = frame.order_is_integer

    def repeats(row: int, reading: _Chain) -> bool:
        return reading.how == "reported" and total.show(row) == total.show(reading.row)

    def reported(row: int) -> tuple[list[_Chain], tuple[float, int] | None, tuple[float, ...]]:
        """The state when the only reading is the total reported on ``row``."""
        lo, hi = float(t_lo[row]), float(t_hi[row])
        if lo == hi:
            return [], (lo, row), (lo,)
        return [_Chain(Interval(lo, hi), row, "reported")], None, ()

    def seed_at(odd: int, at: int) -> int:
        """Where the walk goes on, the reading taken from the row before, to reach
        the row ``odd`` from ``at``: the row before ``odd`` when that plainly
        consistent row is alone at its order value (the fast path knows the total
        it leaves), else the one before it (the rows of ``odd``'s value are judged together)."""
        if odd - 1 >= at and order[odd] != order[odd - 1]:
            return odd
        return odd - 1 if odd - 2 >= at else at

    def skipped(at: int) -> int | None:
        """Where the walk goes on after a row that left its reported total as the
        only reading: past the plainly consistent rows (None: to the series' end)."""
        odd = int(next_odd[series.start + begin + at]) - series.start - begin
        if odd >= len(rows):
            return None
        return seed_at(odd, at)

    def common_total(group: list[int]) -> float | None:
        """The exact total each row of ``group`` reports, when each is a reading
        plus the row's exact increment and they are all one figure written alike."""
        common = None
        for row in group:
            if not (t_given[row] and i_given[row]):
                return None
            t, i = float(t_lo[row]), float(i_lo[row])
            if t != t_hi[row] or i != i_hi[row] or not any(v + i == t for v in exact):
                return None
            if common is not None and t != common:
                return None
            common = t
        if len(group) > 1 and len({total.show(row) for row in group}) > 1:
            return None
        return common

    at = 0
    if first_odd >= 2:  # plainly consistent rows, or the series' first, before: totals exact
        at = seed_at(first_odd - begin, 1)
        readings, plain, exact = reported(rows[at - 1])
        previous_order = order[at - 1]
    while at < len(rows):
        value = order[at]
        end = at + 1
        while end < len(rows) and order[end] == value:
            end += 1
        gapped = gaps_matter and previous_order is not None and value - previous_order > order_step
        common = common_total(rows[at:end]) if exact and not gapped else None
        if common is not None:
            for row in rows[at:end]:
                walked.add_fit(row, common)
            readings, plain, exact = [], (common, rows[at]), (common,)
            previous_order, single, at = value, end == at + 1, end
            if not single:  # the reading stands at the value's first row, not its last
                continue
            going_on = skipped(at)
            if going_on is None:
                return
            if going_on > at:
                readings, plain, exact = reported(rows[going_on - 1])
                previous_order, at = order[going_on - 1], going_on
            continue
        if plain is not None:
            readings, plain = [_Chain(Interval(plain[0], plain[0]), plain[1], "reported")], None
        gap = None
        if gapped and previous_order is not None:
            gap = describe_missing(
                frame.schema.order or "row",
                int(previous_order) + order_step,
                int(value) - 1,
                order_step,
            )
        after: list[_Chain] = []
        for row in rows[at:end]:
            t_cell = Interval(float(t_lo[row]), float(t_hi[row])) if t_given[row] else None
            i_cell = Interval(float(i_lo[row]), float(i_hi[row])) if i_given[row] else None
            outcome = _step(readings, gap, row, t_cell, i_cell, repeats)
            if outcome.want is not None:
                walked.add(row, outcome.want, outcome.basis)
            after += outcome.after
        readings = _readings_after(readings, after, total)
        exact = _exact_values(readings)
        previous_order = value
        at = end
        if not _is_reported_total(readings, rows[at - 1], t_lo, t_hi):
            continue
        going_on = skipped(at)
        if going_on is None:
            return
        if going_on > at:
            readings, plain, exact = reported(rows[going_on - 1])
            previous_order, at = order[going_on - 1], going_on


def _exact_values(readings: list[_Chain]) -> tuple[float, ...]:
    """The readings' values when each is one known number (no floor); else empty."""
    if all(r.floor is None and r.value.lo == r.value.hi for r in readings):
        return tuple(r.value.lo for r in readings)
    return ()


def _is_reported_total(
    readings: list[_Chain], row: int, t_lo: FloatArray, t_hi: FloatArray
) -> bool:
    """Whether the only reading is the exact total reported on ``row``, as the fast path assumes."""
    if len(readings) != 1:
        return False
    chain = readings[0]
    value = chain.value
    return (
        chain.how == "reported"
        and chain.floor is None
        and chain.row == row
        and value.lo == value.hi == t_lo[row] == t_hi[row]
    )


def _readings_after(readings: list[_Chain], after: list[_Chain], total: Values) -> list[_Chain]:
    """The readings after an order value: each distinct one its rows left (the
    first row, in the walk, stands for equal ones; a reported figure is also told
    apart by its cell text, which a stale repeat may echo); when they left none,
    the readings before, known now only as lower bounds.

    Readings are kept apart so that each row is judged against every one, but
    past ``_MOST_READINGS`` (rows with blank totals can multiply them) the ones
    the chain follows, and likewise the fallbacks, are merged into their span,
    so that the walk stays linear.
    """
    if not after:
        return [
            _Chain(r.value, r.row, r.how, r.floor or "a row before gives no figures", r.fallback)
            for r in readings
        ]
    if len(after) == 1:
        return after
    kept: list[_Chain] = []
    alike: dict[tuple[Interval, str, str | None, bool], list[_Chain]] = {}
    for chain in after:  # cell texts are read only where everything else is alike
        same = alike.setdefault((chain.value, chain.how, chain.floor, chain.fallback), [])
        if chain.how == "reported" and same:
            text = total.show(chain.row)
            if any(total.show(other.row) == text for other in same):
                continue
        elif same:
            continue
        same.append(chain)
        kept.append(chain)
    return [
        merged
        for fallback in (False, True)
        for merged in _merged([c for c in kept if c.fallback == fallback])
    ]


def _merged(readings: list[_Chain]) -> list[_Chain]:
    """The readings, or their span past ``_MOST_READINGS``."""
    if len(readings) <= _MOST_READINGS:
        return readings
    lowest = min(readings, key=_reading_key)
    span = _span([c.value for c in readings])
    floor = min((c.floor for c in readings if c.floor is not None), default=None)
    return [_Chain(span, lowest.row, "carried", floor, lowest.fallback)]


def _reading_key(chain: _Chain) -> tuple[bool, int, str, float, float]:
    """Readings in an order that does not depend on the order of rows in the file:
    one the chain follows before a fallback, a reported figure before a corrected
    one before a carried one, then the smaller value. Readings that share a key
    differ only in their row's cell text; the first in the walk comes first."""
    return (chain.fallback, _HOW_RANK[chain.how], chain.floor or "", *_bounds(chain.value))


def _step(
    readings: list[_Chain],
    gap: str | None,
    row: int,
    t: Interval | None,
    i: Interval | None,
    repeats: Callable[[int, _Chain], bool],
) -> _Outcome:
    """One row against every reading of the total before it. ``repeats`` tells
    whether a row's total cell is, verbatim, the figure a reading was reported as."""
    if t is None:
        if not readings or i is None:
            return _Outcome([])
        return _Outcome(
            [_Chain(r.value + i, row, "carried", gap or r.floor, r.fallback) for r in readings]
        )
    if not readings or i is None:
        return _Outcome([_Chain(t, row, "reported")])
    fitting: Interval | None = None  # the span of the sums the total agrees with
    for reading in readings:
        want = _want(reading, gap, i)
        if t.overlaps(want):
            fitting = want if fitting is None else _span([fitting, want])
    if fitting is not None:
        met = t if t.is_exact else _meet(t, fitting)  # both hold: the total is where they meet
        return _Outcome([_Chain(met, row, "reported")], fitting)
    candidates = [
        (_want(r, gap, i), r, t == r.value or repeats(row, r)) for r in readings if not r.fallback
    ]
    want, reading, stale = min(candidates, key=lambda c: _nearness(t, *c))
    values = {r.value for r in readings if not r.fallback and r.value != reading.value}
    basis = _Basis(reading, gap, tuple(sorted(values, key=_bounds)), stale)
    corrected = _Chain(want, row, "corrected", gap or reading.floor, fallback=not basis.stale)
    reported = _Chain(t, row, "reported", fallback=basis.stale)
    return _Outcome([reported, corrected], want, basis)


def _exact_want(
    basis: _Basis, increment: Values, row: int, want_lo: float, want_hi: float
) -> Interval:
    """What a total should be (``want_lo`` to ``want_hi``) as the message shows it: the
    reading plus the increment added in whole Python integers, which floats round
    past 2^53 (9007199254740991 + 2)."""
    i_lo, i_hi = increment.bounds()
    reading = basis.chain.value
    ends = (reading.lo, reading.hi, float(i_lo[row]), float(i_hi[row]))
    if not all(map(math.isfinite, ends)):
        return Interval(want_lo, want_hi)
    r_lo, r_hi, a_lo, a_hi = map(whole, ends)
    return Interval(r_lo + a_lo, want_hi if math.isinf(want_hi) else r_hi + a_hi)


def _want(reading: _Chain, gap: str | None, i: Interval) -> Interval:
    """What a total should be after ``reading`` and an increment ``i``."""
    want = reading.value + i
    if gap is not None or reading.floor is not None:
        return Interval(want.lo, math.inf)
    return want


def _nearness(
    t: Interval, want: Interval, reading: _Chain, stale: bool
) -> tuple[bool, float, float, float, bool, int, str, float, float]:
    """How well a reading explains a total that fits none: one the total repeats
    (a stale figure) first, then the one whose expected value is nearest, then the
    smaller expected value; ties go by ``_reading_key``."""
    distance = want.lo - t.hi if t.hi < want.lo else t.lo - want.hi
    return (not stale, distance, want.lo, want.hi, *_reading_key(reading))


def _bounds(value: Interval) -> tuple[float, float]:
    return value.lo, value.hi


def _span(values: list[Interval]) -> Interval:
    """The smallest interval holding every one of ``values``."""
    return Interval(min(v.lo for v in values), max(v.hi for v in values))


def _meet(a: Interval, b: Interval) -> Interval:
    return Interval(max(a.lo, b.lo), min(a.hi, b.hi))


def _message(
    frame: CheckFrame,
    total: Values,
    increment: Values,
    basis: _Basis,
    row: int,
    want: str,
) -> str:
    name, inc_name = total.spec.name, increment.spec.name
    chain = basis.chain
    before = frame.label(chain.row)
    shown = total.show(row)
    described = _DESCRIBED[chain.how].format(value=chain.value, before=before)
    text = (
        f"{frame.label(row)}: {name} {shown} should be {want} "
        f"({described} + {increment.show(row)} {inc_name}"
    )
    if basis.gap is not None:
        text += f"; {basis.gap}, so more may have been added"
    elif chain.floor is not None:
        text += f"; {chain.floor}, so more may have been added"
    if basis.others:
        fit = "fits" if len(basis.others) == 1 else "fit"
        text += f"; {before} also gives {_listed(basis.others)}, which {fit} no better"
    text += ")."
    if basis.stale:
        return text + (
            f" It equals the total through {before}{_first_given(frame, basis)},"
            f" so the figure may predate {_this(frame, row)}."
        )
    return text + f" Later rows may follow {shown} as reported or {want} as corrected."


# how the message names the reading a total builds on, by how the chain holds it
_DESCRIBED = {
    "reported": "{value} at {before}",
    "corrected": "the corrected {value} through {before}",
    "carried": "{value} through {before}",
}


def _first_given(frame: CheckFrame, basis: _Basis) -> str:
    """``, first published by AP (line 3)``: the first provenance column of the row
    that first gave a stale figure; empty when unknown."""
    if basis.first is None:
        return ""
    source = frame.column(frame.schema.provenance[0])
    if source is None or not source.present[basis.first]:
        return ""
    lines = frame.table.lines
    where = f"row {basis.first + 1}" if lines is None else f"line {int(lines[basis.first])}"
    return f", first published by {source.show(basis.first)} ({where})"


def _this(frame: CheckFrame, row: int) -> str:
    """What a stale figure may predate: ``this wave`` when the order column counts
    (integer, number or tally), else its value as written (``2020-03-05``); ``this row``
    without an order."""
    order = frame.column(frame.schema.order) if frame.schema.order else None
    if order is None:
        return "this row"
    if order.spec.type.numeric:
        return f"this {order.spec.name}"
    return order.show(row)


def _listed(values: tuple[Interval, ...]) -> str:
    """``10``, ``10 and 12``, ``10, 12 and 14``."""
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


RULE = Rule(
    "running-total",
    "A running total grows by each row's increment (cumulative = before + pardoned).",
    __name__,
    Options,
    derive,
    verdict,
    describe,
    subsumes=("monotonic",),
    compares="earlier order value",
)
