"""The regular expressions of a column's ``pattern``: RE2 syntax, matched whole.

A pattern is read by RE2 (through Arrow's compute kernels), which matches in
time linear in the text: no pattern, however written, can make a check hang.
RE2 has no backreferences, lookaround or possessive quantifiers, and repeats
at most 1,000 times (``a{1000}``). The schema loader checks each pattern here,
with the engine that runs it, so that a pattern that loads always runs.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from tallycheck.arrays import BoolArray
from tallycheck.arrow_numpy import bools, strings, with_nulls

MAX_REPEAT = 1000  # RE2's limit; it misreads a count of 2^31 or more instead of refusing it
_REPEAT = re.compile(r"\{(\d+)(?:,(\d*))?\}")
_RE2_SYNTAX = "RE2 syntax: no backreferences, lookaround or possessive quantifiers"


def problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used, as the tail of a sentence; None when it can."""
    for count in _REPEAT.finditer(pattern):
        if _escaped(pattern, count.start()):
            continue  # "\\{5000}" is a brace, not a repeat
        if any(_beyond_repeat(n) for n in count.groups() if n):
            return (
                f"repeats more than {MAX_REPEAT} times ({count[0]}); RE2, which reads "
                f"patterns, allows at most {MAX_REPEAT}"
            )
    try:
        pc.match_substring_regex(strings([""]), pattern)
    except pa.ArrowInvalid as error:
        return f"is not a valid regular expression ({_described(pattern, error)})"
    return None


def _escaped(pattern: str, position: int) -> bool:
    """Whether the character at ``position`` follows an odd run of backslashes."""
    run = len(pattern[:position]) - len(pattern[:position].rstrip("\\"))
    return run % 2 == 1


def _beyond_repeat(digits: str) -> bool:
    significant = digits.lstrip("0")
    return len(significant) > len(str(MAX_REPEAT)) or int(significant or 0) > MAX_REPEAT


def _described(pattern: str, error: pa.ArrowInvalid) -> str:
    """RE2's complaint, or Python's where ``re`` finds the same pattern wrong (its
    messages give the position), with a reminder of what RE2 reads otherwise."""
    try:
        re.compile(pattern)
    except re.error as python:
        return str(python)
    except (OverflowError, RecursionError, ValueError):
        pass
    return f"{str(error).removeprefix('Invalid regular expression: ')}; patterns use {_RE2_SYNTAX}"


def whole(pattern: str) -> str:
    """The pattern anchored to match a cell's whole text (RE2: ``\\A``, ``\\z``)."""
    return rf"\A(?:{pattern})\z"


def matching(cells: pa.Array, pattern: str) -> BoolArray:
    """Which cells' whole text matches ``pattern``; null (blank) cells do not."""
    return bools(pc.match_substring_regex(cells, whole(pattern)))


def matched(cells: pa.Array, pattern: str) -> pa.Array:
    """The cells whose whole text matches ``pattern``; null elsewhere."""
    return with_nulls(cells, ~matching(cells, pattern))
