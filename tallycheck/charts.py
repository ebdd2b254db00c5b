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
import pyarrow as pa

from tallycheck.arrays import BoolArray, IntArray
from tallycheck.checkframe import CheckFrame
from tallycheck.report import Chart, ChartMark, ChartPoint, Charts, Finding
from tallycheck.rules import sequence
from tallycheck.severity import Severity

MAX_SERIES = 12
MAX_POINTS = 500
Gap = tuple[float, float]
_RANK: dict[ChartMark | None, int] = {"error": 0, "warning": 1, "waived": 2, None: 3}


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


def _mark(findings: Iterable[Finding]) -> ChartMark | None:
    """The worst of some findings: a standing error, a standing warning, only waived ones."""
    marks: list[ChartMark] = [
        "waived" if f.waived is not None else "error" if f.severity is Severity.ERROR else "warning"
        for f in findings
    ]
    return min(marks, key=_RANK.__getitem__, default=None)


def _gaps(frame: CheckFrame, findings: Iterable[Finding]) -> dict[str | None, list[Gap]]:
    """Per series, the stretch of the order axis over each run of values that a sequence
    rule on the order column found missing (half a step either side of the values)."""
    order = frame.schema.order
    values = frame.column(order) if order else None
    steps = [
        spec.options.step
        for spec in frame.schema.rules
        if spec.rule == sequence.ID and spec.options.column == order
    ]
    if not steps or values is None or values.lo is None:
        return {}
    gaps: dict[str | None, list[Gap]] = {}
    for f in findings:
        if f.rule == sequence.ID and f.columns == (order,) and f.row and f.expected:
            after, expected = float(values.lo[f.row - 1]), float(f.expected)
            if after > expected:  # values missing, not a repeat or a step back
                half = steps[0] / 2
                gaps.setdefault(f.series, []).append((expected - half, after - half))
    return gaps


def _series_names(frame: CheckFrame, rows: IntArray) -> list[str | None]:
    """The series of some rows as written (None where blank or without a series column)."""
    series = frame.column(frame.schema.series) if frame.schema.series else None
    if series is None:
        return [None] * len(rows)
    names: list[str | None] = series.text.take(pa.array(rows)).to_pylist()
    return names


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
    on_figures: dict[int, list[Finding]] = {}
    by_series: dict[str | None, list[Finding]] = {}
    for f in findings:
        by_series.setdefault(f.series, []).append(f)
        if f.row is not None and column in f.columns:
            on_figures.setdefault(f.row - 1, []).append(f)
    marks = {row: _mark(group) for row, group in on_figures.items()}
    gaps = _gaps(frame, findings)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])  # the walk is by series
    ends = np.r_[starts[1:], len(codes)]
    names = _series_names(frame, walk[starts])
    ranked = sorted(
        (_RANK[_mark(by_series.get(name, ()))], start, end, name)
        for start, end, name in zip(starts.tolist(), ends.tolist(), names, strict=True)
    )
    floor = values.spec.min
    lines = frame.table.lines
    charts: list[Chart] = []
    for _, start, end, series in ranked[:MAX_SERIES]:
        rows = walk[start:end]
        picked = _thin(np.isin(rows, list(marks)))
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
                gaps=tuple(gaps.get(series, ())[:MAX_POINTS]),
                floor=float(floor) if isinstance(floor, int | float) else None,
            )
        )
    left_out = ranked[MAX_SERIES:]
    return Charts(
        shown=tuple(charts),
        left_out=len(left_out),
        left_out_flagged=sum(rank < _RANK[None] for rank, *_ in left_out),
    )
