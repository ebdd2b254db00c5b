"""The terminal summary: one block per finding, then a line per file and a verdict.

Cells from the data are made inert: control characters (ANSI escapes, carriage
returns, newlines) are shown as visible escapes, never sent to the terminal.
"""

from __future__ import annotations

from tallycheck.report import Finding, Report
from tallycheck.reporters.escape import (
    acceptance,
    place,
    plural,
    provenance_line,
    rule_label,
    strict_note,
    visible,
)

_STYLES = {
    "error": "\x1b[31;1m",
    "warning": "\x1b[33;1m",
    "waived": "\x1b[36m",
    "dim": "\x1b[2m",
    "ok": "\x1b[32;1m",
    "bold": "\x1b[1m",
}
_RESET = "\x1b[0m"


def inert(text: str) -> str:
    """Show control characters, line breaks included, as escapes (``\\x1b``, ``\\n``)."""
    if text.isprintable():  # holds none of them (each is unprintable): most text, at C speed
        return text
    return visible(text).replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{_STYLES[style]}{text}{_RESET}" if self.color else text


def _finding(finding: Finding, paint: _Painter) -> list[str]:
    accepted = acceptance(finding)
    if accepted is not None:
        level = paint("waived", accepted[0])
    else:
        level = paint(str(finding.severity), str(finding.severity))
    rule = rule_label(finding)
    if finding.also:
        rule += f", also {', '.join(finding.also)}"
    where = inert(place(finding))
    lines = [f"{paint('bold', where)}: {level} [{inert(rule)}] {inert(finding.message)}"]
    source = provenance_line(finding)
    if source:
        lines.append(paint("dim", f"    — {inert(source)}"))
    if accepted is not None:
        label, reason = accepted
        lines.append(paint("dim", f"    {label}: {inert(reason)}"))
    return lines


def unnamed_note(columns: tuple[str, ...]) -> str:
    """The note on the header columns a schema does not name: they are not checked."""
    return f"columns the schema does not name (not checked): {inert(', '.join(map(repr, columns)))}"


def _counts(errors: int, warnings: int, waived: int = 0, baselined: int = 0) -> str:
    text = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    text = f"{text}, {waived} waived" if waived else text
    return f"{text}, {baselined} baselined" if baselined else text


def render(
    report: Report, *, color: bool = False, max_findings: int | None = None, quiet: bool = False
) -> str:
    """The report for a terminal; with ``quiet`` only the verdict line."""
    paint = _Painter(color)
    lines: list[str] = []
    if not quiet:
        shown = report.findings if max_findings is None else report.findings[:max_findings]
        for finding in shown:
            lines.extend(_finding(finding, paint))
        if len(shown) < len(report.findings):
            lines.append(
                f"... and {len(report.findings) - len(shown)} more findings "
                "(--max-findings caps this list; the JSON report holds them all)"
            )
        if lines:
            lines.append("")
        for result in report.files:
            errors, warnings = report.file_counts(result.path)
            state = (
                ""
                if result.readable and result.judged
                else " (could not be read)"
                if not result.readable
                else " (could not be judged)"
            )
            lines.append(
                f"{inert(result.path)}: {plural(result.rows, 'row')}, "
                f"{_counts(errors, warnings)}{state}"
            )
            if result.unnamed_columns:
                lines.append(f"  note: {unnamed_note(result.unnamed_columns)}")
    files = plural(len(report.files), "file")
    summary = _counts(report.errors, report.warnings, report.waived, report.baselined)
    summary += strict_note(report)
    if not report.judged:
        lines.append(paint("error", f"✗ {files} checked, not all could be judged: {summary}"))
    elif not report.ok:
        lines.append(paint("error", f"✗ {files} checked: {summary}"))
    else:
        lines.append(paint("ok", f"✓ {files} checked: {summary}"))
    return "\n".join(lines) + "\n"


def statistics(report: Report) -> str:
    """``--statistics``: how many standing findings each rule has in each file,
    most first, then by file and rule."""
    counts: dict[tuple[str, str], int] = {}
    for finding in report.active:
        key = (finding.rule, finding.file)
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return "No standing findings.\n"
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
    number = len(str(ordered[0][1]))
    rule = max(len(r) for r, _ in counts)
    return "".join(
        f"{count:>{number}}  {r:<{rule}}  {inert(file)}\n" for (r, file), count in ordered
    )
