"""Column names and the column limit, checked the same way by every reader."""

from __future__ import annotations

from tallycheck.tables.problem import Problem

__all__ = [
    "AT_MOST_COLUMNS",
    "MAX_COLUMNS",
    "check_names",
    "check_width",
    "quoted",
    "separator_hint",
]

MAX_COLUMNS = 10_000  # each column of a file costs memory of its own, filled or not
AT_MOST_COLUMNS = f"tallycheck reads at most {MAX_COLUMNS:,} columns"
_SHOWN = 60  # the longest name shown whole in a message


_SEPARATORS = {";": "';'", "|": "'|'", "\t": "tabs", ",": "commas"}


def separator_hint(header: list[str]) -> str | None:
    """For a header read as one column that holds another common separator, the
    words that say so; else None."""
    if len(header) == 1:
        for separator, shown in _SEPARATORS.items():
            if separator in header[0]:
                return f"the header is one column: is the file separated by {shown}?"
    return None


def check_width(columns: int, line: int) -> None:
    """Refuse a header of more columns than are read."""
    if columns > MAX_COLUMNS:
        raise Problem(f"the header has {columns:,} columns; {AT_MOST_COLUMNS}", line)


def check_names(names: list[str], line: int | None, place: str) -> None:
    """Refuse a blank or repeated column name."""
    seen: set[str] = set()
    for number, name in enumerate(names, 1):
        if not name.strip():
            raise Problem(f"column {number} has no name", line)
        if name in seen:
            raise Problem(f"column {quoted(name)} appears twice {place}", line)
        seen.add(name)


def quoted(name: str) -> str:
    """A name quoted for a message, cut short past ``_SHOWN`` characters."""
    return repr(name) if len(name) <= _SHOWN else repr(name[:_SHOWN] + "…")
