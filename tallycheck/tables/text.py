"""Values turned into cell text, the way JSON values are read, and text cells
gathered into an Arrow table.

A number is written as in a CSV (an integral float as ``"7"``), a boolean as
``true``/``false``, a missing value (None, NaN, an empty string) as null. An
object or an array is no single cell, and a lone surrogate is no text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

import numpy as np
import pyarrow as pa

from tallycheck.arrow_numpy import strings
from tallycheck.tables.names import quoted

__all__ = [
    "SURROGATE",
    "Nested",
    "cell_text",
    "float_text",
    "lone_surrogate",
    "nested_kind",
    "nested_message",
    "not_unicode",
    "text_table",
]

SURROGATE = re.compile("[\ud800-\udfff]")


class Nested(Exception):
    """A value that is an object or an array, not a single cell."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def cell_text(value: object) -> str | None:
    """One value as cell text, the way JSON values are read; None when missing."""
    if isinstance(value, (np.bool_, np.integer, np.floating)):
        value = value.item()
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value)
    if value is None:
        return None
    kind = nested_kind(value)
    if kind:
        raise Nested(kind)
    return str(value)


def float_text(value: float) -> str | None:
    """``"7"`` for an integral float, its repr otherwise; NaN is missing."""
    if math.isnan(value):
        return None
    return str(int(value)) if value.is_integer() else repr(value)


def nested_kind(value: object) -> str | None:
    """``"object"`` or ``"array"`` for a value that cannot be one cell."""
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return "array"
    return None


def nested_message(key: str, kind: str) -> str:
    return f"the value of {quoted(key)} is a nested {kind}; a cell must hold a single value"


def lone_surrogate(text: str | None) -> str | None:
    """The escape (such as ``\\ud800``) of the text's first lone surrogate, if any.

    A lone surrogate is no character: it cannot be written as UTF-8 (nor held by Arrow).
    """
    found = SURROGATE.search(text) if text else None
    return f"\\u{ord(found.group()):04x}" if found else None


def not_unicode(what: str, escape: str) -> str:
    return f"{what} is not valid Unicode (a lone surrogate {escape})"


def text_table(columns: dict[str, list[str | None]], rows: int) -> pa.Table:
    """An Arrow table of string columns (None for a missing cell) with ``rows`` rows."""
    if not columns:  # no columns, yet rows: records that are all empty objects
        no_fields = pa.array([{}] * rows, type=pa.struct([]))
        return pa.Table.from_batches([pa.RecordBatch.from_struct_array(no_fields)])
    arrays = [strings(cells) for cells in columns.values()]
    return pa.Table.from_arrays(arrays, names=list(columns))
