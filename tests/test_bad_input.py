"""Bad schemas and bad tables: exit 2, one clear line, no traceback, nothing modified."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tallycheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad"
WAVES = ROOT / "tests" / "data" / "waves.yaml"
GOOD = ROOT / "fixtures" / "belarus-pardons.csv"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (
            "misspelt-key.yaml",
            ":3: columns.wave.mni: unknown key (did you mean 'min'?); expected one of type, "
            "required, min, max, unique, allowed, pattern, description",
        ),
        (
            "unknown-rule.yaml",
            ":4: rules[0].rule: unknown rule 'sequense' (did you mean 'sequence'?); expected one "
            "of sequence, monotonic, parts-sum, running-total, quoted, in-article",
        ),
        ("yaml-syntax.yaml", ":3: invalid YAML: did not find expected ',' or '}'"),
        ("rule-missing-column.yaml", ":6: rules[0].total: names no column 'cumulative'"),
        (
            "python-tag.yaml",
            ":1: YAML tag !!python/object/apply:os.system is not allowed: schemas are data",
        ),
    ],
)
def test_bad_schema_gives_one_line_and_exit_2(schema: str, message: str, tmp_path: Path) -> None:
    path = BAD / schema
    before = _digest(path)
    out = tmp_path / "r.json"
    code, stdout, stderr = _run("validate", str(GOOD), "--schema", str(path), "--output", str(out))
    assert code == 2
    assert stderr == f"tallycheck: {path}{message}\n"
    assert stdout == ""
    assert not out.exists()
    assert _digest(path) == before


@pytest.mark.parametrize(
    ("table", "line", "fragment"),
    [
        ("ragged.csv", 3, "fields"),
        ("unterminated-quote.csv", 2, "never closed"),
        ("empty.csv", None, "empty"),
        ("not-a-table.csv", 2, "not a text table"),
        (
            "missing-required-column.csv",
            1,
            "the column 'source' is missing, but the schema requires it",
        ),
        ("no-such-file.csv", None, "no such file"),
    ],
)
def test_bad_table_gives_one_line_exit_2_and_others_are_checked(
    table: str, line: int | None, fragment: str, tmp_path: Path
) -> None:
    path = BAD / table
    before = _digest(path)
    good = tmp_path / "good.csv"
    good.write_text("wave,pardoned,source\n1,10,AP\n2,x,AP\n", encoding="utf-8")
    out = tmp_path / "r.json"
    code, _, stderr = _run(
        "validate", str(path), str(good), "--schema", str(WAVES), "--output", str(out)
    )
    assert code == 2
    place = f"{path}:{line}" if line else str(path)
    (only_line,) = stderr.splitlines()
    assert only_line.startswith(f"tallycheck: {place}: ")
    assert fragment in only_line
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [f["path"] for f in report["files"]] == [str(path), str(good)]
    by_file = {f["file"]: f for f in report["findings"]}
    assert by_file[str(good)]["rule"] == "type"  # the good file was still checked
    assert by_file[str(good)]["line"] == 3
    assert _digest(path) == before


def test_unreadable_table_is_a_finding_with_readable_false(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    _run("validate", str(BAD / "empty.csv"), "--schema", str(WAVES), "--output", str(out))
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["files"][0]["readable"] is False
    assert report["findings"][0]["rule"] == "unreadable"
    assert report["ok"] is False


def test_help_imports_no_pandas_or_pandera() -> None:
    """Checking a file with the pandas engine (Arrow reads and parses it) imports
    neither pandas nor pandera nor Great Expectations either."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from tallycheck.cli import main\n"
        "for args in (['--help'], ['--version'], ['rules'], ['explain', 'running-total'],"
        " ['validate', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = sorted(m for m in ('pandas', 'pandera', 'great_expectations')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
        "try:\n"
        "    main(['validate', 'fixtures/belarus-pardons.csv', '--schema', 'pardon-waves',"
        " '--engine', 'pandas', '--quiet'])\n"
        "except SystemExit as end:\n"
        "    print('EXIT', end.code, file=sys.stderr)\n"
        "heavy = sorted(m for m in ('pandas', 'pandera', 'great_expectations')"
        " if m in sys.modules)\n"
        "print('AFTER', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "HEAVY []" in done.stderr
    assert "EXIT 1" in done.stderr  # the pandas engine ran, and found the stale totals
    assert "AFTER []" in done.stderr
