"""``number``: a number, decimals allowed (1,300.5, 2.5e3; 1.300,5 with a decimal comma)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.cells import number_pattern, numbers, too_large
from tallycheck.types.base import ColumnType, Parsed, Reading

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray


class Number(ColumnType):
    """Cells read as numbers (whole numbers only, for a ``whole`` type); blank and
    invalid cells have no value."""

    def parse(self, text: pa.Array, blank: BoolArray, read: Reading) -> Parsed:
        pattern = number_pattern(whole=self.whole, decimal=read.decimal)
        values, ok = numbers(text, pattern, read.decimal)
        return Parsed(~blank & ~ok, values, values)

    def too_large(self, text: str, read: Reading) -> bool:
        pattern = number_pattern(whole=self.whole, decimal=read.decimal)
        return too_large(text, pattern, read.decimal)


NUMBER = Number(
    "number",
    "a number, decimals allowed",
    bounds=(int, float),
    bound_words="a number",
    numeric=True,
    keys=("decimal",),
)
