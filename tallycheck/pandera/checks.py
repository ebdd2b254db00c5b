"""tallycheck's rules as checks registered with pandera's extension API.

Importing this module registers, for each cross-row rule, a DataFrame-wide
check named ``tallycheck_<rule>`` (``-`` written ``_``), so that a pandera
schema can use it by hand::

    Check.tallycheck_running_total(
        total="cumulative", increment="pardoned", series="series", order="wave"
    )

Its keyword arguments are the rule's options as a schema writes them, then
what the rule reads of the rest of a schema: ``series`` (a column or a list),
``order``, ``types`` (each column's spec, ``{"wave": "integer", "date":
{"type": "date", "format": "%d-%m-%Y"}}``; a column a rule adds is read as a
tally, the order as an integer, any other as text, unless given), ``provenance``,
``about``, ``order_step``, ``folder`` and ``absent`` (see ``RuleCall``). They are the
check's statistics, so the check survives pandera's YAML round trip.

The check answers one boolean per row, computed by tallycheck's own rule code,
on pandas and on polars frames, and its failure cases are the rule's findings
(``backends``). ``tallycheck_filled`` judges a cell that must hold a value where
another column has one (a cell of its type, a pattern matched), which pandera
has no builtin check for; ``tallycheck_unique`` a unique column on polars.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from functools import partial
from typing import Any

from tallycheck.checks import RULES
from tallycheck.pandera import backends, frames
from tallycheck.pandera.calls import CONTEXT, RuleCall, call_of, check_name
from tallycheck.pandera.core import Check, register_check_method


def _rule_check(rule: str) -> Callable[..., Any]:
    """The check function of one rule, with the rule's options and the context as
    keyword-only parameters (pandera reads them as the check's statistics)."""

    def check(data: Any, **statistics: Any) -> Any:
        call = call_of(rule, statistics)
        table = frames.table(data, call.reads(), check_name(rule), call.absent)
        return frames.passed(data, ~call.failing(table))

    keyword = inspect.Parameter.KEYWORD_ONLY
    options = [
        inspect.Parameter(
            f.name,
            keyword,
            default=None if f.default is dataclasses.MISSING else f.default,
        )
        for f in dataclasses.fields(RULES[rule].options)
    ]
    context = [inspect.Parameter(name, keyword, default=d) for name, d in CONTEXT.items()]
    positional = inspect.Parameter("data", inspect.Parameter.POSITIONAL_ONLY)
    check.__signature__ = inspect.Signature([positional, *options, *context])  # type: ignore[attr-defined]
    check.__name__ = check.__qualname__ = check_name(rule)
    check.__doc__ = RULES[rule].summary
    return check


def tallycheck_filled(data: Any, *, column: str, where: str) -> Any:
    """``column`` has a value on every row where ``where`` has one."""
    return frames.filled(data, column, where)


def tallycheck_unique(data: Any, *, column: str) -> Any:
    """No value of ``column`` is on an earlier row (missing values are not values)."""
    return frames.first_of_each_value(data, column)


def unique_check(column: str) -> Any:
    """The registered check that each value of ``column`` appears once; repeats fail
    on their later rows."""
    return Check.tallycheck_unique(column=column)


def rule_check(call: RuleCall) -> Any:
    """The registered check that runs ``call``."""
    return getattr(Check, check_name(call.rule))(**call.statistics())


def filled_check(column: str, where: str) -> Any:
    """The registered check that ``column`` has a value wherever ``where`` has one."""
    return Check.tallycheck_filled(column=column, where=where)


def _register() -> None:
    """Register every rule's check, and ``tallycheck_filled``, once. A rule's check
    is made a ``RuleCheck``, whose failure cases are the rule's findings."""
    registered = Check.REGISTERED_CUSTOM_CHECKS
    backends.register()
    for rule in RULES:
        function = _rule_check(rule)
        if function.__name__ not in registered:
            parameters = list(inspect.signature(function).parameters)[1:]
            register_check_method(function, statistics=parameters)
            method = registered[function.__name__]
            if isinstance(method, partial):  # pandera's check method, bound to Check
                registered[function.__name__] = partial(method.func, backends.RuleCheck)
    if tallycheck_filled.__name__ not in registered:
        register_check_method(tallycheck_filled, statistics=["column", "where"])
    if tallycheck_unique.__name__ not in registered:
        register_check_method(tallycheck_unique, statistics=["column"])


_register()
