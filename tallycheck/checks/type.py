"""Each filled cell holds a value of the column's type.

The types are integer, number, tally, string, date, url and category
(``tallycheck explain tally`` lists what a tally cell may say). A string or
category cell is always of its type; ``allowed`` judges a category's values. A
number written right but beyond ±(2^53 - 1), which cannot be compared exactly,
is a ``too-large`` finding instead, and its table is not judged.

Example:
    ``wave: {type: integer}`` flags "six" and "6th"; ``cumulative: {type: tally}``
    takes "more than 1,300" and flags "many".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.checks.base import ColumnCheck, Wording
from tallycheck.checks.hints import type_hint
from tallycheck.checks.verdicts import Columns, Comparison, Filled
from tallycheck.entries import TOO_LARGE
from tallycheck.exact import MAX_EXACT_TEXT
from tallycheck.types.base import Reading

if TYPE_CHECKING:
    from tallycheck.checkframe import Values
    from tallycheck.specs import ColumnSpec
    from tallycheck.types.base import ColumnType


def option(spec: ColumnSpec) -> ColumnType | None:
    return spec.type if spec.type.can_fail else None


def derive(values: Values, option: ColumnType) -> Columns:
    """The text, and the value read from it (NaN or null where it is not of the type)."""
    if values.lo is not None:
        return {"": values.text, "parsed": values.lo}
    return {"": values.text, "parsed": values.valid_text}


def verdict(option: ColumnType) -> tuple[Comparison, ...]:
    return (Filled("parsed", where=""),)


def describe(values: Values, option: ColumnType, row: int) -> Wording:
    name, shown = values.spec.name, values.show(row)
    if option.too_large(shown, Reading(decimal=values.spec.decimal)):
        return Wording(
            f"{name} {_abridged(shown)!r} is too large to compare exactly "
            f"(beyond {MAX_EXACT_TEXT})",
            f"{option.with_article} within {MAX_EXACT_TEXT}",
            TOO_LARGE.id,
        )
    return Wording(
        f"{name} {shown!r} is not {option.with_article} ({option.description})"
        + type_hint(values.spec, shown),
        option.name,
    )


def _abridged(number: str) -> str:
    """A long number shortened for a sentence: its first digits and how many it has."""
    if len(number) <= 40:
        return number
    return f"{number[:20]}… ({sum(c.isdigit() for c in number)} digits)"


CHECK = ColumnCheck(
    "type",
    "The cell holds a value of the column's type (integer, number, tally, string, date, url, "
    "category).",
    __name__,
    option,
    derive,
    verdict,
    describe,
    parts={
        "parsed": "the cell read by its type: the number, the lower bound of a tally, days "
        "since 1970-01-01 for a date, the text of a valid URL; null where the cell is blank "
        "or not of its type",
    },
)
