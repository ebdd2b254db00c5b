"""A series' chart as inline SVG, drawn by matplotlib without pyplot or global state.

The line is the figure as reported; ranges are bars with caps, open bounds
arrows up. A marked point is drawn by the worst finding on it: a standing
error, a warning, or a waived finding (grey squares, never red), labelled with
what the check expected. A gap in a sequence of the order column is a hatched
band. A column with a schema minimum (``min: 0``) keeps its axis at or above
it. Labels are placed inside the plotting area, clear of each other, of the
points and of the legend. Text from the data is made inert by the caller's
``text`` function; the output is deterministic.
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from tallycheck.report import Chart, ChartMark, ChartPoint, Finding
from tallycheck.reporters.escape import acceptance

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

MAX_LABELS = 8  # marked points labelled on a chart; the findings list has them all
_OFFSETS = (12.0, 30.0, 48.0, 66.0, 84.0, 102.0)  # points a label may stand from its point
_MAX_DOTS = 60  # a longer line is drawn without a dot on each point
_LABEL_SIZE = 10.0
_GAP = 3.0  # pixels kept clear around a label's box
_SPOT = 6.0  # pixels kept clear around a drawn point
_INK = "#2f5d8c"
_RED = "#c62828"
# How a marked point is drawn: colour, marker, legend entry; the order labels are given in.
_MARKS: dict[ChartMark, tuple[str, str, str]] = {
    "error": (_RED, "o", "error"),
    "warning": ("#b26a00", "o", "warning"),
    "waived": ("#6b7280", "s", "waived"),
}
_SVG_ROOT_NOISE = re.compile(r'\s(?:xmlns(?::xlink)?|version)="[^"]*"')
# matplotlib's one stylesheet applies to the whole page; the page's CSS scopes it to charts
_SVG_STYLE = re.compile(r'<defs>\s*<style type="text/css">[^<]*</style>\s*</defs>\s*')
_NO_METADATA: dict[str, Any] = {"Date": None, "Creator": None, "Format": None, "Type": None}

Text = Callable[[str], str]


def chart_svg(chart: Chart, findings: Sequence[Finding], text: Text) -> Markup:
    """The chart as inline SVG markup; ``text`` makes each string from the data inert."""
    import warnings

    import matplotlib
    from matplotlib import style
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    buffer = io.StringIO()
    with (
        warnings.catch_warnings(),
        style.context("default"),
        matplotlib.rc_context(
            {
                "svg.fonttype": "none",
                "svg.hashsalt": "tallycheck",
                "text.usetex": False,
                "text.parse_math": False,
                "font.size": 11,
                "font.sans-serif": ["DejaVu Sans", "Bitstream Vera Sans", "Verdana"],
            }
        ),
    ):
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure = Figure(figsize=(7.5, 3.4), layout="constrained")
        FigureCanvasSVG(figure)
        axes, labels, expected = _draw(figure, chart, findings, text)
        figure.draw_without_rendering()
        figure.set_layout_engine("none")  # the labels are placed in the layout as drawn
        line = [(p.x, _anchor(p)) for p in chart.points]
        _place(labels, axes, line, [*line, *expected])
        figure.savefig(buffer, format="svg", metadata=_NO_METADATA)
    return _inline(buffer.getvalue())


def labelled(chart: Chart) -> int:
    """How many of the chart's marked points carry a label."""
    return min(MAX_LABELS, sum(p.mark is not None for p in chart.points))


def _inline(svg: str) -> Markup:
    """matplotlib's SVG fit to sit in HTML: no prolog, doctype, namespace URLs or stylesheet.

    Marked safe here and only here: matplotlib escaped the text it drew, and
    that text had its control characters made visible first.
    """
    svg = _SVG_STYLE.sub("", svg[svg.index("<svg") :], count=1)
    end = svg.index(">")
    return Markup(_SVG_ROOT_NOISE.sub("", svg[:end]) + svg[end:])


def _draw(
    figure: Figure, chart: Chart, findings: Sequence[Finding], text: Text
) -> tuple[Axes, list[Annotation], list[tuple[float, float]]]:
    """The series, its ranges, gaps and marked points, a legend above.

    Returns the axes, the labels, and the expected values drawn.
    """
    axes = figure.add_subplot()
    points = chart.points
    axes.plot(
        [p.x for p in points],
        [_anchor(p) for p in points],
        color=_INK,
        marker="o" if len(points) <= _MAX_DOTS else "none",
        markersize=5,
        linewidth=1.8,
        label="as reported",
        clip_on=False,
    )
    _draw_gaps(axes, chart)
    _draw_intervals(axes, points)
    labels, expected = _draw_marks(axes, chart, findings, text)
    _style_axes(axes, chart, [y for _, y in expected], text)
    handles, names = axes.get_legend_handles_labels()
    figure.legend(handles, names, loc="outside upper center", ncols=4, frameon=False, fontsize=10)
    return axes, labels, expected


def _anchor(point: ChartPoint) -> float:
    """Where the line passes: the figure, a range's middle, an open bound's start."""
    return point.lo if math.isinf(point.hi) else (point.lo + point.hi) / 2


