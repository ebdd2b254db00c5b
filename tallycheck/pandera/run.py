"""The pandera engine: ``tallycheck validate --engine pandera``.

The schema compiles to a pandera DataFrameSchema (``schema``), validated with
``lazy=True`` on the frame of the table's columns and what the column checks
derive from them; each of pandera's failures maps back to the check it came
from. Column checks become the same ``(check, column, row)`` failures the
built-in engine gives; a rule's failing rows are worded by the rule's own
``describe``, so that findings read the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tallycheck.checks import COLUMN_CHECKS, RULES
from tallycheck.errors import EngineError
from tallycheck.judgement import Judgement
from tallycheck.pandera.core import SchemaErrors
from tallycheck.pandera.schema import Compiled, compile_schema, prepare

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame
    from tallycheck.judgement import CellFinding

_NO_FOLDER = ("<stdin>", "<frame>")  # tables that come from no file: no folder for articles


def judge_pandera(frame: CheckFrame) -> Judgement:
    """The pandera engine: the schema's pandera schema run on the table's frame."""
    path = frame.table.path
    folder = None if path in _NO_FOLDER else str(Path(path).parent)
    compiled = compile_schema(frame.schema, folder=folder, present=_present(frame))
    try:
        compiled.schema.validate(prepare(frame, frame.schema), lazy=True)
    except SchemaErrors as errors:
        return _judgement(frame, compiled, errors.schema_errors)
    return _judgement(frame, compiled, [])


def _present(frame: CheckFrame) -> set[str]:
    """The columns of the frame the engine validates: the table's, and the optional
    ones it lacks (given as blank)."""
    return set(frame.values) | {spec.name for spec in frame.schema.columns if not spec.required}


def _judgement(frame: CheckFrame, compiled: Compiled, errors: list[Any]) -> Judgement:
    cells: dict[tuple[str, str], set[int | None]] = {}
    failing = [np.zeros(frame.n_rows, dtype=bool) for _ in frame.schema.rules]
    for error in errors:
        tag = _tag(compiled, error)
        if tag is None:
            raise EngineError(f"pandera could not judge the table: {error}", path=frame.table.path)
        rows = _rows(error)
        if tag[0] == "rule":
            failing[int(tag[1])][rows] = True
        elif error.reason_code.name == "COLUMN_NOT_IN_DATAFRAME":
            cells.setdefault((str(tag[1]), str(tag[2])), set()).add(None)
        else:
            cells.setdefault((str(tag[1]), str(tag[2])), set()).update(rows)
    rules = []
    for spec, bad in zip(frame.schema.rules, failing, strict=True):
        rows = np.flatnonzero(bad).tolist()
        rule = RULES[spec.rule]
        derived = rule.derive(frame, spec.options) if rows else None
        rules.append([rule.describe(frame, spec.options, derived, row) for row in rows])
    return Judgement(_in_order(frame, cells), rules)


def _in_order(
    frame: CheckFrame, cells: dict[tuple[str, str], set[int | None]]
) -> list[CellFinding]:
    """The column checks' failures in the built-in engine's order: column by column,
    check by check, row by row (a missing column first)."""
    found: list[CellFinding] = []
    for spec in frame.schema.columns:
        for check in COLUMN_CHECKS:
            rows = cells.get((check, spec.name), set())
            if None in rows:
                found.append((check, spec.name, None))
            on_rows = sorted(row for row in rows if row is not None)
            found.extend((check, spec.name, row) for row in on_rows)
    return found


# pandera's name for a failure of a column's own properties, by its reason code
_PROPERTIES = {
    "COLUMN_NOT_IN_DATAFRAME": "required",
    "SERIES_CONTAINS_NULLS": "nullable",
    "SERIES_CONTAINS_DUPLICATES": "unique",
}


def _tag(compiled: Compiled, error: Any) -> Any:
    """The tallycheck check behind one of pandera's failures (None: not one of ours,
    such as a check that raised)."""
    if error.reason_code.name == "CHECK_ERROR":
        return None
    prop = _PROPERTIES.get(error.reason_code.name)
    if prop is not None:
        name = error.failure_cases if prop == "required" else error.schema.name
        return compiled.properties.get((str(name), prop))
    return compiled.checks.get(id(error.check))


def _rows(error: Any) -> list[int]:
    """The rows a failure names: the index of each failure case."""
    cases = error.failure_cases
    if not hasattr(cases, "columns") or "index" not in cases.columns:
        return []
    return [int(row) for row in cases["index"].tolist()]
