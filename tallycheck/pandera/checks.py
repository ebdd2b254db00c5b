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
``about``, ``order_step`` and ``folder`` (see ``RuleCall``). They are the
check's statistics, so the check survives pandera's YAML round trip.

The check answers one boolean per row, computed by tallycheck's own rule code,
on pandas and on polars frames; ``tallycheck_filled`` judges a cell that must
hold a value where another column has one (a cell of its type, a pattern
matched), which pandera has no builtin check for.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

from tallycheck.checks import RULES
from tallycheck.pandera import frames
from tallycheck.pandera.calls import RuleCall
from tallycheck.pandera.core import Check, register_check_method

PREFIX = "tallycheck_"
# The statistics every rule's check takes beside the rule's options, with their defaults.
CONTEXT = {
    "series": None,
    "order": None,
    "types": None,
    "provenance": None,
    "about": 0.10,
    "order_step": 1,
    "folder": None,
}


def check_name(rule: str) -> str:
    """The name of a rule's check: ``tallycheck_running_total``."""
    return PREFIX + rule.replace("-", "_")


def call_of(rule: str, statistics: dict[str, Any]) -> RuleCall:
    """The rule call a check's statistics describe."""
    given = {k: v for k, v in statistics.items() if v is not None}  # YAML writes unset ones
    context = {**CONTEXT, **{k: v for k, v in given.items() if k in CONTEXT}}
    options = {k: v for k, v in given.items() if k not in CONTEXT}
    series = context["series"]
    return RuleCall(
        rule,
        options,
        tuple([series] if isinstance(series, str) else series or ()),
        context["order"],
        dict(context["types"] or {}),
        tuple(context["provenance"] or ()),
        float(context["about"]),
        int(context["order_step"]),
        context["folder"],
    )


def _rule_check(rule: str) -> Callable[..., Any]:
    """The check function of one rule, with the rule's options and the context as
    keyword-only parameters (pandera reads them as the check's statistics)."""

    def check(data: Any, **statistics: Any) -> Any:
        call = call_of(rule, statistics)
        return frames.passed(data, ~call.failing(frames.table(data, call.reads())))

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


def _register() -> None:
    """Register every rule's check, and ``tallycheck_filled``, once."""
    registered = Check.REGISTERED_CUSTOM_CHECKS
    for rule in RULES:
        function = _rule_check(rule)
        if function.__name__ not in registered:
            parameters = list(inspect.signature(function).parameters)[1:]
            register_check_method(function, statistics=parameters)
    if tallycheck_filled.__name__ not in registered:
        register_check_method(tallycheck_filled, statistics=["column", "where"])


_register()
