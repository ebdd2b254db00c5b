"""The cross-row rules that hold, or nearly hold, on a table: each candidate is
judged by tallycheck's own rule on the parsed table, and its hit rate is the
share of the rows the rule compares that it does not flag.

- ``monotonic``: a date or figure (not the order or a series) that rises at
  least once and does not fall in at least ``MONOTONIC_PERCENT`` of its steps.
- ``sequence``: a whole-number column that steps by 1 in at least
  ``MONOTONIC_PERCENT`` of its steps (it is then not also proposed as monotonic).
- ``running-total``: a total and its increment (whole numbers: sums of
  decimals are rounded, and would be flagged where they are right), each step of the total equal to
  the increment in at least ``SUM_PERCENT`` of the rows compared.
- ``parts-sum``: two parts and their total (whole numbers), in at least ``SUM_PERCENT`` of the
  rows where all three are filled.

An exact sum rarely holds by chance, so the sums take a lower share than the
99 % of ``monotonic``, but only where their parts or increments are not zero in
most of the rows where they hold (0 + 0 = 0 proves nothing). Pairs and triples
are first screened on a sample of at most ``SAMPLE`` rows, so that a table of
a million rows and thirty figures takes seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tallycheck.checkframe import CheckFrame
from tallycheck.checks import RULES
from tallycheck.checks.base import flagged
from tallycheck.infer.words import counted, percent
from tallycheck.types.date import DATE
from tallycheck.types.integer import INTEGER
from tallycheck.types.number import NUMBER
from tallycheck.types.tally import TALLY

MONOTONIC_PERCENT = 99
SUM_PERCENT = 80
SCREEN_SHARE = 0.5  # a pair or triple that holds in less of the sample is not judged
LISTED_PERCENT = 50  # a candidate below the threshold is listed as left out from this share
SAMPLE = 20_000
PARTS_SAMPLE = 2_000
NUMERIC = (INTEGER, NUMBER, TALLY)
MIN_JUDGED = 3  # a rule that compares fewer rows is not proposed: they prove nothing


@dataclass(frozen=True)
class RuleGuess:
    """A candidate rule: its options as the schema writes them, how many rows it
    compared and how many of those it did not flag, and whether it is proposed."""

    rule: str
    options: dict[str, Any]
    judged: int
    held: int
    proposed: bool
    why: str = ""


def guess_rules(frame: CheckFrame) -> list[RuleGuess]:
    """Every candidate rule worth a line: those proposed, then those left out."""
    schema = frame.schema
    walked = {schema.order, *schema.series}
    figures = [
        name
        for name, values in frame.values.items()
        if values.spec.type in (*NUMERIC, DATE) and name not in schema.series
    ]
    guesses = _sequences(frame, [n for n in figures if frame.values[n].spec.type is INTEGER])
    in_sequence = {g.options["column"] for g in guesses if g.proposed}
    ordered = [n for n in figures if n not in walked and n not in in_sequence]
    guesses += _monotonic(frame, ordered)
    counts = [n for n in figures if frame.values[n].spec.type.whole and n not in walked]
    guesses += _running_totals(frame, counts)
    guesses += _parts_sums(frame, counts)
    return guesses


def _judge(frame: CheckFrame, rule: str, options: dict[str, Any], judged: np.ndarray) -> int:
    """How many of the ``judged`` rows the rule does not flag."""
    check = RULES[rule]
    opts = check.options(**options)
    bad = flagged(check.verdict(opts), check.derive(frame, opts).columns(), frame.n_rows)
    return int((judged & ~bad).sum())


def _sequences(frame: CheckFrame, names: list[str]) -> list[RuleGuess]:
    guesses = []
    for name in names:
        judged = frame.row_before(frame.values[name].present, earlier_order=False) >= 0
        steps = int(judged.sum())
        if steps < MIN_JUDGED:
            continue
        held = _judge(frame, "sequence", {"column": name}, judged)
        if _holds(held, steps, LISTED_PERCENT):
            why = f"steps by 1 in {_rate(held, steps, 'step')}"
            proposed = _holds(held, steps, MONOTONIC_PERCENT)
            guesses.append(RuleGuess("sequence", {"column": name}, steps, held, proposed, why))
    return guesses


def _monotonic(frame: CheckFrame, names: list[str]) -> list[RuleGuess]:
    guesses = []
    for name in names:
        values = frame.values[name]
        before = frame.row_before(values.present, earlier_order=True)
        judged = before >= 0
        steps = int(judged.sum())
        if steps < MIN_JUDGED:
            continue
        lo, hi = values.bounds()
        rises = int((lo[judged] > hi[before[judged]]).sum())
        if not rises:
            continue
        held = _judge(frame, "monotonic", {"column": name}, judged)
        if _holds(held, steps, LISTED_PERCENT):
            falls = steps - held
            why = f"does not fall in {_rate(held, steps, 'step')}" + (
                f" ({counted(falls, 'fall')})" if falls else ""
            )
            proposed = _holds(held, steps, MONOTONIC_PERCENT)
            guesses.append(RuleGuess("monotonic", {"column": name}, steps, held, proposed, why))
    return guesses


def _exact(frame: CheckFrame, name: str) -> np.ndarray:
    """The column's exact values (NaN where blank, invalid or a bound)."""
    lo, hi = frame.values[name].bounds()
    return np.where(lo == hi, lo, np.nan)


