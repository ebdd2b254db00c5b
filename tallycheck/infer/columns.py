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

from tallycheck.arrays import BoolArray
from tallycheck.arrow_numpy import bools, from_bools, strings, valid, with_nulls
from tallycheck.cells import stripped
from tallycheck.infer.words import counted
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
TYPE_SHARE = 0.99  # a type that reads this share of the filled cells is the column's
SAMPLE = 2_000  # filled cells a type is tried on first
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
    blank: BoolArray
    parsed: Parsed


def read_columns(table: Table) -> list[ColumnRead]:
    """Every column of the table with its guessed type, in file order."""
    return [_read_column(name, table.column(name)) for name in table.names]


def _read_column(name: str, cells: pa.Array) -> ColumnRead:
    text = stripped(cells)
    blank = ~valid(text)
    if blank.all():
        guess = ColumnGuess(name, STRING, required=False, note="every cell is blank")
        return ColumnRead(guess, text, blank, STRING.parse(text, blank, Reading()))
    marked = bools(pc.is_in(text, value_set=strings(list(MISSING_MARKERS)))) & ~blank
    missing: tuple[str, ...] = ()
    found = None
    if marked.any():
        found = _first_type(with_nulls(text, marked), blank | marked)
        if found is not None:
            missing = tuple(sorted(set(pc.unique(text.filter(from_bools(marked))).to_pylist())))
            text, blank = with_nulls(text, marked), blank | marked
    if found is None:
        found = _first_type(text, blank)
    required = not blank.any()
    if found is None:
        return _text_column(name, text, blank, required)
    kind, decimal, format, parsed = found
    read_cells = int((~blank).sum() - parsed.invalid.sum())
    why = _type_words(kind, decimal, format, read_cells, int(blank.sum()), len(blank))
    if missing:
        why += f"; {', '.join(map(repr, missing))} read as not given"
    if format is not None:
        also = [f for f in DATE_FORMATS if f != format and _reads_all(text, blank, f)]
        why += f"; they also read as {', '.join(also)}: check which is meant" if also else ""
    if parsed.invalid.any():
        first = text[int(np.flatnonzero(parsed.invalid)[0])].as_py()
        why += f"; {int(parsed.invalid.sum()):,} filled cells are not, such as {first!r}"
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
    text: pa.Array, blank: BoolArray
) -> tuple[ColumnType, str, str | None, Parsed] | None:
    """The first candidate type that reads at least ``TYPE_SHARE`` of the filled
    cells, judged first on a sample of them so that a type far off costs little."""
    filled = np.flatnonzero(~blank)
    picked = filled[np.linspace(0, len(filled) - 1, min(len(filled), SAMPLE)).astype(np.int64)]
    chosen = np.zeros(len(blank), dtype=bool)
    chosen[picked] = True
    sample = text.filter(from_bools(chosen))  # take() would load pandas to convert indices
    none_blank = np.zeros(len(sample), dtype=bool)
    allowed = (1 - TYPE_SHARE) * len(filled)
    for kind, decimal, format in CANDIDATES:
        read = Reading(decimal=decimal, format=format)
        if kind.parse(sample, none_blank, read).invalid.mean() > 1 - TYPE_SHARE:
            continue
        parsed = kind.parse(text, blank, read)
        if parsed.invalid.sum() <= allowed:
            return kind, decimal, format, parsed
    return None


def _reads_all(text: pa.Array, blank: BoolArray, format: str) -> bool:
    """Whether every filled cell is a date written in ``format``."""
    return not DATE.parse(text, blank, Reading(format=format)).invalid.any()


def _type_words(
    kind: ColumnType, decimal: str, format: str | None, read: int, blank: int, rows: int
) -> str:
    """``98 of 100 cells an integer, 2 blank``."""
    how = " with a decimal comma" if decimal == "," else ""
    how += f" written {format}" if format else ""
    blanks = f", {blank:,} blank" if blank else ""
    return f"{read:,} of {rows:,} cells {kind.with_article}{how}{blanks}"


def _text_column(name: str, text: pa.Array, blank: BoolArray, required: bool) -> ColumnRead:
    filled = int((~blank).sum())
    values = pc.unique(text.filter(from_bools(~blank)))
    blanks = "" if required else f", {len(blank) - filled:,} blank"
    longest = pc.max(pc.utf8_length(values)).as_py() or 0
    if (
        len(values) <= MAX_CATEGORIES
        and filled >= MIN_REPEATS * len(values)
        and longest <= MAX_CATEGORY_LENGTH
    ):
        allowed = tuple(sorted(values.to_pylist()))
        note = f"{counted(len(allowed), 'distinct value')} in {filled:,} filled cells{blanks}"
        guess = ColumnGuess(name, CATEGORY, required=required, allowed=allowed, note=note)
    else:
        note = f"text: {counted(len(values), 'distinct value')}{blanks}"
        guess = ColumnGuess(name, STRING, required=required, note=note)
    return ColumnRead(guess, text, blank, STRING.parse(text, blank, Reading()))


def as_text(read: ColumnRead) -> ColumnRead:
    """The column as plain text (a series column is not a category: new series come)."""
    guess = read.guess
    if guess.type is not CATEGORY:
        return read
    plain = ColumnGuess(guess.name, STRING, required=guess.required, note=guess.note)
    return ColumnRead(plain, read.text, read.blank, read.parsed)
