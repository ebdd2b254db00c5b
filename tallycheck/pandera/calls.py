"""Each cross-row rule as a call on a frame: a small description that any engine
running a rule over a whole frame can use (pandera's registered checks here; a
window-function version could read the same).

A ``RuleCall`` says which rule runs, with which options (as a schema writes
them), over which columns read how (their specs as a schema writes them), in
which series and order, and what it compares (``compares`` and
``comparisons``). ``failing`` computes the rows that fail it with tallycheck's
own rule code (the rule's ``derive`` and ``verdict``), so that every engine
judges a rule as the built-in one does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tallycheck.checkframe import CheckFrame
from tallycheck.checks import RULES, sequence
from tallycheck.checks.base import flagged
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.tables.table import Table

if TYPE_CHECKING:
    from collections.abc import Collection

    from tallycheck.arrays import BoolArray
    from tallycheck.checks.base import Compares, Rule
    from tallycheck.checks.verdicts import Comparison
    from tallycheck.judgement import Violation
    from tallycheck.specs import ColumnSpec, RuleSpec, Schema

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
    "absent": None,
}


def check_name(rule: str) -> str:
    """The name of a rule's check: ``tallycheck_running_total``."""
    return PREFIX + rule.replace("-", "_")


def rule_of(name: str) -> str:
    """The rule whose check has that name."""
    return next(rule for rule in RULES if check_name(rule) == name)


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
        tuple(context["absent"] or ()),
    )


# Where a call names no type for a column, it reads the column as one of these:
# a column a rule adds or compares as a tally, the order as an integer, any other as text.
DEFAULT_TYPES = {"numeric": "tally", "ordered": "tally", "order": "integer", "any": "string"}


@dataclass(frozen=True)
class RuleCall:
    """One rule on a frame. ``types`` maps each column the rule reads to its spec
    (``{"type": "date", "format": "%d-%m-%Y"}``, or just the type's name);
    ``order_step`` is the step between consecutive order values (the ``step``
    of a ``sequence`` rule on the order column); ``folder`` is where the
    article files of ``in-article`` are found (None: nowhere); ``absent`` lists
    the columns it reads that the table is known to lack (the rule judges them
    as the built-in engine does, rather than refuse the frame)."""

    rule: str
    options: dict[str, Any]
    series: tuple[str, ...] = ()
    order: str | None = None
    types: dict[str, Any] = field(default_factory=dict)
    provenance: tuple[str, ...] = ()
    about: float = 0.10
    order_step: int = 1
    folder: str | None = None
    absent: tuple[str, ...] = ()

    @property
    def definition(self) -> Rule[Any, Any]:
        return RULES[self.rule]

    @property
    def compares(self) -> Compares:
        """Which rows the rule sets side by side (see ``tallycheck.checks.base.Rule``)."""
        return self.definition.compares

    def comparisons(self) -> tuple[Comparison, ...]:
        """What the rule compares, over the columns its ``derive`` gives."""
        return self.definition.verdict(self.schema().rules[0].options)

    def reads(self) -> list[str]:
        """The columns the rule reads: those its options name, then the order,
        series and provenance columns."""
        names: list[str] = []
        for option in dataclasses.fields(self.definition.options):
            if option.metadata.get("column") and option.name in self.options:
                value = self.options[option.name]
                names.extend([value] if isinstance(value, str) else value)
        names.extend([*([self.order] if self.order else []), *self.series, *self.provenance])
        return list(dict.fromkeys(names))

    def schema(self) -> Schema:
        """The call as a tallycheck schema whose first rule is the call's rule."""
        return _schema(self)

    def statistics(self) -> dict[str, Any]:
        """The call as keyword arguments of its pandera check (plain data, for YAML)."""
        return {
            **self.options,
            "series": list(self.series),
            "order": self.order,
            "types": dict(self.types),
            "provenance": list(self.provenance),
            "about": self.about,
            "order_step": self.order_step,
            "folder": self.folder,
            "absent": list(self.absent),
        }

    def failing(self, table: Table) -> BoolArray:
        """The rows of ``table`` that fail the rule, as the built-in engine judges them."""
        frame, options, derived = self._derived(table)
        return flagged(self.definition.verdict(options), derived.columns(), frame.n_rows)

    def findings(self, table: Table) -> list[Violation]:
        """The rule's finding on each row of ``table`` that fails it, in row order."""
        frame, options, derived = self._derived(table)
        bad = flagged(self.definition.verdict(options), derived.columns(), frame.n_rows)
        describe = self.definition.describe
        return [describe(frame, options, derived, row) for row in np.flatnonzero(bad).tolist()]

    def _derived(self, table: Table) -> tuple[CheckFrame, Any, Any]:
        schema = self.schema()
        frame = CheckFrame(_placed(table, self.folder), schema)
        options = schema.rules[0].options
        return frame, options, self.definition.derive(frame, options)


