"""A tallycheck schema as a pandera DataFrameSchema, and the frame it validates.

tallycheck's column types read cells (``1,300``, ``more than 1,300``, dates in
a given format), so the schema validates the table as tallycheck reads it:
``prepare`` gives, beside each column's text (stripped; null where blank), the
columns each column check derives from it, named ``<column>.<part>`` as in
docs/gx.md (``wave.parsed``, ``cumulative.hi``). Each comparison a column check
states becomes pandera's builtin for it:

- the column must exist: ``required=True``; a value on every row: ``nullable=False``;
- within bounds: ``Check.ge`` / ``Check.le`` / ``Check.in_range``; one of a set:
  ``Check.isin``; unique: ``unique=True`` (repeats reported on their later rows);
- a value where another column has one (a cell of its type, a pattern matched):
  the registered ``Check.tallycheck_filled``, as pandera has no builtin for it;
  on polars, unique is the registered ``Check.tallycheck_unique`` (see ``_translate``).

Each rule becomes its registered check (``tallycheck.pandera.checks``), which
reads the table's text columns with the schema's specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, assert_never

import numpy as np

from tallycheck.checkframe import CheckFrame
from tallycheck.checks import COLUMN_CHECKS
from tallycheck.checks.verdicts import AtLeast, Between, Comparison, Exists, Filled, InSet, Unique
from tallycheck.derived import Column, column_parts, pandas_column, part
from tallycheck.pandera.calls import rule_calls
from tallycheck.pandera.checks import filled_check, rule_check, unique_check
from tallycheck.pandera.core import Check, polars_api
from tallycheck.pandera.core import pa as pandera_pandas
from tallycheck.tables.frame import table_from_frame

if TYPE_CHECKING:
    from collections.abc import Collection

    from tallycheck.specs import Schema

# What a failure maps back to: ("cell", check id, table column) or ("rule", rule index).
Tag = tuple[str, str, str] | tuple[str, int]


@dataclass
class _ColumnPlan:
    """What pandera's Column for one frame column asks, and which check asks each
    part: by ``required``, ``nullable``, ``unique`` or the position of a Check."""

    required: bool = False
    nullable: bool = True
    unique: bool = False
    checks: list[Any] = field(default_factory=list)
    tags: dict[str, Tag] = field(default_factory=dict)


@dataclass
class Compiled:
    """A pandera schema, and the tallycheck check behind each of its parts: by
    the identity of each Check object, and by (frame column, property) for a
    column's ``required``, ``nullable`` and ``unique``."""

    schema: Any
    checks: dict[int, Tag]
    properties: dict[tuple[str, str], Tag]


def to_pandera(schema: Schema, *, polars: bool = False, folder: str | None = None) -> Any:
    """The pandera DataFrameSchema (of ``pandera.polars`` with ``polars``) that judges
    the frame ``prepare`` makes of a table as tallycheck does; ``folder`` is where
    ``in-article`` finds the article files."""
    return compile_schema(schema, polars=polars, folder=folder).schema


def compile_schema(
    schema: Schema,
    *,
    polars: bool = False,
    folder: str | None = None,
    present: Collection[str] | None = None,
) -> Compiled:
    """The pandera schema of ``schema``, with what maps its failures back; with
    ``present`` (the columns a table has), its rules judge a table that lacks a
    column as the built-in engine does."""
    api = polars_api() if polars else pandera_pandas
    plans: dict[str, _ColumnPlan] = {}
    frame_checks: list[tuple[Any, Tag]] = []
    for spec in schema.columns:
        for check in COLUMN_CHECKS.values():
            option = check.option(spec)
            if option is None:
                continue
            tag: Tag = ("cell", check.id, spec.name)
            for comparison in check.verdict(option):
                across = _translate(comparison, spec.name, plans, tag, polars=polars)
                if across is not None:
                    frame_checks.append((across, tag))
    for index, call in enumerate(rule_calls(schema, folder, present)):
        frame_checks.append((rule_check(call), ("rule", index)))
    columns = {
        name: api.Column(
            required=plan.required,
            nullable=plan.nullable,
            unique=plan.unique,
            checks=plan.checks or None,
            **({"report_duplicates": "exclude_first"} if plan.unique else {}),
        )
        for name, plan in plans.items()
    }
    built = api.DataFrameSchema(
        columns, checks=[check for check, _ in frame_checks] or None, name=schema.name
    )
    checks: dict[int, Tag] = {id(check): tag for check, tag in frame_checks}
    properties: dict[tuple[str, str], Tag] = {}
    for name, plan in plans.items():
        for number, check in enumerate(built.columns[name].checks):
            checks[id(check)] = plan.tags[str(number)]
        for prop in ("required", "nullable", "unique"):
            if prop in plan.tags:
                properties[(name, prop)] = plan.tags[prop]
    return Compiled(built, checks, properties)


