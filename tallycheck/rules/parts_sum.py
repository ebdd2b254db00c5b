"""A breakdown adds up to its total: women + men = pardoned.

Each row's ``parts`` are added up and compared with its ``total``, as
intervals: the row is flagged only when the parts certainly cannot give the
total. With ``mode: exact`` (the default) the parts must add up to the total;
with ``mode: at-most`` they need only not exceed it, for breakdowns that need
not cover the total or that overlap ("11 women and 14 ill" out of 20). When a
part is blank, the parts that are given must still not exceed the total.

Options:
    parts: the columns that make up the total (two or more). Required.
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from tallycheck.rules.base import Violation, column_option
from tallycheck.tally import Interval

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame

ID = "parts-sum"
SUMMARY = "A breakdown adds up to its total (women + men = pardoned)."
SUBSUMES: tuple[str, ...] = ()


@dataclass(frozen=True)
class Options:
    """Options of the parts-sum rule."""

    parts: tuple[str, ...] = field(metadata=column_option("numeric"))
    total: str = field(metadata=column_option("numeric"))
    mode: Literal["exact", "at-most"] = "exact"


def check(frame: CheckFrame, options: Options) -> Iterator[Violation]:
    """Flag each row whose parts certainly do not add up to its total."""
    total = frame.column(options.total)
    parts = [p for p in (frame.column(name) for name in options.parts) if p is not None]
    if total is None or total.lo is None or total.hi is None or not parts:
        return
    n = frame.n_rows
    sum_lo, sum_hi = np.zeros(n), np.zeros(n)
    given, complete = np.zeros(n, dtype=bool), len(parts) == len(options.parts)
    all_given = np.full(n, complete)
    for part in parts:
        lo, hi = part.bounds()
        sum_lo += np.where(part.present, lo, 0.0)
        sum_hi += np.where(part.present, hi, 0.0)
        given |= part.present
        all_given &= part.present
    exact = all_given & (options.mode == "exact")
    too_many = sum_lo > total.hi
    too_few = exact & (sum_hi < total.lo)
    bad = total.present & given & (too_many | too_few)
    columns = (*options.parts, options.total)
    for row in np.flatnonzero(bad).tolist():
        shown = [f"{p.spec.name} {p.show(row)}" for p in parts if p.present[row]]
        made = str(Interval(sum_lo[row], sum_hi[row]))
        total_shown = total.show(row)
        if exact[row]:
            claim, expected = f"should add up to {options.total} {total_shown}", made
        else:
            claim = f"should not exceed {options.total} {total_shown}"
            expected = str(Interval(sum_lo[row], math.inf))
        message = f"{frame.label(row)}: {' + '.join(shown)} {claim}, but they make {made}."
        yield Violation(row, columns, total_shown, expected, message)
