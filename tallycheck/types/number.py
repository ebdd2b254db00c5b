"""``number``: a number, decimals allowed (1,300.5, 2.5e3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.cells import DECIMAL, numbers, too_large
from tallycheck.types.base import ColumnType, Parsed

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray


class Number(ColumnType):
    """Cells read as decimal numbers; blank and invalid cells have no value."""

    def parse(self, text: pa.Array, blank: BoolArray, about: float) -> Parsed:
        values, ok = numbers(text, DECIMAL)
        return Parsed(~blank & ~ok, values, values)

    def too_large(self, text: str) -> bool:
        return too_large(text, DECIMAL)


NUMBER = Number(
    "number",
    "a number, decimals allowed",
    bounds=(int, float),
    bound_words="a number",
    numeric=True,
)
