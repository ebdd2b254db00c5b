"""The pandera engine and the built-in one on the same tables give the same
findings, field for field: every fixture, every rule case, tables that break
every check, and tables drawn as in tests/test_differential.py (a short run here;
``TALLYCHECK_PANDERA_EXAMPLES`` runs more)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from check_cases import write_case
from engine_tables import EVERYTHING, agreeing, generated_table, rule_cases
from hypothesis import HealthCheck, given, settings
from test_differential import Rows, tables, write_csv

from tallycheck import checks
from tallycheck.entries import NOT_JUDGED
from tallycheck.report import Report
from tallycheck.schema.loader import load_schema, schema_from_mapping
from tallycheck.specs import Schema

pytest.importorskip("pandera")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("TALLYCHECK_PANDERA_EXAMPLES", "25"))


def _both(table: str | Path | pd.DataFrame, schema: Schema) -> Report:
    return agreeing(table, schema, "pandera")


@pytest.mark.parametrize(
    ("table", "schema"),
    [
        ("belarus-pardons.csv", "pardon-waves"),
        ("belarus-prisoners-held.csv", "prisoners-held"),
        ("belarus-deaths-in-custody.csv", "deaths-in-custody"),
    ],
)
def test_fixtures(table: str, schema: str) -> None:
    report = _both(ROOT / "fixtures" / table, load_schema(schema))
    if table == "belarus-pardons.csv":
        assert [(f.rule, f.line, f.value, f.expected) for f in report.findings][:2] == [
            ("running-total", 4, "178", "207"),
            ("running-total", 5, "207", "227"),
        ]


def test_a_missing_required_column() -> None:
    table = ROOT / "fixtures" / "bad" / "missing-required-column.csv"
    report = _both(table, load_schema(ROOT / "tests" / "data" / "waves.yaml"))
    assert not report.judged
    assert any(f.rule == "required" and f.row is None for f in report.findings)


@pytest.mark.parametrize(("schema", "table", "files"), rule_cases())
def test_rule_cases(
    schema: dict[str, Any], table: str, files: dict[str, str], tmp_path: Path
) -> None:
    _both(write_case(tmp_path, table, files), schema_from_mapping(schema))


@pytest.mark.parametrize("seed", [7, 11])
def test_a_generated_table_that_breaks_everything(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "generated.csv"
    path.write_text(generated_table(seed), encoding="utf-8")
    schema = load_schema(EVERYTHING)
    report = _both(path, schema)
    rules = {r.rule for r in schema.rules}
    assert {f.rule for f in report.findings} == set(checks.COLUMN_CHECKS) | rules | {NOT_JUDGED.id}


def test_a_dataframe_rows_by_position() -> None:
    frame = pd.read_csv(ROOT / "fixtures" / "belarus-pardons.csv", dtype=str)
    frame.index = [10, 20, 30, 40]
    report = _both(frame, load_schema("pardon-waves"))
    assert [f.line for f in report.findings] == [None] * 7


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
def test_drawn_tables(case: tuple[Rows, dict[str, Any]]) -> None:
    rows, schema = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        write_csv(rows, path)
        _both(path, schema_from_mapping(schema))
