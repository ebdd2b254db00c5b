"""Both engines on the same tables give the same findings, field for field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from check_cases import write_case
from engine_tables import EVERYTHING, agreeing, generated_table, rule_cases

from tallycheck import checks
from tallycheck.entries import NOT_JUDGED
from tallycheck.report import Report
from tallycheck.schema.loader import load_schema, schema_from_mapping
from tallycheck.specs import Schema

pytest.importorskip("great_expectations")

ROOT = Path(__file__).resolve().parents[2]
COLUMN_CHECKS = set(checks.COLUMN_CHECKS)


def _both(table: str | Path | pd.DataFrame, schema: Schema) -> Report:
    return agreeing(table, schema, "gx")


@pytest.mark.parametrize(
    ("table", "schema"),
    [
        ("belarus-pardons.csv", "pardon-waves"),
        ("belarus-prisoners-held.csv", "prisoners-held"),
        ("belarus-deaths-in-custody.csv", "deaths-in-custody"),
    ],
)
def test_fixtures(table: str, schema: str) -> None:
    pandas = _both(ROOT / "fixtures" / table, load_schema(schema))
    if table == "belarus-pardons.csv":
        assert [f.rule for f in pandas.findings] == [
            *("running-total", "running-total"),
            *("quoted", "quoted", "sequence", "quoted", "quoted"),
        ]


def test_a_missing_required_column() -> None:
    table = ROOT / "fixtures" / "bad" / "missing-required-column.csv"
    pandas = _both(table, load_schema(ROOT / "tests" / "data" / "waves.yaml"))
    assert not pandas.judged
    assert any(f.rule == "required" and f.row is None for f in pandas.findings)


@pytest.mark.parametrize(("schema", "table", "files"), rule_cases())
def test_rule_cases(
    schema: dict[str, Any], table: str, files: dict[str, str], tmp_path: Path
) -> None:
    _both(write_case(tmp_path, table, files), schema_from_mapping(schema))


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_a_generated_table_that_breaks_everything(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "generated.csv"
    path.write_text(generated_table(seed), encoding="utf-8")
    schema = load_schema(EVERYTHING)
    pandas = _both(path, schema)
    # every column check, every rule the table's schema runs (each rule's own cases run
    # through both engines in test_rule_cases), and the rules' not-judged warnings
    rules = {r.rule for r in schema.rules}
    assert {f.rule for f in pandas.findings} == COLUMN_CHECKS | rules | {NOT_JUDGED.id}
    also = {rule for f in pandas.findings for rule in f.also}
    assert also == {"monotonic"}  # a stale running total also fails monotonic: one finding
    assert {f.severity.name for f in pandas.findings} == {"ERROR", "WARNING"}


def test_a_dataframe_rows_by_position() -> None:
    frame = pd.read_csv(ROOT / "fixtures" / "belarus-pardons.csv", dtype=str)
    pandas = _both(frame, load_schema("pardon-waves"))
    assert [f.line for f in pandas.findings] == [None] * 7


def test_patterns_are_read_by_re2(tmp_path: Path) -> None:
    """Anchored as a whole, with what RE2 reads its own way: POSIX classes,
    ASCII word characters, Unicode letter classes, an alternation."""
    patterns = {"posix": "[[:alpha:]]+", "word": r"\w+", "letters": r"\pL+", "either": "yes|no"}
    columns = {name: {"type": "string", "pattern": p} for name, p in patterns.items()}
    schema = schema_from_mapping({"name": "patterns", "columns": columns})
    path = tmp_path / "patterns.csv"
    path.write_text(
        "posix,word,letters,either\nabc,naïve,naïve,yes\n:a,a b,x1,yesno\n[:],x\u00a0,ab,no\n",
        encoding="utf-8",
    )
    pandas = _both(path, schema)
    failed = sorted((f.columns[0], f.value) for f in pandas.findings)
    assert failed == sorted(
        [
            ("word", "naïve"),  # RE2's \w is ASCII
            ("posix", ":a"),
            ("word", "a b"),
            ("letters", "x1"),
            ("either", "yesno"),
            ("posix", "[:]"),
        ]
    )  # "x\u00a0" is stripped to "x", a word


def test_numbers_past_the_exact_limit_and_a_catastrophic_pattern(tmp_path: Path) -> None:
    """Cells refused as too large (or not numbers at all) are refused by both engines,
    the rules judge the rest alike, and (a+)+$ is read in linear time by both."""
    schema = schema_from_mapping(
        {
            "name": "large",
            "order": "wave",
            "columns": {
                "wave": {"type": "integer"},
                "total": {"type": "tally"},
                "share": {"type": "number", "required": False},
                "code": {"type": "string", "pattern": "(a+)+$", "required": False},
            },
            "rules": [
                {"rule": "sequence", "column": "wave"},
                {"rule": "monotonic", "column": "total"},
            ],
        }
    )
    path = tmp_path / "large.csv"
    path.write_text(
        "wave,total,share,code\n"
        f"9007199254740989,9007199254740991,1e309,{'a' * 40}!\n"
        "9007199254740990,9007199254740990,0x1F,aaa\n"
        "9007199254740991,more than 9007199254740991,inf,\n"
        "9223372036854775808,0x1F,1.5,\n"
        f"{'9' * 5000},1,0.5,\n",
        encoding="utf-8",
    )
    pandas = _both(path, schema)
    assert sorted((f.rule, f.line, f.columns[0]) for f in pandas.findings) == [
        ("monotonic", 3, "total"),
        ("not-judged", 1, "total"),  # monotonic, on its column
        ("not-judged", 1, "wave"),  # monotonic, on the order
        ("not-judged", 1, "wave"),  # sequence
        ("pattern", 2, "code"),
        ("too-large", 2, "share"),
        ("too-large", 4, "total"),
        ("too-large", 5, "wave"),
        ("too-large", 6, "wave"),
        ("type", 3, "share"),
        ("type", 4, "share"),
        ("type", 5, "total"),
    ]
