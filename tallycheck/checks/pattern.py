"""The whole text of each filled cell matches the regular expression ``pattern``.

The expression is read as RE2 (as Arrow reads it): no backreferences or
lookaround, repeats up to 1000. It must match the whole cell, not a part of it.

Example:
    ``source: {type: string, pattern: "[A-Z][A-Za-z ]+"}`` flags "ap".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck import patterns
from tallycheck.checks.base import ColumnCheck, Wording
from tallycheck.checks.verdicts import Columns, Comparison, Filled

if TYPE_CHECKING:
    from tallycheck.checkframe import Values
    from tallycheck.specs import ColumnSpec


def option(spec: ColumnSpec) -> str | None:
    return spec.pattern


def derive(values: Values, option: str) -> Columns:
    return {"": values.text, "matched": patterns.matched(values.text, option)}


def verdict(option: str) -> tuple[Comparison, ...]:
    return (Filled("matched", where=""),)


def describe(values: Values, option: str, row: int) -> Wording:
    return Wording(
        f"{values.spec.name} {values.show(row)!r} does not match the pattern {option}", option
    )


CHECK = ColumnCheck(
    "pattern",
    "The text matches the regular expression (RE2 syntax) as a whole.",
    __name__,
    option,
    derive,
    verdict,
    describe,
    parts={"matched": "the text where the whole cell matches the pattern; null elsewhere"},
)
