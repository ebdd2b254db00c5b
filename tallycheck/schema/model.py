"""The typed, frozen schema that the loader builds and the checks read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tallycheck.severity import Severity

COLUMN_TYPES: dict[str, str] = {
    "integer": "a whole number, thousands separators allowed (1,300)",
    "number": "a number, decimals allowed",
    "tally": "a count as news gives it: 29, twenty-nine, more than 1,300, about 400",
    "string": "any text",
    "date": "an ISO 8601 calendar date, YYYY-MM-DD",
    "url": "an http:// or https:// address",
    "category": "one of the values listed in allowed",
}
NUMERIC_TYPES = frozenset({"integer", "number", "tally"})
# The checks compute in double precision, which holds every whole number up to 2^53.
# Below it, a sum or difference of two values that lands beyond it can only round to
# 2^53 or more, never onto a value within the limit: every comparison stays exact.
MAX_EXACT = 2**53 - 1
MAX_EXACT_TEXT = f"±2^53 - 1 = ±{MAX_EXACT:,}"

Bound = int | float | dt.date


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a schema, as written under ``columns:``."""

    name: str
    type: str
    required: bool = True
    min: Bound | None = None
    max: Bound | None = None
    unique: bool = False
    allowed: tuple[Any, ...] | None = None
    pattern: str | None = None
    description: str | None = None


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
    """A loaded schema. ``source`` is the file it came from (or the shipped name)."""

    name: str
    columns: tuple[ColumnSpec, ...]
    rules: tuple[RuleSpec, ...] = ()
    description: str | None = None
    series: str | None = None
    order: str | None = None
    provenance: tuple[str, ...] = ()
    about: float = 0.10
    source: str = "<schema>"
    column_by_name: dict[str, ColumnSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_name", {c.name: c for c in self.columns})
