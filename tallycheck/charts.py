"""The chart data of a checked table: each series' total over the order column."""

from __future__ import annotations

import numpy as np

from tallycheck.checkframe import CheckFrame
from tallycheck.report import Chart, ChartPoint, Finding

MAX_SERIES = 12
MAX_POINTS = 500


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


def build_charts(frame: CheckFrame, findings: list[Finding]) -> tuple[Chart, ...]:
    """Up to MAX_SERIES series of up to MAX_POINTS points, flagged rows marked."""
    column = _charted_column(frame)
    order = frame.schema.order
    if column is None or order is None or frame.column(order) is None:
        return ()
    values = frame.column(column)
    order_values = frame.column(order)
    if values is None or order_values is None or values.lo is None or values.hi is None:
        return ()
    flagged = {f.row - 1 for f in findings if f.row is not None and column in f.columns}
    lines = frame.table.lines
    shown = values.present[frame.walk]
    walk, codes, orders = frame.walk[shown], frame.walk_series[shown], frame.walk_order[shown]
    if len(codes) == 0:
        return ()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])  # the walk is by series
    ends = np.r_[starts[1:], len(codes)]
    charts: list[Chart] = []
    for start, end in zip(starts[:MAX_SERIES].tolist(), ends[:MAX_SERIES].tolist(), strict=True):
        stop = min(end, start + MAX_POINTS)
        rows, xs = walk[start:stop].tolist(), orders[start:stop].tolist()
        points = tuple(
            ChartPoint(
                x=float(x),
                label=order_values.show(row),
                lo=float(values.lo[row]),
                hi=float(values.hi[row]),
                line=None if lines is None else int(lines[row]),
                flagged=row in flagged,
            )
            for row, x in zip(rows, xs, strict=True)
        )
        charts.append(Chart(frame.series_text(rows[0]), column, order, points))
    return tuple(charts)
