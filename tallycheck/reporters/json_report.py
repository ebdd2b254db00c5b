"""The JSON report (``report_version`` 1): stable field names, for machines.

The envelope is indented; each finding and each file stands on one line, so
that a report of thousands of findings is written by the C encoder and still
diffs line by line. Characters that JSON may hold raw but a terminal or a
script would act on are written as ``\\uXXXX`` escapes (see ``escape.json_safe``).
"""

from __future__ import annotations

import json
from typing import Any

from tallycheck.report import Report
from tallycheck.reporters.escape import json_safe

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _items(items: list[Any]) -> str:
    if not items:
        return "[]"
    lines = ",\n".join(f"    {_ENCODE(item)}" for item in items)
    return f"[\n{lines}\n  ]"


def render(report: Report) -> str:
    """The report as JSON, ending in a newline."""
    data = report.to_dict()
    head = {k: v for k, v in data.items() if k not in ("files", "findings")}
    parts = [f"  {json.dumps(k)}: {_ENCODE(v)}" for k, v in head.items()]
    parts += [f'  "{key}": {_items(data[key])}' for key in ("files", "findings")]
    return json_safe("{\n" + ",\n".join(parts) + "\n}\n")
