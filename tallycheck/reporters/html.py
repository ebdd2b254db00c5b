"""The HTML report: one standalone page for an editor, with a chart of each series.

Everything from the data reaches the page through Jinja's autoescape, after its
control characters (ANSI escapes, bidi overrides, XML-invalid code points) are
made visible as escapes (``\\x1b``). A provenance value becomes a link only
when it is an http(s) URL. Charts are SVG drawn by matplotlib and set inline:
the page has no script and fetches nothing. The output is deterministic, so
that golden files can compare it byte for byte.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from tallycheck.report import Chart, ChartPoint, FileResult, Finding, Report
from tallycheck.reporters.escape import place, strict_note, visible
from tallycheck.version import __version__

if TYPE_CHECKING:
    import jinja2
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

MAX_LABELS = 8  # flagged points labelled on a chart; the findings list has them all
# Finding cards on a page, over all its files; the JSON report lists every finding.
MAX_FINDINGS = 1_000
_MAX_NUDGES = 12  # steps a label may move to clear the labels before it
_GAP = 4.0  # points kept between labels
_INK = "#2f5d8c"
_RED = "#c62828"
_SVG_ROOT_NOISE = re.compile(r'\s(?:xmlns(?::xlink)?|version)="[^"]*"')
# matplotlib's one stylesheet applies to the whole page; the page's CSS scopes it to charts
_SVG_STYLE = re.compile(r'<defs>\s*<style type="text/css">[^<]*</style>\s*</defs>\s*')
_NO_METADATA: dict[str, Any] = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class _Source:
    """One provenance field as shown: its name, its text, its link if it is http(s)."""

    name: str
    text: str
    href: str | None


@dataclass(frozen=True)
class _FindingView:
    """A finding with what the page shows of it worked out."""

    finding: Finding
    place: str
    sources: tuple[_Source, ...]
    quote: str | None


@dataclass(frozen=True)
class _ChartView:
    """A chart's caption and its inline SVG."""

    caption: str
    svg: Markup


@dataclass(frozen=True)
class _FileView:
    """One table's section: its result (if any), charts, standing and waived findings,
    and how many of its findings the page leaves out."""

    path: str
    result: FileResult | None
    errors: int
    warnings: int
    charts: tuple[_ChartView, ...]
    findings: tuple[_FindingView, ...]
    waived: tuple[_FindingView, ...]
    waived_count: int
    left_out: int


def render(report: Report) -> str:
    """The report as one standalone HTML page, with at most ``MAX_FINDINGS`` finding
    cards: each file's section says how many of its findings it leaves out."""
    results = {result.path: result for result in report.files}
    by_path: dict[str, list[Finding]] = {path: [] for path in results}
    for finding in report.findings:
        by_path.setdefault(finding.file, []).append(finding)
    files, room = [], MAX_FINDINGS
    for path, found in by_path.items():
        files.append(_file_view(report, path, results.get(path), found, room))
        room = max(0, room - len(found))
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report, strict_note=strict_note(report), version=__version__, files=files
    )


def _chart_text(text: str) -> str:
    """Text for a chart: inert, on one line."""
    return " ".join(visible(text).split())


def _finalize(value: object) -> object:
    """Applied to every value the template prints, before autoescape."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("tallycheck.reporters", "templates"),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _file_view(
    report: Report, path: str, result: FileResult | None, mine: list[Finding], room: int
) -> _FileView:
    """A file's section with its findings (``mine``), of which ``room`` get a card."""
    errors, warnings = report.file_counts(path)
    charts = () if result is None else result.charts
    standing = [f for f in mine if f.waived is None][:room]
    waived = [f for f in mine if f.waived is not None]
    return _FileView(
        path=path,
        result=result,
        errors=errors,
        warnings=warnings,
        charts=tuple(_ChartView(_caption(chart), _chart_svg(chart, mine)) for chart in charts),
        findings=tuple(map(_finding_view, standing)),
        waived=tuple(map(_finding_view, waived[: room - len(standing)])),
        waived_count=len(waived),
        left_out=len(mine) - min(room, len(mine)),
    )


def _finding_view(finding: Finding) -> _FindingView:
    given = {name: text for name, text in finding.provenance.items() if text}
    quote = given.pop("quote", None)
    sources = tuple(_Source(name, text, _http_url(text)) for name, text in given.items())
    return _FindingView(finding, place(finding), sources, quote)


def _http_url(text: str) -> str | None:
    """The text itself when it is a plain http(s) URL, else None (never a script link)."""
    if any(char.isspace() for char in text) or visible(text) != text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _caption(chart: Chart) -> str:
    caption = f"{chart.column} by {chart.order}"
    return caption if chart.series is None else f"{caption}, series {chart.series}"


def _chart_svg(chart: Chart, findings: Sequence[Finding]) -> Markup:
    """The chart as inline SVG markup, drawn by matplotlib without pyplot or global state."""
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
        labels = _draw(figure, chart, findings)
        figure.draw_without_rendering()
        _separate(labels)
        figure.savefig(buffer, format="svg", metadata=_NO_METADATA)
    return _inline(buffer.getvalue())


def _inline(svg: str) -> Markup:
    """matplotlib's SVG fit to sit in HTML: no prolog, doctype, namespace URLs or stylesheet.

    Marked safe here and only here: matplotlib escaped the text it drew, and
    that text had its control characters made visible first.
    """
    svg = _SVG_STYLE.sub("", svg[svg.index("<svg") :], count=1)
    end = svg.index(">")
    return Markup(_SVG_ROOT_NOISE.sub("", svg[:end]) + svg[end:])


