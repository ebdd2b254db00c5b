"""The command line, run in-process with click's runner: exit codes, output, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tallycheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = "fixtures/belarus-pardons.csv"
WAVES = str(ROOT / "tests" / "data" / "waves.yaml")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def invoke(*args: str, code: int, stdin: str | None = None) -> Result:
    """Run the CLI and assert its exit code; no traceback may escape."""
    result = CliRunner().invoke(main, list(args), input=stdin)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def test_seed_table_exits_1_and_writes_the_json_report(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = invoke("validate", SEED, "--schema", "pardon-waves", "--output", str(out), code=1)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["report_version"] == 1
    assert report["ok"] is False
    assert report["summary"] == {
        "files": 1,
        "rows": 4,
        "errors": 2,
        "warnings": 5,
        "waived": 0,
        "baselined": 0,
    }
    assert report["files"] == [
        {
            "path": SEED,
            "schema": "pardon-waves",
            "rows": 4,
            "errors": 2,
            "warnings": 5,
            "readable": True,
            "judged": True,
            "unnamed_columns": [],
        }
    ]
    brief = [
        (
            f["rule"],
            f["severity"],
            f["line"],
            f["row"],
            f["value"],
            f["expected"],
            f["related_line"],
        )
        for f in report["findings"]
    ]
    assert brief == [
        ("running-total", "error", 4, 3, "178", "207", 3),
        ("running-total", "error", 5, 4, "207", "227", 4),
        ("quoted", "warning", 2, 1, "115", None, None),
        ("quoted", "warning", 3, 2, "32", None, None),
        ("sequence", "warning", 3, 2, "6", "5", 2),
        ("quoted", "warning", 4, 3, "29", None, None),
        ("quoted", "warning", 5, 4, "20", None, None),
    ]
    wave7, wave8, derived, _, gap, _, _ = report["findings"]
    assert derived["message"] == (
        "wave 4: cumulative 115 is not among the figures the quote states (37, 6, 78); "
        "it is 78 + 37, the desk's own sum."
    )
    assert derived["columns"] == ["cumulative"]
    assert "It equals the total through wave 6" in wave7["message"]
    assert "may predate this wave" in wave7["message"]
    assert "It equals the total through wave 7" in wave8["message"]
    assert gap["message"] == "wave 6: wave 5 is missing (the row before is wave 4)."
    assert wave7["provenance"]["source"] == "AP"
    assert wave7["provenance"]["quote"].endswith(
        "In all, 178 political prisoners have been freed, according to Belarusian human "
        "rights group Viasna."
    )
    assert wave7["also"] == ["monotonic"]
    assert wave7["columns"] == ["cumulative"]
    assert result.stdout.count("error [running-total") == 2


def test_seed_table_terminal_text_reads_at_a_glance() -> None:
    result = invoke("validate", SEED, "--schema", "pardon-waves", code=1)
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "fixtures/belarus-pardons.csv:4: error [running-total, also monotonic] wave 7: "
        "cumulative 178 should be 207 (178 at wave 6 + 29 pardoned). It equals the total "
        "through wave 6, first published by Al Jazeera (line 3), so the figure may predate "
        "this wave."
    )
    assert lines[1].startswith("    — AP, “The latest announcement")
    assert lines[-2] == "fixtures/belarus-pardons.csv: 4 rows, 2 errors, 5 warnings"
    assert lines[-1] == "✗ 1 file checked: 2 errors, 5 warnings"
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize(
    ("table", "schema"),
    [
        ("fixtures/belarus-prisoners-held.csv", "prisoners-held"),
        ("fixtures/belarus-deaths-in-custody.csv", "deaths-in-custody"),
    ],
)
def test_other_fixtures_pass(table: str, schema: str) -> None:
    result = invoke("validate", table, "--schema", schema, "--format", "json", code=0)
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["findings"] == []


def test_certainly_lower_death_toll_is_flagged(tmp_path: Path) -> None:
    table = tmp_path / "deaths.csv"
    table.write_text("report,deaths,source\n1,at least seven,AP\n2,5,Other\n", encoding="utf-8")
    result = invoke(
        "validate", str(table), "--schema", "deaths-in-custody", "--format", "json", code=1
    )
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["line"], finding["value"], finding["expected"]) == (
        "monotonic",
        3,
        "5",
        "at least 7",
    )


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("wave,pardoned,source\n1,5,AP\n3,4,AP\n", encoding="utf-8")
    invoke("validate", str(table), "--schema", WAVES, code=0)
    invoke("validate", str(table), "--schema", WAVES, "--strict", code=1)


def test_quiet_prints_only_the_verdict() -> None:
    result = invoke("validate", SEED, "--schema", "pardon-waves", "--quiet", code=1)
    assert result.stdout == "✗ 1 file checked: 2 errors, 5 warnings\n"


def test_max_findings_caps_the_list() -> None:
    result = invoke("validate", SEED, "--schema", "pardon-waves", "--max-findings", "1", code=1)
    assert result.stdout.count("[running-total") == 1
    assert "... and 6 more findings" in result.stdout


def test_stdin_is_read_as_csv() -> None:
    data = Path(SEED).read_text(encoding="utf-8")
    result = invoke(
        "validate", "-", "--schema", "pardon-waves", "--format", "json", code=1, stdin=data
    )
    report = json.loads(result.stdout)
    assert report["files"][0]["path"] == "<stdin>"
    assert [f["line"] for f in report["findings"]] == [4, 5, 2, 3, 3, 4, 5]


def test_no_schema_is_a_usage_error() -> None:
    result = invoke("validate", SEED, code=2)
    assert result.stderr == (
        "tallycheck: no schema: give --schema FILE or --schema NAME "
        "(a shipped schema such as pardon-waves), or map tables to schemas in tallycheck.yaml\n"
    )


def test_unknown_output_suffix_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(
        "validate", SEED, "--schema", "pardon-waves", "--output", str(tmp_path / "r.pdf"), code=2
    )
    assert "unknown report suffix '.pdf'" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_version_and_rules_and_explain() -> None:
    assert invoke("--version", code=0).output == "tallycheck 0.1.0\n"
    listing = invoke("rules", code=0).output
    for rule in ("sequence", "monotonic", "parts-sum", "running-total", "type", "required"):
        assert f"  {rule} " in listing
    text = invoke("explain", "running-total", code=0).output
    assert text.startswith("running-total: A running total grows by each row's increment")
    assert "increment: str, required" in text
    assert "may predate" in text
    assert "more than" in invoke("explain", "tally", code=0).output


def test_explain_unknown_rule_suggests() -> None:
    result = invoke("explain", "runing-total", code=2)
    assert result.stderr == (
        "tallycheck: no rule 'runing-total' (did you mean 'running-total'?); see tallycheck rules\n"
    )


def test_an_internal_error_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    import tallycheck.api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug\nsecond line")

    monkeypatch.setattr(tallycheck.api, "validate_each", broken)
    result = invoke("validate", SEED, "--schema", "pardon-waves", code=2)
    assert result.stderr == (
        "tallycheck: internal error, please report it with the command you ran: "
        "RuntimeError: simulated bug\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["validate", SEED, "--colour"],
            "tallycheck: No such option '--colour' (see tallycheck validate --help)\n",
        ),
        (
            ["validate", SEED, "--format", "pdf"],
            "tallycheck: Invalid value for '--format': 'pdf' is not one of 'text', 'json', "
            "'markdown', 'html', 'junit', 'sarif', 'github' (see tallycheck validate --help)\n",
        ),
        (["check", SEED], "tallycheck: No such command 'check' (see tallycheck --help)\n"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], line: str) -> None:
    result = invoke(*args, code=2)
    assert result.stderr == line
    assert result.stdout == ""


def test_missing_columns_make_one_line_with_a_separator_hint(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("wave;pardoned;source\n1;2;AP\n", encoding="utf-8")
    result = invoke("validate", str(table), "--schema", WAVES, code=2)
    assert result.stderr == (
        f"tallycheck: {table}:1: the columns 'wave', 'pardoned' and 'source' are missing, but "
        "the schema requires them (the header is one column: is the file separated by ';'?).\n"
    )


# --- stdout that cannot take the report ---------------------------------------------


def _run_command(argv: list[str], stdout: Any, **options: Any) -> subprocess.CompletedProcess[str]:
    """Run ``tallycheck ARGV`` in a real process with ``stdout`` as given."""
    return subprocess.run(
        [sys.executable, "-m", "tallycheck", *argv],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
        **options,
    )


def _run_with_stdout(stdout: Any, tmp_path: Path, **options: Any) -> tuple[int, str, Path]:
    """Run validate on the seed table with ``stdout`` as given; its exit code, its
    stderr, and the report file it was asked to write."""
    report = tmp_path / "r.json"
    argv = ["validate", SEED, "--schema", "pardon-waves", "--output", str(report)]
    done = _run_command(argv, stdout, **options)
    return done.returncode, done.stderr, report


def test_a_reader_that_stops_reading_keeps_the_verdicts_exit_code(tmp_path: Path) -> None:
    reading, writing = os.pipe()
    os.close(reading)  # as `tallycheck validate ... | true` once true has ended
    try:
        code, stderr, report = _run_with_stdout(writing, tmp_path)
    finally:
        os.close(writing)
    assert (code, stderr) == (1, "")
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["errors"] == 2


def test_a_full_stdout_is_exit_2_and_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        code, stderr, report = _run_with_stdout(full, tmp_path)
    assert (code, stderr) == (
        2,
        "tallycheck: cannot write the report to stdout (No space left on device)\n",
    )
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["errors"] == 2


def test_a_closed_stdout_is_exit_2_and_one_line(tmp_path: Path) -> None:
    code, stderr, report = _run_with_stdout(None, tmp_path, preexec_fn=_close_stdout)
    assert (code, stderr) == (2, "tallycheck: cannot write the report to stdout (it is closed)\n")
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["errors"] == 2


def _close_stdout() -> None:
    os.close(1)


def test_rules_and_explain_know_the_config_findings() -> None:
    from tallycheck.entries import STALE_WAIVER, UNMATCHED_GLOB

    listing = invoke("rules", code=0).output
    assert (
        "  unmatched-glob  A tables: entry that checks no file: its glob matches none, "
        "or only files an earlier entry takes.\n"
    ) in listing
    assert (
        "  stale-waiver    A waiver that covers no finding, or whose expires date has passed.\n"
    ) in listing
    assert invoke("explain", UNMATCHED_GLOB.id, code=0).output.startswith(
        "unmatched-glob (config finding): A tables: entry that checks no file"
    )
    assert invoke("explain", STALE_WAIVER.id, code=0).output == (
        "stale-waiver (config finding): A waiver that covers no finding, "
        "or whose expires date has passed.\n"
    )


def test_export_gx_never_writes_over_its_schema(tmp_path: Path) -> None:
    schema = tmp_path / "waves.json"
    schema.write_text((ROOT / "tests" / "data" / "waves.yaml").read_text(encoding="utf-8"))
    before = schema.read_bytes()
    result = invoke("export-gx", str(schema), "-o", f"{tmp_path}/./waves.json", code=2)
    assert result.stderr == (
        f"tallycheck: --output {tmp_path}/./waves.json: is a file this run reads (a table, "
        "a schema or the config); a report never overwrites its inputs\n"
    )
    assert schema.read_bytes() == before


TEARDOWN_PROBE = """
import atexit, sys
atexit.register(lambda: print("teardown ran", file=sys.stderr))
from tallycheck.cli import run
run()
"""


@pytest.mark.parametrize(
    ("args", "code", "last_line"),
    [
        (
            ["validate", SEED, "--schema", "pardon-waves"],
            1,
            "✗ 1 file checked: 2 errors, 5 warnings",
        ),
        (["--version"], 0, "tallycheck 0.1.0"),
        (["validate", "nope.csv", "--schema", "pardon-waves"], 2, "nope.csv: no such file"),
    ],
)
def test_the_command_exits_with_mains_code_before_the_interpreters_teardown(
    args: list[str], code: int, last_line: str
) -> None:
    """Arrow's CSV reader can still release Python objects on its threads as the
    command ends, which aborts a process whose interpreter is tearing down (exit
    134): the command flushes its output and exits at once, with main's code."""
    done = subprocess.run(
        [sys.executable, "-c", TEARDOWN_PROBE, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        check=False,
    )
    assert done.returncode == code, done.stderr
    assert "teardown ran" not in done.stderr
    assert last_line in (done.stdout + done.stderr).splitlines()[-1]


BLAS_PROBE = """
import os, sys
from tallycheck import cli
assert "numpy" not in sys.modules  # OpenBLAS reads its setting when numpy loads
command = cli.main
def main():
    print("OPENBLAS_NUM_THREADS", os.environ.get("OPENBLAS_NUM_THREADS"), file=sys.stderr)
    command()
cli.main = main
cli.run()
"""


@pytest.mark.parametrize(("given", "used"), [(None, "1"), ("4", "4")])
def test_the_command_asks_openblas_for_one_thread_unless_told_otherwise(
    given: str | None, used: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    done = subprocess.run(
        [sys.executable, "-c", BLAS_PROBE, "validate", SEED, "--schema", "pardon-waves"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[0] == f"OPENBLAS_NUM_THREADS {used}"


def test_rules_and_explain_know_the_findings_that_keep_a_table_from_being_judged() -> None:
    listed = invoke("rules", code=0).output
    assert "Tables that cannot be judged:" in listed
    for name in ("unreadable", "too-large"):
        assert f"\n  {name} " in listed
    assert invoke("explain", "too-large", code=0).output == (
        "too-large (the table is not judged): A number cell beyond ±(2^53 - 1), which cannot "
        "be compared exactly: its table is not judged.\n"
    )


def test_a_path_in_a_one_line_error_shows_bidi_controls_as_escapes(tmp_path: Path) -> None:
    """A file name can hold U+202E (right-to-left override): the line names it inertly."""
    schema = tmp_path / "evil\u202eLMY.yaml"
    schema.write_text("columns: 7\n", encoding="utf-8")
    result = invoke("validate", SEED, "--schema", str(schema), code=2)
    assert "\u202e" not in result.output
    assert result.output == (
        f"tallycheck: {tmp_path}/evil\\u202eLMY.yaml:1: "
        "columns: should map each column name to its spec\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["explain", "tally"],
        ["explain", "running-total"],
        ["--help"],
        ["--version"],
        ["validate", "--help"],
        ["export-gx", "--help"],
        ["init", SEED, "-o", "-"],
    ],
)
def test_a_reader_that_stops_reading_ends_any_command_quietly(args: list[str]) -> None:
    """As `tallycheck rules | head -1`: exit 0 and nothing on stderr, not "internal error"."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = _run_command(args, writing)
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["--help"], "to stdout"),
        (["--version"], "to stdout"),
        (["validate", "--help"], "to stdout"),
        (["rules"], "the catalogue to stdout"),
        (["explain", "running-total"], "the explanation to stdout"),
        (["export-gx", "schemas/pardon-waves.yaml"], "the suite to stdout"),
        (["init", SEED, "-o", "-"], "the schema to stdout"),
    ],
)
def test_a_full_stdout_is_one_line_and_exit_2_for_any_command(args: list[str], what: str) -> None:
    """Not a traceback, not "internal error": what could not be written, and exit 2."""
    with open("/dev/full", "w") as full:
        done = _run_command(args, full)
    assert (done.returncode, done.stderr) == (
        2,
        f"tallycheck: cannot write {what} (No space left on device)\n",
    )
