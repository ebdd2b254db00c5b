"""The chart data of a checked table: each series' total over the order column.

Series with findings are charted first (standing errors, then warnings, then
waived findings), then the others in the walk's order, up to MAX_SERIES. A
series with more than MAX_POINTS figures is thinned to MAX_POINTS points that
keep every marked point and the one before it. What is left out is counted,
so that a report can say so.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from tallycheck.arrays import BoolArray, IntArray
from tallycheck.checkframe import CheckFrame
from tallycheck.checks import sequence
from tallycheck.report import Chart, ChartMark, ChartPoint, Charts, Finding
from tallycheck.severity import Severity

MAX_SERIES = 12
MAX_POINTS = 500
Gap = tuple[float, float]  # a stretch of the order axis
_RANK: dict[ChartMark | None, int] = {"error": 0, "warning": 1, "waived": 2, None: 3}
_MARKS = list(_RANK)


def _charted_column(frame: CheckFrame) -> str | None:
    """The running total of the first running-total rule, else the first monotonic column."""
    for kind, key in (("running-total", "total"), ("monotonic", "column")):
        for spec in frame.schema.rules:
            if spec.rule == kind:
                name: str = getattr(spec.options, key)
                values = frame.column(name)
                if values is not None and values.lo is not None:
                    return name
    return None


def _rank(finding: Finding) -> int:
    """A finding's place in _RANK: a standing error, a standing warning, a waived one."""
    if finding.waived is not None:
        return _RANK["waived"]
    return _RANK["error"] if finding.severity is Severity.ERROR else _RANK["warning"]


def _mark(findings: Iterable[Finding]) -> ChartMark | None:
    """The worst of some findings: a standing error, a standing warning, only waived ones."""
    return _MARKS[min((_rank(f) for f in findings), default=_RANK[None])]


def _gaps(frame: CheckFrame, findings: Iterable[Finding]) -> dict[str | None, tuple[Gap, ...]]:
    """Per series, the stretches of the order axis over each run of values that a
    sequence rule on the order column found missing (half a step either side of the values)."""
    order = frame.schema.order
    values = frame.column(order) if order else None
    steps = [
        spec.options.step
        for spec in frame.schema.rules
        if spec.rule == sequence.RULE.id and spec.options.column == order
    ]
    if not steps or values is None or values.lo is None:
        return {}
    half = steps[0] / 2
    gaps: dict[str | None, list[Gap]] = {}
    for f in findings:
        if f.rule != sequence.RULE.id or f.columns != (order,):
            continue
        if f.row is not None and f.expected is not None:
            after, expected = float(values.lo[f.row - 1]), float(f.expected)
            if after > expected:  # values missing, not a repeat or a step back
                gaps.setdefault(f.series, []).append((expected - half, after - half))
    return {series: tuple(found[:MAX_POINTS]) for series, found in gaps.items()}


def _series_ranks(frame: CheckFrame, located: list[Finding], rows: IntArray) -> IntArray:
    """Per series code, the rank of its worst finding (see _RANK; 3 for none), from the
    findings on rows and their rows."""
    ranks = np.full(int(frame.row_series.max(initial=0)) + 1, _RANK[None], dtype=np.int64)
    rank = np.fromiter(map(_rank, located), dtype=np.int64, count=len(located))
    np.minimum.at(ranks, frame.row_series[rows], rank)
    return ranks


def _charted_findings(
    frame: CheckFrame, located: list[Finding], rows: IntArray, codes: IntArray
) -> list[Finding]:
    """The findings on rows of the series of those ``codes`` (the series charted)."""
    charted = np.zeros(int(frame.row_series.max(initial=0)) + 1, dtype=bool)
    charted[codes] = True
    keep = charted[frame.row_series[rows]].tolist()
    return [f for f, kept in zip(located, keep, strict=True) if kept]


def _thin(keep: BoolArray) -> IntArray:
    """At most MAX_POINTS positions of a series: each kept one and the one before it,
    the first and the last, and an even spread of the others."""
    n = len(keep)
    if n <= MAX_POINTS:
        return np.arange(n)
    kept = np.flatnonzero(keep)
    must = np.unique(np.r_[kept, np.maximum(kept - 1, 0)])[: MAX_POINTS - 2]
    must = np.union1d(must, [0, n - 1])
    spread = np.linspace(0, n - 1, MAX_POINTS - len(must)).round().astype(np.int64)
    return np.union1d(must, spread)


def build_charts(frame: CheckFrame, findings: list[Finding]) -> Charts:
    """Up to MAX_SERIES series of up to MAX_POINTS points, marked rows and gaps shown."""
    column = _charted_column(frame)
    order = frame.schema.order
    if column is None or order is None or frame.column(order) is None:
        return Charts()
    values = frame.column(column)
    order_values = frame.column(order)
    if values is None or order_values is None or values.lo is None or values.hi is None:
        return Charts()
    shown = values.present[frame.walk]
    walk, codes, orders = frame.walk[shown], frame.walk_series[shown], frame.walk_order[shown]
    if len(codes) == 0:
        return Charts()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])  # the walk is by series
    ends = np.r_[starts[1:], len(codes)]
    located = [f for f in findings if f.row is not None]
    rows = np.fromiter((f.row for f in located), dtype=np.int64, count=len(located)) - 1
    ranks = _series_ranks(frame, located, rows)[codes[starts]]
    ranked = np.lexsort((starts, ranks))  # series with findings first, the worst first
    chosen = ranked[:MAX_SERIES]
    charted = _charted_findings(frame, located, rows, codes[starts[chosen]])
    on_figures: dict[int, list[Finding]] = {}
    for f in charted:
        if column in f.columns and f.row is not None:
            on_figures.setdefault(f.row - 1, []).append(f)
    marks = {row: _mark(group) for row, group in on_figures.items()}
    marked = np.zeros(frame.n_rows, dtype=bool)  # a mask, looked up in place: no sort per series
    marked[np.fromiter(marks, dtype=np.int64, count=len(marks))] = True
    series_texts = {frame.series_text(int(walk[start])) for start in starts[chosen].tolist()}
    gaps = _gaps(frame, [f for f in findings if f.series in series_texts])
    floor = values.spec.min
    lines = frame.table.lines
    charts: list[Chart] = []
    for start, end in zip(starts[chosen].tolist(), ends[chosen].tolist(), strict=True):
        rows = walk[start:end]
        series = frame.series_text(int(rows[0]))
        picked = _thin(marked[rows])
        points = tuple(
            ChartPoint(
                x=float(x),
                label=order_values.show(row),
                lo=float(values.lo[row]),
                hi=float(values.hi[row]),
                line=None if lines is None else int(lines[row]),
                mark=marks.get(row),
            )
            for row, x in zip(
                rows[picked].tolist(), orders[start:end][picked].tolist(), strict=True
            )
        )
        charts.append(
            Chart(
                series=series,
                column=column,
                order=order,
                points=points,
                figures=end - start,
                gaps=gaps.get(series, ()),
                floor=float(floor) if isinstance(floor, int | float) else None,
            )
        )
    left_out = ranks[ranked[MAX_SERIES:]]
    return Charts(
        shown=tuple(charts),
        left_out=len(left_out),
        left_out_flagged=int(np.count_nonzero(left_out < _RANK[None])),
    )
