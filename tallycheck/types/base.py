"""What a column type provides: its name and description, how it parses a column's
cells, which schema keys apply to it, and its part of the schema format's JSON Schema."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray, FloatArray

Bound = int | float | dt.date  # a min, a max or an allowed value of a column with bounds
DECIMAL_MARKS = (".", ",")
DECIMAL_SCHEMA: dict[str, Any] = {
    "enum": list(DECIMAL_MARKS),
    "description": 'The decimal mark: "." (the default) or ",", which makes "." and a '
    "space thousands separators.",
}


@dataclass(frozen=True)
class Reading:
    """How a column's cells are written, from the schema: ``about``, the fraction
    "about N" allows either side of N in a tally; ``decimal``, the decimal mark of
    number, integer and tally cells ("." or ","); ``format``, a date column's
    strftime format (None: ISO 8601)."""

    about: float = 0.10
    decimal: str = "."
    format: str | None = None


@dataclass(frozen=True)
class Parsed:
    """A column's cells read by its type: which filled cells are not of the type,
    and, for a type with bounds, each cell's lower and upper bound (equal for an
    exact value; NaN where the cell is blank or not of the type)."""

    invalid: BoolArray
    lo: FloatArray | None = None
    hi: FloatArray | None = None


@dataclass(frozen=True, eq=False)
class ColumnType(ABC):
    """A column type. ``name`` is how a schema writes it; ``description`` says what
    its cells hold.

    ``bounds`` are the Python types a ``min``, ``max`` or allowed value of the
    column is given as (none: the column's cells have no bounds, and ``min`` and
    ``max`` do not apply), and ``bound_words`` says what such a value should be.
    ``numeric`` types hold counts and amounts, which the rules that add figures
    take; ``whole`` ones hold whole numbers only, so that a gap between two order
    values can be counted. ``allowed`` says whether the
    ``allowed`` key applies, and ``needs_allowed`` whether it must be given.
    ``keys`` are the column keys that only this type takes (``format`` for a
    date, ``decimal`` for numbers and tallies).
    """

    name: str
    description: str
    bounds: tuple[type, ...] = ()
    bound_words: str = ""
    numeric: bool = False
    whole: bool = False
    allowed: bool = True
    needs_allowed: bool = False
    keys: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.name

    @property
    def with_article(self) -> str:
        """The type's name after its article, for sentences: ``an integer``, ``a tally``."""
        return f"an {self.name}" if self.name[0] in "aeiou" else f"a {self.name}"

    @property
    def bounded(self) -> bool:
        """Whether the cells have bounds: numbers, dates and tallies."""
        return bool(self.bounds)

    @property
    def can_fail(self) -> bool:
        """Whether a filled cell can fail to be of this type (any text is a string)."""
        return True

    @abstractmethod
    def parse(self, text: pa.Array, blank: BoolArray, read: Reading) -> Parsed:
        """Read the stripped cells (null where blank) as ``read`` says they are written."""

    def too_large(self, text: str, read: Reading) -> bool:
        """Whether a cell that failed the type is one written right, but beyond
        what is compared exactly."""
        return False

    def bound_from_text(self, text: str) -> Bound | None:
        """A ``min``, ``max`` or allowed value written as text in the schema, read as
        this type compares it; None when text does not give one."""
        return None

    def bound_text(self, bound: Any) -> str:
        """A bound or allowed value as messages show it: a date in ISO 8601, a
        whole number without a fraction."""
        if isinstance(bound, dt.date):
            return bound.isoformat()
        if isinstance(bound, float) and bound.is_integer():
            return str(int(bound))
        return str(bound)

    def json_schema(self) -> dict[str, Any]:
        """The keys of a column of this type, for the JSON Schema (``false``: the
        key does not apply)."""
        keys: dict[str, Any] = {}
        if not self.bounded:
            keys |= {"min": False, "max": False}
        if not self.allowed:
            keys["allowed"] = False
        if "decimal" in self.keys:
            keys["decimal"] = DECIMAL_SCHEMA
        return keys

    def json_required(self) -> list[str]:
        """The keys a column of this type must have."""
        return ["allowed"] if self.needs_allowed else []
