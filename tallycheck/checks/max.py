"""The value is not above the maximum (``max``: a number, or a date YYYY-MM-DD).

A tally is flagged only when it is certainly above: when its lower bound is.
"up to 600" passes ``max: 500``; "more than 500" does not.

Example:
    ``men: {type: tally, max: 500}`` flags "more than 500" and 501.
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
    return limit(spec, spec.max)


def derive(values: Values, option: Limit) -> Columns:
    return {"lo": values.bounds()[0]}


def verdict(option: Limit) -> tuple[Comparison, ...]:
    return (Between("lo", high=option.value),)


def describe(values: Values, option: Limit, row: int) -> Wording:
    name = values.spec.name
    return Wording(
        f"{name} {values.show(row)} is above the maximum {option.shown}", f"at most {option.shown}"
    )


CHECK = ColumnCheck(
    "max",
    "The value is not above the maximum; a tally only when certainly above.",
    __name__,
    option,
    derive,
    verdict,
    describe,
    parts={"lo": "the lower bound of the cell's value (of a tally, its interval's lower end)"},
)
