"""A pandas DataFrame handed to the API, wrapped as a Table: its cells become
text as JSON values do. Its rows have no lines; findings name their index."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.errors import TableError
from tallycheck.tables.names import check_names, quoted
from tallycheck.tables.problem import Problem
from tallycheck.tables.table import Table
from tallycheck.tables.text import (
    SURROGATE,
    Nested,
    cell_text,
    lone_surrogate,
    nested_kind,
    nested_message,
    not_unicode,
    text_table,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["table_from_frame"]


def table_from_frame(frame: pd.DataFrame) -> Table:
    """Wrap a DataFrame handed to the API: cells become text as JSON values do."""
    names = [str(name) for name in frame.columns]
    try:
        check_names(names, None, "among the frame's columns")
        for name in names:
            escape = lone_surrogate(name)
            if escape:
                raise Problem(not_unicode(f"column {quoted(name)}", escape))
        columns = {
            name: _column_text(frame.iloc[:, number], name) for number, name in enumerate(names)
        }
    except Problem as problem:
        raise TableError(problem.message, path="<frame>") from None
    return Table(cells=text_table(columns, len(frame)), path="<frame>", lines=None)


def _column_text(column: pd.Series, name: str) -> list[str | None]:
    """A DataFrame column's cells as text, or None where missing.

    Arrow-backed text holds only valid UTF-8; any other cell may hold a lone surrogate.
    """
    import pandas as pd

    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        cells = column.astype("str").to_numpy(dtype=object)
        cells[pd.isna(cells) | (cells == "")] = None
        return list(cells)
    values = [None if value is pd.NA or value is pd.NaT else value for value in column.tolist()]
    try:
        texts = [cell_text(value) for value in values]
    except Nested as nested:
        row = next(row for row, value in enumerate(values) if nested_kind(value))
        raise Problem(f"row {row}: {nested_message(name, nested.kind)}") from None
    if SURROGATE.search("".join(filter(None, texts))):
        row, escape = next(
            (row, e) for row, text in enumerate(texts) if (e := lone_surrogate(text))
        )
        raise Problem(f"row {row}: {not_unicode(f'the value of {quoted(name)}', escape)}")
    return texts
