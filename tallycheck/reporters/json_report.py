"""The JSON report (``report_version`` 1): stable field names, for machines.

The envelope is indented; each finding and each file stands on one line, so
that a report of thousands of findings is written by the C encoder and still
diffs line by line. The report is made in pieces (``stream``), a thousand
findings at a time, so that a million findings are written whole without being
held as one text. Characters that JSON may hold raw but a terminal or a script
would act on are written as ``\\uXXXX`` escapes (see ``escape.json_safe``).
"""

from __future__ import annotations

import itertools
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


_SPAN = '{"line": %d, "column": %d, "end_line": %d, "end_column": %d}'  # Span.to_dict, encoded


def _finding_lines(findings: tuple[Finding, ...]) -> Iterator[str]:
    """Each finding as ``json.dumps(finding.to_dict(), ensure_ascii=False)`` would
    write it, indented, built field by field: a report of a hundred thousand findings
    builds no dict per finding. Values that repeat from finding to finding (rule,
    name, file, series, columns, rules folded in) are encoded once."""
    known: dict[str | None, str] = {None: "null"}
    lists: dict[tuple[str, ...], str] = {}

    def text(value: str | None) -> str:
        encoded = known.get(value)
        if encoded is None:
            encoded = known[value] = _text(value)
        return encoded

    def texts(values: tuple[str, ...]) -> str:
        encoded = lists.get(values)
        if encoded is None:
            encoded = lists[values] = f"[{', '.join(map(encode_basestring, values))}]"
        return encoded

    for f in findings:
        provenance = ", ".join(
            f"{encode_basestring(name)}: {_text(cell)}" for name, cell in f.provenance.items()
        )
        line = (
            f'    {{"rule": {text(f.rule)}, "name": {text(f.name)}, '
            f'"severity": {_SEVERITY[f.severity]}, "file": {text(f.file)}, '
            f'"line": {"null" if f.line is None else f.line}, '
            f'"row": {"null" if f.row is None else f.row}, '
            f'"series": {text(f.series)}, "columns": {texts(f.columns)}, '
            f'"value": {_text(f.value)}, "expected": {_text(f.expected)}, '
            f'"related_line": {"null" if f.related_line is None else f.related_line}, '
            f'"cell": {"null" if f.cell is None else _SPAN % f.cell}, '
            f'"message": {encode_basestring(f.message)}, "provenance": {{{provenance}}}, '
            f'"also": {texts(f.also)}'
        )
        if f.waived is not None:
            line += f', "waived": {encode_basestring(f.waived)}'
        if f.baselined:
            line += ', "baselined": true'
        yield line + "}"


def stream(report: Report) -> Iterator[str]:
    """The report as JSON, in pieces that join to ``render``'s text."""
    head = report.envelope()
    parts = [f"  {json.dumps(k)}: {_ENCODE(v)}" for k, v in head.items() if k != "files"]
    parts.append(f'  "files": {_items(head["files"])}')
    yield json_safe("{\n" + ",\n".join(parts) + ',\n  "findings": [')
    if not report.findings:
        yield "]\n}\n"
        return
    lines = _finding_lines(report.findings)
    for start in range(0, len(report.findings), _BATCH):
        batch = ",\n".join(itertools.islice(lines, _BATCH))
        yield json_safe(f"{',' if start else ''}\n{batch}")
    yield "\n  ]\n}\n"


def render(report: Report) -> str:
    """The report as JSON, ending in a newline."""
    return "".join(stream(report))
