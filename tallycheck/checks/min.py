"""The value is not below the minimum (``min``: a number, or a date YYYY-MM-DD).

A tally is flagged only when it is certainly below: when its upper bound is.
"at least 3" passes ``min: 5``, as it may be 5 or more; "fewer than 4" does not.

Example:
    ``wave: {type: integer, min: 1}`` flags wave 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.checks.base import ColumnCheck, Wording
from tallycheck.checks.bounds import Limit, limit
from tallycheck.checks.verdicts import Between, Columns, Comparison

if TYPE_CHECKING:
    from tallycheck.checkframe import Values
    from tallycheck.specs import ColumnSpec


def option(spec: ColumnSpec) -> Limit | None:
    return limit(spec, spec.min)


def derive(values: Values, option: Limit) -> Columns:
    return {"hi": values.bounds()[1]}


def verdict(option: Limit) -> tuple[Comparison, ...]:
    return (Between("hi", low=option.value),)


def describe(values: Values, option: Limit, row: int) -> Wording:
    name = values.spec.name
    return Wording(
        f"{name} {values.show(row)} is below the minimum {option.shown}", f"at least {option.shown}"
    )


CHECK = ColumnCheck(
    "min",
    "The value is not below the minimum; a tally only when certainly below.",
    __name__,
    option,
    derive,
    verdict,
    describe,
    parts={"hi": "the upper bound of the cell's value (of a tally, its interval's upper end)"},
)
