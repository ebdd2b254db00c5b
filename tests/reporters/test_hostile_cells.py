"""Cells written to break reports stay inert in every format, checked by parsing the output.

The table's series, figure, source and quote cells hold workflow commands,
percent-escapes, newlines, HTML, a Markdown link, pipes, terminal escapes, a
mention and a spreadsheet formula. Every row fails the ``type`` check, and its
series cell is in the message, so each string reaches every part of a finding.
"""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml
from test_github import commands
from test_markdown import borders, table_rows
from test_sarif import sarif_errors

import tallycheck
from tallycheck import reporters
from tallycheck.reporters import text
from tallycheck.schema.loader import schema_from_mapping

HOSTILE = [
    "::error::injected",
    "%0A::warning::x",
    "a\nb",
    "<script>alert(1)</script>",
    "](javascript:alert(1))",
    "| col |",
    "\x1b[31mred\x1b[0m",
    "@channel",
    '=HYPERLINK("http://x")',
]
# The reader refuses a CSV holding ESC bytes as binary; in CSV the terminal escape is
# the 8-bit CSI (U+009B), which UTF-8 text may hold. JSON carries ESC itself.
CSI = "\x9b"
SCHEMA = schema_from_mapping(
    {
        "name": "hostile",
        "series": "series",
        "order": "wave",
        "provenance": ["source", "quote"],
        "columns": {
            "series": {"type": "string"},
            "wave": {"type": "integer"},
            "figure": {"type": "integer"},
            "source": {"type": "string"},
            "quote": {"type": "string"},
        },
    }
)
UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")


def _cells(kind: str) -> list[str]:
    return [c.replace("\x1b", CSI) for c in HOSTILE] if kind == "csv" else HOSTILE


def _write(path: Path, cells: list[str]) -> None:
    rows = [
        {"series": c, "wave": i, "figure": c, "source": c, "quote": c}
        for i, c in enumerate(cells, 1)
    ]
    if path.suffix == ".json":
        path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def shown(cell: str) -> str:
    """How a cell appears once made visible: control characters as escapes."""
    return cell.replace("\x1b", r"\x1b").replace(CSI, r"\x9b")


@pytest.fixture(params=["csv", "json"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[tallycheck.Report, list[str]]:
    cells = _cells(request.param)
    table = tmp_path / f"hostile.{request.param}"
    _write(table, cells)
    report = tallycheck.validate(table, SCHEMA)
    assert [f.series for f in report.findings] == cells
    assert [f.value for f in report.findings] == cells
    assert all(f.rule == "type" for f in report.findings)
    return report, cells


def render(report: tallycheck.Report, name: str) -> str:
    return reporters.get(name).render(report)


def test_markdown(hostile: tuple[tallycheck.Report, list[str]]) -> None:
    report, cells = hostile
    output = render(report, "markdown")
    for raw in ("<", "](javascript:", "@channel", "\x1b", CSI):
        assert raw not in output
    rows = table_rows(output)
    assert len(rows) == 5 + len(cells)
    assert {borders(row) for row in rows[:3]} == {8}
    assert {borders(row) for row in rows[3:]} == {7}


def test_github(hostile: tuple[tallycheck.Report, list[str]]) -> None:
    report, cells = hostile
    found = commands(render(report, "github"))
    assert [c.kind for c in found] == ["error"] * len(cells)
    for command, finding, cell in zip(found, report.findings, cells, strict=True):
        assert command.properties["title"] == "tallycheck type"
        assert command.properties["line"] == str(finding.line)
        first = command.message.split("\nSource: ")[0]
        assert first == shown(finding.message)
        assert f"({shown(cell)}): figure" in first
        assert command.message.endswith(f"\nSource: {shown(cell)}, “{shown(cell)}”")


def test_junit(hostile: tuple[tallycheck.Report, list[str]]) -> None:
    report, cells = hostile
    output = render(report, "junit")
    root = ET.fromstring(output)
    messages = [f.get("message") for f in root.iter("failure")]
    assert messages == [shown(f.message) for f in report.findings]
    [suite] = JUnitXml.fromstring(output)
    [case] = suite
    assert case.name == "type"
    assert all(isinstance(r, Failure) for r in case.result)
    for result, cell in zip(case.result, cells, strict=True):
        assert f"\nsource: {shown(cell)}\nquote: {shown(cell)}" in result.text


def test_sarif(hostile: tuple[tallycheck.Report, list[str]]) -> None:
    report, cells = hostile
    output = render(report, "sarif")
    assert sarif_errors(output) == []
    results = json.loads(output)["runs"][0]["results"]
    for result, cell in zip(results, cells, strict=True):
        assert not UNESCAPED_BRACKET.search(result["message"]["text"])
        assert result["properties"]["value"] == cell
        assert result["properties"]["provenance"] == {"source": cell, "quote": cell}


def test_json(hostile: tuple[tallycheck.Report, list[str]]) -> None:
    report, cells = hostile
    findings = json.loads(render(report, "json"))["findings"]
    assert [f["series"] for f in findings] == cells


def test_text(hostile: tuple[tallycheck.Report, list[str]]) -> None:
    report, cells = hostile
    output = text.render(report)
    assert "\x1b" not in output
    assert CSI not in output
    assert len(output.splitlines()) == 2 * len(cells) + 3  # two per finding, blank, file, verdict


def test_hostile_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "x\n::error::y,z:1%0A|<i>@me.csv"
    monkeypatch.chdir(tmp_path)
    _write(Path(name), ["not a number"])
    report = tallycheck.validate(name, SCHEMA)
    [command] = commands(render(report, "github"))
    assert command.properties["file"] == name
    markdown = render(report, "markdown")
    assert "<i>" not in markdown
    assert {borders(row) for row in table_rows(markdown)} <= {7, 8}
    sarif = render(report, "sarif")
    assert sarif_errors(sarif) == []
    location = json.loads(sarif)["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == (
        "x%0A%3A%3Aerror%3A%3Ay%2Cz%3A1%250A%7C%3Ci%3E%40me.csv"
    )
    [suite] = JUnitXml.fromstring(render(report, "junit"))
    assert suite.name == name
