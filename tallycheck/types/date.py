"""``date``: an ISO 8601 calendar date, YYYY-MM-DD; compared as days since 1970-01-01."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tallycheck.cells import dates
from tallycheck.types.base import Bound, ColumnType, Parsed

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray

EPOCH = dt.date(1970, 1, 1)


class Date(ColumnType):
    """Cells read as days since 1970-01-01; blank and invalid cells have no value."""

    def parse(self, text: pa.Array, blank: BoolArray, about: float) -> Parsed:
        days, ok = dates(text)
        return Parsed(~blank & ~ok, days, days)

    def bound_from_text(self, text: str) -> Bound | None:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None

    def json_schema(self) -> dict[str, Any]:
        day = {"type": "string", "format": "date"}
        return {"min": day, "max": day}


def days(value: dt.date) -> float:
    """A date on the scale of a parsed date column."""
    return float((value - EPOCH).days)


DATE = Date(
    "date",
    "an ISO 8601 calendar date, YYYY-MM-DD",
    bounds=(dt.date,),
    bound_words="a date (YYYY-MM-DD)",
)
