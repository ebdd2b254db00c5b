"""The GitHub workflow-command reporter: a grammar every line obeys, and GitHub's caps."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

import tallycheck
from tallycheck.reporters import github
from tallycheck.schema.loader import schema_from_mapping

ROOT = Path(__file__).resolve().parents[2]
SEED = "fixtures/belarus-pardons.csv"
COMMAND = re.compile(r"::(error|warning|notice|group|endgroup)(?: ([^:]*))?::(.*)")
UNESCAPE = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}


def unescape(text: str) -> str:
    """Undo the workflow-command escapes, as the runner does."""
    return re.sub("%(?:0D|0A|3A|2C|25)", lambda m: UNESCAPE[m.group()], text)


@dataclasses.dataclass(frozen=True)
class Command:
    kind: str
    properties: dict[str, str]
    message: str


def commands(output: str) -> list[Command]:
    """Parse the output, asserting that every line is one well-formed workflow command."""
    assert output == "" or output.endswith("\n")
    parsed = []
    for line in output.splitlines():
        match = COMMAND.fullmatch(line)
        assert match, f"not a workflow command: {line!r}"
        kind, props, message = match.groups()
        properties = {}
        for pair in props.split(",") if props else []:
            key, _, value = pair.partition("=")
            assert key in ("file", "line", "endLine", "col", "endColumn", "title"), pair
            assert key not in properties
            properties[key] = unescape(value)
        assert "\r" not in message
        parsed.append(Command(kind, properties, unescape(message)))
    return parsed


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> tallycheck.Report:
    monkeypatch.chdir(ROOT)
    return tallycheck.validate(SEED, schema="pardon-waves")


def _table(tmp_path: Path, waves: list[str]) -> Path:
    table = tmp_path / "t.csv"
    table.write_text("wave\n" + "\n".join(waves) + "\n", encoding="utf-8")
    return table


GAPS = schema_from_mapping(
    {
        "name": "gaps",
        "columns": {"wave": {"type": "integer"}},
        "rules": [{"rule": "sequence", "column": "wave", "severity": "warning"}],
    }
)


def test_seed_annotations(seed: tallycheck.Report) -> None:
    """Each annotation points at its cell: ``col`` where it starts, ``endColumn`` its
    last character (wave 7's cumulative 178 is columns 23 to 25 of line 4); a cell of
    one character has no ``endColumn``, which defaults to ``col``."""
    found = commands(github.render(seed))

    def at(line: str, col: str, end: str | None, rule: str) -> dict[str, str]:
        place = {"file": SEED, "line": line, "col": col}
        return {**place, **({"endColumn": end} if end else {}), "title": f"tallycheck {rule}"}

    assert [(c.kind, c.properties) for c in found] == [
        ("error", at("4", "23", "25", "running-total")),
        ("error", at("5", "11", "13", "running-total")),
        ("warning", at("2", "20", "22", "quoted")),
        ("warning", at("3", "4", "5", "quoted")),
        ("warning", at("3", "1", None, "sequence")),
        ("warning", at("4", "14", "15", "quoted")),
        ("warning", at("5", "4", "5", "quoted")),
    ]
    first = found[0].message.splitlines()
    assert first[0] == seed.findings[0].message
    assert first[1].startswith("Source: AP, “The latest announcement")


def test_no_findings_no_output(tmp_path: Path) -> None:
    assert github.render(tallycheck.validate(_table(tmp_path, ["1", "2"]), GAPS)) == ""


def test_errors_stop_at_ten_then_one_notice(tmp_path: Path) -> None:
    report = tallycheck.validate(_table(tmp_path, [f"x{i}" for i in range(25)]), GAPS)
    assert (report.errors, report.warnings) == (25, 1)  # the warning: sequence not judged
    found = commands(github.render(report))
    assert [c.kind for c in found] == ["error"] * 10 + ["warning", "notice"]
    assert found[-1].properties == {"title": "tallycheck"}
    assert found[-1].message.startswith("15 more findings not annotated")
    assert "SARIF" in found[-1].message


def test_errors_come_before_warnings_and_each_kind_is_capped(tmp_path: Path) -> None:
    waves = [str(2 * i + 1) for i in range(13)] + ["x", "y", "z"]  # 12 gaps, 3 errors
    report = tallycheck.validate(_table(tmp_path, waves), GAPS)
    assert (report.errors, report.warnings) == (3, 13)  # and 3 waves not judged
    found = commands(github.render(report))
    assert [c.kind for c in found] == ["error"] * 3 + ["warning"] * 10 + ["notice"]
    assert found[-1].message.startswith("3 more findings not annotated")


def test_waived_findings_are_notices_leaving_room_for_the_last(tmp_path: Path) -> None:
    waves = [str(2 * i + 1) for i in range(12)]  # 11 gaps
    report = tallycheck.validate(_table(tmp_path, waves), GAPS)
    waived = tuple(dataclasses.replace(f, waived="known gap") for f in report.findings)
    found = commands(github.render(dataclasses.replace(report, findings=waived)))
    assert [c.kind for c in found] == ["notice"] * 10
    assert found[0].properties["title"] == "tallycheck sequence (waived)"
    assert found[0].message.endswith("\nWaived: known gap")
    assert found[-1].message.startswith("2 more findings not annotated")


def test_ten_of_each_kind_need_no_last_notice(tmp_path: Path) -> None:
    report = tallycheck.validate(_table(tmp_path, [f"x{i}" for i in range(10)]), GAPS)
    assert [c.kind for c in commands(github.render(report))] == ["error"] * 10 + ["warning"]


@pytest.mark.parametrize(
    "cell", ["::error::x", "%0A::error::y", "x\n::error::z", "a\r\nb", "50%, 3:1", "\x1b[31m"]
)
def test_a_cell_stays_inside_its_command(cell: str, tmp_path: Path) -> None:
    table = tmp_path / "t.json"
    table.write_text(json.dumps([{"wave": 1, "source": cell}]), encoding="utf-8")
    schema = schema_from_mapping(
        {
            "name": "s",
            "provenance": ["source"],
            "columns": {"wave": {"type": "integer", "min": 2}, "source": {"type": "string"}},
        }
    )
    [command] = commands(github.render(tallycheck.validate(table, schema)))
    shown = cell.replace("\x1b", r"\x1b")
    assert command.message.endswith(f"\nSource: {shown}")