def _draw_gaps(axes: Axes, chart: Chart) -> None:
    """Each gap in the order's sequence as a hatched band over the values missing."""
    for index, (start, end) in enumerate(chart.gaps):
        axes.axvspan(
            start,
            end,
            facecolor="#f1f1f1",
            edgecolor="#9e9e9e",
            hatch="//",
            linewidth=0,
            zorder=0,
            label="gap in the sequence" if index == 0 else None,
        )


def _draw_intervals(axes: Axes, points: Sequence[ChartPoint]) -> None:
    """Ranges as capped vertical bars, open bounds ("at least N") as arrows up from N."""
    ranges = [p for p in points if p.lo != p.hi and math.isfinite(p.hi)]
    if ranges:
        axes.errorbar(
            [p.x for p in ranges],
            [_anchor(p) for p in ranges],
            yerr=[[_anchor(p) - p.lo for p in ranges], [p.hi - _anchor(p) for p in ranges]],
            fmt="none",
            ecolor=_INK,
            elinewidth=5,
            capsize=6,
            capthick=2,
            alpha=0.55,
            label="stated as a range",
            clip_on=False,
        )
    open_ended = [p for p in points if math.isinf(p.hi)]
    for point in open_ended:
        axes.annotate(
            "",
            xy=(point.x, point.lo),
            xytext=(0, 28),
            textcoords="offset points",
            arrowprops={"arrowstyle": "<|-", "color": _INK, "linewidth": 1.5},
        )
    if open_ended:
        axes.plot([], [], linestyle="none", marker="^", color=_INK, label="stated as “at least”")


def _draw_marks(
    axes: Axes, chart: Chart, findings: Sequence[Finding], text: Text
) -> tuple[list[Annotation], list[tuple[float, float]]]:
    """Marked points in their mark's colour, the worst labelled first with what was expected.

    Returns the labels and the expected values drawn.
    """
    marked = [p for p in chart.points if p.mark is not None]
    for mark, (colour, marker, name) in _MARKS.items():
        these = [p for p in marked if p.mark == mark]
        if these:
            axes.plot(
                [p.x for p in these],
                [_anchor(p) for p in these],
                linestyle="none",
                marker=marker,
                markersize=9,
                color=colour,
                label=name,
                zorder=3,
                clip_on=False,
            )
    middle = (chart.points[0].x + chart.points[-1].x) / 2
    ranked = sorted(marked, key=lambda p: list(_MARKS).index(p.mark or "error"))
    expected: list[tuple[float, float]] = []
    labels: list[Annotation] = []
    for point in ranked[:MAX_LABELS]:
        colour = _MARKS[point.mark or "error"][0]
        finding = _finding_at(chart, point, findings)
        value = _number(finding.expected if finding else None)
        if value is not None:
            axes.plot([point.x, point.x], [_anchor(point), value], ":", color=colour)
            axes.plot(
                [point.x],
                [value],
                linestyle="none",
                marker="o",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor=colour,
                markeredgewidth=1.5,
                label="what the check expected" if not expected else None,
                zorder=3,
                clip_on=False,
            )
            expected.append((point.x, value))
        at = (point.x, _anchor(point) if value is None else value)
        towards = (-1.0 if point.x > middle else 1.0, 1.0 if at[1] >= _anchor(point) else -1.0)
        labels.append(_annotate(axes, text(_label(chart, point, finding)), at, colour, towards))
    return labels, expected


def _annotate(
    axes: Axes, label: str, at: tuple[float, float], colour: str, towards: tuple[float, float]
) -> Annotation:
    """A boxed label beside ``at`` in the colour of its mark, ``towards`` (±1, ±1) from it."""
    annotation = axes.annotate(
        label,
        xy=at,
        xytext=(towards[0] * _OFFSETS[0], towards[1] * _OFFSETS[0]),
        textcoords="offset points",
        fontsize=_LABEL_SIZE,
        color=colour,
        parse_math=False,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": colour},
        arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.8},
        zorder=4,
    )
    annotation.set_in_layout(False)
    return annotation


def _place(
    labels: Sequence[Annotation],
    axes: Axes,
    line: Sequence[tuple[float, float]],
    dots: Sequence[tuple[float, float]],
) -> None:
    """Put each label at the nearest spot inside the plotting area (or above it, below the
    legend) that clears the labels placed before it, the line and every dot; failing that,
    where it overlaps least."""
    import numpy as np
    from matplotlib.transforms import Bbox

    plot = axes.get_window_extent()
    top = min((legend.get_window_extent().y0 for legend in axes.figure.legends), default=plot.y1)
    area = Bbox.from_extents(plot.x0, plot.y0, plot.x1, max(plot.y1, top)).padded(_GAP)
    taken = _spots(axes.transData.transform(np.array([*line, *dots], dtype=float)), len(line))
    pad = _LABEL_SIZE * 0.3 * axes.figure.dpi / 72 + _GAP
    candidates = [
        (sx * 12.0, sy * offset) for offset in _OFFSETS for sy in (1, -1) for sx in (1, -1)
    ]
    candidates[4:4] = [(16.0, 0.0), (-16.0, 0.0)]  # level with the point
    for label in labels:
        dx0, dy0 = label.xyann
        best: tuple[float, tuple[float, float]] = (math.inf, (dx0, dy0))
        for sx, sy in candidates:  # the label's own side and direction first
            offset = (math.copysign(sx, dx0 * sx), sy and math.copysign(sy, dy0 * sy))
            box = _box_at(label, offset, pad)
            cost = _outside(box, area) * 10 + _overlap(box, taken)
            if cost < best[0]:
                best = (cost, offset)
            if cost == 0:
                break
        box = _box_at(label, best[1], pad)
        taken = np.vstack([taken, [box.x0, box.y0, box.x1, box.y1]])


