"""The catalogue's entries: one ``Entry`` per finding id, and those of every id but the checks'.

A check's entry is made from its module (``tallycheck.checks``). Every other id is
written once, here: the findings that keep a table from being judged, and the
config findings. The code that emits one of them takes
its id from its entry (``UNREADABLE.id``), so that no id is emitted without one.
This module imports nothing heavy: the emitting code at every layer can read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["rule", "column check", "table", "coverage", "config"]


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

NOT_JUDGED = Entry(
    "not-judged",
    "coverage",
    "A rule could not judge rows whose cells in a column it reads are not of their type, "
    "or compared no two rows.",
    doc="""A rule could not judge some rows: their cells in a column the rule reads
(one of its options, or the schema's order for a rule that compares rows in
order) are filled but not of the column's type, so the rule skipped them. Each
such cell is a type finding; this warning, one per rule and column on the
header line, says how many rows the rule left unjudged, so that a rule never
judges nothing in silence. It is a warning: it fails the run only with
--strict. Blank cells and missing markers are not counted: a rule skips them
by design.

A rule that compares a row with earlier order values (monotonic,
running-total) says so too when it compared nothing at all: some series has
several rows, but no series has two order values, as when the order column is
constant within each series (a region's code).

Example:
    With ``order: data`` on a date column whose cells are date-times written
    2020-02-24 18.00, every row fails its type, and running-total says
    "running-total could not judge 37,401 rows: their data cells are not dates
    (see the type findings)". Give the column a ``format`` that reads them.""",
)

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
FIXED_BASELINE = Entry(
    "fixed-baseline",
    "config",
    "A --baseline entry that matches no finding any more: its break is fixed, so "
    "--update-baseline drops it.",
    waivable=False,
)
CONFIG_FINDINGS = (STALE_WAIVER, UNMATCHED_GLOB, FIXED_BASELINE)