def _translate(
    comparison: Comparison, column: str, plans: dict[str, _ColumnPlan], tag: Tag, *, polars: bool
) -> Any | None:
    """Put ``comparison`` on its frame column's plan; one pandera judges only as a
    DataFrame-wide check comes back as that check. On polars, pandera's ``unique``
    counts missing values as repeats and flags every repeat's first row too, so a
    unique column is the registered ``tallycheck_unique`` there."""
    named = part(column, getattr(comparison, "column", ""))
    plan = plans.setdefault(named, _ColumnPlan())
    match comparison:
        case Exists():
            plan.required = True
            plan.tags["required"] = tag
        case Filled(_, where):
            if where is not None:
                plans.setdefault(part(column, where), _ColumnPlan())
                return filled_check(named, part(column, where))
            plan.nullable = False
            plan.tags["nullable"] = tag
        case Between(_, low, high):
            plan.tags[str(len(plan.checks))] = tag
            if low is not None and high is not None:
                plan.checks.append(Check.in_range(low, high))
            elif low is not None:
                plan.checks.append(Check.ge(low))
            else:
                plan.checks.append(Check.le(high))
        case InSet(_, values):
            plan.tags[str(len(plan.checks))] = tag
            plan.checks.append(Check.isin(list(values)))
        case Unique():
            if polars:
                return unique_check(named)
            plan.unique = True
            plan.tags["unique"] = tag
        case AtLeast():  # pragma: no cover - rules only, and rules run as their own checks
            raise TypeError("a column check compares no two columns")
        case _:
            assert_never(comparison)
    return None


def prepare(data: Any, schema: Schema) -> Any:
    """The frame ``to_pandera(schema)`` validates, made from a pandas or polars
    DataFrame (the same kind comes back; rows by position)."""
    if isinstance(data, CheckFrame):
        return _pandas(typed_columns(data), data.n_rows)
    if _is_polars(data):
        frame = CheckFrame(table_from_frame(data.to_pandas()), schema)
        return _polars(typed_columns(frame))
    return _pandas(typed_columns(CheckFrame(table_from_frame(data), schema)), len(data))


def typed_columns(frame: CheckFrame) -> dict[str, Column]:
    """Each column's text and the columns its checks derive, by their frame names
    (``derived.column_parts``: a required column the table lacks stays absent, for
    ``required=True`` to flag)."""
    columns: dict[str, Column] = {}
    for spec, values, parts in column_parts(frame):
        if values is not None:
            columns[spec.name] = values.text
            columns.update(parts)
    return columns


def _is_polars(data: Any) -> bool:
    return type(data).__module__.startswith("polars")


def _pandas(columns: dict[str, Column], rows: int) -> Any:
    """The columns as a pandas DataFrame: numbers as floats (NaN: none), text as strings."""
    import pandas as pd

    data = {name: pandas_column(column) for name, column in columns.items()}
    return pd.DataFrame(data, index=pd.RangeIndex(rows))


def _polars(columns: dict[str, Column]) -> Any:
    """The columns as a polars DataFrame: numbers as floats, text as strings (null: none)."""
    import polars as pl

    return pl.DataFrame(
        {
            name: pl.Series(name, column, nan_to_null=True)
            if isinstance(column, np.ndarray)
            else pl.Series(name, column.to_pylist(), dtype=pl.String)
            for name, column in columns.items()
        }
    )