def _draw(figure: Figure, chart: Chart, findings: Sequence[Finding]) -> list[Annotation]:
    """The series, its ranges and flagged points, a legend above; returns the labels."""
    axes = figure.add_subplot()
    points = chart.points
    axes.plot(
        [p.x for p in points],
        [_anchor(p) for p in points],
        color=_INK,
        marker="o",
        markersize=5,
        linewidth=1.8,
        label="as reported",
    )
    _draw_intervals(axes, points)
    labels = _draw_flagged(axes, chart, findings)
    _style_axes(axes, chart)
    figure.legend(loc="outside upper center", ncols=5, frameon=False, fontsize=10)
    return labels


def _anchor(point: ChartPoint) -> float:
    """Where the line passes: the figure, a range's middle, an open bound's start."""
    return point.lo if math.isinf(point.hi) else (point.lo + point.hi) / 2


def _draw_intervals(axes: Axes, points: Sequence[ChartPoint]) -> None:
    """Ranges as vertical bars, open bounds ("at least N") as arrows up from N."""
    ranges = [p for p in points if p.lo != p.hi and math.isfinite(p.hi)]
    if ranges:
        axes.vlines(
            [p.x for p in ranges],
            [p.lo for p in ranges],
            [p.hi for p in ranges],
            color=_INK,
            linewidth=4,
            alpha=0.35,
            label="stated as a range",
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


def _draw_flagged(axes: Axes, chart: Chart, findings: Sequence[Finding]) -> list[Annotation]:
    """Flagged points in red, labelled with what the check expected there."""
    flagged = [p for p in chart.points if p.flagged]
    if not flagged:
        return []
    axes.plot(
        [p.x for p in flagged],
        [_anchor(p) for p in flagged],
        linestyle="none",
        marker="o",
        markersize=9,
        color=_RED,
        label="flagged by a check",
        zorder=3,
    )
    middle = (chart.points[0].x + chart.points[-1].x) / 2
    expected_points: list[tuple[float, float]] = []
    labels: list[Annotation] = []
    for point in flagged[:MAX_LABELS]:
        finding = _finding_at(chart, point, findings)
        expected = _number(finding.expected if finding else None)
        if expected is not None:
            axes.plot([point.x, point.x], [_anchor(point), expected], ":", color=_RED)
            expected_points.append((point.x, expected))
        at = (point.x, _anchor(point) if expected is None else expected)
        labels.append(_annotate(axes, _label(chart, point, finding), at, point, middle))
    if expected_points:
        axes.plot(
            *zip(*expected_points, strict=True),
            linestyle="none",
            marker="o",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor=_RED,
            markeredgewidth=1.5,
            label="what the check expected",
            zorder=3,
        )
    return labels


def _annotate(
    axes: Axes, text: str, at: tuple[float, float], point: ChartPoint, middle: float
) -> Annotation:
    """A boxed red label beside ``at``, away from the point and towards the chart's middle."""
    up = at[1] >= _anchor(point)
    right = point.x > middle
    return axes.annotate(
        _chart_text(text),
        xy=at,
        xytext=(-12 if right else 12, 12 if up else -12),
        textcoords="offset points",
        horizontalalignment="right" if right else "left",
        verticalalignment="bottom" if up else "top",
        fontsize=10,
        color=_RED,
        parse_math=False,
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": _RED},
        arrowprops={"arrowstyle": "-", "color": _RED, "linewidth": 0.8},
    )


def _separate(labels: Sequence[Annotation]) -> None:
    """Move each label away from its point until it clears the labels placed before it."""
    from matplotlib.text import Text

    placed: list[Bbox] = []
    for label in labels:
        for _ in range(_MAX_NUDGES):
            box = Text.get_window_extent(label).padded(_GAP)
            if not any(box.overlaps(other) for other in placed):
                break
            dx, dy = label.xyann
            label.xyann = (dx, dy + math.copysign(_GAP * 4, dy))
        placed.append(Text.get_window_extent(label).padded(_GAP))


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
    return text if finding.waived is None else f"{text} (waived)"


def _number(text: str | None) -> float | None:
    """A plain finite number, or None (``at least 207`` and ranges are not drawn)."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _style_axes(axes: Axes, chart: Chart) -> None:
    """Axis names, integer or labelled x ticks, whole y numbers for counts, a light grid."""
    from matplotlib.ticker import MaxNLocator

    axes.set_xlabel(_chart_text(chart.order), parse_math=False)
    axes.set_ylabel(_chart_text(chart.column), parse_math=False)
    points = chart.points
    if all(p.x.is_integer() and p.label == str(int(p.x)) for p in points):
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        shown = points[:: math.ceil(len(points) / 12)]
        axes.set_xticks(
            [p.x for p in shown],
            [_chart_text(p.label) for p in shown],
            parse_math=False,
            rotation=30 if len(shown) > 6 else 0,
            horizontalalignment="right" if len(shown) > 6 else "center",
        )
    bounds = [b for p in points for b in (p.lo, p.hi) if math.isfinite(b)]
    if all(b.is_integer() for b in bounds):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.ticklabel_format(axis="y", style="plain", useOffset=False)
    axes.margins(x=0.1, y=0.2)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
