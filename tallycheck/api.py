"""The Python API: validate tables against a schema and get a ``Report`` back.

The library never prints and never exits; what cannot be judged raises a
``TallycheckError`` subclass (a schema, a usage) or, for a table that cannot be
read, becomes a finding of rule ``unreadable``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tallycheck.errors import TableError
from tallycheck.report import Report
from tallycheck.schema.loader import load_schema
from tallycheck.schema.model import Schema

if TYPE_CHECKING:
    import pandas as pd


def _as_schema(schema: Schema | str | Path) -> Schema:
    return schema if isinstance(schema, Schema) else load_schema(schema)


def validate(
    tables: str | Path | pd.DataFrame | Iterable[str | Path], schema: Schema | str | Path
) -> Report:
    """Check one or more tables (paths, or a DataFrame) against one schema.

    ``schema`` is a loaded ``Schema``, a schema file's path, or a shipped
    schema's name (``"pardon-waves"``). A DataFrame's rows are reported by
    position, with no lines.
    """
    import pandas as pd

    from tallycheck import engine, reader

    loaded = _as_schema(schema)
    if isinstance(tables, pd.DataFrame):
        return engine.build_report([engine.check_table(reader.table_from_frame(tables), loaded)])
    paths = [tables] if isinstance(tables, str | Path) else list(tables)
    results = []
    for path in paths:
        try:
            table = reader.read_table(str(path))
        except TableError as error:
            results.append(engine.unreadable(error, loaded))
            continue
        results.append(engine.check_table(table, loaded))
    return engine.build_report(results)
