"""JSON: an array of records, one row per record, each at the line of its ``{``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tallycheck.tables.json_records import (
    TOO_DEEP,
    Records,
    invalid_json,
    json_value,
    kind_of,
    parse_records,
    skip_space,
)
from tallycheck.tables.problem import Problem
from tallycheck.tables.table_bytes import table_bytes

if TYPE_CHECKING:
    from tallycheck.tables.table import Parsed

__all__ = ["parse", "read"]


def read(path: str) -> Parsed:
    """The cells and row lines of a JSON file; it may be one long line."""
    return parse(table_bytes(path, line_based=False))


def parse(data: bytes) -> Parsed:
    """The cells and row lines of a JSON array of records, as bytes."""
    return parse_records(data, _json_records)


def _json_records(text: str) -> Records:
    """Yield each record of a JSON array with the line of its opening ``{``."""
    line, counted = 1, 0
    for offset, value in _json_array_items(text):
        line += text.count("\n", counted, offset)
        counted = offset
        if not isinstance(value, dict):
            raise Problem(f"not a JSON array of records (found {kind_of(value)})", line)
        yield line, value


def _json_array_items(text: str) -> Iterator[tuple[int, object]]:
    """Yield ``(offset, value)`` for each element of the array the text holds."""
    try:
        offset = skip_space(text, 0)
        if not text.startswith("[", offset):
            value, _ = json_value(text, offset)
            line = text.count("\n", 0, offset) + 1
            raise Problem(f"not a JSON array of records (found {kind_of(value)})", line)
        offset = skip_space(text, offset + 1)
        closed = text.startswith("]", offset)
        while not closed:
            value, end = json_value(text, offset)
            yield offset, value
            offset = skip_space(text, end)
            closed = text.startswith("]", offset)
            if not closed:
                if not text.startswith(",", offset):
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, offset)
                offset = skip_space(text, offset + 1)
        offset = skip_space(text, offset + 1)
        if offset != len(text):
            raise json.JSONDecodeError("Extra data", text, offset)
    except json.JSONDecodeError as err:
        raise Problem(invalid_json(err), err.lineno) from None
    except RecursionError:  # the decoder recurses once per level of nesting
        raise Problem(TOO_DEEP, text.count("\n", 0, offset) + 1) from None
