"""Column checks: the per-cell constraints of ``columns:``, judged on parsed cells.

Each key a column spec may carry is one check, and a failure is reported under
the key's own name, so that a finding's rule is what the user wrote. The checks
and what each means are listed in ``tallycheck.entries`` (``COLUMN_CHECKS``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from tallycheck import patterns
from tallycheck.arrays import BoolArray
from tallycheck.arrow_numpy import from_bools
from tallycheck.cells import DECIMAL, WHOLE, distinct, too_large
from tallycheck.checkframe import CheckFrame, Values
from tallycheck.entries import ALLOWED, MAX, MIN, PATTERN, REQUIRED, TYPE, UNIQUE
from tallycheck.hints import type_hint
from tallycheck.judgement import CellFinding
from tallycheck.schema.model import COLUMN_TYPES, MAX_EXACT_TEXT, NUMERIC_TYPES
from tallycheck.tables.names import quoted
from tallycheck.tally import Interval
from tallycheck.tally import too_large as tally_too_large


def bound_value(bound: Any) -> float:
    """A ``min`` or ``max`` on the scale of the parsed values (dates in days)."""
    if isinstance(bound, dt.date):
        return float((bound - dt.date(1970, 1, 1)).days)
    return float(bound)


def failures(frame: CheckFrame) -> Iterator[CellFinding]:
    """Each column check's failures: a required column the table lacks (row
    None), a blank cell in a required column, and each filled cell that fails
    a check of its column's spec."""
    for spec in frame.schema.columns:
        values = frame.column(spec.name)
        if values is None:
            if spec.required:
                yield REQUIRED.id, spec.name, None
            continue
        if spec.required:
            yield from (
                (REQUIRED.id, spec.name, row) for row in np.flatnonzero(values.blank).tolist()
            )
        for rule, passed in verdicts(values).items():
            failing = np.flatnonzero(~passed & ~values.blank).tolist()
            yield from ((rule, spec.name, row) for row in failing)


def verdicts(values: Values) -> dict[str, BoolArray]:
    """Per check of the column's spec, which cells pass it (blank cells may pass or not)."""
    spec = values.spec
    passed = {TYPE.id: ~values.invalid}
    if values.lo is not None and values.hi is not None:
        if spec.min is not None:
            passed[MIN.id] = ~(values.hi < bound_value(spec.min))
        if spec.max is not None:
            passed[MAX.id] = ~(values.lo > bound_value(spec.max))
    if spec.unique:
        passed[UNIQUE.id] = ~repeated(values)
    if spec.allowed is not None:
        passed[ALLOWED.id] = _allowed(values, spec.allowed)
    if spec.pattern is not None:
        passed[PATTERN.id] = patterns.matching(values.text, spec.pattern)
    return passed


def _among(values: Values, holds: Callable[[str], bool]) -> BoolArray:
    """Cells whose text ``holds``, judged once per distinct text; blank cells fail."""
    codes, texts = distinct(values.text)
    verdict = np.array([holds(text) for text in texts.to_pylist()] + [False], dtype=bool)
    return verdict[codes]  # a blank cell's code, -1, picks the False at the end


def _allowed(values: Values, allowed: tuple[Any, ...]) -> BoolArray:
    if values.lo is not None and values.spec.type != "date":
        numbers = [float(a) for a in allowed if isinstance(a, int | float)]
        return values.blank | values.invalid | np.isin(values.lo, numbers)
    texts = [a.isoformat() if isinstance(a, dt.date) else str(a) for a in allowed]
    return values.blank | _among(values, texts.__contains__)


def repeated(values: Values) -> BoolArray:
    """Valid cells that repeat an earlier row's value: the same parsed bounds,
    else the same text."""
    present = values.present
    if values.lo is not None and values.hi is not None:
        pairs = np.stack([values.lo[present], values.hi[present]], axis=1)
        _, first = np.unique(pairs, axis=0, return_index=True)
    else:
        codes, _ = distinct(values.text.filter(from_bools(present)))
        _, first = np.unique(codes, return_index=True)
    repeat = np.ones(int(present.sum()), dtype=bool)
    repeat[first] = False
    result = np.zeros(len(present), dtype=bool)
    result[present] = repeat
    return result


