"""The catalogue's entries: one ``Entry`` per finding id, and those of every id but the rules'.

A cross-row rule's entry is made from its module (``tallycheck.catalogue``). Every
other id is written once, here: the column checks, the findings that keep a table
from being judged, and the config findings. The code that emits one of them takes
its id from its entry (``UNREADABLE.id``), so that no id is emitted without one.
This module imports nothing heavy: the emitting code at every layer can read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["rule", "column check", "table", "config"]


@dataclass(frozen=True)
class Entry:
    """One finding id: its kind, its one-line summary, and its documentation.

    ``doc`` is what ``tallycheck explain`` shows (the summary when empty);
    ``waivable`` says whether a waiver may name it.
    """

    id: str
    kind: Kind
    summary: str
    doc: str = ""
    waivable: bool = True


TYPE = Entry(
    "type",
    "column check",
    "The cell holds a value of the column's type (integer, number, tally, string, date, url, "
    "category).",
)
REQUIRED = Entry(
    "required",
    "column check",
    "The column is present, and every cell in it is filled (default true).",
)
MIN = Entry(
    "min",
    "column check",
    "The value is not below the minimum; a tally only when certainly below.",
)
MAX = Entry(
    "max",
    "column check",
    "The value is not above the maximum; a tally only when certainly above.",
)
UNIQUE = Entry("unique", "column check", "No two rows hold the same value.")
ALLOWED = Entry("allowed", "column check", "The value is one of those listed under allowed.")
PATTERN = Entry(
    "pattern",
    "column check",
    "The text matches the regular expression (RE2 syntax) as a whole.",
)
COLUMN_CHECKS = (TYPE, REQUIRED, MIN, MAX, UNIQUE, ALLOWED, PATTERN)

UNREADABLE = Entry(
    "unreadable",
    "table",
    "A table that cannot be read: missing, empty, ragged, badly encoded.",
)
# A number cell beyond what is compared exactly: a finding on its cell, and its table
# is not judged, since no rule can judge that row's figures.
TOO_LARGE = Entry(
    "too-large",
    "table",
    "A number cell beyond ±(2^53 - 1), which cannot be compared exactly: its table is not judged.",
    waivable=False,
)
TABLE_FINDINGS = (UNREADABLE, TOO_LARGE)

STALE_WAIVER = Entry(
    "stale-waiver",
    "config",
    "A waiver that covers no finding, or whose expires date has passed.",
    waivable=False,
)
UNMATCHED_GLOB = Entry(
    "unmatched-glob",
    "config",
    "A tables: entry that checks no file: its glob matches none, or only files an earlier "
    "entry takes.",
    waivable=False,
)
CONFIG_FINDINGS = (STALE_WAIVER, UNMATCHED_GLOB)
