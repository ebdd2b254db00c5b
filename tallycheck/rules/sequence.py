"""Values run 1, 2, 3 ... within each series: no gap, no repeat.

The rows are taken in the schema's ``order`` within each ``series``; each
value must be the one before it plus ``step``. A gap is flagged on the row
after it and names the missing values; a repeat is flagged on the second row
that holds the value. Blank cells, and tallies that are not exact, are skipped.

Options:
    column: the column to check (integer or tally). Required.
    step: the difference between one value and the next. Default 1.
    start: the value the first row of each series must hold. Default: none.

Example:
    With ``column: wave``, waves 4, 6, 7 give one finding on wave 6:
    "wave 5 is missing". Waves 6, 7, 7 give one on the second wave 7:
    "wave 7 appears again". Waves 1, 2, 3 pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tallycheck.rules.base import Violation, column_option, describe_missing

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame

ID = "sequence"
SUMMARY = "Values run 1, 2, 3 ... within each series: no gap, no repeat."
SUBSUMES: tuple[str, ...] = ()


@dataclass(frozen=True)
class Options:
    """Options of the sequence rule."""

    column: str = field(metadata=column_option("numeric"))
    step: int = 1
    start: int | None = None


def check(frame: CheckFrame, options: Options) -> Iterator[Violation]:
    """Flag gaps, repeats and steps out of sequence."""
    values = frame.column(options.column)
    if values is None or values.lo is None:
        return
    name, step = options.column, options.step
    lo, hi = values.bounds()
    usable = values.present & (lo == hi)
    before = frame.previous(usable, earlier_order=False)
    at = np.flatnonzero(usable[frame.walk])
    rows = frame.walk[at]
    has_before = before[at] >= 0
    prev_rows = frame.walk[np.where(has_before, before[at], 0)]
    diff = lo[rows] - lo[prev_rows]
    wrong = has_before & (diff != step)
    if options.start is not None:
        wrong |= ~has_before & (lo[rows] != options.start)
    for row, prev_row, first in zip(
        rows[wrong].tolist(), prev_rows[wrong].tolist(), (~has_before[wrong]).tolist(), strict=True
    ):
        current = int(lo[row])
        if first:
            yield _start_violation(frame.label(row), name, row, current, options, values.show(row))
            continue
        previous = int(lo[prev_row])
        yield Violation(
            row,
            (name,),
            values.show(row),
            str(previous + step),
            _message(frame.label(row), name, previous, current, step),
            prev_row,
        )


def _message(label: str, name: str, previous: int, current: int, step: int) -> str:
    diff = current - previous
    if diff == 0:
        return f"{label}: {name} {current} appears again (it is also on the row before)."
    if diff > step and diff % step == 0:
        missing = describe_missing(name, previous + step, current - step, step)
        return f"{label}: {missing} (the row before is {name} {previous})."
    return f"{label}: {name} {current} comes after {name} {previous}; expected {previous + step}."


def _start_violation(
    label: str, name: str, row: int, current: int, options: Options, shown: str
) -> Violation:
    start, step = options.start or 0, options.step
    if current > start and (current - start) % step == 0:
        message = f"{label}: {describe_missing(name, start, current - step, step)} before it."
    else:
        message = f"{label}: the first {name} should be {start}, not {current}."
    return Violation(row, (name,), shown, str(start), message)
