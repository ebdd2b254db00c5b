"""The finding catalogue: every id tallycheck can emit has one entry, and every entry
is emitted by some input, explained by ``tallycheck explain``, and named by SARIF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from check_cases import case_files, case_schema, load
from click.testing import CliRunner

import tallycheck
from tallycheck.catalogue import CATALOGUE, WAIVABLE, catalogue_lines, explain_text
from tallycheck.cli import main
from tallycheck.entries import STALE_WAIVER
from tallycheck.schema.loader import schema_from_mapping

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = """\
name: every
order: wave
columns:
  wave: {type: integer, min: 1, max: 100, unique: true}
  kind: {type: string, allowed: [a, b]}
  code: {type: string, pattern: "[A-Z]+"}
  total: {type: tally, required: false}
  men: {type: tally, required: false}
  women: {type: tally, required: false}
  cumulative: {type: tally, required: false}
rules:
  - {rule: sequence, column: wave}
  - {rule: monotonic, column: total}
  - {rule: parts-sum, parts: [men, women], total: total}
  - {rule: running-total, total: cumulative, increment: total}
"""
# Each row breaks some of the checks: a blank kind (required); kind, code, total, the
# parts and the running total wrong (allowed, pattern, monotonic, parts-sum,
# running-total); a repeated wave with a total that is no tally (sequence, unique, type);
# waves below the minimum and above the maximum.
EVERY = """\
wave,kind,code,total,men,women,cumulative
1,a,AB,10,5,5,10
2,,AB,12,6,6,22
3,c,ab,11,6,6,40
3,a,AB,x,1,1,
0,a,AB,,,,
200,a,AB,,,,
"""
CONFIG = """\
tables:
  - files: "*.csv"
    schema: every.yaml
  - files: "none/*.csv"
    schema: every.yaml
waivers:
  - file: every.csv
    rule: sequence
    where: {wave: 99}
    reason: no such row
"""


def _rules_of(project: Path, *args: str) -> set[str]:
    """The ids of the findings of one ``validate`` run in ``project``."""
    report = project / "out.json"
    CliRunner().invoke(main, ["validate", *args, "--output", str(report)])
    return {finding["rule"] for finding in json.loads(report.read_text())["findings"]}


def test_every_id_the_code_emits_has_an_entry_and_every_entry_is_emitted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "every.yaml").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "every.csv").write_text(EVERY, encoding="utf-8")
    (tmp_path / "big.csv").write_text("wave,kind,code\n99999999999999999999,a,AB\n")
    (tmp_path / "tallycheck.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    emitted = _rules_of(tmp_path) | _rules_of(tmp_path, "every.csv", "missing.csv")
    for table, schema in (
        ("belarus-pardons.csv", "pardon-waves"),
        ("belarus-prisoners-held.csv", "prisoners-held"),
        ("belarus-deaths-in-custody.csv", "deaths-in-custody"),
    ):
        report = tallycheck.validate(ROOT / "fixtures" / table, schema)
        emitted |= {finding.rule for finding in report.findings}
    for path in case_files():  # every check's failing cases (tests/checks/cases)
        document = load(path)
        for number, case in enumerate(document["cases"]):
            table = tmp_path / f"{path.stem}-{number}.csv"
            table.write_text(case["table"], encoding="utf-8")
            schema = schema_from_mapping(case_schema(path.stem, document["schema"], case))
            emitted |= {finding.rule for finding in tallycheck.validate(table, schema).findings}
    assert emitted == set(CATALOGUE)


@pytest.mark.parametrize("finding_id", list(CATALOGUE))
def test_explain_shows_each_entry(finding_id: str) -> None:
    entry = CATALOGUE[finding_id]
    result = CliRunner().invoke(main, ["explain", finding_id])
    assert result.exit_code == 0
    assert result.output == explain_text(finding_id) + "\n"
    assert result.output.startswith(f"{finding_id}")
    if entry.kind == "rule":
        assert "Option defaults:" in result.output
    elif entry.kind == "column check":  # its module's docstring, with an example
        assert result.output == f"{finding_id} ({_label(entry.kind)}): {entry.doc}\n"
        assert "Example:" in result.output
    else:
        assert result.output == f"{finding_id} ({_label(entry.kind)}): {entry.summary}\n"


def _label(kind: str) -> str:
    return {"column check": "column check", "table": "the table is not judged"}.get(
        kind, "config finding"
    )


def test_rules_lists_each_entry_once_under_its_kind() -> None:
    lines = catalogue_lines()
    listed = [line.split()[0] for line in lines if line.startswith("  ")]
    assert listed == list(CATALOGUE)
    assert lines[0] == "Cross-row rules (under rules:):"
    assert "Config findings (warnings at a line of the config):" in lines


def test_waivers_may_name_the_checks_and_unreadable_only() -> None:
    assert list(WAIVABLE) == [
        *("sequence", "monotonic", "parts-sum", "running-total", "quoted", "in-article"),
        *("type", "required", "min", "max", "unique", "allowed", "pattern"),
        "unreadable",
    ]


def test_sarif_describes_a_stale_waiver_from_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(ROOT / "fixtures" / "belarus-pardons.csv", tmp_path / "pardons.csv")
    (tmp_path / "tallycheck.yaml").write_text(
        "tables:\n  - files: pardons.csv\n    schema: pardon-waves\n"
        "waivers:\n  - file: pardons.csv\n    rule: min\n    reason: none apply\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--format", "sarif"])
    rules = json.loads(result.output)["runs"][0]["tool"]["driver"]["rules"]
    stale = next(rule for rule in rules if rule["id"] == STALE_WAIVER.id)
    assert stale["shortDescription"] == {"text": STALE_WAIVER.summary}
    assert stale["help"] == {"text": explain_text(STALE_WAIVER.id)}
