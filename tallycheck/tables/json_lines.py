"""JSON Lines (``.jsonl``, ``.ndjson``): one record a line; blank lines are skipped."""

from __future__ import annotations

import json
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

_BOM_IN_JSON = "Unexpected UTF-8 BOM (decode using utf-8-sig)"


def read(path: str) -> Parsed:
    """The cells and row lines of a JSON Lines file."""
    return parse(table_bytes(path, line_based=True))


def parse(data: bytes) -> Parsed:
    """The cells and row lines of JSON Lines, as bytes."""
    return parse_records(data, _jsonl_records)


def _jsonl_records(text: str) -> Records:
    """Yield each record of a JSON Lines text with its line; blank lines are skipped."""
    for line, source in enumerate(text.split("\n"), 1):
        if not source.strip(" \t\r"):
            continue
        try:
            if source.startswith("\ufeff"):  # what json.loads says of a BOM
                raise json.JSONDecodeError(_BOM_IN_JSON, source, 0)
            value, end = json_value(source, skip_space(source, 0))
            if skip_space(source, end) != len(source):
                raise json.JSONDecodeError("Extra data", source, end)
        except json.JSONDecodeError as err:
            raise Problem(invalid_json(err), line) from None
        except RecursionError:  # the decoder recurses once per level of nesting
            raise Problem(TOO_DEEP, line) from None
        if not isinstance(value, dict):
            raise Problem(f"not a JSON record (found {kind_of(value)}, not an object)", line)
        yield line, value