def _kinds(call: RuleCall) -> dict[str, str]:
    """How each column the call reads is used: numeric, ordered, order or any."""
    kinds: dict[str, str] = {}
    for option in dataclasses.fields(call.definition.options):
        kind = option.metadata.get("column")
        if kind and option.name in call.options:
            value = call.options[option.name]
            for name in [value] if isinstance(value, str) else value:
                kinds.setdefault(name, kind)
    if call.order:
        kinds.setdefault(call.order, "order")
    return kinds


def _schema(call: RuleCall) -> Schema:
    kinds = _kinds(call)
    columns = {}
    for name in call.reads():
        spec = call.types.get(name, DEFAULT_TYPES[kinds.get(name, "any")])
        columns[name] = {"type": spec} if isinstance(spec, str) else dict(spec)
    rules: list[dict[str, Any]] = [{"rule": call.rule, **call.options}]
    if call.order_step != 1 and call.order:  # the step running-total reads from the schema
        rules.append({"rule": sequence.RULE.id, "column": call.order, "step": call.order_step})
    mapping: dict[str, Any] = {
        "name": call.rule,
        "columns": columns,
        "provenance": list(call.provenance),
        "tallies": {"about": call.about},
        "rules": rules,
    }
    if call.series:
        mapping["series"] = list(call.series)
    if call.order:
        mapping["order"] = call.order
    return schema_from_mapping(mapping, source=f"<{call.rule} check>")


def _placed(table: Table, folder: str | None) -> Table:
    """The table as if read from a file in ``folder``, where in-article finds articles."""
    if folder is None:
        return table
    return Table(cells=table.cells, path=str(Path(folder) / "<frame>"), lines=table.lines)


def column_mapping(spec: ColumnSpec) -> dict[str, Any]:
    """How a column's cells are read, as a schema writes it: its type and cell keys.

    A category is read as a string: what its values may be is its column check's
    business, not a rule's.
    """
    kind = "string" if spec.type.name == "category" else spec.type.name
    mapping: dict[str, Any] = {"type": kind}
    if spec.missing:
        mapping["missing"] = list(spec.missing)
    if "decimal" in spec.type.keys and spec.decimal != ".":
        mapping["decimal"] = spec.decimal
    if "format" in spec.type.keys and spec.format is not None:
        mapping["format"] = spec.format
    return mapping


def rule_calls(
    schema: Schema, folder: str | None = None, present: Collection[str] | None = None
) -> list[RuleCall]:
    """Each rule of ``schema`` as a call, with everything of the schema it reads;
    with ``present``, the columns a table has (the others are ``absent``)."""
    calls = [_call(schema, spec, folder) for spec in schema.rules]
    if present is None:
        return calls
    return [
        dataclasses.replace(call, absent=tuple(n for n in call.reads() if n not in present))
        for call in calls
    ]


def _call(schema: Schema, spec: RuleSpec, folder: str | None) -> RuleCall:
    options = {
        option.name: _plain(getattr(spec.options, option.name))
        for option in dataclasses.fields(spec.options)
        if getattr(spec.options, option.name) is not None
    }
    steps = [
        int(other.options.step)
        for other in schema.rules
        if other.rule == sequence.RULE.id and schema.order and other.options.column == schema.order
    ]
    call = RuleCall(
        spec.rule,
        options,
        schema.series,
        schema.order,
        provenance=schema.provenance,
        about=schema.about,
        order_step=max(steps, default=1),
        folder=folder,
    )
    columns = schema.column_by_name
    types = {name: column_mapping(columns[name]) for name in call.reads() if name in columns}
    return dataclasses.replace(call, types=types)


def _plain(value: Any) -> Any:
    """An option's value as plain data: tuples become lists."""
    return list(value) if isinstance(value, tuple) else value
