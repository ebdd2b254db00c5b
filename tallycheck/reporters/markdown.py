"""GitHub-flavoured Markdown, for ``$GITHUB_STEP_SUMMARY`` and pull-request comments.

A verdict heading, a table of files, then a table of findings (capped, so that
a long list stays readable). Every string from the data goes through
:func:`escape.markdown`: it renders as the literal text and can form no link,
HTML, table cell or mention.
"""

from __future__ import annotations

from tallycheck.report import FileResult, Finding, Report
from tallycheck.reporters import escape
from tallycheck.severity import Severity

MAX_FINDINGS = 200
# A pull-request comment holds at most 65,536 characters; leave room for the rest.
MAX_TABLE_CHARS = 60_000
_FILE_HEADER = ("File", "Schema", "Rows", "Errors", "Warnings", "Waived", "Status")
_FILE_ALIGN = ("---", "---", "--:", "--:", "--:", "--:", "---")
_FINDING_HEADER = ("Severity", "Rule", "Location", "Message", "Value → expected", "Source")


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


def _heading(report: Report) -> str:
    counts = f"{escape.plural(report.errors, 'error')}, {escape.plural(report.warnings, 'warning')}"
    if report.waived:
        counts += f", {report.waived} waived"
    if report.baselined:
        counts += f", {report.baselined} baselined"
    counts += escape.strict_note(report)
    files = escape.plural(len(report.files), "file")
    if not report.judged:
        return f"## ❌ tallycheck: {files} checked, not all could be judged: {counts}"
    return f"## {'✅' if report.ok else '❌'} tallycheck: {files} checked: {counts}"


def _status(result: FileResult, failed: bool, warnings: int) -> str:
    if not result.readable:
        return "❌ unreadable"
    if not result.judged:
        return "❌ not judged"
    if failed:
        return "❌ failed"
    return "⚠️ passed with warnings" if warnings else "✅ passed"


def _file_header(report: Report) -> list[str]:
    """The files table's header: a Baselined column when the run has a baseline's findings."""
    if not report.baselined:
        return [_row(_FILE_HEADER), _row(_FILE_ALIGN)]
    header = (*_FILE_HEADER[:-1], "Baselined", _FILE_HEADER[-1])
    return [_row(header), _row((*_FILE_ALIGN[:-1], "--:", _FILE_ALIGN[-1]))]


def _file_row(report: Report, result: FileResult) -> str:
    errors, warnings = report.file_counts(result.path)
    mine = [f for f in report.findings if f.file == result.path]
    baselined = sum(f.baselined for f in mine)
    waived = sum(f.waived is not None for f in mine) - baselined
    failed = any(map(report.fails, mine))
    schema = "" if result.schema is None else escape.markdown(result.schema)
    counts = [str(result.rows), str(errors), str(warnings), str(waived)]
    if report.baselined:
        counts.append(str(baselined))
    return _row((escape.markdown(result.path), schema, *counts, _status(result, failed, warnings)))


def _severity(finding: Finding) -> str:
    accepted = escape.acceptance(finding)
    if accepted is not None:
        return f"💤 {accepted[0]} {finding.severity}"
    return "❌ error" if finding.severity is Severity.ERROR else "⚠️ warning"


def _message(finding: Finding) -> str:
    text = escape.markdown(finding.message)
    accepted = escape.acceptance(finding)
    if accepted is not None:
        label, reason = accepted
        text += f"<br>*{label.capitalize()}:* {escape.markdown(reason)}"
    return text


def _rule(finding: Finding) -> str:
    text = escape.markdown(escape.rule_label(finding))
    if finding.also:
        text += f" (also {escape.markdown(', '.join(finding.also))})"
    return text


def _change(finding: Finding) -> str:
    figures = escape.figures(finding)
    return "" if figures is None else escape.markdown(figures)


def _finding_row(finding: Finding) -> str:
    source = escape.provenance_line(finding)
    return _row(
        (
            _severity(finding),
            _rule(finding),
            escape.markdown(escape.place(finding)),
            _message(finding),
            _change(finding),
            "" if source is None else escape.markdown(source),
        )
    )


def _findings(report: Report) -> list[str]:
    """The findings table, cut short at ``MAX_FINDINGS`` rows or ``MAX_TABLE_CHARS``."""
    rows: list[str] = []
    budget = MAX_TABLE_CHARS
    for finding in report.findings[:MAX_FINDINGS]:
        row = _finding_row(finding)
        budget -= len(row) + 1
        if budget < 0:
            break
        rows.append(row)
    lines = ["", "### Findings", "", _row(_FINDING_HEADER), _row(("---",) * len(_FINDING_HEADER))]
    left = len(report.findings) - len(rows)
    if left:
        rows += [
            "",
            f"… and {escape.plural(left, 'more finding')} not shown here: "
            "the JSON report lists them all.",
        ]
    return lines + rows


def render(report: Report) -> str:
    """The report as GitHub Markdown, ending in a newline."""
    lines = [_heading(report), "", *_file_header(report)]
    lines += [_file_row(report, result) for result in report.files]
    if report.findings:
        lines += _findings(report)
    return "\n".join(lines) + "\n"
