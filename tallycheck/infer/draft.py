"""A table read into a ``Draft``: the schema ``tallycheck init`` writes, with the
reasons for each guess."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tallycheck.checkframe import CheckFrame
from tallycheck.checks import RULES
from tallycheck.infer.columns import ColumnGuess, as_text, read_columns
from tallycheck.infer.fit import Fit, fitting_schemas
from tallycheck.infer.rules import RuleGuess, guess_rules
from tallycheck.infer.walk import Walk, guess_walk
from tallycheck.schema.loader import load_schema
from tallycheck.specs import ColumnSpec, Schema
from tallycheck.tables.table import Table


@dataclass(frozen=True)
class Draft:
    """What ``tallycheck init`` writes: the columns, the walk, the candidate rules
    (proposed and left out), and the shipped schemas the table fits (the first is
    the one the draft extends)."""

    table: str
    rows: int
    columns: tuple[ColumnGuess, ...]
    walk: Walk
    rules: tuple[RuleGuess, ...]
    fits: tuple[Fit, ...]


def draft_schema(table: Table) -> Draft:
    """Guess a schema for the table."""
    reads = read_columns(table)
    walk = guess_walk(reads)
    reads = [as_text(r) if r.guess.name == walk.series else r for r in reads]
    columns = [r.guess for r in reads]
    if walk.order is not None and walk.series is None:
        columns = [replace(c, unique=True) if c.name == walk.order else c for c in columns]
    schema = Schema(
        name="draft",
        columns=tuple(_spec(c) for c in columns),
        series=() if walk.series is None else (walk.series,),
        order=walk.order,
    )
    rules = guess_rules(CheckFrame(table, schema))
    fits = fitting_schemas(table)
    if fits:
        rules = [g for g in rules if not _in_schema(g, load_schema(fits[0].name))]
    return Draft(table.path, table.n_rows, tuple(columns), walk, tuple(rules), tuple(fits))


def _in_schema(guess: RuleGuess, schema: Schema) -> bool:
    """Whether the schema already has the rule the guess proposes."""
    options = RULES[guess.rule].options(
        **{k: tuple(v) if isinstance(v, list) else v for k, v in guess.options.items()}
    )
    return any(spec.rule == guess.rule and spec.options == options for spec in schema.rules)


def _spec(guess: ColumnGuess) -> ColumnSpec:
    return ColumnSpec(
        guess.name,
        guess.type,
        required=guess.required,
        missing=guess.missing,
        decimal=guess.decimal,
        format=guess.format,
    )
