"""Reporters: each renders the one ``Report`` value as text in one format.

A reporter is a module with ``render(report) -> str``; it does no I/O and
knows nothing of the command line. A format whose report stays whole however
many findings there are (JSON) also has ``stream(report)``, the same text in
pieces, so that it is written without being held whole. The registry below names each format's
module and the ``--output`` suffix that picks it. Modules are imported only
when their format is asked for, so that choosing one costs nothing for the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Protocol

from tallycheck.report import Report

# format -> (module, the --output suffix that selects it)
_REGISTRY: dict[str, tuple[str, str | None]] = {
    "text": ("tallycheck.reporters.text", ".txt"),
    "json": ("tallycheck.reporters.json_report", ".json"),
    "markdown": ("tallycheck.reporters.markdown", ".md"),
    "html": ("tallycheck.reporters.html", ".html"),
    "junit": ("tallycheck.reporters.junit", ".xml"),
    "sarif": ("tallycheck.reporters.sarif", ".sarif"),
    "github": ("tallycheck.reporters.github", None),
}
FORMATS: tuple[str, ...] = tuple(_REGISTRY)
SUFFIXES: dict[str, str] = {suffix: name for name, (_, suffix) in _REGISTRY.items() if suffix}


class Reporter(Protocol):
    """What every reporter module provides."""

    def render(self, report: Report) -> str: ...


def pieces(reporter: Reporter, report: Report) -> Iterable[str]:
    """The reporter's text in pieces to write as they come: its ``stream`` if it has one."""
    stream = getattr(reporter, "stream", None)
    return (reporter.render(report),) if stream is None else stream(report)


def get(name: str) -> Reporter:
    """The reporter module of a format (imported on first use)."""
    module: Reporter = importlib.import_module(_REGISTRY[name][0])
    return module
