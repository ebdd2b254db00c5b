"""Compile a schema to a GX Core expectation suite.

Each expectation carries ``meta.tallycheck``: ``{"rule": "min", "column":
"wave"}`` for a column check, ``{"rule": "running-total", "index": 3}`` for the
schema's rule number 3 (from 0), so that results map back to findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator
from functools import partial
from typing import Any, Literal

from tallycheck.column_checks import bound_value
from tallycheck.entries import ALLOWED, MAX, MIN, PATTERN, REQUIRED, TYPE, UNIQUE
from tallycheck.gx.columns import BOUNDED, TYPED, part, rule_column
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
from tallycheck.rules import monotonic, parts_sum, running_total, sequence
from tallycheck.schema.model import NUMERIC_TYPES, ColumnSpec, Schema
from tallycheck.version import __version__

Named = Callable[[str], str]  # a rule's derived column, by its short name
_SKIP_NULLS: Literal["either_value_is_missing"] = "either_value_is_missing"


def compile_suite(schema: Schema, present: Collection[str] | None = None) -> ExpectationSuite:
    """The suite for ``schema``; with ``present``, only the checks a table with
    those columns can run (a required column that is absent still fails)."""
    expectations: list[Expectation] = []
    for spec in schema.columns:
        if spec.required:
            expectations.append(_tag(ExpectColumnToExist(column=spec.name), REQUIRED.id, spec))
        if present is None or spec.name in present:
            expectations.extend(_tag(e, rule, spec) for rule, e in _column_checks(spec))
    for index, rule in enumerate(schema.rules):
        for expectation in _RULES[rule.rule](rule.options, partial(rule_column, rule.rule, index)):
            expectation.meta = {"tallycheck": {"rule": rule.rule, "index": index}}
            expectations.append(expectation)
    return ExpectationSuite(
        name=schema.name,
        expectations=expectations,
        meta={"tallycheck": {"version": __version__, "schema": schema.name}},
        notes="Compiled by tallycheck from the schema of the same name. It reads the "
        "table's columns and the columns tallycheck derives (see docs/gx.md).",
    )


def _tag(expectation: Expectation, rule: str, spec: ColumnSpec) -> Expectation:
    expectation.meta = {"tallycheck": {"rule": rule, "column": spec.name}}
    return expectation


def _column_checks(spec: ColumnSpec) -> Iterator[tuple[str, Expectation]]:
    """Each key of a column spec as a built-in expectation, with the key's name."""
    name = spec.name
    if spec.required:
        yield REQUIRED.id, ExpectColumnValuesToNotBeNull(column=name)
    if spec.type in TYPED:
        parsed = part(name, "parsed")
        condition = Column(name).is_not_null()
        yield TYPE.id, ExpectColumnValuesToNotBeNull(column=parsed, row_condition=condition)
    if spec.type in BOUNDED and spec.min is not None:  # certainly below: the upper bound is
        low = bound_value(spec.min)
        yield MIN.id, ExpectColumnValuesToBeBetween(column=part(name, "hi"), min_value=low)
    if spec.type in BOUNDED and spec.max is not None:  # certainly above: the lower bound is
        high = bound_value(spec.max)
        yield MAX.id, ExpectColumnValuesToBeBetween(column=part(name, "lo"), max_value=high)
    if spec.unique:
        yield UNIQUE.id, ExpectColumnValuesToBeUnique(column=part(name, "key"))
    if spec.allowed is not None:
        yield ALLOWED.id, _allowed(spec, spec.allowed)
    if spec.pattern is not None:
        matched = part(name, "matched")
        condition = Column(name).is_not_null()
        yield PATTERN.id, ExpectColumnValuesToNotBeNull(column=matched, row_condition=condition)


def _allowed(spec: ColumnSpec, allowed: tuple[Any, ...]) -> Expectation:
    """Numbers are compared as parsed; dates and text as written (ISO 8601 for a date)."""
    if spec.type in NUMERIC_TYPES:
        numbers = [float(a) for a in allowed if isinstance(a, int | float)]
        return ExpectColumnValuesToBeInSet(column=part(spec.name, "lo"), value_set=numbers)
    texts = [a.isoformat() if isinstance(a, dt.date) else str(a) for a in allowed]
    return ExpectColumnValuesToBeInSet(column=spec.name, value_set=texts)


def _above(a: str, b: str, *, or_equal: bool = True) -> Expectation:
    """Column ``a`` at least ``b`` (above it unless ``or_equal``); a row where
    either is null is not judged."""
    return ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=a, column_B=b, or_equal=or_equal, ignore_row_if=_SKIP_NULLS
    )


def _sequence(options: sequence.Options, named: Named) -> list[Expectation]:
    checks: list[Expectation] = [
        ExpectColumnValuesToBeInSet(column=named("step"), value_set=[options.step])
    ]
    if options.start is not None:
        checks.append(ExpectColumnValuesToBeInSet(column=named("first"), value_set=[options.start]))
    return checks


def _monotonic(options: monotonic.Options, named: Named) -> list[Expectation]:
    or_equal = not options.strict
    if options.direction == "increasing":
        return [_above(named("hi"), named("before_lo"), or_equal=or_equal)]
    return [_above(named("before_hi"), named("lo"), or_equal=or_equal)]


def _parts_sum(options: parts_sum.Options, named: Named) -> list[Expectation]:
    return [
        _above(named("total_hi"), named("sum_lo")),
        _above(named("exact_sum_hi"), named("total_lo")),
    ]


def _running_total(options: running_total.Options, named: Named) -> list[Expectation]:
    return [
        _above(named("total_hi"), named("want_lo")),
        _above(named("want_hi"), named("total_lo")),
    ]


_RULES: dict[str, Callable[[Any, Named], list[Expectation]]] = {
    sequence.ID: _sequence,
    monotonic.ID: _monotonic,
    parts_sum.ID: _parts_sum,
    running_total.ID: _running_total,
}
