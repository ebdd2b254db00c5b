"""GitHub Actions workflow commands: one annotation per finding.

``::error file=…,line=…,title=…::message`` for an error (and, under
``--strict``, for a warning, which fails the run too), ``::warning`` for a
warning, ``::notice`` for a waived finding. GitHub shows at most ten
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
    if finding.waived is not None:
        return f"{title} (baselined)" if finding.baselined else f"{title} (waived)"
    if report.counts_as(finding) is not finding.severity:
        return f"{title} ({finding.severity}; fails under strict)"
    return title


def _annotation(report: Report, finding: Finding) -> str:
    properties = [("file", finding.file)]
    if finding.line is not None:
        properties.append(("line", str(finding.line)))
    properties.append(("title", _title(report, finding)))
    lines = [finding.message]
    source = escape.provenance_line(finding)
    if source:
        lines.append(f"Source: {source}")
    if finding.waived is not None:
        lines.append(f"Waived: {finding.waived}")
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
