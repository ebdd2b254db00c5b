"""Compile a schema to a GX Core expectation suite.

Every check states its verdict as comparisons (``tallycheck.checks.verdicts``);
each kind of comparison becomes one GX Core built-in expectation here, and
nothing here knows any check. Each expectation carries ``meta.tallycheck``:
``{"rule": "min", "column": "wave"}`` for a column check, ``{"rule":
"running-total", "index": 3}`` for the schema's rule number 3 (from 0), so that
results map back to findings.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import partial
from typing import Any, Literal, assert_never

from tallycheck.checks import COLUMN_CHECKS, RULES
from tallycheck.checks.verdicts import (
    AtLeast,
    Between,
    Comparison,
    Exists,
    Filled,
    InSet,
    Unique,
)
from tallycheck.derived import part
from tallycheck.gx.columns import rule_column
from tallycheck.gx.core import (
    Column,
    Expectation,
    ExpectationSuite,
    ExpectColumnPairValuesAToBeGreaterThanB,
    ExpectColumnToExist,
    ExpectColumnValuesToBeBetween,
    ExpectColumnValuesToBeInSet,
    ExpectColumnValuesToBeUnique,
    ExpectColumnValuesToNotBeNull,
)
from tallycheck.specs import Schema
from tallycheck.version import __version__

Named = Callable[[str], str]  # a derived column's name in the frame, by its short name
_SKIP_NULLS: Literal["either_value_is_missing"] = "either_value_is_missing"


def compile_suite(schema: Schema, present: Collection[str] | None = None) -> ExpectationSuite:
    """The suite for ``schema``; with ``present``, only the checks a table with
    those columns can run (a required column that is absent still fails)."""
    expectations: list[Expectation] = []
    for spec in schema.columns:
        absent = present is not None and spec.name not in present
        for check in COLUMN_CHECKS.values():
            option = check.option(spec)
            if option is None:
                continue
            tag: dict[str, Any] = {"rule": check.id, "column": spec.name}
            for comparison in check.verdict(option):
                if absent and not isinstance(comparison, Exists):
                    continue
                expectations.append(_tagged(translate(comparison, partial(part, spec.name)), tag))
    for index, rule in enumerate(schema.rules):
        named = partial(rule_column, rule.rule, index)
        tag = {"rule": rule.rule, "index": index}
        expectations.extend(
            _tagged(translate(comparison, named), tag)
            for comparison in RULES[rule.rule].verdict(rule.options)
        )
    return ExpectationSuite(
        name=schema.name,
        expectations=expectations,
        meta={"tallycheck": {"version": __version__, "schema": schema.name}},
        notes="Compiled by tallycheck from the schema of the same name. It reads the "
        "table's columns and the columns tallycheck derives (see docs/gx.md).",
    )


def _tagged(expectation: Expectation, tag: dict[str, Any]) -> Expectation:
    expectation.meta = {"tallycheck": tag}
    return expectation


def translate(comparison: Comparison, named: Named) -> Expectation:
    """The GX Core expectation that judges ``comparison``; a row where a compared
    column is null is not judged, as in the built-in engine."""
    match comparison:
        case Exists(column):
            return ExpectColumnToExist(column=named(column))
        case Filled(column, where):
            if where is None:
                return ExpectColumnValuesToNotBeNull(column=named(column))
            condition = Column(named(where)).is_not_null()
            return ExpectColumnValuesToNotBeNull(column=named(column), row_condition=condition)
        case Between(column, None, high):
            return ExpectColumnValuesToBeBetween(column=named(column), max_value=high)
        case Between(column, low, None):
            return ExpectColumnValuesToBeBetween(column=named(column), min_value=low)
        case Between(column, low, high):
            return ExpectColumnValuesToBeBetween(
                column=named(column), min_value=low, max_value=high
            )
        case InSet(column, values):
            return ExpectColumnValuesToBeInSet(column=named(column), value_set=list(values))
        case Unique(column):
            return ExpectColumnValuesToBeUnique(column=named(column))
        case AtLeast(column, other, strict):
            return ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=named(column),
                column_B=named(other),
                or_equal=not strict,
                ignore_row_if=_SKIP_NULLS,
            )
    assert_never(comparison)
