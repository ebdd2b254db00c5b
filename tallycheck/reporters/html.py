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

from markupsafe import Markup, escape

from tallycheck.report import Chart, Charts, FileResult, Finding, Report
from tallycheck.reporters.chart_svg import chart_svg, labelled
from tallycheck.reporters.escape import place, strict_note, visible
from tallycheck.version import __version__

if TYPE_CHECKING:
    import jinja2

# Finding cards on a page, over all its files; the JSON report lists every finding.
MAX_FINDINGS = 1_000


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
    quote: str | Markup | None  # Markup when the finding's quoted words are marked in it
    passage: str | None


@dataclass(frozen=True)
class _ChartView:
    """A chart's caption, its inline SVG, and what it leaves out."""

    caption: str
    svg: Markup
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _FileView:
    """One table's section: its result (if any), charts, standing, waived and
    baselined findings, and how many of its findings the page leaves out."""

    path: str
    result: FileResult | None
    errors: int
    warnings: int
    charts: tuple[_ChartView, ...]
    charts_note: str | None
    findings: tuple[_FindingView, ...]
    waived: tuple[_FindingView, ...]
    waived_count: int
    baselined: tuple[_FindingView, ...]
    baselined_count: int
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
    charts = Charts() if result is None else result.charts
    standing = [f for f in mine if f.waived is None][:room]
    waived = [f for f in mine if f.waived is not None and not f.baselined]
    baselined = [f for f in mine if f.baselined]
    waived_shown = waived[: room - len(standing)]
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
        findings=tuple(map(_finding_view, standing)),
        waived=tuple(map(_finding_view, waived_shown)),
        waived_count=len(waived),
        baselined=tuple(map(_finding_view, baselined[: room - len(standing) - len(waived_shown)])),
        baselined_count=len(baselined),
        left_out=len(mine) - min(room, len(mine)),
    )


def _finding_view(finding: Finding) -> _FindingView:
    given = {name: text for name, text in finding.provenance.items() if text}
    quote = given.pop("quote", None)
    sources = tuple(_Source(name, text, _http_url(text)) for name, text in given.items())
    shown = None if quote is None else _marked(quote, finding.quoted)
    return _FindingView(finding, place(finding), sources, shown, finding.passage)


_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def _marked(quote: str, words: tuple[str, ...]) -> str | Markup:
    """The quote with each of ``words`` (as a rule read them: lower case, white space
    and dashes normalised) wrapped in ``<mark>``; every other character escaped."""
    patterns = []
    for phrase in sorted(set(words), key=len, reverse=True):
        tokens = [re.escape(token) for token in phrase.split()]
        pattern = r"\s+".join(tokens).replace(r"\-", f"[{_DASHES}]")
        patterns.append(rf"(?<![\w.,]){pattern}(?![\w]|[.,]\d)")
    if not patterns:
        return quote
    text = visible(quote)
    pieces, at = [], 0
    for match in re.finditer("|".join(patterns), text, flags=re.IGNORECASE):
        pieces += [escape(text[at : match.start()]), Markup("<mark>"), escape(match.group())]
        pieces.append(Markup("</mark>"))
        at = match.end()
    pieces.append(escape(text[at:]))
    return Markup("").join(pieces)


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
