"""Findings point at their cell's column in CSV and TSV files, in SARIF, GitHub
annotations and the JSON report; other inputs give the line alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from tallycheck.cli import main

SCHEMA = """\
name: places
columns:
  name: {type: string}
  note: {type: string, pattern: "^[a-z ]+$"}
  count: {type: integer, min: 0}
"""
# A byte order mark, a name with multibyte and astral characters, a quoted note over
# two lines (its row's count stands on the second), and a note with a tab in it.
TABLE = '\ufeffname,note,count\nŁódź 🙂,plain,-1\n"Minsk","two\nlines",-2\nBrest,"tab\there",x\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    (tmp_path / "places.yaml").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "places.csv").write_text(TABLE, encoding="utf-8")
    return tmp_path


def run(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(main, ["validate", *args, "--schema", "places.yaml"], input=stdin)
    assert result.exit_code == 1, result.output
    return result.stdout


def regions(output: str) -> list[tuple[str, int, dict[str, int] | None]]:
    results = json.loads(output)["runs"][0]["results"]
    return [
        (r["ruleId"], r["properties"]["row"], r["locations"][0]["physicalLocation"].get("region"))
        for r in results
    ]


def region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    keys = ("startLine", "startColumn", "endLine", "endColumn")
    return dict(zip(keys, (line, column, end_line, end_column), strict=True))


def test_sarif_regions_count_characters_and_follow_quoted_cells(project: Path) -> None:
    output = run("places.csv", "--format", "sarif")
    assert json.loads(output)["runs"][0]["columnKind"] == "unicodeCodePoints"
    assert regions(output) == [
        ("min", 1, region(2, 14, 2, 16)),  # after "Łódź 🙂,plain," (13 characters)
        ("min", 2, region(4, 8, 4, 10)),  # on the quoted note's second line
        ("pattern", 2, region(3, 9, 4, 7)),  # the note itself, quotes included
        ("pattern", 3, region(5, 7, 5, 17)),  # a tab is one character
        ("type", 3, region(5, 18, 5, 19)),
    ]


def test_annotations_take_columns_within_one_line(project: Path) -> None:
    heads = [line.split("::")[1] for line in run("places.csv", "--format", "github").splitlines()]
    assert heads == [
        "error file=places.csv,line=2,col=14,endColumn=15,title=tallycheck min",
        "error file=places.csv,line=4,col=8,endColumn=9,title=tallycheck min",
        "error file=places.csv,line=3,endLine=4,title=tallycheck pattern",
        "error file=places.csv,line=5,col=7,endColumn=16,title=tallycheck pattern",
        "error file=places.csv,line=5,col=18,title=tallycheck type",
    ]


def test_json_gives_the_row_line_and_the_cell(project: Path) -> None:
    findings = json.loads(run("places.csv", "--format", "json"))["findings"]
    assert [(f["line"], f["cell"]) for f in findings][1:3] == [
        (3, {"line": 4, "column": 8, "end_line": 4, "end_column": 10}),
        (3, {"line": 3, "column": 9, "end_line": 4, "end_column": 7}),
    ]


def test_a_tsv_file_has_columns_too(project: Path) -> None:
    (project / "places.tsv").write_text("name\tnote\tcount\nx\ty\t-3\n", encoding="utf-8")
    (finding,) = json.loads(run("places.tsv", "--format", "json"))["findings"]
    assert finding["cell"] == {"line": 2, "column": 5, "end_line": 2, "end_column": 7}


def _json_inputs(project: Path) -> None:
    rows: list[dict[str, Any]] = [{"name": "x", "note": "y", "count": "-3"}]
    (project / "t.json").write_text(json.dumps(rows), encoding="utf-8")
    (project / "t.jsonl").write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    pq.write_table(pa.table({k: [v] for k, v in rows[0].items()}), project / "t.parquet")


@pytest.mark.parametrize("table", ["t.json", "t.jsonl", "t.parquet", "-"])
def test_other_inputs_have_no_column(project: Path, table: str) -> None:
    _json_inputs(project)
    stdin = "name,note,count\nx,y,-3\n" if table == "-" else None
    (result,) = json.loads(run(table, "--format", "sarif", stdin=stdin))["runs"][0]["results"]
    place = result["locations"][0]["physicalLocation"]
    assert set(place.get("region", {})) <= {"startLine"}
    (finding,) = json.loads(run(table, "--format", "json", stdin=stdin))["findings"]
    assert finding["cell"] is None