def _spots(pixels: Any, on_line: int) -> Any:
    """Boxes (x0, y0, x1, y1) around the dots and along the line, every few pixels."""
    import numpy as np

    centres = [pixels[on_line:]]
    for start, end in itertools.pairwise(pixels[:on_line]):
        steps = max(1, math.ceil(float(np.hypot(*(end - start))) / _SPOT))
        centres.append(start + np.linspace(0.0, 1.0, steps + 1)[:, None] * (end - start))
    spots = np.vstack(centres)
    return np.hstack([spots - _SPOT, spots + _SPOT])


def _box_at(label: Annotation, offset: tuple[float, float], pad: float) -> Bbox:
    """The label's box (text and padding) once moved to ``offset`` points from its point."""
    from matplotlib.text import Text

    dx, dy = offset
    label.xyann = offset
    label.set_horizontalalignment("left" if dx > 0 else "right")
    label.set_verticalalignment("bottom" if dy > 0 else "top" if dy < 0 else "center")
    return Text.get_window_extent(label).padded(pad)


def _outside(box: Bbox, area: Bbox) -> float:
    """How much of a box lies outside an area (in square pixels)."""
    import numpy as np

    inside = _overlap(box, np.array([[area.x0, area.y0, area.x1, area.y1]]))
    return float(box.width * box.height) - inside


def _overlap(box: Bbox, others: Any) -> float:
    """The area a box shares with some others, each (x0, y0, x1, y1) (in square pixels)."""
    import numpy as np

    width = np.minimum(box.x1, others[:, 2]) - np.maximum(box.x0, others[:, 0])
    height = np.minimum(box.y1, others[:, 3]) - np.maximum(box.y0, others[:, 1])
    return float((np.maximum(width, 0.0) * np.maximum(height, 0.0)).sum())


def _finding_at(chart: Chart, point: ChartPoint, findings: Sequence[Finding]) -> Finding | None:
    """The finding on the point's line and column: standing before waived, errors first.

    When one line holds several rows (a one-line JSON file, a DataFrame without
    lines), the finding must also name the point's row, as messages do (``wave 7:``).
    """
    matches = [
        f
        for f in findings
        if f.line == point.line and chart.column in f.columns and f.series == chart.series
    ]
    if len({f.row for f in matches}) > 1:
        name = f"{chart.order} {point.label}"
        matches = [f for f in matches if f.message.startswith((f"{name}:", f"{name} ("))]
    return min(matches, key=lambda f: (f.waived is not None, -f.severity), default=None)


def _label(chart: Chart, point: ChartPoint, finding: Finding | None) -> str:
    """``wave 7: 178, should be 207``."""
    text = f"{chart.order} {point.label}"
    if finding is None:
        return text
    if finding.value is not None:
        text += f": {finding.value}"
    if finding.expected is not None:
        text += f", should be {finding.expected}"
    accepted = acceptance(finding)
    return text if accepted is None else f"{text} ({accepted[0]})"


def _number(text: str | None) -> float | None:
    """A plain finite number, or None (``at least 207`` and ranges are not drawn)."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _style_axes(axes: Axes, chart: Chart, expected: Sequence[float], text: Text) -> None:
    """Axis names, integer or labelled x ticks, whole y numbers for counts, a light grid,
    and no axis below the column's minimum unless a value drawn is."""
    from matplotlib.ticker import MaxNLocator

    axes.set_xlabel(text(chart.order), parse_math=False)
    axes.set_ylabel(text(chart.column), parse_math=False)
    points = chart.points
    if all(p.x.is_integer() and p.label == str(int(p.x)) for p in points):
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        shown = points[:: math.ceil(len(points) / 12)]
        axes.set_xticks(
            [p.x for p in shown],
            [text(p.label) for p in shown],
            parse_math=False,
            rotation=30 if len(shown) > 6 else 0,
            horizontalalignment="right" if len(shown) > 6 else "center",
        )
    bounds = [b for p in points for b in (p.lo, p.hi) if math.isfinite(b)]
    if all(b.is_integer() for b in bounds):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.ticklabel_format(axis="y", style="plain", useOffset=False)
    axes.margins(x=0.1, y=0.2)
    if chart.floor is not None:
        floor = min([chart.floor, *bounds, *expected])
        if axes.get_ylim()[0] < floor:
            axes.set_ylim(bottom=floor)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
