"""Column checks: the per-cell constraints of ``columns:``, run by pandera.

Each key a column spec may carry is one check, and a failure is reported under
the key's own name, so that a finding's rule is what the user wrote:

- ``type``: the cell holds a value of the column's type (an integer, a tally ...).
- ``required``: the column is present and every cell is filled (default true).
- ``min`` / ``max``: the value is not below / above the bound; a tally is
  flagged only when it is certainly out of bounds.
- ``unique``: no two rows hold the same value.
- ``allowed``: the value is one of the listed values.
- ``pattern``: the text matches the regular expression as a whole.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from tallycheck.checkframe import BoolArray, CheckFrame, Values
from tallycheck.schema.model import COLUMN_TYPES, ColumnSpec
from tallycheck.tally import Interval

_PANDERA_NAMES = {"not_nullable": "required", "column_in_dataframe": "required"}
CellFinding = tuple[str, str, int | None]  # rule, column, row (None: the whole column)


def _bound_value(bound: Any) -> float:
    if isinstance(bound, dt.date):
        return float((bound - dt.date(1970, 1, 1)).days)
    return float(bound)


def _mask_check(ok: BoolArray, name: str) -> pa.Check:
    """A pandera check whose verdict tallycheck computed on the parsed cells."""
    verdict = pd.Series(ok)
    return pa.Check(lambda cells: verdict[cells.index], name=name)


def _checks(values: Values) -> list[pa.Check]:
    spec = values.spec
    checks = [_mask_check(~values.invalid, "type")]
    if values.lo is not None and values.hi is not None:
        if spec.min is not None:
            checks.append(_mask_check(~(values.hi < _bound_value(spec.min)), "min"))
        if spec.max is not None:
            checks.append(_mask_check(~(values.lo > _bound_value(spec.max)), "max"))
    if spec.unique:
        checks.append(
            _mask_check(
                ~_unique_key(values).duplicated().to_numpy(dtype=bool) | ~values.present, "unique"
            )
        )
    if spec.allowed is not None:
        checks.append(_mask_check(_allowed(values, spec.allowed), "allowed"))
    if spec.pattern is not None:
        pattern = re.compile(spec.pattern)
        checks.append(
            pa.Check(lambda cells: cells.map(lambda c: bool(pattern.fullmatch(c))), name="pattern")
        )
    return checks


def _allowed(values: Values, allowed: tuple[Any, ...]) -> BoolArray:
    if values.lo is not None and values.spec.type != "date":
        numbers = [float(a) for a in allowed if isinstance(a, int | float)]
        return values.blank | values.invalid | np.isin(values.lo, numbers)
    texts = [a.isoformat() if isinstance(a, dt.date) else str(a) for a in allowed]
    return values.blank | values.text.isin(texts).to_numpy(dtype=bool)


def _unique_key(values: Values) -> pd.Series:
    """What makes two cells the same: the parsed value, else the text."""
    if values.lo is not None and values.hi is not None:
        keys = pd.Series([f"{lo}:{hi}" for lo, hi in zip(values.lo, values.hi, strict=True)])
        return keys.where(values.present)
    return values.text


def build_schema(frame: CheckFrame) -> tuple[pa.DataFrameSchema, pd.DataFrame]:
    """The pandera schema for the frame's columns, and the frame it validates."""
    columns: dict[str, pa.Column] = {}
    data: dict[str, pd.Series] = {}
    for spec in frame.schema.columns:
        values = frame.column(spec.name)
        if values is None:
            columns[spec.name] = pa.Column(None, required=spec.required)
            continue
        data[spec.name] = values.text
        columns[spec.name] = pa.Column(
            None, nullable=not spec.required, checks=_checks(values), required=spec.required
        )
    return pa.DataFrameSchema(columns), pd.DataFrame(data, index=pd.RangeIndex(frame.n_rows))


def run(frame: CheckFrame) -> Iterator[CellFinding]:
    """Validate the columns lazily with pandera; yield each failure once."""
    schema, data = build_schema(frame)
    try:
        schema.validate(data, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        seen: set[CellFinding] = set()
        for check, column, failure, index in zip(
            cases["check"], cases["column"], cases["failure_case"], cases["index"], strict=True
        ):
            rule = _PANDERA_NAMES.get(str(check), str(check))
            name = str(failure) if check == "column_in_dataframe" else str(column)
            row = None if index is None or pd.isna(index) else int(index)
            key = (rule, name, row)
            if key not in seen:
                seen.add(key)
                yield key


def describe(
    rule: str, values: Values | None, spec: ColumnSpec, row: int | None
) -> tuple[str, str | None]:
    """The message tail and the expected value for one column finding."""
    name = spec.name
    if row is None or values is None:
        return f"the column '{name}' is missing, but the schema requires it", None
    shown = values.show(row)
    if rule == "required":
        return f"{name} is blank, but the schema requires it", "a value"
    if rule == "type":
        return (
            f"{name} {shown!r} is not {_article(spec.type)} ({COLUMN_TYPES[spec.type]})",
            spec.type,
        )
    if rule == "min":
        bound = _show_bound(spec.min)
        return f"{name} {shown} is below the minimum {bound}", f"at least {bound}"
    if rule == "max":
        bound = _show_bound(spec.max)
        return f"{name} {shown} is above the maximum {bound}", f"at most {bound}"
    if rule == "unique":
        return f"{name} {shown} appears on an earlier row too", "a value no other row has"
    if rule == "allowed":
        listed = ", ".join(_show_bound(a) for a in spec.allowed or ())
        return f"{name} {shown!r} is not one of the allowed values ({listed})", f"one of {listed}"
    return f"{name} {shown!r} does not match the pattern {spec.pattern}", spec.pattern


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _show_bound(bound: Any) -> str:
    if isinstance(bound, dt.date):
        return bound.isoformat()
    if isinstance(bound, float) and bound.is_integer():
        return str(Interval(bound, bound))
    return str(bound)
