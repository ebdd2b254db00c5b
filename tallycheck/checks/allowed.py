"""The value is one of those listed under ``allowed`` (a category column must list them).

Numbers are compared by value ("1,000" is 1000); dates and text as written, a
date in ISO 8601. Blank cells pass (``required`` judges them), and so do number
cells that are not numbers (``type`` judges them).

Example:
    ``outlet: {type: category, allowed: [AP, Reuters]}`` flags "AFP".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tallycheck.checks.base import ColumnCheck, Wording
from tallycheck.checks.verdicts import Columns, Comparison, InSet

if TYPE_CHECKING:
    from tallycheck.checkframe import Values
    from tallycheck.specs import ColumnSpec


@dataclass(frozen=True)
class Allowed:
    """The allowed values as compared (numbers by value, else text), and as listed."""

    values: tuple[float | str, ...]
    by_value: bool
    listed: str


def option(spec: ColumnSpec) -> Allowed | None:
    if spec.allowed is None:
        return None
    listed = ", ".join(spec.type.bound_text(a) for a in spec.allowed)
    if spec.type.numeric:
        numbers = tuple(float(a) for a in spec.allowed if isinstance(a, int | float))
        return Allowed(numbers, True, listed)
    texts = tuple(a.isoformat() if isinstance(a, dt.date) else str(a) for a in spec.allowed)
    return Allowed(texts, False, listed)


def derive(values: Values, option: Allowed) -> Columns:
    return {"lo": values.bounds()[0]} if option.by_value else {"": values.text}


def verdict(option: Allowed) -> tuple[Comparison, ...]:
    return (InSet("lo" if option.by_value else "", option.values),)


def describe(values: Values, option: Allowed, row: int) -> Wording:
    return Wording(
        f"{values.spec.name} {values.show(row)!r} is not one of the allowed values "
        f"({option.listed})",
        f"one of {option.listed}",
    )


CHECK = ColumnCheck(
    "allowed",
    "The value is one of those listed under allowed.",
    __name__,
    option,
    derive,
    verdict,
    describe,
    parts={"lo": "a number cell's value; null where the cell is blank or not a number"},
)
