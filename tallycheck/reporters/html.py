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
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup

from tallycheck.report import Chart, Charts, FileResult, Finding, Report
from tallycheck.reporters.chart_svg import chart_svg, labelled
from tallycheck.reporters.escape import place, visible
from tallycheck.version import __version__

if TYPE_CHECKING:
    import jinja2

# Bidi embeddings, overrides and isolates could make "178" read "871"; shown as escapes too.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


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
    """A chart's caption, its inline SVG, and what it leaves out."""

    caption: str
    svg: Markup
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _FileView:
    """One table's section: its result (if any), charts, standing and waived findings."""

    path: str
    result: FileResult | None
    errors: int
    warnings: int
    charts: tuple[_ChartView, ...]
    charts_note: str | None
    findings: tuple[_FindingView, ...]
    waived: tuple[_FindingView, ...]


def render(report: Report) -> str:
    """The report as one standalone HTML page."""
    results = {result.path: result for result in report.files}
    paths = dict.fromkeys([*results, *(f.file for f in report.findings)])
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        version=__version__,
        files=[_file_view(report, path, results.get(path)) for path in paths],
    )


def inert(text: str) -> str:
    """Show control characters and bidi controls as escapes (``\\x1b``, ``\\u202e``)."""
    return _BIDI_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(text))


def _chart_text(text: str) -> str:
    """Text for a chart: inert, on one line."""
    return " ".join(inert(text).split())


def _finalize(value: object) -> object:
    """Applied to every value the template prints, before autoescape."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return inert(value)
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


def _file_view(report: Report, path: str, result: FileResult | None) -> _FileView:
    mine = [f for f in report.findings if f.file == path]
    errors, warnings = report.file_counts(path)
    charts = Charts() if result is None else result.charts
    return _FileView(
        path=path,
        result=result,
        errors=errors,
        warnings=warnings,
        charts=tuple(
            _ChartView(_caption(chart), chart_svg(chart, mine, _chart_text), _left_out(chart))
            for chart in charts.shown
        ),
        charts_note=_series_left_out(charts),
        findings=tuple(_finding_view(f) for f in mine if f.waived is None),
        waived=tuple(_finding_view(f) for f in mine if f.waived is not None),
    )


def _finding_view(finding: Finding) -> _FindingView:
    given = {name: text for name, text in finding.provenance.items() if text}
    quote = given.pop("quote", None)
    sources = tuple(_Source(name, text, _http_url(text)) for name, text in given.items())
    return _FindingView(finding, place(finding), sources, quote)


def _http_url(text: str) -> str | None:
    """The text itself when it is a plain http(s) URL, else None (never a script link)."""
    if any(char.isspace() for char in text) or inert(text) != text:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _caption(chart: Chart) -> str:
    caption = f"{chart.column} by {chart.order}"
    return caption if chart.series is None else f"{caption}, series {chart.series}"


def _series_left_out(charts: Charts) -> str | None:
    """The sentence that says which series have no chart, or None when all have one."""
    if not charts.left_out:
        return None
    shown = len(charts.shown)
    flagged = charts.left_out_flagged
    return (
        f"{shown} of {shown + charts.left_out} series are charted, those with findings first; "
        f"the other {charts.left_out} are not charted"
        + (
            f", {flagged} of them with findings (listed below)."
            if flagged
            else ", and none of them has a finding."
        )
    )


def _left_out(chart: Chart) -> tuple[str, ...]:
    """What one chart leaves out: points of a long series, labels beyond the first few."""
    notes: list[str] = []
    if len(chart.points) < chart.figures:
        notes.append(
            f"{len(chart.points)} of {chart.figures} points drawn: each point with a finding, "
            "the one before it, and an even spread of the rest."
        )
    marked = sum(p.mark is not None for p in chart.points)
    if labelled(chart) < marked:
        notes.append(
            f"{labelled(chart)} of {marked} points with findings are labelled; "
            "the findings below list them all."
        )
    return tuple(notes)
