"""Each listed figure is stated in the row's quote.

A figure counts as stated when the quote holds the same number with the same
meaning: as digits, with or without commas between groups of three (``1,300``,
``1300``), or as number words (``six``, ``Fifteen``, ``twenty-nine``), with a
qualifier that means the same (``more than 1,250`` in the cell is stated by
``over 1,250`` in the quote). The words are those of a tally cell (``tallycheck
explain tally``). A cell ``1,300`` is not stated by a quote that says ``more than
1,300``: the cell dropped the quote's qualifier. A figure the desk worked out
itself (78 + 37 = 115) is not stated either, so that the editor sees which
figures are the desk's and which the source's. A row is not judged where its
quote is blank; a blank or invalid figure is not judged. A row's finding names
every figure of the row that its quote does not state.

The expected value is the quote's figure where one is clear: the figure with
the quote's qualifier when only the qualifier was dropped, or, when one figure
of the row is not stated, the only figure of the quote that no other listed
column of the row matches (none when the figure is the sum of two of the
quote's figures).

Options:
    columns: the figure columns (integer, number or tally), two or more. Required.
    quote: the column holding the row's quote. Required.

Example:
    With ``columns: [pardoned, women, men, cumulative]`` and ``quote: quote``, a
    row 29, 11, 18, 187 whose quote says "29 were freed, 11 women and 18 men ...
    In all, 178" is flagged: "cumulative 187 is not among the figures the quote
    states (29, 11, 18, 178)", expected 178.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from tallycheck.cells import distinct
from tallycheck.checks.base import Rule, column_option
from tallycheck.checks.verdicts import Filled
from tallycheck.judgement import Violation
from tallycheck.quotes import Figure, figures
from tallycheck.tally import Interval

if TYPE_CHECKING:
    from tallycheck.arrays import FloatArray
    from tallycheck.checkframe import CheckFrame, Values
    from tallycheck.checks.verdicts import Comparison


@dataclass(frozen=True)
class Options:
    """Options of the quoted rule."""

    columns: tuple[str, ...] = field(metadata=column_option("numeric"))
    quote: str = field(metadata=column_option())


@dataclass(frozen=True)
class Derived:
    """Per listed column (by position ``i``): ``judged_i`` is 1 where the row has a
    quote and a valid figure, ``stated_i`` is 1 where the quote states it (NaN
    elsewhere)."""

    judged: tuple[FloatArray, ...]
    stated: tuple[FloatArray, ...]

    def columns(self) -> dict[str, FloatArray]:
        """The columns the judgement compares."""
        named = {f"judged_{i}": column for i, column in enumerate(self.judged)}
        return named | {f"stated_{i}": column for i, column in enumerate(self.stated)}


def _figures(frame: CheckFrame, options: Options, row: int) -> tuple[Figure, ...]:
    quote = frame.values[options.quote].text[row].as_py()
    return figures(quote, frame.schema.about) if isinstance(quote, str) else ()


def derive(frame: CheckFrame, options: Options) -> Derived:
    """Find the figures of each distinct quote once, then look each row's figures up."""
    n = frame.n_rows
    quote = frame.column(options.quote)
    codes, texts = distinct(quote.text) if quote is not None else (np.full(n, -1), None)
    about = frame.schema.about
    stated_by = (
        [{f.interval for f in figures(t, about)} for t in texts.to_pylist()]
        if texts is not None
        else []
    )
    judged, stated = [], []
    for name in options.columns:
        values = frame.column(name)
        if values is None or values.lo is None or values.hi is None:
            judged.append(np.full(n, np.nan))
            stated.append(np.full(n, np.nan))
            continue
        rows = values.present & (codes >= 0)
        judged.append(np.where(rows, 1.0, np.nan))
        stated.append(_stated(codes, values.lo, values.hi, rows, stated_by))
    return Derived(tuple(judged), tuple(stated))


