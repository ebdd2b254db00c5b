"""``string``: any text; every filled cell is a string."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tallycheck.types.base import ColumnType, Parsed, Reading

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray


class Text(ColumnType):
    """Any filled cell is of the type; its text is its value."""

    @property
    def can_fail(self) -> bool:
        return False

    def parse(self, text: pa.Array, blank: BoolArray, read: Reading) -> Parsed:
        return Parsed(np.zeros(len(text), dtype=bool))


STRING = Text("string", "any text")
