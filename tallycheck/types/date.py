"""``date``: a calendar date, compared as days since 1970-01-01.

By default a cell is an ISO 8601 date (2020-02-24) or date-time
(2020-02-24T18:00:00, 2020-02-24 18:00, 2020-02-24T18:00:00+01:00): a date-time
counts as the day written before its time, and an offset or a "Z" is not applied
(2020-02-24T23:30:00-05:00 is 24 February). With ``format`` (strftime, such as
``%d-%m-%Y``), cells are dates written so: the whole cell, a real day of the
month, leading zeros optional. A format reads no offset (``%z``): the day written
is the day. A ``min``, ``max`` or allowed date in the schema is ISO (YYYY-MM-DD).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tallycheck.cells import dates
from tallycheck.types.base import Bound, ColumnType, Parsed, Reading

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray

EPOCH = dt.date(1970, 1, 1)


class Date(ColumnType):
    """Cells read as days since 1970-01-01; blank and invalid cells have no value."""

    def parse(self, text: pa.Array, blank: BoolArray, read: Reading) -> Parsed:
        days, ok = dates(text, read.format)
        return Parsed(~blank & ~ok, days, days)

    def bound_from_text(self, text: str) -> Bound | None:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None

    def json_schema(self) -> dict[str, Any]:
        day = {"type": "string", "format": "date"}
        formats = {
            "type": "string",
            "pattern": "%",
            "description": "A strftime format, such as %d-%m-%Y (default: ISO 8601 dates "
            "and date-times).",
        }
        return {"min": day, "max": day, "format": formats}


def days(value: dt.date) -> float:
    """A date on the scale of a parsed date column."""
    return float((value - EPOCH).days)


def format_problem(format: str) -> str | None:
    """What is wrong with a date ``format``, or None: it must read back the day it
    writes, and read no offset (%z, %Z)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if "%z" in format or "%Z" in format:
        return "reads an offset (%z, %Z); leave it out: the day written is the day"
    sample = pa.array([dt.datetime(2001, 2, 3, 4, 5, 6)], pa.timestamp("s"))
    try:
        written = pc.strftime(sample, format=format)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        written = None
    read, ok = dates(written, format) if written is not None else (None, None)
    if ok is None or read is None or not ok[0] or read[0] != days(dt.date(2001, 2, 3)):
        return f"should give the year, month and day, such as %d-%m-%Y, not {format!r}"
    return None


DATE = Date(
    "date",
    "a date: ISO 8601 (YYYY-MM-DD, or a date-time) unless the column gives a format",
    bounds=(dt.date,),
    bound_words="a date (YYYY-MM-DD)",
    keys=("format",),
)
