"""A plain-Python reference for the four cross-row rules, for differential testing.

Written from the rule definitions in DESIGN.md ("The schema format") and the rules'
documentation (their docstrings and YAML cases), not from their code: row by row,
with no pandas and no vectorising, so that it is easy to check by reading. Only the
tally parser is shared (``tallycheck.tally.parse_tally``), since it is tested on its
own. ``check(rows, schema)`` takes the table as a list of rows (dicts of cell text,
None for blank) and the schema as the mapping ``schema_from_mapping`` takes, and
returns what each rule finds, with the monotonic findings that a running-total
finding explains folded away, as the engine folds them.

What the definitions leave open, and how this reference reads it:

- A row whose order cell is blank or not a whole number is in no walk; rules that
  look at one row at a time (parts-sum) still check it.
- A blank series cell is a series of its own.
- A cell that is not a valid value of its type counts as blank for the rules.
- running-total: every row of an order value leaves a reading of the total (none
  when it has neither figure); the next order value's rows are each compared with
  every reading of the nearest earlier value that left one (only as lower bounds
  when an order value since left none). A row that agrees with
  some readings leaves what its total and theirs say (its total narrowed to the span
  of those readings plus the increment); a row that agrees with none leaves two: its
  figure as given and the corrected one (its expected value). Of these the chain
  follows the corrected one when the figure is stale, the given one otherwise; the
  other is a fallback, which lets a later row pass but never gives an expected value.
  A row that agrees with none is compared, in its finding, with a followed reading:
  one it repeats (stale: the same interval, or the same cell text as the row that gave
  it), else the one whose sum is nearest to its total, then the smaller sum, then a
  figure as given before a corrected one before one carried by an increment, then the
  smaller reading, then the first row in the file.
  Order values are "skipped" when they are further apart than the ``step`` of the
  schema's ``sequence`` rule on the order column (the largest, if several), else 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from tallycheck.tally import Interval, parse_tally

Row = Mapping[str, str | None]
INF = math.inf
# A whole number in digits 0-9, with a zero fraction of one or two digits ("6.0").
WHOLE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.0{1,2})?", re.ASCII)


@dataclass(frozen=True, order=True)
class Found:
    """One finding, as the differential test compares it. ``row`` counts from 1."""

    rule: str
    row: int
    value: str | None
    expected: str | None
    related_row: int | None = None
    column: str = ""
    severity: str = "error"


def text(row: Row, column: str) -> str | None:
    """The cell as shown in findings: stripped; None when blank or absent."""
    cell = row.get(column)
    if cell is None or not cell.strip():
        return None
    return cell.strip()


def number(cell: str) -> str:
    """A bound as findings write it: whole numbers without a decimal point."""
    return str(int(cell)) if float(cell).is_integer() else cell


class Table:
    """The rows, each column's type, and the schema's series, order and about."""

    def __init__(self, rows: Sequence[Row], schema: Mapping[str, Any]) -> None:
        self.rows = rows
        self.types = {name: spec["type"] for name, spec in schema["columns"].items()}
        self.series = schema.get("series")
        self.order = schema.get("order")
        self.about = float(schema.get("tallies", {}).get("about", 0.10))
        steps = [
            int(rule.get("step", 1))
            for rule in schema.get("rules", [])
            if rule["rule"] == "sequence" and self.order and rule.get("column") == self.order
        ]
        self.step = max(steps, default=1)

    def interval(self, index: int, column: str) -> Interval | None:
        """The cell as an interval of whole numbers; None when blank or invalid."""
        cell = text(self.rows[index], column)
        if cell is None:
            return None
        if self.types[column] == "tally":
            return parse_tally(cell, self.about)
        if self.types[column] == "integer" and WHOLE.fullmatch(cell):
            value = float(cell.replace(",", ""))
            return Interval(value, value)
        return None

    def order_value(self, index: int) -> float | None:
        """The row's order value when it is one whole number, else None."""
        if self.order is None:
            return float(index)
        value = self.interval(index, self.order)
        return value.lo if value is not None and value.is_exact else None

    def walks(self) -> list[list[tuple[float, list[int]]]]:
        """Each series' rows grouped by order value, in order (file order within a value)."""
        keyed = []
        for index in range(len(self.rows)):
            order = self.order_value(index)
            if order is None:
                continue
            series = text(self.rows[index], self.series) if self.series else None
            keyed.append((series or "", order, index))
        keyed.sort()
        walks = []
        for _, in_series in groupby(keyed, key=lambda k: k[0]):
            walks.append(
                [
                    (order, [index for _, _, index in rows])
                    for order, rows in groupby(in_series, key=lambda k: k[1])
                ]
            )
        return walks


