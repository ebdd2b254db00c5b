"""Reports of many findings: JSON is written whole in pieces; SARIF and HTML cap what
they hold, say how many they leave out, and keep the verdict and counts of them all."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_sarif import sarif_errors

from tallycheck.cli import main
from tallycheck.output import write_atomic
from tallycheck.report import FileResult, Finding, Report
from tallycheck.reporters import html, json_report, sarif
from tallycheck.severity import Severity


def _finding(file: str, line: int, severity: Severity, waived: str | None = None) -> Finding:
    return Finding(
        rule="sequence",
        severity=severity,
        file=file,
        message=f"wave {line}: wave {line - 1} is missing.",
        line=line,
        row=line - 1,
        waived=waived,
    )


W, E = Severity.WARNING, Severity.ERROR
# In report order: a warning, an error, a waived error, a warning, an error.
MIXED = (
    _finding("a.csv", 2, W),
    _finding("a.csv", 3, E),
    _finding("a.csv", 4, E, waived="known"),
    _finding("a.csv", 5, W),
    _finding("a.csv", 6, E),
)


def _report(findings: tuple[Finding, ...], strict: bool = False) -> Report:
    files = tuple(
        FileResult(path=p, schema="s", rows=9) for p in dict.fromkeys(f.file for f in findings)
    )
    return Report(files=files, findings=findings, strict=strict)


def _lines(log: dict[str, Any]) -> list[int]:
    results = log["runs"][0]["results"]
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]


def test_sarif_holds_the_results_that_fail_first_and_says_how_many_it_leaves_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    text = sarif.render(_report(MIXED))
    assert sarif_errors(text) == []
    log = json.loads(text)
    assert _lines(log) == [2, 3, 6]  # the two errors, then the first warning, in report order
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    [note] = invocation["toolExecutionNotifications"]
    assert note == {
        "level": "note",
        "message": {
            "text": "This log holds 3 of the run's 5 findings, those that fail the run first: "
            "code scanning keeps at most 3 results of a run. The JSON report lists them all."
        },
    }


def test_sarif_under_strict_ranks_warnings_with_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    log = json.loads(sarif.render(_report(MIXED, strict=True)))
    assert _lines(log) == [2, 3, 5]


def test_sarif_within_its_cap_holds_everything_and_no_note() -> None:
    log = json.loads(sarif.render(_report(MIXED)))
    assert _lines(log) == [2, 3, 4, 5, 6]
    assert "invocations" not in log["runs"][0]


def test_html_caps_its_cards_and_says_so_in_each_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_FINDINGS", 3)
    findings = (*MIXED[:2], *(_finding("b.csv", line, E) for line in (2, 3, 4)))
    page = html.render(_report(findings))
    assert page.count('<article class="finding') == 3
    notes = re.findall(r'<p class="left-out">(.*?)</p>', page)
    assert notes == [
        "… and 2 more findings not shown here: the JSON report lists them all.",
    ]
    assert '<li class="errors"><strong>4</strong>errors</li>' in page
    assert '<p class="none">' not in page


def test_html_counts_the_waived_it_leaves_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_FINDINGS", 1)
    page = html.render(_report(MIXED))
    assert "<h3>Waived (1)</h3>" in page
    assert re.findall(r'<p class="left-out">(.*?)</p>', page) == [
        "… and 4 more findings not shown here: the JSON report lists them all."
    ]


def test_the_json_report_streams_in_pieces_that_make_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(json_report, "_BATCH", 2)
    report = _report(MIXED)
    pieces = list(json_report.stream(report))
    assert len(pieces) == 1 + 3 + 1  # the envelope, three batches of findings, the end
    text = "".join(pieces)
    assert text == json_report.render(report)
    data = json.loads(text)
    assert data == report.to_dict()
    assert [f["line"] for f in data["findings"]] == [2, 3, 4, 5, 6]
    assert text.splitlines()[-7:-2] == [
        f"    {json.dumps(f.to_dict(), ensure_ascii=False)}{',' if i < 4 else ''}"
        for i, f in enumerate(MIXED)
    ]


def test_an_empty_json_report_streams_whole() -> None:
    report = Report(files=(), findings=())
    assert json.loads("".join(json_report.stream(report)))["findings"] == []


def test_write_atomic_writes_pieces_as_they_come(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    write_atomic(target, iter(["{", '"a": ', "1}\n"]))
    assert target.read_text(encoding="utf-8") == '{"a": 1}\n'


def test_a_stream_that_fails_leaves_the_old_report_and_no_temporary_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "r.json"
    target.write_text("old\n", encoding="utf-8")

    def broken() -> Iterator[str]:
        yield "{"
        raise RuntimeError("a reporter failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_the_cli_writes_every_finding_to_the_json_file_and_caps_the_sarif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(json_report, "_BATCH", 7)
    monkeypatch.setattr(sarif, "MAX_RESULTS", 10)
    Path("t.csv").write_text("wave\n" + "1\n" * 51, encoding="utf-8")
    Path("s.yaml").write_text(
        "name: s\norder: wave\ncolumns:\n  wave: {type: integer}\n"
        "rules:\n  - rule: sequence\n    column: wave\n",
        encoding="utf-8",
    )
    args = ["validate", "t.csv", "--schema", "s.yaml", "--quiet"]
    result = CliRunner().invoke(main, [*args, "--output", "r.json", "--output", "r.sarif"])
    assert result.exit_code == 1
    data = json.loads(Path("r.json").read_text(encoding="utf-8"))
    assert data["ok"] is False
    assert data["summary"]["errors"] == len(data["findings"]) == 50
    assert [f["line"] for f in data["findings"]] == list(range(3, 53))
    log = json.loads(Path("r.sarif").read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == 10
