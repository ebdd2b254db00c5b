"""Reporters: each renders the one ``Report`` value as text in one format.

A reporter is a module with ``FORMAT`` (its name), ``SUFFIX`` (the file suffix
``--output`` picks it by, or None) and ``render(report) -> str``; it does no
I/O and knows nothing of the command line.
"""

from __future__ import annotations

from types import ModuleType

from tallycheck.reporters import json_report, text

REPORTERS: dict[str, ModuleType] = {
    text.FORMAT: text,
    json_report.FORMAT: json_report,
}
SUFFIXES: dict[str, str] = {m.SUFFIX: name for name, m in REPORTERS.items() if m.SUFFIX}
