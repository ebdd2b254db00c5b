"""A ``min`` or ``max`` of a column, on the scale of its parsed values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tallycheck.types.date import days

if TYPE_CHECKING:
    from tallycheck.specs import ColumnSpec
    from tallycheck.types.base import Bound


@dataclass(frozen=True)
class Limit:
    """A bound as compared (``value``: a date in days since 1970-01-01) and as shown."""

    value: float
    shown: str


def limit(spec: ColumnSpec, bound: Bound | None) -> Limit | None:
    """The bound of a column whose cells have bounds, or None."""
    if bound is None or not spec.type.bounded:
        return None
    value = days(bound) if isinstance(bound, dt.date) else float(bound)
    return Limit(value, spec.type.bound_text(bound))
