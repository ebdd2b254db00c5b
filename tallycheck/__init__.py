"""tallycheck: check tables of figures taken from the news before they are published.

    import tallycheck
    report = tallycheck.validate("fixtures/belarus-pardons.csv", schema="pardon-waves")
    report.ok, report.findings[0].rule, report.to_dict()

Importing the package is light: Arrow and numpy load on the first check; pandas
only for a DataFrame handed to ``validate`` or for the Great Expectations engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tallycheck.errors import (
    ConfigError,
    EngineError,
    SchemaError,
    TableError,
    TallycheckError,
    UsageError,
)
from tallycheck.version import __version__

if TYPE_CHECKING:
    from tallycheck.api import validate
    from tallycheck.report import Finding, Report
    from tallycheck.schema.loader import load_schema
    from tallycheck.specs import Schema

__all__ = [
    "ConfigError",
    "EngineError",
    "Finding",
    "Report",
    "Schema",
    "SchemaError",
    "TableError",
    "TallycheckError",
    "UsageError",
    "__version__",
    "load_schema",
    "validate",
]

_LAZY = {
    "validate": "tallycheck.api",
    "load_schema": "tallycheck.schema.loader",
    "Schema": "tallycheck.specs",
    "Report": "tallycheck.report",
    "Finding": "tallycheck.report",
}


def __getattr__(name: str) -> Any:
    """Load the API's heavier parts on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tallycheck' has no attribute {name!r}")
