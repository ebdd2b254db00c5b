"""Every other engine and the built-in one give the same findings, field for field,
on every fixture, every rule case, a required column missing, tables that break
every check, a DataFrame, and on the command line (each engine is skipped, saying so,
without its extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from check_cases import write_case
from click.testing import CliRunner
from engine_tables import EVERYTHING, EXTRAS, agreeing, generated_table, missing_extra, rule_cases

from tallycheck import checks
from tallycheck.cli import main
from tallycheck.entries import NOT_JUDGED
from tallycheck.schema.loader import load_schema, schema_from_mapping

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "fixtures" / "belarus-pardons.csv")


@pytest.fixture(
    params=[
        pytest.param(engine, marks=[pytest.mark.skip(reason=why)] if why else [])
        for engine in EXTRAS
        for why in [missing_extra(engine)]
    ]
)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.parametrize(
    ("table", "schema"),
    [
        ("belarus-pardons.csv", "pardon-waves"),
        ("belarus-prisoners-held.csv", "prisoners-held"),
        ("belarus-deaths-in-custody.csv", "deaths-in-custody"),
    ],
)
def test_fixtures(engine: str, table: str, schema: str) -> None:
    report = agreeing(ROOT / "fixtures" / table, load_schema(schema), engine)
    if table == "belarus-pardons.csv":
        assert [f.rule for f in report.findings] == [
            *("running-total", "running-total"),
            *("quoted", "quoted", "sequence", "quoted", "quoted"),
        ]
        assert [(f.rule, f.line, f.value, f.expected) for f in report.findings][:2] == [
            ("running-total", 4, "178", "207"),
            ("running-total", 5, "207", "227"),
        ]


def test_a_missing_required_column(engine: str) -> None:
    table = ROOT / "fixtures" / "bad" / "missing-required-column.csv"
    report = agreeing(table, load_schema(ROOT / "tests" / "data" / "waves.yaml"), engine)
    assert not report.judged
    assert any(f.rule == "required" and f.row is None for f in report.findings)


@pytest.mark.parametrize(("schema", "table", "files"), rule_cases())
def test_rule_cases(
    engine: str, schema: dict[str, Any], table: str, files: dict[str, str], tmp_path: Path
) -> None:
    agreeing(write_case(tmp_path, table, files), schema_from_mapping(schema), engine)


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_a_generated_table_that_breaks_everything(engine: str, seed: int, tmp_path: Path) -> None:
    path = tmp_path / "generated.csv"
    path.write_text(generated_table(seed), encoding="utf-8")
    schema = load_schema(EVERYTHING)
    report = agreeing(path, schema, engine)
    # every column check, every rule the table's schema runs (each rule's own cases run
    # through both engines in test_rule_cases), and the rules' not-judged warnings
    rules = {r.rule for r in schema.rules}
    assert {f.rule for f in report.findings} == set(checks.COLUMN_CHECKS) | rules | {NOT_JUDGED.id}
    also = {rule for f in report.findings for rule in f.also}
    assert also == {"monotonic"}  # a stale running total also fails monotonic: one finding
    assert {f.severity.name for f in report.findings} == {"ERROR", "WARNING"}


def test_a_dataframe_rows_by_position(engine: str) -> None:
    frame = pd.read_csv(ROOT / "fixtures" / "belarus-pardons.csv", dtype=str)
    frame.index = [10, 20, 30, 40]
    report = agreeing(frame, load_schema("pardon-waves"), engine)
    assert [f.line for f in report.findings] == [None] * 7


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_the_command_line_prints_what_the_builtin_engine_prints(
    engine: str, fmt: str, tmp_path: Path
) -> None:
    outputs = {}
    for name in ("builtin", engine):
        report = tmp_path / f"{name}.json"
        args = ["validate", SEED, "--schema", "pardon-waves", "--format", fmt]
        result = CliRunner().invoke(main, [*args, "--engine", name, "--output", str(report)])
        assert result.exit_code == 1
        outputs[name] = (result.stdout, result.stderr, report.read_text(encoding="utf-8"))
    assert outputs[engine] == outputs["builtin"]
