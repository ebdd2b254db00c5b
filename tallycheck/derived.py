"""The columns the GX and pandera engines validate: each table column's text and
what its column checks derive from it, named as both engines name them
(``wave.parsed``), and converted to pandas the same way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pyarrow as pa

from tallycheck.checkframe import parse_column
from tallycheck.checks import COLUMN_CHECKS

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame, Values
    from tallycheck.specs import ColumnSpec

Column: TypeAlias = np.ndarray | pa.Array


def part(column: str, name: str) -> str:
    """The name of a column check's derived column: ``wave.parsed`` (``wave`` for "")."""
    return f"{column}.{name}" if name else column


def column_parts(
    frame: CheckFrame,
) -> Iterator[tuple[ColumnSpec, Values | None, dict[str, Column]]]:
    """Each column of the schema, its values and the columns its checks derive, by
    name. An optional column the table lacks is read as blank, so that its checks
    run; a required one has no values and derives nothing, for ``required`` to flag."""
    blank = pa.nulls(frame.n_rows, type=pa.string())
    for spec in frame.schema.columns:
        values = frame.column(spec.name)
        if values is None and not spec.required:
            values = parse_column(spec, blank, frame.schema.about)
        derived: dict[str, Column] = {}
        if values is not None:
            for check in COLUMN_CHECKS.values():
                option = check.option(spec)
                if option is not None:
                    for short, column in check.derive(values, option).items():
                        derived[part(spec.name, short)] = column
        yield spec, values, derived


def pandas_column(column: Column) -> object:
    """A float column as it is (NaN: no value); Arrow text as pandas strings (NaN: null)."""
    if isinstance(column, np.ndarray):
        return column
    import pandas as pd

    return pd.Series(column.to_pandas(), dtype=pd.StringDtype(storage="pyarrow", na_value=np.nan))
