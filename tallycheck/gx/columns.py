"""The columns a compiled suite expects, by name, and the frame that holds them.

Beside each column of the table (its text, stripped; a blank cell is null),
the suite reads columns that tallycheck derives:

- ``<column>.parsed``: the cell read by its type (the number, the lower bound
  of a tally, days since 1970-01-01 for a date, the text of a valid URL);
  null where the cell is blank or not of its type. Not for ``string`` and
  ``category`` columns, whose cells are always of their type.
- ``<column>.lo`` and ``<column>.hi``: the bounds of a number, date or tally
  (a tally is an interval; ``hi`` may be infinite), null where not parsed.
- ``<column>.key``: what makes two cells the same, for ``unique``: the text,
  or ``lo:hi`` for numbers, dates and tallies; null where not parsed.
- ``<column>.matched``: the text where the whole cell matches the column's
  ``pattern`` (read by RE2, as the built-in engine reads it); null elsewhere.
- ``<rule>[<i>].<name>``: the columns the ``i``-th rule of the schema (from 0)
  derives, one value per row, null where the row is not judged; each rule
  module's ``Derived`` documents its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from tallycheck.checkframe import parse_column
from tallycheck.patterns import matching
from tallycheck.rules import RULES
from tallycheck.schema.model import NUMERIC_TYPES

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame, Values
    from tallycheck.rules.base import Derived

BOUNDED = NUMERIC_TYPES | {"date"}
TYPED = BOUNDED | {"url"}  # the types a cell can fail to be


def part(column: str, name: str) -> str:
    """The name of a derived column of a table column: ``wave.parsed``."""
    return f"{column}.{name}"


def rule_column(rule: str, index: int, name: str) -> str:
    """The name of a rule's derived column: ``running-total[3].want_lo``."""
    return f"{rule}[{index}].{name}"


def batch_frame(frame: CheckFrame) -> tuple[pd.DataFrame, list[Derived]]:
    """The table as the suite reads it, and what each rule derived for its messages.

    An optional column the table lacks is given as blank, so that the whole
    suite runs; a required one stays absent, for ``ExpectColumnToExist`` to flag.
    """
    data: dict[str, object] = {}
    blank = pa.nulls(frame.n_rows, type=pa.string())
    for spec in frame.schema.columns:
        values = frame.column(spec.name)
        if values is None and not spec.required:
            values = parse_column(spec, blank, frame.schema.about)
        if values is not None:
            data.update(_parts(values))
    derived = []
    for index, rule in enumerate(frame.schema.rules):
        found = RULES[rule.rule].derive(frame, rule.options)
        derived.append(found)
        for name, column in found.columns().items():
            data[rule_column(rule.rule, index, name)] = column
    return pd.DataFrame(data, index=pd.RangeIndex(frame.n_rows)), derived


def _parts(values: Values) -> dict[str, object]:
    """A column's text and what the suite reads of it: parsed value, bounds, key."""
    name, present = values.spec.name, values.present
    text = _text(values.text)
    parts: dict[str, object] = {name: text}
    if values.lo is not None and values.hi is not None:
        parts[part(name, "parsed")] = parts[part(name, "lo")] = np.where(present, values.lo, np.nan)
        parts[part(name, "hi")] = np.where(present, values.hi, np.nan)
    elif values.spec.type in TYPED:
        parts[part(name, "parsed")] = text.where(present)
    if values.spec.unique:
        parts[part(name, "key")] = _unique_key(values, text).where(present)
    if values.spec.pattern is not None:
        parts[part(name, "matched")] = text.where(matching(values.text, values.spec.pattern))
    return parts


def _text(cells: pa.Array) -> pd.Series:
    """Arrow text as a pandas column of strings (NaN where blank)."""
    return pd.Series(cells.to_pandas(), dtype=pd.StringDtype(storage="pyarrow", na_value=np.nan))


def _unique_key(values: Values, text: pd.Series) -> pd.Series:
    """What makes two cells the same: the parsed bounds, else the text."""
    if values.lo is not None and values.hi is not None:
        return pd.Series(values.lo).astype(str) + ":" + pd.Series(values.hi).astype(str)
    return text
