"""The Markdown reporter: verdict, tables whose rows keep their shape, escaped cells."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import tallycheck
from tallycheck.reporters import escape, markdown
from tallycheck.schema.loader import schema_from_mapping

ROOT = Path(__file__).resolve().parents[2]
WAVES = schema_from_mapping({"name": "w", "columns": {"wave": {"type": "integer"}}})
# a pipe that is not backslash-escaped: preceded by an even number of backslashes
CELL_BORDER = re.compile(r"(?<!\\)(?:\\\\)*\|")


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def borders(row: str) -> int:
    return len(CELL_BORDER.findall(row))


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> tallycheck.Report:
    monkeypatch.chdir(ROOT)
    return tallycheck.validate("fixtures/belarus-pardons.csv", schema="pardon-waves")


def _table(tmp_path: Path, waves: list[str]) -> Path:
    table = tmp_path / "t.csv"
    table.write_text("wave\n" + "\n".join(waves) + "\n", encoding="utf-8")
    return table


def test_seed_summary(seed: tallycheck.Report) -> None:
    text = markdown.render(seed)
    lines = text.splitlines()
    assert lines[0] == "## ❌ tallycheck: 1 file checked: 2 errors, 5 warnings"
    assert lines[2] == "| File | Schema | Rows | Errors | Warnings | Waived | Status |"
    assert lines[4] == (
        r"| fixtures/belarus\-pardons\.csv | pardon\-waves | 4 | 2 | 5 | 0 | ❌ failed |"
    )
    assert "### Findings" in lines


def test_seed_findings(seed: tallycheck.Report) -> None:
    rows = table_rows(markdown.render(seed))
    findings = rows[5:]
    assert len(findings) == 7
    cells = [re.split(r"(?<!\\) \| ", row.strip("| ")) for row in findings]
    assert [c[0] for c in cells] == ["❌ error"] * 2 + ["⚠️ warning"] * 5
    assert cells[0][1] == r"running\-total (also monotonic)"
    assert [c[2] for c in cells] == [
        rf"fixtures/belarus\-pardons\.csv:{n}" for n in (4, 5, 2, 3, 3, 4, 5)
    ]
    assert [c[4] for c in cells] == [
        *("178 → 207", "207 → 227", "115", "32"),
        *("wave 5 is missing before wave 6", "29", "20"),
    ]
    assert cells[0][5].startswith("AP, “The latest announcement")


def test_every_row_has_the_same_cell_borders(seed: tallycheck.Report) -> None:
    rows = table_rows(markdown.render(seed))
    assert {borders(row) for row in rows[:3]} == {8}
    assert {borders(row) for row in rows[3:]} == {7}


def test_clean_run_passes(tmp_path: Path) -> None:
    text = markdown.render(tallycheck.validate(_table(tmp_path, ["1", "2"]), WAVES))
    assert text.startswith("## ✅ tallycheck: 1 file checked: 0 errors, 0 warnings\n")
    assert text.splitlines()[-1].endswith("| 2 | 0 | 0 | 0 | ✅ passed |")
    assert "Findings" not in text


def test_unreadable_table(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    text = markdown.render(tallycheck.validate(empty, WAVES))
    assert text.startswith("## ❌ tallycheck: 1 file checked, not all could be judged: 1 error")
    assert "| 0 | 1 | 0 | 0 | ❌ unreadable |" in text


def test_waived_finding(seed: tallycheck.Report) -> None:
    first = dataclasses.replace(seed.findings[0], waived="<b>checked</b>")
    text = markdown.render(dataclasses.replace(seed, findings=(first, *seed.findings[1:])))
    assert text.splitlines()[0] == "## ❌ tallycheck: 1 file checked: 1 error, 5 warnings, 1 waived"
    row = table_rows(text)[5]
    assert row.startswith("| 💤 waived error |")
    assert "<br>*Waived:* &lt;b&gt;checked&lt;/b&gt; |" in row
    assert "<b>" not in text


def test_long_lists_are_capped(tmp_path: Path) -> None:
    report = tallycheck.validate(_table(tmp_path, [f"x{i}" for i in range(205)]), WAVES)
    text = markdown.render(report)
    assert len(table_rows(text)) == 5 + markdown.MAX_FINDINGS
    assert text.endswith(
        "\n… and 5 more findings not shown here: the JSON report lists them all.\n"
    )


def test_long_rows_fit_a_pull_request_comment(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    quote = "word " * 300
    table.write_text(
        "wave,quote\n" + "".join(f"x{i},{quote}\n" for i in range(100)), encoding="utf-8"
    )
    schema = schema_from_mapping(
        {
            "name": "q",
            "provenance": ["quote"],
            "columns": {"wave": {"type": "integer"}, "quote": {"type": "string"}},
        }
    )
    text = markdown.render(tallycheck.validate(table, schema))
    shown = len(table_rows(text)) - 5
    assert 0 < shown < 100
    assert len(text) < 65_536
    assert text.endswith(
        f"… and {100 - shown} more findings not shown here: the JSON report lists them all.\n"
    )


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("[x](javascript:alert(1))", r"\[x\]\(javascript:alert\(1\)\)"),
        ("| col |", r"\| col \|"),
        ("<script>", "&lt;script&gt;"),
        ("a\nb\r\nc", "a b c"),
        ("@channel #12", r"\@&#8203;channel \#&#8203;12"),
        (r"back\slash *em* _u_ `code` ~s~ $x$", r"back\\slash \*em\* \_u\_ \`code\` \~s\~ \$x\$"),
        ("&lt;", "&amp;lt;"),
        ("\x1b[31m", r"\\x1b\[31m"),
    ],
)
def test_markdown_escape(cell: str, shown: str) -> None:
    assert escape.markdown(cell) == shown
