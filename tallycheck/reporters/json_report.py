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
from typing import Any

from tallycheck.report import Report
from tallycheck.reporters.escape import json_safe

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_BATCH = 1_000  # findings per piece


def _items(items: list[Any]) -> str:
    if not items:
        return "[]"
    lines = ",\n".join(f"    {_ENCODE(item)}" for item in items)
    return f"[\n{lines}\n  ]"


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
        lines = ",\n".join(f"    {_ENCODE(f.to_dict())}" for f in batch)
        yield json_safe(f"{',' if start else ''}\n{lines}")
    yield "\n  ]\n}\n"


def render(report: Report) -> str:
    """The report as JSON, ending in a newline."""
    return "".join(stream(report))
