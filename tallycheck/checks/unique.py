"""No two rows hold the same value (``unique: true``; default false).

A repeat is flagged on each later row that holds a value an earlier row holds.
Numbers, dates and tallies are the same when their parsed values are ("1,300"
and "1300"); text is the same when it is written the same. Blank cells and cells
not of the column's type are not compared.

Example:
    ``wave: {type: integer, unique: true}`` flags the second of two rows of wave 7.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tallycheck.checks.base import ColumnCheck, Wording
from tallycheck.checks.verdicts import Columns, Comparison, Unique, text_codes

if TYPE_CHECKING:
    from tallycheck.arrays import FloatArray
    from tallycheck.checkframe import Values
    from tallycheck.specs import ColumnSpec


def option(spec: ColumnSpec) -> bool | None:
    return True if spec.unique else None


def derive(values: Values, option: bool) -> Columns:
    return {"key": _key(values)}


def _key(values: Values) -> FloatArray:
    """What makes two cells the same, as one number per row (NaN: not compared)."""
    if values.lo is None or values.hi is None:
        return text_codes(values.text, values.present)
    if values.hi is values.lo:  # exact values: blank and invalid cells are NaN already
        return values.lo
    present = values.present
    pairs = np.stack([values.lo[present], values.hi[present]], axis=1)
    _, codes = np.unique(pairs, axis=0, return_inverse=True)
    key = np.full(len(present), np.nan)
    key[present] = codes.reshape(-1)
    return key


def verdict(option: bool) -> tuple[Comparison, ...]:
    return (Unique("key"),)


def describe(values: Values, option: bool, row: int) -> Wording:
    return Wording(
        f"{values.spec.name} {values.show(row)} appears on an earlier row too",
        "a value no other row has",
    )


CHECK = ColumnCheck(
    "unique",
    "No two rows hold the same value.",
    __name__,
    option,
    derive,
    verdict,
    describe,
    parts={
        "key": "what makes two cells the same: a number per distinct value; null where "
        "the cell is blank or not of its type"
    },
)
