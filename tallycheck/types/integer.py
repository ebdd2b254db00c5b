"""``integer``: a whole number, thousands separators allowed (1,300; 1.300 with a decimal comma)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.cells import number_pattern, numbers, too_large
from tallycheck.types.base import ColumnType, Parsed, Reading

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray


class Integer(ColumnType):
    """Cells read as whole numbers; blank and invalid cells have no value."""

    def parse(self, text: pa.Array, blank: BoolArray, read: Reading) -> Parsed:
        pattern = number_pattern(whole=True, decimal=read.decimal)
        values, ok = numbers(text, pattern, read.decimal)
        return Parsed(~blank & ~ok, values, values)

    def too_large(self, text: str, read: Reading) -> bool:
        return too_large(text, number_pattern(whole=True, decimal=read.decimal), read.decimal)


INTEGER = Integer(
    "integer",
    "a whole number, thousands separators allowed (1,300)",
    bounds=(int,),
    bound_words="a whole number",
    numeric=True,
    whole=True,
    keys=("decimal",),
)
