"""The value a table reader produces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd


@dataclass(frozen=True, eq=False)
class Table:
    """A table as read: every cell as text, and where each row stood in its file.

    ``frame`` has one column per header name, in file order, each of pandas'
    default string dtype (``"str"``), with a default ``RangeIndex``. Cells are
    kept as written (not stripped); an empty cell is missing (NaN). ``lines[i]``
    is the physical line (1-based) on which data row ``i`` starts in the file
    (int64 array), or ``None`` when the table did not come from a file (a
    DataFrame handed to the API). ``path`` is the path as given, or
    ``"<stdin>"``.
    """

    frame: pd.DataFrame
    path: str
    lines: npt.NDArray[np.int64] | None
