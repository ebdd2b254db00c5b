"""The column is in the table, and every cell of it is filled (``required``, default true).

A required column the table lacks is one finding on the header line, naming every
missing column; the table is then not judged. A blank cell in a required column is
a finding on its row. With ``required: false`` the column may be absent or blank;
its filled cells are still checked.

Example:
    ``wave: {type: integer}`` flags a table without a ``wave`` column, and a row
    whose wave is blank.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from tallycheck.checks.base import ColumnCheck, Wording
from tallycheck.checks.verdicts import Columns, Comparison, Exists, Filled
from tallycheck.tables.names import quoted, separator_hint

if TYPE_CHECKING:
    from tallycheck.checkframe import Values
    from tallycheck.specs import ColumnSpec


def option(spec: ColumnSpec) -> bool | None:
    return True if spec.required else None


def derive(values: Values, option: bool) -> Columns:
    return {"": values.text}


def verdict(option: bool) -> tuple[Comparison, ...]:
    return Exists(), Filled("")


def describe(values: Values, option: bool, row: int) -> Wording:
    return Wording(f"{values.spec.name} is blank, but the schema requires it", "a value")


CHECK = ColumnCheck(
    "required",
    "The column is present, and every cell in it is filled (default true).",
    __name__,
    option,
    derive,
    verdict,
    describe,
)


def describe_missing(columns: list[str], header: list[str]) -> str:
    """The one sentence for the required columns a table lacks, with a hint when
    its header is one column that holds another separator, or a "did you mean"
    for each header cell that is a missing column's name up to case, white space,
    ``_``, ``-`` and invisible characters (``Wave`` for ``wave``, ``total-cases``
    for ``total_cases``)."""
    names = [f"'{name}'" for name in columns]
    if len(names) == 1:
        sentence = f"the column {names[0]} is missing, but the schema requires it"
    else:
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
        sentence = f"the columns {listed} are missing, but the schema requires them"
    hint = separator_hint(header)
    if hint is not None:
        return f"{sentence} ({hint})"
    by_bare: dict[str, str] = {}
    for written in header:
        by_bare.setdefault(_bare(written), written)
    near = [by_bare[_bare(name)] for name in columns if _bare(name) in by_bare]
    if near:
        meant = [quoted(written) for written in near[:3]]
        listed = meant[0] if len(meant) == 1 else f"{', '.join(meant[:-1])} and {meant[-1]}"
        return f"{sentence} (did you mean {listed}?)"
    return sentence


def _bare(name: str) -> str:
    """A column name without white space, ``_``, ``-`` or invisible characters,
    case folded."""
    return "".join(
        c
        for c in name
        if not c.isspace() and c not in "_-" and unicodedata.category(c) not in ("Cf", "Cc")
    ).casefold()
