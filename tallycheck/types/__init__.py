"""The column types: one module per type, listed here by the name a schema gives.

A column's type (``ColumnSpec.type``) is one of these objects. Each owns how its
cells are parsed, which keys (min, max, allowed) apply to it, its description
and its part of the JSON Schema; see ``tallycheck.types.base``.
"""

from __future__ import annotations

from tallycheck.types.base import ColumnType
from tallycheck.types.category import CATEGORY
from tallycheck.types.date import DATE
from tallycheck.types.integer import INTEGER
from tallycheck.types.number import NUMBER
from tallycheck.types.string import STRING
from tallycheck.types.tally import TALLY
from tallycheck.types.url import URL

TYPES: dict[str, ColumnType] = {
    kind.name: kind for kind in (INTEGER, NUMBER, TALLY, STRING, DATE, URL, CATEGORY)
}
