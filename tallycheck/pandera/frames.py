"""Frames in and out of pandera's checks: a pandas DataFrame, or the polars data
pandera's polars backend hands a check (``PolarsData``).

A check reads its columns as a tallycheck ``Table`` (cells as text, as the API
reads a DataFrame) and answers with one boolean per row, in the frame's kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tallycheck.suggest import did_you_mean
from tallycheck.tables.frame import table_from_frame
from tallycheck.tables.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from tallycheck.arrays import BoolArray


def is_pandas(data: Any) -> bool:
    """Whether ``data`` is a pandas DataFrame (else pandera's polars data)."""
    import pandas as pd

    return isinstance(data, pd.DataFrame)


def names(data: Any) -> list[str]:
    """The frame's column names."""
    if is_pandas(data):
        return [str(name) for name in data.columns]
    return list(data.lazyframe.collect_schema().names())


def table(data: Any, columns: list[str], check: str, absent: tuple[str, ...] = ()) -> Table:
    """Those of ``columns`` the frame has, as a tallycheck table. A column the frame
    lacks is an error that names it (a rule on a column that is not there would
    judge nothing), unless it is one of ``absent``: a column the table is known to
    lack, which the rule then judges as the built-in engine does."""
    have = names(data)
    for name in columns:
        if name not in have and name not in absent:
            raise ValueError(f"{check}: the frame has no column '{name}'{did_you_mean(name, have)}")
    present = [name for name in columns if name in have]
    if is_pandas(data):
        frame: pd.DataFrame = data[present]
        texts = _arrow_texts(frame)
        if texts is not None:  # text already in Arrow (as prepare gives): no cell by cell
            return Table(cells=texts, path="<frame>", lines=None)
    else:
        # Arrow-backed, so that a date stays a date (not a midnight timestamp)
        frame = data.lazyframe.select(present).collect().to_pandas(use_pyarrow_extension_array=True)
    return table_from_frame(frame)


def _arrow_texts(frame: pd.DataFrame) -> pa.Table | None:
    """The frame's cells as an Arrow table of text (an empty cell null), when every
    column holds Arrow-backed text; None otherwise."""
    import pandas as pd

    arrays = []
    for name in frame.columns:
        kind = frame[name].dtype
        if not (isinstance(kind, pd.StringDtype) and kind.storage == "pyarrow"):
            return None
        text = pc.cast(pa.array(frame[name].array), pa.string())
        arrays.append(pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text))
    return pa.Table.from_arrays(arrays, names=[str(name) for name in frame.columns])


def passed(data: Any, good: BoolArray) -> Any:
    """The check's answer: a boolean Series on the frame's index, or a one-column LazyFrame."""
    if is_pandas(data):
        import pandas as pd

        return pd.Series(good, index=data.index, dtype=bool)
    import polars as pl

    return pl.LazyFrame({"passed": np.asarray(good, dtype=bool)})


def filled(data: Any, column: str, where: str) -> Any:
    """Rows where ``column`` has a value, or ``where`` has none."""
    if is_pandas(data):
        return data[column].notna() | data[where].isna()
    import polars as pl

    return data.lazyframe.select(pl.col(column).is_not_null() | pl.col(where).is_null())


def first_of_each_value(data: Any, column: str) -> Any:
    """Rows where ``column`` has no value, or a value no earlier row has."""
    if is_pandas(data):
        return data[column].isna() | ~data[column].duplicated(keep="first")
    import polars as pl

    values = pl.col(column)
    return data.lazyframe.select(values.is_null() | values.is_first_distinct())