def _sample(rows: np.ndarray, size: int) -> np.ndarray:
    if len(rows) <= size:
        return rows
    return rows[np.linspace(0, len(rows) - 1, size).astype(np.int64)]


def _running_totals(frame: CheckFrame, names: list[str]) -> list[RuleGuess]:
    guesses = []
    exact = {name: _exact(frame, name) for name in names}
    for total in names:
        before = frame.row_before(~np.isnan(exact[total]), earlier_order=True)
        rows = _sample(np.flatnonzero(before >= 0), SAMPLE)
        if len(rows) < 2:
            continue
        step = exact[total][rows] - exact[total][before[rows]]
        for increment in names:
            if increment == total:
                continue
            added = exact[increment][rows]
            same = step == added
            if (
                same.sum() < MIN_JUDGED
                or same.sum() < SCREEN_SHARE * (~np.isnan(added)).sum()
                or (same & (added != 0)).sum() * 2 < same.sum()
                or len(np.unique(added[same])) < 2
            ):
                continue
            judged = (before >= 0) & frame.values[increment].present
            held = _judge(frame, "running-total", {"total": total, "increment": increment}, judged)
            steps = int(judged.sum())
            why = f"{total} rises by {increment} in {_rate(held, steps, 'step')}"
            proposed = steps >= MIN_JUDGED and _holds(held, steps, SUM_PERCENT)
            options = {"total": total, "increment": increment}
            guesses.append(RuleGuess("running-total", options, steps, held, proposed, why))
    return guesses


def _parts_sums(frame: CheckFrame, names: Sequence[str]) -> list[RuleGuess]:
    if len(names) < 3:
        return []
    matrix = np.stack([_exact(frame, name) for name in names], axis=1)
    rows = _sample(np.flatnonzero(~np.isnan(matrix).all(axis=1)), PARTS_SAMPLE)
    sample = matrix[rows]
    pair_sums = sample[:, :, None] + sample[:, None, :]
    filled_pairs = ~np.isnan(pair_sums)
    nonzero = (sample != 0)[:, :, None] & (sample != 0)[:, None, :]
    guesses = []
    for t, total in enumerate(names):
        filled = filled_pairs & ~np.isnan(sample[:, t])[:, None, None]
        same = pair_sums == sample[:, t][:, None, None]
        compared = filled.sum(axis=0)
        hits = same.sum(axis=0)
        strong = (same & nonzero).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = hits / compared
        for a, b in zip(*np.nonzero((share >= SCREEN_SHARE) & (strong * 2 >= hits)), strict=True):
            if not a < b or t in (a, b):
                continue
            parts = [names[a], names[b]]
            judged = np.logical_and.reduce([frame.values[n].present for n in (*parts, total)])
            held = _judge(frame, "parts-sum", {"parts": tuple(parts), "total": total}, judged)
            count = int(judged.sum())
            why = f"{parts[0]} + {parts[1]} = {total} in {_rate(held, count, 'row')}"
            proposed = count >= MIN_JUDGED and _holds(held, count, SUM_PERCENT)
            options = {"parts": parts, "total": total}
            guesses.append(RuleGuess("parts-sum", options, count, held, proposed, why))
    return guesses


def _holds(held: int, judged: int, percent: int) -> bool:
    """Whether ``held`` is at least ``percent`` % of ``judged`` (in whole numbers: no rounding)."""
    return 100 * held >= percent * judged


def _rate(held: int, judged: int, unit: str) -> str:
    return f"{percent(held, judged)} of {counted(judged, unit)}"
