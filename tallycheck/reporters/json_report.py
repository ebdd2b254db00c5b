"""The JSON report (``report_version`` 1): stable field names, for machines."""

from __future__ import annotations

import json

from tallycheck.report import Report

FORMAT = "json"
SUFFIX = ".json"


def render(report: Report) -> str:
    """The report as indented JSON, ending in a newline."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
