"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` describes each rule that has findings, from the
catalogue (each id's summary, and its documentation as ``explain`` shows it).
A result's level is the severity the run counts its finding at (under
``--strict`` a warning is at level ``error``, as it fails the run), and the
finding's own severity is in its properties. A rule's default level is the
worst level its results have in this run: severities are set by the schema,
not by the rule. Waived findings are results with an external suppression
justified by the waiver's reason; so are baselined ones, accepted, justified
by the baseline that lists them, and located in it (their ``properties`` say
``baselined``; ``baselineState`` is not used: it compares with an earlier SARIF
run, which a baseline file is not). A result on a cell of a CSV or TSV file has
its region's columns (``columnKind`` unicodeCodePoints: a column counts
characters), ending just past the cell; other results have their line alone.
Message texts have their brackets escaped, so that no cell can make an embedded
link; the finding's other fields go to the result's ``properties`` as they are.
A log holds at most ``MAX_RESULTS`` results, those that fail the run first; an
invocation's notification says how many findings it leaves out (the JSON
report holds them all). No timestamps: equal reports, equal output.
"""

from __future__ import annotations

import heapq
import json
from typing import Any
from urllib.parse import quote

from tallycheck.catalogue import CATALOGUE, explain_text
from tallycheck.report import Finding, Report
from tallycheck.reporters import escape
from tallycheck.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/tallycheck/tallycheck"
# GitHub code scanning keeps the first 5,000 results of a run, by severity, and rejects
# a run of more than 25,000: a log holds at most this many, and says how many it leaves out.
MAX_RESULTS = 5_000
# Finding fields that the result states in its own SARIF properties.
_STATED = ("rule", "file", "line", "cell", "message", "waived")
# Columns count Unicode code points (characters), not SARIF's default UTF-16 code units.
COLUMN_KIND = "unicodeCodePoints"


def _descriptor(report: Report, rule: str, findings: list[Finding]) -> dict[str, Any]:
    entry = CATALOGUE.get(rule)  # None only in a report made by hand, with ids of its own
    summary = None if entry is None else entry.summary
    descriptor: dict[str, Any] = {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.replace("_", "-").split("-")),
        "shortDescription": {"text": summary or rule},
    }
    if summary is not None:
        descriptor["help"] = {"text": explain_text(rule)}
    level = str(max(map(report.counts_as, findings)))
    descriptor["defaultConfiguration"] = {"level": level}
    return descriptor


def _uri(path: str) -> str:
    """A path as a relative URI reference: ``/`` separators, other characters escaped."""
    return quote(path.replace("\\", "/"), safe="/")


def _location(finding: Finding) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding.file)}}
    cell = finding.cell
    if cell is not None:
        physical["region"] = {
            "startLine": cell.line,
            "startColumn": cell.column,
            "endLine": cell.end_line,
            "endColumn": cell.end_column,
        }
    elif finding.line is not None and finding.line >= 1:
        physical["region"] = {"startLine": finding.line}
    return {"physicalLocation": physical}


def _result(report: Report, finding: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": str(report.counts_as(finding)),
        "message": {"text": escape.sarif_message(finding.message)},
        "locations": [_location(finding)],
        "properties": {k: v for k, v in finding.to_dict().items() if k not in _STATED},
    }
    if finding.waived is not None:
        result["suppressions"] = [_suppression(report, finding)]
    return result


def _suppression(report: Report, finding: Finding) -> dict[str, Any]:
    """A waiver's suppression, or a baseline's: accepted, and located in the baseline file."""
    suppression: dict[str, Any] = {"kind": "external", "justification": finding.waived}
    if finding.baselined:
        suppression["status"] = "accepted"
        if report.baseline is not None:
            artifact = {"artifactLocation": {"uri": _uri(report.baseline)}}
            suppression["location"] = {"physicalLocation": artifact}
    return suppression


def _shown(report: Report) -> list[Finding]:
    """The findings the log holds, in report order: all of them, or the
    ``MAX_RESULTS`` that rank first (those that fail the run, then the other
    standing ones, then the waived)."""
    findings = report.findings
    if len(findings) <= MAX_RESULTS:
        return list(findings)

    def rank(at: int) -> tuple[bool, bool, int]:
        finding = findings[at]
        return (not report.fails(finding), finding.waived is not None, at)

    return [findings[at] for at in sorted(heapq.nsmallest(MAX_RESULTS, range(len(findings)), rank))]


def _invocation(report: Report, shown: int) -> dict[str, Any]:
    """The run's invocation, with a note saying how many findings the log leaves out."""
    text = (
        f"This log holds {shown:,} of the run's {len(report.findings):,} findings, those "
        f"that fail the run first: code scanning keeps at most {MAX_RESULTS:,} results "
        "of a run. The JSON report lists them all."
    )
    note = {"level": "note", "message": {"text": text}}
    return {"executionSuccessful": True, "toolExecutionNotifications": [note]}


def _log(report: Report) -> dict[str, Any]:
    """The SARIF log as plain data."""
    shown = _shown(report)
    by_rule: dict[str, list[Finding]] = {}
    for finding in shown:
        by_rule.setdefault(finding.rule, []).append(finding)
    index = {rule: at for at, rule in enumerate(by_rule)}
    driver = {
        "name": "tallycheck",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_descriptor(report, rule, found) for rule, found in by_rule.items()],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}, "columnKind": COLUMN_KIND}
    if len(shown) < len(report.findings):
        run["invocations"] = [_invocation(report, len(shown))]
    run["results"] = [_result(report, f, index[f.rule]) for f in shown]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    """The report as a SARIF 2.1.0 log, indented JSON ending in a newline."""
    return escape.json_safe(json.dumps(_log(report), indent=2, ensure_ascii=False)) + "\n"
