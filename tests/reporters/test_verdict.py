"""One verdict: every format states what the exit code says, --strict included."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_github import commands
from test_sarif import sarif_errors

import tallycheck
from tallycheck.cli import main
from tallycheck.reporters import FORMATS, junit, sarif
from tallycheck.severity import Severity

ROOT = Path(__file__).resolve().parents[2]
WAVES = str(ROOT / "tests" / "data" / "waves.yaml")  # sequence is a warning there


def _text(output: str) -> bool:
    return output.splitlines()[-1].startswith("✓ ")


def _json(output: str) -> bool:
    ok: bool = json.loads(output)["ok"]
    return ok


def _markdown(output: str) -> bool:
    return output.startswith("## ✅ ")


def _html(output: str) -> bool:
    assert ("<h1>✓ OK</h1>" in output) != ("<h1>✗ Not OK</h1>" in output)
    return "<h1>✓ OK</h1>" in output


def _junit(output: str) -> bool:
    root = ET.fromstring(output)
    return root.get("failures") == "0" and root.get("errors") == "0"


def _sarif(output: str) -> bool:
    assert sarif_errors(output) == []
    results = json.loads(output)["runs"][0]["results"]
    return not any(r["level"] == "error" and "suppressions" not in r for r in results)


def _github(output: str) -> bool:
    return all(command.kind != "error" for command in commands(output))


# How each format states the verdict: True when it says the run passed.
PASSES: dict[str, Callable[[str], bool]] = {
    "text": _text,
    "json": _json,
    "markdown": _markdown,
    "html": _html,
    "junit": _junit,
    "sarif": _sarif,
    "github": _github,
}


@pytest.fixture
def gap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A table whose one finding is a warning: wave 2 is missing."""
    monkeypatch.chdir(tmp_path)
    Path("gap.csv").write_text("wave,pardoned,source\n1,5,AP\n3,4,AP\n", encoding="utf-8")
    return "gap.csv"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


def test_every_format_has_a_verdict_reader() -> None:
    assert set(PASSES) == set(FORMATS)


@pytest.mark.parametrize("name", FORMATS)
def test_strict_with_only_warnings_exits_1_and_every_format_says_it_failed(
    name: str, gap: str
) -> None:
    code, output = _run(gap, "--schema", WAVES, "--strict", "--format", name)
    assert code == 1
    assert PASSES[name](output) is False


@pytest.mark.parametrize("name", FORMATS)
def test_without_strict_warnings_exit_0_and_every_format_says_it_passed(
    name: str, gap: str
) -> None:
    code, output = _run(gap, "--schema", WAVES, "--format", name)
    assert code == 0
    assert PASSES[name](output) is True


def test_every_report_file_of_a_strict_run_says_it_failed(gap: str) -> None:
    files = {"json": "r.json", "markdown": "r.md", "html": "r.html", "junit": "r.xml"}
    files["sarif"] = "r.sarif"
    outputs = [arg for path in files.values() for arg in ("--output", path)]
    code, _ = _run(gap, "--schema", WAVES, "--strict", *outputs)
    assert code == 1
    for name, path in files.items():
        assert PASSES[name](Path(path).read_text(encoding="utf-8")) is False, name


def test_the_step_summary_and_annotations_of_a_strict_run_say_it_failed(
    gap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", "summary.md")
    code, output = _run(gap, "--schema", WAVES, "--strict")
    assert code == 1
    assert output == (
        "::error file=gap.csv,line=3,col=1,title=tallycheck sequence (warning; fails under strict)"
        "::wave 3: wave 2 is missing (the row before is wave 1).%0ASource: AP\n"
    )
    summary = Path("summary.md").read_text(encoding="utf-8").splitlines()
    assert summary[0] == (
        "## ❌ tallycheck: 1 file checked: 0 errors, 1 warning (strict: warnings fail the run)"
    )
    assert summary[4] == r"| gap\.csv | waves | 2 | 0 | 1 | 0 | ❌ failed |"


def test_the_text_verdict_line_says_why_a_strict_run_failed(gap: str) -> None:
    code, output = _run(gap, "--schema", WAVES, "--strict", "--quiet")
    assert (code, output) == (
        1,
        "✗ 1 file checked: 0 errors, 1 warning (strict: warnings fail the run)\n",
    )


# --- the Report decides, in one place -------------------------------------------------


def test_the_api_takes_strict_and_the_report_carries_it(gap: str) -> None:
    lenient = tallycheck.validate(gap, WAVES)
    strict = tallycheck.validate(gap, WAVES, strict=True)
    assert (lenient.ok, lenient.strict, lenient.failing) == (True, False, 0)
    assert (strict.ok, strict.strict, strict.failing) == (False, True, 1)
    assert strict.to_dict()["ok"] is False
    assert strict.to_dict()["strict"] is True
    assert [strict.counts_as(f) for f in strict.findings] == [Severity.ERROR]
    assert [lenient.counts_as(f) for f in lenient.findings] == [Severity.WARNING]


def test_a_waived_warning_does_not_fail_a_strict_run(gap: str) -> None:
    strict = tallycheck.validate(gap, WAVES, strict=True)
    waived = dataclasses.replace(
        strict, findings=tuple(dataclasses.replace(f, waived="known") for f in strict.findings)
    )
    assert waived.ok is True
    assert waived.failing == 0
    assert _junit(junit.render(waived)) is True
    assert _sarif(sarif.render(waived)) is True


def test_junit_lists_warnings_as_failures_under_strict(gap: str) -> None:
    root = ET.fromstring(junit.render(tallycheck.validate(gap, WAVES, strict=True)))
    [suite] = root
    [case] = suite
    assert (case.get("name"), root.get("failures"), suite.get("failures")) == ("sequence", "1", "1")
    [failure] = case.findall("failure")
    assert failure.get("message") == "wave 3: wave 2 is missing (the row before is wave 1)."
    assert case.find("system-out") is None


def test_sarif_gives_a_strict_warning_level_error_and_keeps_its_severity(gap: str) -> None:
    log = json.loads(sarif.render(tallycheck.validate(gap, WAVES, strict=True)))
    run = log["runs"][0]
    [result] = run["results"]
    assert (result["level"], result["properties"]["severity"]) == ("error", "warning")
    [rule] = run["tool"]["driver"]["rules"]
    assert rule["defaultConfiguration"] == {"level": "error"}


def test_junit_has_a_suite_for_findings_outside_the_tables(gap: str) -> None:
    report = tallycheck.validate(gap, WAVES, strict=True)
    stale = tallycheck.Finding(
        rule="stale-waiver",
        severity=Severity.WARNING,
        file="tallycheck.yaml",
        message="The waiver for gap.csv, sequence matched no finding.",
        line=4,
    )
    report = dataclasses.replace(report, findings=(*report.findings, stale))
    root = ET.fromstring(junit.render(report))
    assert [s.get("name") for s in root] == ["gap.csv", "tallycheck.yaml"]
    assert [s.get("failures") for s in root] == ["1", "1"]
    assert root.get("failures") == "2"
