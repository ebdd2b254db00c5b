"""The columns a compiled suite expects, by name, and the frame that holds them.

Beside each column of the table (its text, stripped; a blank cell is null),
the suite reads the columns each check derives (``tallycheck.checks``), under
these names:

- ``<column>.<part>``: a column check's derived column of a table column, such
  as ``wave.parsed`` or ``wave.hi`` (each check module lists its own parts);
- ``<rule>[<i>].<name>``: the columns the ``i``-th rule of the schema (from 0)
  derives, one value per row, null where the row is not judged; each rule
  module's ``Derived`` documents its own.

The engine hands GX the frame in pieces (``pieces``): a table column's text with
the parts its column checks derive, and each rule's columns. Every expectation
reads one piece (``piece_of``), so that GX filters and scans only the columns it
compares rather than the whole frame, once per metric.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import pandas as pd

from tallycheck.checks import RULES
from tallycheck.derived import Column, column_parts, pandas_column

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.base import RuleDerived
    from tallycheck.checks.verdicts import Columns

Piece = str | int  # a table column's name, or a rule's index in the schema
Named = dict[str, Column]  # derived columns under their names in the frame


def rule_column(rule: str, index: int | str, name: str) -> str:
    """The name of a rule's derived column: ``running-total[3].want_lo``."""
    return f"{rule}[{index}].{name}"


def piece_of(tag: Mapping[str, Any]) -> Piece:
    """The piece an expectation reads, by its ``meta.tallycheck``: its rule's index,
    or its column check's table column."""
    return int(tag["index"]) if "index" in tag else str(tag["column"])


def batch_frame(frame: CheckFrame) -> tuple[pd.DataFrame, list[RuleDerived]]:
    """The table as the suite reads it, and what each rule derived for its messages.

    An optional column the table lacks is given as blank, so that a whole
    exported suite runs; a required one stays absent, for ``ExpectColumnToExist``
    to flag.
    """
    named, derived = _pieces(frame)
    merged = {name: column for columns in named.values() for name, column in columns.items()}
    return _frame(merged, frame.n_rows), derived


def pieces(frame: CheckFrame) -> tuple[dict[Piece, pd.DataFrame], list[RuleDerived]]:
    """``batch_frame``'s columns in pieces, each piece a frame of its own (a
    required column the table lacks is a piece without columns)."""
    named, derived = _pieces(frame)
    return {key: _frame(columns, frame.n_rows) for key, columns in named.items()}, derived


def _pieces(frame: CheckFrame) -> tuple[dict[Piece, Named], list[RuleDerived]]:
    named: dict[Piece, Named] = {spec.name: parts for spec, _, parts in column_parts(frame)}
    derived = []
    for index, rule in enumerate(frame.schema.rules):
        found = RULES[rule.rule].derive(frame, rule.options)
        derived.append(found)
        named[index] = _named(found.columns(), partial(rule_column, rule.rule, index))
    return named, derived


def _named(columns: Columns, name: Callable[[str], str]) -> Named:
    return {name(short): column for short, column in columns.items()}


def _frame(columns: Named, n_rows: int) -> pd.DataFrame:
    """The columns as pandas reads them, each one converted once and not copied."""
    data = {name: pandas_column(column) for name, column in columns.items()}
    return pd.DataFrame(data, index=pd.RangeIndex(n_rows), copy=False)
