"""GitHub Actions workflow commands: one annotation per finding.

``::error file=…,line=…,col=…,endColumn=…,title=…::message`` for an error (and, under
``--strict``, for a warning, which fails the run too), ``::warning`` for a
warning, ``::notice`` for a waived or baselined finding (its title says which).
An annotation points at the finding's cell where its column is known (a CSV or
TSV file): ``col`` is where the cell starts and ``endColumn`` its last
character, counted in characters; GitHub takes columns only within one line, so
a quoted cell over several lines gets ``line`` and ``endLine``. GitHub shows at most ten
annotations of each kind per step and drops the rest, so errors come first,
each kind stops at ten, and one last notice says how many findings were left
out and where they all are. Property values and messages are escaped as
actions/toolkit escapes them (``%``, CR, LF; in properties also ``:`` and
``,``), and control characters are shown as escapes: no cell can end its
command or start another line.
"""

from __future__ import annotations

from tallycheck.report import Finding, Report
from tallycheck.reporters import escape
from tallycheck.reporters.sarif import MAX_RESULTS

LIMIT = 10  # annotations of each kind that GitHub shows per step
_KINDS = ("error", "warning", "notice")


def _kind(report: Report, finding: Finding) -> str:
    return "notice" if finding.waived is not None else str(report.counts_as(finding))


def _command(kind: str, properties: list[tuple[str, str]], message: str) -> str:
    props = ",".join(f"{key}={escape.workflow_property(value)}" for key, value in properties)
    return f"::{kind} {props}::{escape.workflow_data(message)}"


def _title(report: Report, finding: Finding) -> str:
    """``tallycheck rule: name``, saying when the finding is waived or a warning that fails."""
    title = f"tallycheck {escape.rule_label(finding)}"
    accepted = escape.acceptance(finding)
    if accepted is not None:
        return f"{title} ({accepted[0]})"
    if report.counts_as(finding) is not finding.severity:
        return f"{title} ({finding.severity}; fails under strict)"
    return title


def _place(finding: Finding) -> list[tuple[str, str]]:
    """Where the annotation points: the finding's cell where it is known (``col`` and an
    inclusive ``endColumn`` when it lies on one line, which is all GitHub takes;
    ``endLine`` when it spans lines), else its line."""
    cell = finding.cell
    if cell is None:
        return [] if finding.line is None else [("line", str(finding.line))]
    if cell.end_line != cell.line:
        return [("line", str(cell.line)), ("endLine", str(cell.end_line))]
    place = [("line", str(cell.line)), ("col", str(cell.column))]
    if cell.end_column > cell.column + 1:
        place.append(("endColumn", str(cell.end_column - 1)))
    return place


def _annotation(report: Report, finding: Finding) -> str:
    properties = [("file", finding.file), *_place(finding), ("title", _title(report, finding))]
    lines = [finding.message]
    source = escape.provenance_line(finding)
    if source:
        lines.append(f"Source: {source}")
    accepted = escape.acceptance(finding)
    if accepted is not None:
        label, reason = accepted
        lines.append(f"{label.capitalize()}: {reason}")
    return _command(_kind(report, finding), properties, "\n".join(lines))


def _shown(report: Report) -> list[Finding]:
    """The findings to annotate: errors, then warnings, then notices, capped per kind.

    When anything is left out, the notices stop at one fewer, to leave room
    for the notice that says so.
    """
    by_kind: dict[str, list[Finding]] = {kind: [] for kind in _KINDS}
    for finding in report.findings:
        by_kind[_kind(report, finding)].append(finding)
    over = any(len(by_kind[kind]) > LIMIT for kind in _KINDS)
    caps = {"error": LIMIT, "warning": LIMIT, "notice": LIMIT - 1 if over else LIMIT}
    return [finding for kind in _KINDS for finding in by_kind[kind][: caps[kind]]]


def render(report: Report) -> str:
    """The findings as workflow commands, one a line; empty when there are none."""
    shown = _shown(report)
    lines = [_annotation(report, finding) for finding in shown]
    left = len(report.findings) - len(shown)
    if left:
        message = (
            f"{escape.plural(left, 'more finding')} not annotated: GitHub shows at most "
            f"{LIMIT} errors, {LIMIT} warnings and {LIMIT} notices per step. "
            "See the step summary, or the JSON report for every finding "
            f"(the SARIF report holds the first {MAX_RESULTS:,})."
        )
        lines.append(_command("notice", [("title", "tallycheck")], message))
    return "".join(f"{line}\n" for line in lines)