def describe(rule: str, values: Values, row: int) -> tuple[str, str | None]:
    """The message tail and the expected value for one cell's column finding."""
    spec = values.spec
    name = spec.name
    shown = values.show(row)
    if rule == REQUIRED.id:
        return f"{name} is blank, but the schema requires it", "a value"
    if rule == TYPE.id and _too_large(spec.type, shown):
        return (
            f"{name} {_abridged(shown)!r} is too large to compare exactly "
            f"(beyond {MAX_EXACT_TEXT})",
            f"{_article(spec.type)} within {MAX_EXACT_TEXT}",
        )
    if rule == TYPE.id:
        return (
            f"{name} {shown!r} is not {_article(spec.type)} ({COLUMN_TYPES[spec.type]})"
            + type_hint(spec.type, shown),
            spec.type,
        )
    if rule == MIN.id:
        bound = _show_bound(spec.min)
        return f"{name} {shown} is below the minimum {bound}", f"at least {bound}"
    if rule == MAX.id:
        bound = _show_bound(spec.max)
        return f"{name} {shown} is above the maximum {bound}", f"at most {bound}"
    if rule == UNIQUE.id:
        return f"{name} {shown} appears on an earlier row too", "a value no other row has"
    if rule == ALLOWED.id:
        listed = ", ".join(_show_bound(a) for a in spec.allowed or ())
        return f"{name} {shown!r} is not one of the allowed values ({listed})", f"one of {listed}"
    return f"{name} {shown!r} does not match the pattern {spec.pattern}", spec.pattern


def beyond_exact(rule: str, values: Values, row: int) -> bool:
    """Whether a cell's failure is a number written right, but too large to compare exactly."""
    return rule == TYPE.id and _too_large(values.spec.type, values.show(row))


def _too_large(kind: str, text: str) -> bool:
    """Whether a cell that failed its type is a number written right, but too large."""
    if kind == "tally":
        return tally_too_large(text) or too_large(text)
    return kind in NUMERIC_TYPES and too_large(text, WHOLE if kind == "integer" else DECIMAL)


def _abridged(number: str) -> str:
    """A long number shortened for a sentence: its first digits and how many it has."""
    if len(number) <= 40:
        return number
    return f"{number[:20]}… ({sum(c.isdigit() for c in number)} digits)"


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _show_bound(bound: Any) -> str:
    if isinstance(bound, dt.date):
        return bound.isoformat()
    if isinstance(bound, float) and bound.is_integer():
        return str(Interval(bound, bound))
    return str(bound)


_SEPARATORS = {";": "';'", "|": "'|'", "\t": "tabs", ",": "commas"}


def describe_missing(columns: list[str], header: list[str]) -> str:
    """The one sentence for the required columns a table lacks, with a hint when
    its header is one column that holds another separator."""
    names = [f"'{name}'" for name in columns]
    if len(names) == 1:
        sentence = f"the column {names[0]} is missing, but the schema requires it"
    else:
        listed = f"{', '.join(names[:-1])} and {names[-1]}"
        sentence = f"the columns {listed} are missing, but the schema requires them"
    if len(header) == 1:
        for separator, shown in _SEPARATORS.items():
            if separator in header[0]:
                return f"{sentence} (the header is one column: is the file separated by {shown}?)"
    wanted = {_bare(name) for name in columns}
    near = [written for written in header if _bare(written) in wanted]
    if near:
        shown = ", ".join(quoted(written) for written in near[:3])
        return f"{sentence} (the header has {shown}: mind spaces, case and invisible characters)"
    return sentence


def _bare(name: str) -> str:
    """A column name without white space or invisible characters, case folded."""
    return "".join(
        c for c in name if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc")
    ).casefold()
