"""Each column's type, as tallycheck's own types read its cells.

A column takes the first type, in ``CANDIDATES`` order, that parses every filled
cell: integer, number (with a decimal point, then a decimal comma), an ISO date
or a date in one of ``DATE_FORMATS``, a URL, a tally; any other column is text,
a category when a few short values repeat. Cells that are one of
``MISSING_MARKERS`` ("n/a", "unknown") become the column's ``missing`` when the
rest then parse as a number or a date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tallycheck.arrow_numpy import bools, valid, with_nulls
from tallycheck.cells import stripped
from tallycheck.tables.table import Table
from tallycheck.types.base import ColumnType, Parsed, Reading
from tallycheck.types.category import CATEGORY
from tallycheck.types.date import DATE
from tallycheck.types.integer import INTEGER
from tallycheck.types.number import NUMBER
from tallycheck.types.string import STRING
from tallycheck.types.tally import TALLY
from tallycheck.types.url import URL

DATE_FORMATS = (
    "%d-%m-%Y",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d %B %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%b %d, %Y",
)
# (type, decimal mark, date format), tried in this order; the first that reads every
# filled cell is the column's type.
CANDIDATES: tuple[tuple[ColumnType, str, str | None], ...] = (
    (INTEGER, ".", None),
    (NUMBER, ".", None),
    (INTEGER, ",", None),
    (NUMBER, ",", None),
    (DATE, ".", None),
    *((DATE, ".", f) for f in DATE_FORMATS),
    (URL, ".", None),
    (TALLY, ".", None),
)
MISSING_MARKERS = (
    "n/a",
    "N/A",
    "NA",
    "na",
    "-",
    "\u2014",
    "\u2013",
    "?",
    "unknown",
    "Unknown",
    "null",
)
MAX_CATEGORIES = 10  # a text column with at most this many values ...
MIN_REPEATS = 3  # ... each seen this many times on average, all short, is a category
MAX_CATEGORY_LENGTH = 40


@dataclass(frozen=True)
class ColumnGuess:
    """A column as the draft gives it: the keys the schema writes, and why."""

    name: str
    type: ColumnType
    required: bool = True
    decimal: str = "."
    format: str | None = None
    missing: tuple[str, ...] = ()
    allowed: tuple[str, ...] | None = None
    min: int | None = None
    unique: bool = False
    note: str = ""


@dataclass(frozen=True)
class ColumnRead:
    """A column's guess beside its cells: stripped text (null where blank) and the
    parsed values of a type with bounds."""

    guess: ColumnGuess
    text: pa.Array
    blank: np.ndarray
    parsed: Parsed


def read_columns(table: Table) -> list[ColumnRead]:
    """Every column of the table with its guessed type, in file order."""
    return [_read_column(name, table.column(name)) for name in table.names]


def _read_column(name: str, cells: pa.Array) -> ColumnRead:
    text = stripped(cells)
    blank = ~valid(text)
    filled = int((~blank).sum())
    if filled == 0:
        guess = ColumnGuess(name, STRING, required=False, note="every cell is blank")
        return ColumnRead(guess, text, blank, STRING.parse(text, blank, Reading()))
    marked = bools(pc.is_in(text, value_set=pa.array(MISSING_MARKERS))) & ~blank
    found = _first_type(text, blank)
    missing: tuple[str, ...] = ()
    if found is None and marked.any():
        found = _first_type(with_nulls(text, marked), blank | marked)
        if found is not None:
            missing = tuple(sorted(set(pc.unique(text.filter(pa.array(marked))).to_pylist())))
            text, blank = with_nulls(text, marked), blank | marked
            filled = int((~blank).sum())
    required = not blank.any()
    if found is None:
        return _text_column(name, text, blank, required)
    kind, decimal, format, parsed = found
    why = _type_words(kind, decimal, format, filled, len(blank))
    if missing:
        why += f"; {', '.join(map(repr, missing))} read as not given"
    lowest = None if parsed.lo is None or kind.bounds != (int,) else np.nanmin(parsed.lo)
    guess = ColumnGuess(
        name,
        kind,
        required=required,
        decimal=decimal,
        format=format,
        missing=missing,
        min=0 if lowest is not None and lowest >= 0 else None,
        note=why,
    )
    return ColumnRead(guess, text, blank, parsed)


def _first_type(
    text: pa.Array, blank: np.ndarray
) -> tuple[ColumnType, str, str | None, Parsed] | None:
    for kind, decimal, format in CANDIDATES:
        parsed = kind.parse(text, blank, Reading(decimal=decimal, format=format))
        if not parsed.invalid.any():
            return kind, decimal, format, parsed
    return None


def _type_words(kind: ColumnType, decimal: str, format: str | None, filled: int, rows: int) -> str:
    how = " with a decimal comma" if decimal == "," else ""
    how += f" written {format}" if format else ""
    blanks = "" if filled == rows else f", {rows - filled} blank"
    return f"{filled} of {rows} cells {kind.with_article}{how}{blanks}"


def _text_column(name: str, text: pa.Array, blank: np.ndarray, required: bool) -> ColumnRead:
    filled = int((~blank).sum())
    values = pc.unique(text.filter(pa.array(~blank)))
    blanks = "" if required else f", {len(blank) - filled} blank"
    longest = pc.max(pc.utf8_length(values)).as_py() or 0
    if (
        len(values) <= MAX_CATEGORIES
        and filled >= MIN_REPEATS * len(values)
        and longest <= MAX_CATEGORY_LENGTH
    ):
        allowed = tuple(sorted(values.to_pylist()))
        note = f"{len(allowed)} distinct values in {filled} filled cells{blanks}"
        guess = ColumnGuess(name, CATEGORY, required=required, allowed=allowed, note=note)
    else:
        note = f"text: {len(values)} distinct values{blanks}"
        guess = ColumnGuess(name, STRING, required=required, note=note)
    return ColumnRead(guess, text, blank, STRING.parse(text, blank, Reading()))


def as_text(read: ColumnRead) -> ColumnRead:
    """The column as plain text (a series column is not a category: new series come)."""
    guess = read.guess
    if guess.type is not CATEGORY:
        return read
    plain = ColumnGuess(guess.name, STRING, required=guess.required, note=guess.note)
    return ColumnRead(plain, read.text, read.blank, read.parsed)
