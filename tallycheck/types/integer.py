"""``integer``: a whole number, thousands separators allowed (1,300)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.cells import WHOLE, numbers, too_large
from tallycheck.types.base import ColumnType, Parsed

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray


class Integer(ColumnType):
    """Cells read as whole numbers; blank and invalid cells have no value."""

    def parse(self, text: pa.Array, blank: BoolArray, about: float) -> Parsed:
        values, ok = numbers(text, WHOLE)
        return Parsed(~blank & ~ok, values, values)

    def too_large(self, text: str) -> bool:
        return too_large(text, WHOLE)


INTEGER = Integer(
    "integer",
    "a whole number, thousands separators allowed (1,300)",
    bounds=(int,),
    bound_words="a whole number",
    numeric=True,
    whole=True,
)
