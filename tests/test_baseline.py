"""``--baseline`` and ``--update-baseline``: adopt on a table with many historic
breaks, fail only on new ones, and note the entries that are fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from baseline_story import BROKEN, DAYS, set_up, table
from click.testing import CliRunner, Result

from tallycheck.cli import main

BASELINE = "tallycheck-baseline.json"


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    set_up(tmp_path)
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def run(*args: str, code: int) -> Result:
    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def test_without_a_baseline_every_historic_break_fails() -> None:
    result = run("--quiet", code=1)
    assert result.stdout == f"✗ 1 file checked: {len(BROKEN)} errors, 0 warnings\n"


def test_adopt_then_a_new_break_fails_alone_then_a_fix_is_noted(project: Path) -> None:
    adopted = run("--baseline", BASELINE, "--update-baseline", "--quiet", code=0)
    assert adopted.stdout == f"✓ 1 file checked: 0 errors, 0 warnings, {len(BROKEN)} baselined\n"
    entries = json.loads((project / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert [(e["rule"], e["key"]) for e in entries] == [
        ("running-total", {"day": str(day)}) for day in BROKEN
    ]
    assert run("--baseline", BASELINE, "--quiet", code=0).stdout == adopted.stdout

    (project / "data" / "history.csv").write_text(table(new_break=True), encoding="utf-8")
    failed = run("--baseline", BASELINE, "--output", "r.json", code=1)
    report = json.loads((project / "r.json").read_text(encoding="utf-8"))
    standing = [(f["rule"], f["line"]) for f in report["findings"] if "waived" not in f]
    assert standing == [("running-total", DAYS + 2)]
    assert report["summary"]["baselined"] == len(BROKEN)
    assert report["summary"]["waived"] == 0
    assert failed.stdout.splitlines()[-1] == (
        f"✗ 1 file checked: 1 error, 0 warnings, {len(BROKEN)} baselined"
    )

    (project / "data" / "history.csv").write_text(table(fixed=(20,)), encoding="utf-8")
    noted = run("--baseline", BASELINE, code=0)
    line = 3 + BROKEN.index(20) + 1  # the entry's own line in the baseline file
    assert (
        f"{BASELINE}:{line}: warning [fixed-baseline] The baseline entry for running-total "
        "on total in data/history.csv where day 20 matches no finding: it is fixed; "
        "--update-baseline drops it." in noted.stdout.splitlines()
    )
    run("--baseline", BASELINE, "--update-baseline", "--quiet", code=0)
    kept = json.loads((project / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert [e["key"]["day"] for e in kept] == [str(d) for d in BROKEN if d != 20]


def test_entries_survive_rows_added_above(project: Path) -> None:
    run("--baseline", BASELINE, "--update-baseline", "--quiet", code=0)
    text = table().splitlines()
    moved = [text[0], "0,0,0", *text[1:]]  # a row above: every line moves down one
    (project / "data" / "history.csv").write_text("\n".join(moved) + "\n", encoding="utf-8")
    result = run("--baseline", BASELINE, "--quiet", code=0)
    assert result.stdout.endswith(f"{len(BROKEN)} baselined\n")


def test_a_missing_baseline_accepts_nothing() -> None:
    run("--baseline", "none.json", "--quiet", code=1)


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("--update-baseline",), "--update-baseline needs --baseline PATH, the file to write"),
        (("--baseline", "history.yaml"),
         "history.yaml: not a tallycheck baseline (write one with --update-baseline)"),
        (("--baseline", BASELINE, "--output", BASELINE),
         f"--output {BASELINE}: "),
    ],
)  # fmt: skip
def test_baseline_usage_errors(project: Path, args: tuple[str, ...], line: str) -> None:
    (project / BASELINE).write_text('{"findings": []}\n', encoding="utf-8")
    result = run(*args, code=2)
    assert result.stderr.startswith(f"tallycheck: {line}")
    assert len(result.stderr.splitlines()) == 1


def test_a_run_that_could_not_judge_a_table_writes_no_baseline(project: Path) -> None:
    """A baseline written from a partial run would accept breaks in the rows it missed."""
    (project / "data" / "history.csv").write_text("day,new\n1,1\n", encoding="utf-8")
    result = run("--baseline", BASELINE, "--update-baseline", "--quiet", code=2)
    assert result.stderr.splitlines()[0] == (
        f"tallycheck: {BASELINE}: not written: not every table could be judged "
        "(see the report); the baseline is left as it was"
    )
    assert not (project / BASELINE).exists()


def test_the_config_names_the_baseline_and_the_command_line_wins(project: Path) -> None:
    config = project / "tallycheck.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"baseline: {BASELINE}\n", "utf-8")
    adopted = run("--update-baseline", "--quiet", code=0)  # no --baseline: the config's
    assert adopted.stdout == f"✓ 1 file checked: 0 errors, 0 warnings, {len(BROKEN)} baselined\n"
    assert (project / BASELINE).is_file()
    assert run("--quiet", code=0).stdout == adopted.stdout
    # --baseline wins: this one does not exist, so it accepts nothing
    unaccepted = run("--baseline", "other.json", "--quiet", code=1)
    assert unaccepted.stdout == f"✗ 1 file checked: {len(BROKEN)} errors, 0 warnings\n"
    refused = run("--output", BASELINE, code=2)  # the config's baseline is an input too
    assert refused.stderr.startswith(f"tallycheck: --output {BASELINE}: ")