def sequence(table: Table, column: str, step: int = 1, start: int | None = None) -> list[Found]:
    """Each value is the one before plus ``step``; the first is ``start`` when given."""
    found = []
    for walk in table.walks():
        before: tuple[int, float] | None = None
        for _, indexes in walk:
            for index in indexes:
                value = table.interval(index, column)
                if value is None or not value.is_exact:
                    continue
                cell = text(table.rows[index], column)
                if before is None:
                    if start is not None and value.lo != start:
                        found.append(Found("sequence", index + 1, cell, str(start)))
                elif value.lo != before[1] + step:
                    wanted = str(int(before[1] + step))
                    found.append(Found("sequence", index + 1, cell, wanted, before[0] + 1))
                before = (index, value.lo)
    return [_in(f, column) for f in found]


def monotonic(
    table: Table, column: str, direction: str = "increasing", strict: bool = False
) -> list[Found]:
    """Each filled row against the last filled row of the nearest earlier order value."""
    found = []
    for walk in table.walks():
        before: tuple[int, Interval] | None = None
        for _, indexes in walk:
            last = before
            for index in indexes:
                value = table.interval(index, column)
                if value is None:
                    continue
                last = (index, value)
                if before is None:
                    continue
                prior = before[1]
                if direction == "increasing":
                    broken = value.hi <= prior.lo if strict else value.hi < prior.lo
                    bound, words = prior.lo, ("more than" if strict else "at least")
                else:
                    broken = value.lo >= prior.hi if strict else value.lo > prior.hi
                    bound, words = prior.hi, ("less than" if strict else "at most")
                if broken:
                    cell = text(table.rows[index], column)
                    wanted = f"{words} {_bound(bound)}"
                    found.append(Found("monotonic", index + 1, cell, wanted, before[0] + 1))
            before = last
    return [_in(f, column) for f in found]


def parts_sum(table: Table, parts: Sequence[str], total: str, mode: str = "exact") -> list[Found]:
    """Each row's parts against its total; a blank part may be anything from 0 up."""
    found = []
    for index in range(len(table.rows)):
        whole = table.interval(index, total)
        if whole is None:
            continue
        given = [table.interval(index, part) for part in parts]
        added = Interval(0, 0)
        for part in given:
            added = added + (part if part is not None else Interval(0, INF))
        if mode == "exact":
            broken, wanted = not added.overlaps(whole), added
        else:
            broken, wanted = added.lo > whole.hi, Interval(added.lo, INF)
        if broken:
            cell = text(table.rows[index], total)
            found.append(Found("parts-sum", index + 1, cell, str(wanted), column=total))
    return found


@dataclass(frozen=True)
class Chain:
    """A reading of the running total: its value, the row it stands at, that row's
    order, how it was found ("given", "corrected" or "carried"), and whether an
    order value since gave no figures (then only a lower bound is known)."""

    value: Interval
    row: int
    order: float
    how: str = "given"
    passed_blank: bool = False
    fallback: bool = False


PREFERENCE = {"given": 0, "corrected": 1, "carried": 2}


def running_total(table: Table, total: str, increment: str) -> list[Found]:
    """Each row's total against every reading of the total before it plus its increment."""
    found = []
    for walk in table.walks():
        readings: list[Chain] = []
        for order, indexes in walk:
            left: list[Chain] = []
            for index in indexes:
                finding, after = _step(table, readings, index, order, total, increment)
                if finding is not None:
                    found.append(finding)
                left += after
            readings = left or [replace(before, passed_blank=True) for before in readings]
    return found


