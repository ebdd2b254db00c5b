"""The case files of tests/checks/cases: one per check, named by its id.

A file holds a base ``schema`` and its ``cases``. A rule's case gives the rule's
``options``; a column check's case may give ``columns``, merged key by key over
the base schema's columns. Each case gives its ``table`` and the ``findings`` of
the check under test, and may give ``files`` (path: text) written beside the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tallycheck.checks import RULES

CASES_DIR = Path(__file__).parent / "checks" / "cases"


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def case_schema(check: str, base: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """The schema (as plain data) a case of ``check`` runs under."""
    if check in RULES:
        return {**base, "name": "case", "rules": [{"rule": check, **case["options"]}]}
    columns = {name: dict(spec) for name, spec in base["columns"].items()}
    for name, spec in case.get("columns", {}).items():
        columns[name] = {**columns.get(name, {}), **spec}
    return {**base, "name": "case", "columns": columns}


def write_case(folder: Path, table: str, files: dict[str, str]) -> Path:
    """Write a case's table as ``folder/table.csv``, with its files beside it."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "table.csv"
    path.write_text(table, encoding="utf-8")
    return path
