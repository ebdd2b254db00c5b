"""What every rule module provides, and what a rule yields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from tallycheck.arrays import BoolArray, FloatArray
    from tallycheck.checkframe import CheckFrame


@dataclass(frozen=True)
class Violation:
    """What a rule found wrong in one row; the engine turns it into a finding.

    ``row`` and ``related_row`` are positions of data rows (0-based) in the table.
    ``figures`` is the rule's own short wording of ``value`` against ``expected``
    (``wave 5 is missing before wave 6``), when "value → expected" would not say
    what the rule means; reports show it in their place.
    """

    row: int
    columns: tuple[str, ...]
    value: str | None
    expected: str | None
    message: str
    related_row: int | None = None
    figures: str | None = None


def describe_missing(name: str, first: int, last: int, step: int = 1) -> str:
    """``wave 5 is missing``, ``waves 5 and 6 are missing``, ``waves 5 to 9 are missing``."""
    values = list(range(first, last + 1, step))
    if len(values) == 1:
        return f"{name} {values[0]} is missing"
    if len(values) == 2:
        return f"{name}s {values[0]} and {values[1]} are missing"
    return f"{name}s {values[0]} to {values[-1]} are missing"


def column_option(kind: str = "any") -> dict[str, str]:
    """Field metadata marking an option that names a column (``kind``: any, numeric)."""
    return {"column": kind}


class Derived(Protocol):
    """What a rule derives from a table before judging it.

    ``columns()`` gives the per-row columns that the judgement compares (one
    value per data row, NaN where the row is not judged); both engines judge
    those same columns. The rest is context for the messages.
    """

    def columns(self) -> dict[str, FloatArray]: ...


class Rule(Protocol):
    """A rule module: its docstring is its user documentation.

    ``Options`` is a frozen dataclass whose fields are the rule's options (with
    their defaults); fields whose metadata come from :func:`column_option` name
    columns of the schema. ``SUBSUMES`` names rules whose finding on the same
    row and columns this rule's finding already explains: the engine folds
    such a finding into this one (listed under ``also``) instead of reporting
    one problem twice.

    A rule runs in three parts that both engines share: ``derive`` computes
    the columns to judge, ``judge`` flags rows on them (the built-in engine; the
    Great Expectations engine compiles the same comparisons to expectations),
    and ``describe`` words the finding of one flagged row. ``check`` is the
    three in a row.
    """

    ID: str
    SUMMARY: str
    SUBSUMES: tuple[str, ...]
    Options: type[Any]

    def derive(self, frame: CheckFrame, options: Any) -> Derived: ...

    def judge(self, derived: Any, options: Any) -> BoolArray: ...

    def describe(self, frame: CheckFrame, options: Any, derived: Any, row: int) -> Violation: ...

    def check(self, frame: CheckFrame, options: Any) -> Iterator[Violation]: ...
