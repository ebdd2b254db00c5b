"""``tally``: a count as news gives it, read as an interval of whole numbers.

"29", "twenty-nine", "more than 1,300", "about 400": ``tallycheck explain tally``
lists the words a tally cell may use and the interval each one means.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck import cells, tally
from tallycheck.types.base import ColumnType, Parsed, Reading

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray


class Tally(ColumnType):
    """Cells read as intervals (``lo`` to ``hi``; ``hi`` may be infinite)."""

    def parse(self, text: pa.Array, blank: BoolArray, read: Reading) -> Parsed:
        tallies = tally.parse_tally_column(text, read.about, read.decimal)
        return Parsed(tallies.invalid & ~blank, tallies.lo, tallies.hi)

    def too_large(self, text: str, read: Reading) -> bool:
        pointed = cells.point_decimal(text, read.decimal)
        return tally.too_large(pointed) or cells.too_large(pointed)


TALLY = Tally(
    "tally",
    "a count as news gives it: 29, twenty-nine, more than 1,300, about 400",
    bounds=(int,),
    bound_words="a whole number",
    numeric=True,
    whole=True,
    allowed=False,
    keys=("decimal",),
)
