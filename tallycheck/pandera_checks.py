"""The column checks as a pandera schema, validated lazily.

Each column of the schema becomes a ``pandera`` Column (required or not,
nullable or not), with one named check per key of its spec: the checks whose
verdict tallycheck computes on the parsed cells (type, min, max, unique,
allowed) hand pandera that verdict, and ``pattern`` is matched by pandera on
the text. pandera collects every failure; each becomes a finding named by its
key. This module is imported on first use, so that pandera loads only then.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pandera.pandas as pa

from tallycheck.arrays import BoolArray
from tallycheck.checkframe import CheckFrame, Values
from tallycheck.column_checks import CellFinding, verdicts

_PANDERA_NAMES = {"not_nullable": "required", "column_in_dataframe": "required"}


def _verdict_check(passed: BoolArray, name: str) -> pa.Check:
    """A pandera check whose verdict tallycheck computed on the parsed cells.

    pandera hands the check the column's filled cells; their index labels are
    row positions.
    """

    def verdict(cells: pd.Series) -> pd.Series:
        return pd.Series(passed[cells.index.to_numpy()], index=cells.index)

    return pa.Check(verdict, name=name)


def _checks(values: Values) -> list[pa.Check]:
    checks = [_verdict_check(passed, name) for name, passed in verdicts(values).items()]
    if values.spec.pattern is not None:
        pattern = re.compile(values.spec.pattern)
        checks.append(
            pa.Check(lambda cells: cells.map(lambda c: bool(pattern.fullmatch(c))), name="pattern")
        )
    return checks


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
