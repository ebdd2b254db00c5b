"""Map GX's validation results back to tallycheck's findings.

A failed expectation lists its failing rows in ``unexpected_index_list``
(the frame's index is the row position). Column checks become the same
``(rule, column, row)`` failures the built-in engine gives; a rule's failing rows are
described by the rule's own ``describe``, so that messages are the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from tallycheck.checks import RULES
from tallycheck.errors import EngineError
from tallycheck.judgement import Judgement

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult

    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.base import RuleDerived
    from tallycheck.judgement import CellFinding


def judgement(
    frame: CheckFrame,
    data: Mapping[str, pd.Series[Any]],
    derived: list[RuleDerived],
    results: list[ExpectationValidationResult],
) -> Judgement:
    """The findings of one table from GX's results on ``data``, the columns GX
    validated, by name."""
    cells: list[CellFinding] = []
    failing = [np.zeros(frame.n_rows, dtype=bool) for _ in frame.schema.rules]
    for result in results:
        config = result.expectation_config
        problem = _problem(result)
        if config is None or problem is not None:
            raise EngineError(
                f"Great Expectations could not judge the table: {problem}", path=frame.table.path
            )
        if result.success:
            continue
        tag = config.meta["tallycheck"]
        if config.type == "expect_column_to_exist":
            cells.append((tag["rule"], tag["column"], None))
            continue
        rows = _rows(result, data)
        if "index" in tag:
            failing[tag["index"]][rows] = True
        else:
            cells.extend((tag["rule"], tag["column"], row) for row in rows)
    rules = [
        [
            RULES[spec.rule].describe(frame, spec.options, found, row)
            for row in np.flatnonzero(bad).tolist()
        ]
        for spec, found, bad in zip(frame.schema.rules, derived, failing, strict=True)
    ]
    return Judgement(cells, rules)


def _problem(result: ExpectationValidationResult) -> str | None:
    """GX's message when it could not evaluate an expectation (by metric, or as a whole)."""
    info = result.exception_info
    for entry in (info, *info.values()):
        if isinstance(entry, dict) and entry.get("raised_exception"):
            return str(entry.get("exception_message"))
    return None


def _rows(result: ExpectationValidationResult, data: Mapping[str, pd.Series[Any]]) -> list[int]:
    """The rows a failed expectation flags.

    GX flags every row of a repeated value; a ``Unique`` comparison fails each
    repeat on its later rows, as the row before it already holds the value. The
    values come from ``data``, the columns validated: GX is asked for every
    failing row's index, not their values.
    """
    config = result.expectation_config
    rows = [int(row) for row in result.result["unexpected_index_list"]]
    if config is None or config.type != "expect_column_values_to_be_unique":
        return sorted(rows)
    column: pd.Series[Any] = data[str(config.kwargs["column"])]
    keys = dict(zip(rows, column.iloc[rows].tolist(), strict=True))
    seen: set[Any] = set()
    later: list[int] = []
    for row in sorted(rows):
        if keys[row] in seen:
            later.append(row)
        seen.add(keys[row])
    return later
