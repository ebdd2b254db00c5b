"""JSON values decoded as tallycheck reads them, and records gathered into a table.

Shared by the JSON (an array of records) and JSON Lines readers: a key given
twice in one record, a nested value, a lone surrogate and records whose keys
mostly differ are refused, each at the record's line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np

from tallycheck.tables.names import AT_MOST_COLUMNS, MAX_COLUMNS, quoted
from tallycheck.tables.problem import Problem
from tallycheck.tables.table_bytes import decode
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
    from tallycheck.tables.table import Parsed

__all__ = [
    "TOO_DEEP",
    "Records",
    "invalid_json",
    "json_value",
    "kind_of",
    "parse_records",
    "skip_space",
]

Records = Iterator[tuple[int, dict[str, object]]]  # each record with its line

# Records whose keys mostly differ would make a table far larger than the file:
# refused past this many cells, when their table holds this many times the cells they hold.
_SPARSE_CELLS, _SPARSE_RATIO = 10_000_000, 8
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
# Decoded UTF-8 holds no surrogate; only a JSON escape such as \ud800 can put one in a str.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_PAIR = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_BACKSLASH_BEFORE_SURROGATE = re.compile(r"\\\\u[dD][89a-fA-F]")


class _Object(dict[str, object]):
    """A JSON object that gives a key twice (its last value kept), and that key."""

    twice: str


def _json_object(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object as a dict that remembers the first key it gives twice, if any."""
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    marked = _Object(found)
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            marked.twice = key
            break
        seen.add(key)
    return marked


class _Constant(str):
    """NaN, Infinity or -Infinity: Python's json module reads them, but JSON has no such value."""


_JSON = json.JSONDecoder(object_pairs_hook=_json_object, parse_constant=_Constant)
# Slower than int, but keeps an integer of any length as written.
_JSON_LONG_INTS = json.JSONDecoder(
    object_pairs_hook=_json_object, parse_int=Decimal, parse_constant=_Constant
)
_CONSTANT = re.compile(r"NaN|Infinity")
TOO_DEEP = "a value here is nested too deeply to read; a cell must hold a single value"


def parse_records(data: bytes, records_of: Callable[[str], Records]) -> Parsed:
    """The cells and row lines of the records that ``records_of`` finds in the text."""
    text = decode(data)
    constants = _CONSTANT.search(text) is not None
    return _records_table(records_of(text), _may_hold_lone_surrogate(text), constants)


def json_value(text: str, offset: int) -> tuple[object, int]:
    """The JSON value at ``offset`` and the offset after it.

    An integer too long for ``int`` (over 4,300 digits) is read as a Decimal, kept as written.
    """
    try:
        return _JSON.raw_decode(text, offset)
    except json.JSONDecodeError:
        raise
    except ValueError:  # from int(): too many digits
        return _JSON_LONG_INTS.raw_decode(text, offset)


def skip_space(text: str, offset: int) -> int:
    """The offset of the first non-space character at or after ``offset``."""
    found = _JSON_SPACE.match(text, offset)
    return found.end() if found else offset


def _may_hold_lone_surrogate(text: str) -> bool:
    """Whether the JSON text may decode to a lone surrogate; False only when it cannot.

    Only an escape in D800-DFFF decodes to a surrogate, and the escape of a high one
    right before that of a low one decodes to one character (an emoji, say). Any other
    such escape may be lone; so may one after an escaped backslash, since the pairs are
    found here without telling ``\\ud800`` (a backslash, then text) from an escape.
    """
    if not _SURROGATE_ESCAPE.search(text):
        return False
    if _BACKSLASH_BEFORE_SURROGATE.search(text):
        return True
    return bool(_SURROGATE_ESCAPE.search(_SURROGATE_PAIR.sub("", text)))


def invalid_json(err: json.JSONDecodeError) -> str:
    return f"not valid JSON ({err.msg} at column {err.colno})"


def kind_of(value: object) -> str:
    """A JSON value's kind in plain words."""
    if isinstance(value, _Constant):
        return f"{value} (not valid JSON)"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    return "null" if value is None else "a number"


def _records_table(records: Records, surrogates: bool, constants: bool) -> Parsed:
    """Text cells from JSON records: one column per key, in first-seen order.

    ``surrogates`` tells whether the text has an escape that may decode to a lone
    surrogate; without one, the records' text is not searched for any. ``constants``
    tells whether it may hold NaN or Infinity; without them, no value is searched.
    """
    rows: list[dict[str, str | None]] = []
    lines: list[int] = []
    keys: dict[str, None] = {}
    present = 0  # cells the records hold; a table of their keys has len(keys) * len(rows)
    for line, record in records:
        if isinstance(record, _Object):
            raise Problem(f"the key {quoted(record.twice)} appears twice in one record", line)
        if constants:
            _refuse_constant(record, line)
        try:
            row = {key: cell_text(value) for key, value in record.items()}
        except Nested as nested:
            key = next(key for key, value in record.items() if nested_kind(value))
            raise Problem(nested_message(key, nested.kind), line) from None
        message = _record_surrogate(row) if surrogates else None
        if message:
            raise Problem(message, line)
        rows.append(row)
        lines.append(line)
        keys.update(dict.fromkeys(record))
        present += len(row)
        if len(keys) > MAX_COLUMNS:
            raise Problem(
                f"this record brings the keys to over {MAX_COLUMNS:,}; {AT_MOST_COLUMNS}", line
            )
    if len(keys) * len(rows) > max(_SPARSE_CELLS, _SPARSE_RATIO * present):
        raise Problem(
            f"{len(rows):,} records with {len(keys):,} different keys, most of them missing"
            " from most records: that is no table"
        )
    columns = {key: [row.get(key) for row in rows] for key in keys}
    return text_table(columns, len(rows)), np.array(lines, dtype=np.int64)


def _refuse_constant(record: dict[str, object], line: int) -> None:
    """Refuse a record with a value NaN, Infinity or -Infinity, which JSON does not allow."""
    for key, value in record.items():
        if isinstance(value, _Constant):
            raise Problem(
                f"the value of {quoted(key)} is {value}, which is not valid JSON;"
                " write a number, or null for a missing value",
                line,
            )


def _record_surrogate(row: dict[str, str | None]) -> str | None:
    """The message for a record's first key or text value holding a lone surrogate."""
    if not SURROGATE.search("".join(row) + "".join(filter(None, row.values()))):
        return None
    for key, value in row.items():
        for what, text in (
            (f"the key {quoted(key)}", key),
            (f"the value of {quoted(key)}", value),
        ):
            escape = lone_surrogate(text)
            if escape:
                return not_unicode(what, escape)
    return None
