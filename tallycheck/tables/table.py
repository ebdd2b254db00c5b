"""The value a table reader produces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    Lines = npt.NDArray[np.int64]  # the line of each row
    Parsed = tuple[pa.Table, Lines]  # what a reader gives: the text cells, each row's line


@dataclass(frozen=True, eq=False)
class Table:
    """A table as read: every cell as text, and where each row stood in its file.

    ``cells`` is an Arrow table with one string column per header name, in file
    order. Cells are kept as written (not stripped); an empty cell is null.
    ``lines[i]`` is the physical line (1-based) on which data row ``i`` starts
    in the file (int64 array), or ``None`` when the table did not come from a
    file (a DataFrame handed to the API). ``path`` is the path as given, or
    ``"<stdin>"``.
    """

    cells: pa.Table
    path: str
    lines: npt.NDArray[np.int64] | None

    @property
    def n_rows(self) -> int:
        """How many data rows the table has."""
        return int(self.cells.num_rows)

    @property
    def names(self) -> list[str]:
        """The column names, in file order."""
        return list(self.cells.column_names)

    def column(self, name: str) -> pa.Array:
        """One column's cells as one Arrow string array (not copied when it is in one piece)."""
        column = self.cells.column(name)
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
