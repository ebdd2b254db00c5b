"""The typed, frozen schema that the loader builds and the checks read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tallycheck.severity import Severity
from tallycheck.types.base import Bound, ColumnType


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a schema, as written under ``columns:``."""

    name: str
    type: ColumnType
    required: bool = True
    min: Bound | None = None
    max: Bound | None = None
    unique: bool = False
    allowed: tuple[Any, ...] | None = None
    pattern: str | None = None
    description: str | None = None
    missing: tuple[str, ...] = ()  # cells that mean "not given", as blank ones do
    decimal: str = "."  # the decimal mark of integer, number and tally cells
    format: str | None = None  # a date column's strftime format (None: ISO 8601)


@dataclass(frozen=True)
class RuleSpec:
    """One entry of ``rules:``: which rule, its options, and how severe it is."""

    rule: str
    options: Any
    severity: Severity = Severity.ERROR
    name: str | None = None
    index: int = 0


@dataclass(frozen=True)
class Schema:
    """A loaded schema. ``source`` is the file it came from (or the shipped name);
    ``series`` lists the columns whose values together name a row's series."""

    name: str
    columns: tuple[ColumnSpec, ...]
    rules: tuple[RuleSpec, ...] = ()
    description: str | None = None
    series: tuple[str, ...] = ()
    order: str | None = None
    provenance: tuple[str, ...] = ()
    about: float = 0.10
    source: str = "<schema>"
    column_by_name: dict[str, ColumnSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})
