"""The JSON report (``report_version`` 1): stable field names, for machines.

The envelope is indented; each finding and each file stands on one line, so
that a report of thousands of findings is written by the C encoder and still
diffs line by line. The report is made in pieces (``stream``), a thousand
findings at a time, so that a million findings are written whole without being
held as one text. Characters that JSON may hold raw but a terminal or a script
would act on are written as ``\\uXXXX`` escapes (see ``escape.json_safe``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any

from tallycheck.report import Finding, Report
from tallycheck.reporters.escape import json_safe
from tallycheck.severity import Severity

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_BATCH = 1_000  # findings per piece
_SEVERITY = {severity: encode_basestring(str(severity)) for severity in Severity}


def _items(items: list[Any]) -> str:
    if not items:
        return "[]"
    lines = ",\n".join(f"    {_ENCODE(item)}" for item in items)
    return f"[\n{lines}\n  ]"


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def _texts(values: tuple[str, ...]) -> str:
    return f"[{', '.join(map(encode_basestring, values))}]"


_SPAN = '{"line": %d, "column": %d, "end_line": %d, "end_column": %d}'  # Span.to_dict, encoded


def _cell(finding: Finding) -> str:
    return "null" if finding.cell is None else _SPAN % finding.cell


def finding_json(finding: Finding) -> str:
    """``json.dumps(finding.to_dict(), ensure_ascii=False)``, written field by field:
    a report of a hundred thousand findings builds no dict per finding."""
    provenance = ", ".join(
        f"{encode_basestring(name)}: {_text(cell)}" for name, cell in finding.provenance.items()
    )
    text = (
        f'{{"rule": {encode_basestring(finding.rule)}, "name": {_text(finding.name)}, '
        f'"severity": {_SEVERITY[finding.severity]}, "file": {encode_basestring(finding.file)}, '
        f'"line": {_number(finding.line)}, "row": {_number(finding.row)}, '
        f'"series": {_text(finding.series)}, "columns": {_texts(finding.columns)}, '
        f'"value": {_text(finding.value)}, "expected": {_text(finding.expected)}, '
        f'"related_line": {_number(finding.related_line)}, "cell": {_cell(finding)}, '
        f'"message": {encode_basestring(finding.message)}, "provenance": {{{provenance}}}, '
        f'"also": {_texts(finding.also)}'
    )
    if finding.waived is not None:
        text += f', "waived": {encode_basestring(finding.waived)}'
    if finding.baselined:
        text += ', "baselined": true'
    return text + "}"


def stream(report: Report) -> Iterator[str]:
    """The report as JSON, in pieces that join to ``render``'s text."""
    head = report.envelope()
    parts = [f"  {json.dumps(k)}: {_ENCODE(v)}" for k, v in head.items() if k != "files"]
    parts.append(f'  "files": {_items(head["files"])}')
    yield json_safe("{\n" + ",\n".join(parts) + ',\n  "findings": [')
    if not report.findings:
        yield "]\n}\n"
        return
    findings = report.findings
    for start in range(0, len(findings), _BATCH):
        batch = findings[start : start + _BATCH]
        lines = ",\n".join([f"    {finding_json(f)}" for f in batch])
        yield json_safe(f"{',' if start else ''}\n{lines}")
    yield "\n  ]\n}\n"


def render(report: Report) -> str:
    """The report as JSON, ending in a newline."""
    return "".join(stream(report))
