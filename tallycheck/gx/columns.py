"""The columns a compiled suite expects, by name, and the frame that holds them.

Beside each column of the table (its text, stripped; a blank cell is null),
the suite reads the columns each check derives (``tallycheck.checks``), under
these names:

- ``<column>.<part>``: a column check's derived column of a table column, such
  as ``wave.parsed`` or ``wave.hi`` (each check module lists its own parts);
- ``<rule>[<i>].<name>``: the columns the ``i``-th rule of the schema (from 0)
  derives, one value per row, null where the row is not judged; each rule
  module's ``Derived`` documents its own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa

from tallycheck.checkframe import parse_column
from tallycheck.checks import COLUMN_CHECKS, RULES

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.base import RuleDerived
    from tallycheck.checks.verdicts import Columns


def part(column: str, name: str) -> str:
    """The name of a column check's derived column: ``wave.parsed`` (``wave`` for "")."""
    return f"{column}.{name}" if name else column


def rule_column(rule: str, index: int | str, name: str) -> str:
    """The name of a rule's derived column: ``running-total[3].want_lo``."""
    return f"{rule}[{index}].{name}"


def batch_frame(frame: CheckFrame) -> tuple[pd.DataFrame, list[RuleDerived]]:
    """The table as the suite reads it, and what each rule derived for its messages.

    An optional column the table lacks is given as blank, so that a whole
    exported suite runs; a required one stays absent, for ``ExpectColumnToExist``
    to flag.
    """
    data: dict[str, object] = {}
    blank = pa.nulls(frame.n_rows, type=pa.string())
    for spec in frame.schema.columns:
        values = frame.column(spec.name)
        if values is None and not spec.required:
            values = parse_column(spec, blank, frame.schema.about)
        if values is None:
            continue
        for check in COLUMN_CHECKS.values():
            option = check.option(spec)
            if option is not None:
                data.update(_named(check.derive(values, option), partial(part, spec.name)))
    derived = []
    for index, rule in enumerate(frame.schema.rules):
        found = RULES[rule.rule].derive(frame, rule.options)
        derived.append(found)
        data.update(_named(found.columns(), partial(rule_column, rule.rule, index)))
    return pd.DataFrame(data, index=pd.RangeIndex(frame.n_rows)), derived


def _named(columns: Columns, name: Callable[[str], str]) -> dict[str, object]:
    """Derived columns under their names in the frame, as pandas reads them."""
    return {name(short): _pandas(column) for short, column in columns.items()}


def _pandas(column: np.ndarray | pa.Array) -> object:
    """A float column as it is (NaN: no value); Arrow text as pandas strings (NaN: null)."""
    if isinstance(column, np.ndarray):
        return column
    return pd.Series(column.to_pandas(), dtype=pd.StringDtype(storage="pyarrow", na_value=np.nan))
