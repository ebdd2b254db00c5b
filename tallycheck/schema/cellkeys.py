"""The schema keys that say how cells are written: ``missing``, ``decimal`` and ``format``.

``missing`` (a list of markers such as "n/a", "—") and ``decimal`` ("." or ",") may
be given for the whole table, at the top of the schema, and for a column, which
then overrides the table's. ``missing`` applies to every column; ``decimal`` to
the types that take it (integer, number, tally); ``format`` to a date column.
Each type lists the keys only it takes (``ColumnType.keys``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from tallycheck.schema.keys import KeyReader, kind_of
from tallycheck.schema.yamlmarks import Path as KeyPath
from tallycheck.specs import ColumnSpec
from tallycheck.types import TYPES
from tallycheck.types.base import DECIMAL_MARKS, ColumnType
from tallycheck.types.date import format_problem

TABLE_KEYS = ("missing", "decimal")
TYPE_KEYS = tuple(dict.fromkeys(key for kind in TYPES.values() for key in kind.keys))
COLUMN_KEYS = ("missing", *TYPE_KEYS)


def column_keys(
    reader: KeyReader, path: KeyPath, kind: ColumnType, spec: dict[str, Any]
) -> dict[str, Any]:
    """The keys of one column spec that say how its cells are written, as
    ``ColumnSpec`` fields (only those the spec gives)."""
    for key in TYPE_KEYS:
        if key in spec and key not in kind.keys:
            raise reader.fail((*path, key), f"does not apply to {kind.with_article} column")
    found: dict[str, Any] = {}
    if "missing" in spec:
        found["missing"] = markers(reader, (*path, "missing"), spec["missing"])
    if "decimal" in spec:
        found["decimal"] = decimal_mark(reader, (*path, "decimal"), spec["decimal"])
    if "format" in spec:
        written = reader.text(spec["format"], (*path, "format"))
        problem = format_problem(written)
        if problem is not None:
            raise reader.fail((*path, "format"), problem)
        found["format"] = written
    return found


def with_table_keys(
    reader: KeyReader, top: dict[str, Any], columns: tuple[ColumnSpec, ...]
) -> tuple[ColumnSpec, ...]:
    """The columns with the table's ``missing`` and ``decimal`` wherever a column
    does not give its own."""
    table: dict[str, Any] = {}
    if "missing" in top:
        table["missing"] = markers(reader, ("missing",), top["missing"])
    if "decimal" in top:
        table["decimal"] = decimal_mark(reader, ("decimal",), top["decimal"])
    if not table:
        return columns
    written = top["columns"]
    return tuple(
        dataclasses.replace(
            column,
            **{
                key: value
                for key, value in table.items()
                if key not in written[column.name] and (key == "missing" or key in column.type.keys)
            },
        )
        for column in columns
    )


def markers(reader: KeyReader, path: KeyPath, value: Any) -> tuple[str, ...]:
    """A list of missing markers: texts (or whole numbers, such as -999) that a
    cell, stripped, may be exactly."""
    if not isinstance(value, list):
        raise reader.fail(
            path, f"should be a list of texts, such as [n/a, '—'], not {kind_of(value)}"
        )
    found: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, int) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            raise reader.fail((*path, i), f"should be text, not {kind_of(item)}")
        if not item.strip():
            raise reader.fail(
                (*path, i), "should be text, not blank: a blank cell is always missing"
            )
        if item != item.strip():
            raise reader.fail(
                (*path, i), f"should not start or end with a space: cells are stripped ({item!r})"
            )
        found.append(item)
    return tuple(found)


def decimal_mark(reader: KeyReader, path: KeyPath, value: Any) -> str:
    """The decimal mark, "." or ","."""
    if value not in DECIMAL_MARKS:
        raise reader.fail(path, f'should be "." or ",", not {value!r}')
    return str(value)
