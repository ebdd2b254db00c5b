"""What a check provides: column checks and cross-row rules, typed by their options
and by what they derive.

A check derives the columns it compares from a parsed table, states its verdict
as comparisons over them (``tallycheck.checks.verdicts``), and words the finding
of each row that fails. The engines do the rest: the built-in one evaluates the
comparisons with numpy, the Great Expectations one translates them. A check
module's docstring is its user documentation (``tallycheck explain``).
"""

from __future__ import annotations

import dataclasses
import inspect
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Literal, Protocol, TypeVar

import numpy as np

from tallycheck.checks.verdicts import Columns, Comparison, failing
from tallycheck.entries import Entry

if TYPE_CHECKING:
    from tallycheck.arrays import BoolArray
    from tallycheck.checkframe import CheckFrame, Values
    from tallycheck.judgement import Violation
    from tallycheck.specs import ColumnSpec


class RuleDerived(Protocol):
    """What a rule derives from a table: ``columns()`` gives the per-row columns its
    comparisons read (NaN where a row is not judged); the rest is context for the
    messages."""

    def columns(self) -> Columns: ...


Compares = Literal["each row", "row before", "earlier order value", "same order value"]
Opts = TypeVar("Opts")  # a check's options
D = TypeVar("D", bound=RuleDerived)  # what a rule derives


def flagged(comparisons: tuple[Comparison, ...], columns: Columns, n_rows: int) -> BoolArray:
    """The rows that fail any of ``comparisons``."""
    bad = np.zeros(n_rows, dtype=bool)
    for comparison in comparisons:
        bad |= failing(comparison, columns, n_rows)
    return bad


@dataclass(frozen=True)
class Rule(Generic[Opts, D]):
    """A cross-row rule, under ``rules:``.

    ``options`` is a frozen dataclass whose fields are the rule's options (with
    their defaults); fields whose metadata come from :func:`column_option` name
    columns. ``subsumes`` names rules whose finding on the same row and columns
    this rule's finding already explains: the engine folds it into this one.
    ``compares`` says which rows the rule sets side by side: each row alone, a row
    and the row before it in the schema's order, a row and the rows of the nearest
    earlier order value, or the rows that share an order value. Unless each row
    alone, a row whose order cell is not of its type is not judged.
    ``derive`` computes the columns to judge, ``verdict`` states the
    comparisons over them, and ``describe`` words the finding of one row.
    """

    id: str
    summary: str
    module: str  # the module that defines the rule: its docstring is the documentation
    options: type[Opts]
    derive: Callable[[CheckFrame, Opts], D]
    verdict: Callable[[Opts], tuple[Comparison, ...]]
    describe: Callable[[CheckFrame, Opts, D, int], Violation]
    subsumes: tuple[str, ...] = ()
    compares: Compares = "row before"

    @property
    def doc(self) -> str:
        """The rule's user documentation: its module's docstring."""
        return _docstring(self.module)

    def check(self, frame: CheckFrame, options: Opts) -> list[Violation]:
        """The rule's findings on one table, as the built-in engine judges it."""
        derived = self.derive(frame, options)
        rows = np.flatnonzero(flagged(self.verdict(options), derived.columns(), frame.n_rows))
        flagged_rows = rows.tolist()
        # the cells the messages show, read at once: those of the rows, and of the rows
        # before them, which a cross-row finding names too
        named = flagged_rows
        if self.compares != "each row":
            named = flagged_rows + frame.rows_walked_before(flagged_rows)
        frame.read_labels(named)
        for name in option_columns(options):
            if (values := frame.column(name)) is not None:
                values.read(named)
        return [self.describe(frame, options, derived, row) for row in flagged_rows]


@dataclass(frozen=True)
class Wording:
    """How a column check's finding reads: the message after the row's label, the
    expected value, and another finding id when the cell is better told apart
    (a number too large to compare exactly is ``too-large``)."""

    message: str
    expected: str | None
    rule: str | None = None


@dataclass(frozen=True)
class ColumnCheck(Generic[Opts]):
    """A column check: a key of a column spec, under ``columns:``.

    ``option`` reads the check's setting from a column spec (None: the spec does
    not ask for the check). ``derive`` gives the columns it compares, from the
    column's parsed cells, under short names (``""`` is the column's text);
    ``verdict`` states the comparisons, and ``describe`` words one cell's finding.
    """

    id: str
    summary: str
    module: str
    option: Callable[[ColumnSpec], Opts | None]
    derive: Callable[[Values, Opts], Columns]
    verdict: Callable[[Opts], tuple[Comparison, ...]]
    describe: Callable[[Values, Opts, int], Wording]
    parts: Mapping[str, str] = field(default_factory=dict)  # derived columns, documented

    @property
    def doc(self) -> str:
        """The check's user documentation: its module's docstring."""
        return _docstring(self.module)

    def entry(self) -> Entry:
        """The check's entry in the finding catalogue."""
        return Entry(self.id, "column check", self.summary, doc=self.doc)

    def rows(self, values: Values, option: Opts) -> list[int]:
        """The rows whose cell fails the check, as the built-in engine judges it."""
        bad = flagged(self.verdict(option), self.derive(values, option), len(values.blank))
        return np.flatnonzero(bad).tolist()


def _docstring(module: str) -> str:
    return inspect.cleandoc(sys.modules[module].__doc__ or "")


def column_option(kind: str = "any") -> dict[str, str]:
    """Field metadata marking an option that names a column (``kind``: any, numeric,
    ordered)."""
    return {"column": kind}


def option_columns(options: object) -> list[str]:
    """The columns a check's options name, in the order of its fields."""
    names: list[str] = []
    for option in dataclasses.fields(options):  # type: ignore[arg-type]
        if option.metadata.get("column"):
            value = getattr(options, option.name)
            names.extend([value] if isinstance(value, str) else value or ())
    return names


def describe_missing(name: str, first: int, last: int, step: int = 1) -> str:
    """``wave 5 is missing``, ``waves 5 and 6 are missing``, ``waves 5 to 9 are missing``."""
    values = list(range(first, last + 1, step))
    if len(values) == 1:
        return f"{name} {values[0]} is missing"
    if len(values) == 2:
        return f"{name}s {values[0]} and {values[1]} are missing"
    return f"{name}s {values[0]} to {values[-1]} are missing"
