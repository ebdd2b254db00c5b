"""Values run 1, 2, 3 ... within each series: no gap, no repeat.

The rows are taken in the schema's ``order`` within each ``series``; each
value must be the one before it plus ``step``. A gap is flagged on the row
after it and names the missing values; a repeat is flagged on the second row
that holds the value, unless ``repeats: allow`` (several rows, such as several
sources on one wave, may share a value; gaps are still flagged). Blank cells,
and tallies that are not exact, are skipped.

Options:
    column: the column to check (integer or tally), or a list of columns, each
        judged on its own. Required.
    step: the difference between one value and the next. Default 1.
    start: the value the first row of each series must hold. Default: none.
    repeats: ``flag`` (the default) flags a value that appears again; ``allow``
        accepts it.

Example:
    With ``column: wave``, waves 4, 6, 7 give one finding on wave 6:
    "wave 5 is missing". Waves 6, 7, 7 give one on the second wave 7:
    "wave 7 appears again". Waves 1, 2, 3 pass, and so do waves 1, 2, 2, 3 with
    ``repeats: allow``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from tallycheck.checks.base import Rule, column_option, describe_missing
from tallycheck.checks.verdicts import InSet
from tallycheck.judgement import Violation

if TYPE_CHECKING:
    from tallycheck.arrays import FloatArray, IntArray
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.verdicts import Comparison


@dataclass(frozen=True)
class Options:
    """Options of the sequence rule."""

    column: str = field(metadata=column_option("numeric"))
    step: int = 1
    start: int | None = None
    repeats: Literal["flag", "allow"] = "flag"


@dataclass(frozen=True)
class Derived:
    """Per row, NaN where the row is not judged: the step from the row before
    in its series (``step``), and the value of each series' first row (``first``).
    ``before`` holds the row before (-1 for none)."""

    step: FloatArray
    first: FloatArray
    before: IntArray

    def columns(self) -> dict[str, FloatArray]:
        """The columns the judgement compares."""
        return {"step": self.step, "first": self.first}


def derive(frame: CheckFrame, options: Options) -> Derived:
    """The step between each exact value and the one before it in its series."""
    n = frame.n_rows
    values = frame.column(options.column)
    if values is None or values.lo is None:
        return Derived(np.full(n, np.nan), np.full(n, np.nan), np.full(n, -1, dtype=np.int64))
    lo, hi = values.bounds()
    usable = values.present if hi is lo else values.present & (lo == hi)
    before = frame.row_before(usable, earlier_order=False)
    has_before = before >= 0
    step = np.where(has_before, lo - lo[np.maximum(before, 0)], np.nan)
    in_walk = np.zeros(n, dtype=bool)
    in_walk[frame.walk] = True
    first = np.where(usable & in_walk & ~has_before, lo, np.nan)
    return Derived(step, first, before)


def verdict(options: Options) -> tuple[Comparison, ...]:
    """Each step is ``step`` (or 0, a repeat, when repeats are allowed); each series'
    first value is ``start``, when given."""
    allowed = (0, options.step) if options.repeats == "allow" else (options.step,)
    steps: tuple[Comparison, ...] = (InSet("step", allowed),)
    if options.start is None:
        return steps
    return (*steps, InSet("first", (options.start,)))


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one flagged row: a gap, a repeat, a step out of sequence or a bad start."""
    values = frame.values[options.column]
    lo, _ = values.bounds()
    name, step = options.column, options.step
    current, prev_row = int(lo[row]), int(derived.before[row])
    if prev_row < 0:
        return _start_violation(frame.label(row), name, row, current, options, values.show(row))
    previous = int(lo[prev_row])
    message, figures = _wording(frame.label(row), name, previous, current, step)
    return Violation(
        row, (name,), values.show(row), str(previous + step), message, prev_row, figures
    )


def _wording(label: str, name: str, previous: int, current: int, step: int) -> tuple[str, str]:
    """The message of a row out of sequence, and its figures in words (``wave 5 is
    missing before wave 6``): a repeat, a gap, or a step out of sequence."""
    diff = current - previous
    if diff == 0:
        message = f"{label}: {name} {current} appears again (it is also on the row before)."
        return message, f"{name} {current} twice"
    if diff > step and diff % step == 0:
        missing = describe_missing(name, previous + step, current - step, step)
        message = f"{label}: {missing} (the row before is {name} {previous})."
        return message, f"{missing} before {name} {current}"
    expected = previous + step
    message = f"{label}: {name} {current} comes after {name} {previous}; expected {expected}."
    return message, f"{name} {expected} expected after {name} {previous}, not {current}"


def _start_violation(
    label: str, name: str, row: int, current: int, options: Options, shown: str
) -> Violation:
    start, step = options.start or 0, options.step
    if current > start and (current - start) % step == 0:
        missing = describe_missing(name, start, current - step, step)
        message, figures = f"{label}: {missing} before it.", f"{missing} before {name} {current}"
    else:
        figures = f"the first {name} should be {start}, not {current}"
        message = f"{label}: {figures}."
    return Violation(row, (name,), shown, str(start), message, figures=figures)


RULE = Rule(
    "sequence",
    "Values run 1, 2, 3 ... within each series: no gap, no repeat.",
    __name__,
    Options,
    derive,
    verdict,
    describe,
)