def _step(
    table: Table, readings: list[Chain], index: int, order: float, total: str, increment: str
) -> tuple[Found | None, list[Chain]]:
    """One row against the readings: its finding (if any) and the readings it leaves."""
    figure = table.interval(index, total)
    added = table.interval(index, increment)
    if figure is None and added is None:
        return None, []
    if not readings or added is None:
        return None, [] if figure is None else [Chain(figure, index, order)]
    sums = []
    for before in readings:
        expected = before.value + added
        if order > before.order + table.step or before.passed_blank:
            expected = Interval(expected.lo, INF)
        sums.append((expected, before))
    if figure is None:
        return None, [
            Chain(expected, index, order, "carried", fallback=before.fallback)
            for expected, before in sums
        ]
    agreeing = [expected for expected, _ in sums if figure.overlaps(expected)]
    if agreeing:  # both hold: the total is where they meet
        lo = max(figure.lo, min(e.lo for e in agreeing))
        hi = min(figure.hi, max(e.hi for e in agreeing))
        return None, [Chain(Interval(lo, hi), index, order)]

    cell = text(table.rows[index], total)

    def repeats(before: Chain) -> bool:
        given_as = text(table.rows[before.row], total) if before.how == "given" else None
        return figure == before.value or cell == given_as

    def explains(pair: tuple[Interval, Chain]) -> tuple[Any, ...]:
        expected, before = pair
        assert figure is not None
        distance = max(expected.lo - figure.hi, figure.lo - expected.hi)
        how = PREFERENCE[before.how]
        value = (before.value.lo, before.value.hi)
        return (not repeats(before), distance, expected.lo, expected.hi, how, *value, before.row)

    expected, before = min([pair for pair in sums if not pair[1].fallback], key=explains)
    finding = Found("running-total", index + 1, cell, str(expected), before.row + 1, total)
    stale = repeats(before)
    return finding, [
        Chain(expected, index, order, "corrected", fallback=not stale),
        Chain(figure, index, order, fallback=stale),
    ]


def _bound(value: float) -> str:
    return str(int(value))


def _in(finding: Found, column: str) -> Found:
    return Found(
        finding.rule, finding.row, finding.value, finding.expected, finding.related_row, column
    )


def _with(finding: Found, severity: str) -> Found:
    return Found(
        finding.rule,
        finding.row,
        finding.value,
        finding.expected,
        finding.related_row,
        finding.column,
        severity,
    )


_LEVEL = {"error": 2, "warning": 1}


def fold(found: Iterable[Found]) -> list[Found]:
    """Drop each monotonic finding that a running-total finding on its cell explains.

    The running-total finding explains it when it is on the same row and column and
    at least as severe.
    """
    found = list(found)
    explained = {(f.row, f.column, _LEVEL[f.severity]) for f in found if f.rule == "running-total"}
    return [
        f
        for f in found
        if f.rule != "monotonic"
        or not any(
            (f.row, f.column, level) in explained
            for level in _LEVEL.values()
            if level >= _LEVEL[f.severity]
        )
    ]


RULES: dict[str, Callable[..., list[Found]]] = {
    "sequence": sequence,
    "monotonic": monotonic,
    "parts-sum": parts_sum,
    "running-total": running_total,
}


def check(rows: Sequence[Row], schema: Mapping[str, Any]) -> list[Found]:
    """Every rule of the schema over the rows, folded, sorted."""
    table = Table(rows, schema)
    found: list[Found] = []
    for spec in schema.get("rules", []):
        options = {k: v for k, v in spec.items() if k not in ("rule", "severity", "name")}
        rule: Callable[..., list[Found]] = RULES[spec["rule"]]
        severity = spec.get("severity", "error")
        found += [_with(f, severity) for f in rule(table, **options)]
    return sorted(fold(found))
