"""``url``: an http:// or https:// address with a host (or localhost)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.cells import matches
from tallycheck.types.base import ColumnType, Parsed, Reading

if TYPE_CHECKING:
    import pyarrow as pa

    from tallycheck.arrays import BoolArray

_URL = r"^https?://(?:[^\s/?#]+\.[^\s/?#]+|localhost(?::\d+)?)(?:[/?#]\S*)?$"


class Url(ColumnType):
    """A cell is a URL when the whole of it matches the address pattern."""

    def parse(self, text: pa.Array, blank: BoolArray, read: Reading) -> Parsed:
        return Parsed(~blank & ~matches(text, _URL))


URL = Url("url", "an http:// or https:// address")
