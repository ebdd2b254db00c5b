"""Hints that end a type finding's message when the way a cell is written suggests why.

A cell written with a decimal comma (``7,7``, ``-0,25``, ``1.234,5``: the digits
after the comma are not a group of three) fails a ``number``, ``integer`` or
``tally`` column; its message then says what the cell would be with ``,`` as
the decimal mark, and which schema would read it::

    share '7,7' is not a number (...); with "," as its decimal mark it is 7.7:
    set decimal: "," in the schema
    wave '7,7' is not an integer (...); with "," as its decimal mark it is 7.7,
    not a whole number: make the column a number with decimal: ","
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tallycheck.specs import ColumnSpec

# Digits 0-9, grouped by points or not, then a comma and digits other than a group of three.
_DECIMAL_COMMA = re.compile(
    r"(?P<whole>[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)),(?P<fraction>[0-9]{1,2}|[0-9]{4,})",
    re.ASCII,
)


def type_hint(spec: ColumnSpec, cell: str) -> str:
    """The hint that ends the message of a cell that is not of its column's type,
    from ``; with ...`` on; an empty string when there is none (always so when the
    column's decimal mark is already ",")."""
    kind = spec.type
    match = _DECIMAL_COMMA.fullmatch(cell)
    if match is None or "decimal" not in kind.keys or spec.decimal == ",":
        return ""
    value = f"{match['whole'].replace('.', '')}.{match['fraction']}"
    said = f'; with "," as its decimal mark it is {value}'
    if kind.whole and match["fraction"].strip("0"):
        return f'{said}, not a whole number: make the column a number with decimal: ","'
    return f'{said}: set decimal: "," in the schema'
