"""The truth about the real slices, computed with plain pandas, apart from tallycheck.

Each function reads a table the way an analyst would (pandas, groupby, shift, diff) and
returns the breaks as ``(rule, line, column, value, expected)`` tuples, the same shape
as :func:`found`, which reads tallycheck's findings. Lines are the physical lines where
each record starts, found by reading the file's text, not by tallycheck.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

import tallycheck

HERE = Path(__file__).parent

Break = tuple[str, int, str, str, str]


def found(table: str, schema: str, rule: str) -> set[Break]:
    """tallycheck's findings of one rule on a slice, as ``Break`` tuples."""
    report = tallycheck.validate(HERE / table, schema=HERE / schema)
    return {
        (f.rule, f.line or 0, f.columns[-1], f.value or "", f.expected or "")
        for f in report.findings
        if f.rule == rule
    }


def csv_lines(table: str) -> list[int]:
    """The physical line where each data record of a CSV starts (quoted cells may span lines)."""
    with (HERE / table).open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        starts = []
        last = reader.line_num
        for _ in reader:
            starts.append(last + 1)
            last = reader.line_num
    return starts


def json_lines(table: str) -> list[int]:
    """The line where each record of an indented JSON array of flat records starts."""
    text = (HERE / table).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(text, start=1) if line.strip() == "{"]


def read_csv(table: str) -> pd.DataFrame:
    """A CSV slice with each record's line in a ``line`` column."""
    frame = pd.read_csv(HERE / table)
    frame["line"] = csv_lines(table)
    return frame


def read_json(table: str) -> pd.DataFrame:
    """A JSON slice (an array of records) with each record's line in a ``line`` column."""
    frame = pd.read_json(HERE / table)
    frame["line"] = json_lines(table)
    return frame


def decreases(frame: pd.DataFrame, column: str, order: str, series: str | None) -> set[Break]:
    """Rows whose figure is below the last given figure before them (blanks skipped)."""
    given = frame.dropna(subset=[column]).sort_values(order)
    groups = given.groupby(series) if series else given.groupby(lambda _: 0)
    before = groups[column].shift(1)
    falls = given[column] < before
    rows = given[falls]
    return {
        ("monotonic", int(line), column, str(int(value)), f"at least {int(prior)}")
        for line, value, prior in zip(rows["line"], rows[column], before[falls], strict=True)
    }


def sum_breaks(frame: pd.DataFrame, parts: list[str], total: str, *, at_most: bool) -> set[Break]:
    """Rows whose parts do not add up to the total (or exceed it, with ``at_most``)."""
    made = frame[parts].sum(axis=1)
    wrong = made > frame[total] if at_most else made != frame[total]
    rows = frame[wrong]
    return {
        ("parts-sum", int(line), total, str(int(value)), str(int(sum_)))
        for line, value, sum_ in zip(rows["line"], rows[total], made[wrong], strict=True)
    }


def chain_breaks(
    frame: pd.DataFrame, total: str, increment: str, order: str, series: str | None
) -> tuple[set[int], set[int]]:
    """Lines where a running total breaks: by the figures as reported, and as DESIGN reads it.

    The first set holds every row whose total is not the total of the row before plus
    its own increment (a row is not judged when one of the three is blank). The second
    drops from it each row that follows a broken row and agrees with the corrected chain,
    the broken row's expected value (its predecessor's total plus its increment) plus
    this row's increment: DESIGN.md's "the next row passes when it agrees with either"
    reading. (Exact unless a broken row follows a stale one; on the full Italian table it
    gives the same 1,920 rows as a plain loop over the two readings.)
    """
    frame = frame.sort_values([series, order] if series else [order])
    keys = frame[series] if series else pd.Series(0, index=frame.index)
    groups = frame.groupby(keys)[total]
    reported = groups.shift(1) + frame[increment]
    broken = (frame[total] != reported) & reported.notna() & frame[total].notna()
    corrected = groups.shift(2) + frame.groupby(keys)[increment].shift(1) + frame[increment]
    after_break = broken.groupby(keys).shift(1, fill_value=False)
    agrees = after_break & (frame[total] == corrected)
    return set(frame["line"][broken]), set(frame["line"][broken & ~agrees])