def _stated(
    codes: np.ndarray,
    lo: FloatArray,
    hi: FloatArray,
    rows: np.ndarray,
    stated_by: list[set[Interval]],
) -> FloatArray:
    """1 where the row's quote states its interval, NaN elsewhere: each distinct
    (quote, figure) pair is looked up once."""
    result = np.full(len(codes), np.nan)
    if not rows.any():
        return result
    keys = np.stack([codes[rows].astype(np.float64), lo[rows], hi[rows]], axis=1)
    pairs, inverse = np.unique(keys, axis=0, return_inverse=True)
    found = np.array(
        [Interval(lo_, hi_) in stated_by[int(code)] for code, lo_, hi_ in pairs.tolist()]
    )
    result[rows] = np.where(found[inverse.reshape(-1)], 1.0, np.nan)
    return result


def verdict(options: Options) -> tuple[Comparison, ...]:
    """Every judged figure is stated."""
    return tuple(Filled(f"stated_{i}", where=f"judged_{i}") for i in range(len(options.columns)))


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one flagged row: the figures its quote does not state."""
    stated = _figures(frame, options, row)
    missing = [
        (name, frame.values[name])
        for i, name in enumerate(options.columns)
        if derived.judged[i][row] == 1 and np.isnan(derived.stated[i][row])
    ]
    matched = {
        (frame.values[name].lo[row], frame.values[name].hi[row])  # type: ignore[index]
        for i, name in enumerate(options.columns)
        if derived.judged[i][row] == 1 and derived.stated[i][row] == 1
    }
    clauses, expected = [], None
    plain = []
    for name, values in missing:
        dropped = _dropped(values, row, stated)
        if dropped is not None:
            clauses.append(
                f"{name} {values.show(row)} drops the quote's qualifier: "
                f"the quote says “{dropped.text}”"
            )
            expected = expected or dropped.text
        else:
            plain.append((name, values))
    if plain:
        shown = [f"{name} {values.show(row)}" for name, values in plain]
        listed = ", ".join(str(f) for f in stated)
        subject = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"
        verb = "is" if len(shown) == 1 else "are"
        among = (
            f"among the figures the quote states ({listed})"
            if stated
            else "stated by the quote, which states no figure"
        )
        clause = f"{subject} {verb} not {among}"
        if len(missing) == 1:
            values = plain[0][1]
            summed = _sum_of(values, row, stated)
            if summed is not None:
                clause += f"; it is {summed}, the desk's own sum"
            else:
                unmatched = [f for f in stated if (f.interval.lo, f.interval.hi) not in matched]
                if len(unmatched) == 1:
                    expected = str(unmatched[0])
        clauses.append(clause)
    first = missing[0][1]
    message = f"{frame.label(row)}: {'; '.join(clauses)}."
    columns = tuple(name for name, _ in missing)
    words = tuple(f.text for f in stated)
    return Violation(row, columns, first.show(row), expected, message, quoted=words)


def _dropped(values: Values, row: int, stated: tuple[Figure, ...]) -> Figure | None:
    """The quote's figure with the same number but a qualifier the cell dropped."""
    lo, hi = values.bounds()
    if lo[row] != hi[row]:
        return None
    number = int(lo[row])
    return next((f for f in stated if not f.interval.is_exact and number in f.numbers), None)


def _sum_of(values: Values, row: int, stated: tuple[Figure, ...]) -> str | None:
    """``78 + 37`` when the cell is the sum of two exact figures of the quote."""
    lo, hi = values.bounds()
    if lo[row] != hi[row]:
        return None
    exact = [int(f.interval.lo) for f in stated if f.interval.is_exact]
    for a, b in combinations(exact, 2):
        if a + b == lo[row]:
            return f"{max(a, b)} + {min(a, b)}"
    return None


RULE = Rule(
    "quoted",
    "Each listed figure is stated in the row's quote.",
    __name__,
    Options,
    derive,
    verdict,
    describe,
    compares="each row",
)
