"""The linter conventions of ``tallycheck validate``: --config, --verbose,
--select/--ignore, --exit-zero, --statistics, ``.txt`` reports, colour and
shell completion. Exact exit codes and exact lines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tallycheck.cli import main
from tallycheck.colour import use_colour

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "belarus-pardons.csv"
CONFIG = 'tables:\n  - files: "data/*.csv"\n    schema: pardon-waves\n'
ESC = "\x1b["


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding data/pardons.csv (the seed table), as the working directory."""
    (tmp_path / "data").mkdir()
    shutil.copy(SEED, tmp_path / "data" / "pardons.csv")
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def invoke(*args: str, code: int, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result


def seed(*args: str, code: int, env: dict[str, str] | None = None) -> Result:
    return invoke(
        "validate", "data/pardons.csv", "--schema", "pardon-waves", *args, code=code, env=env
    )


def rules_in(project: Path, *args: str, code: int) -> list[tuple[str, int, list[str]]]:
    seed("--output", "r.json", *args, code=code)
    report = json.loads((project / "r.json").read_text(encoding="utf-8"))
    return [(f["rule"], f["line"], f["also"]) for f in report["findings"]]


def test_without_selection_the_seed_has_seven_findings(project: Path) -> None:
    assert rules_in(project, code=1) == [
        ("running-total", 4, ["monotonic"]),
        ("running-total", 5, []),
        ("quoted", 2, []),
        ("quoted", 3, []),
        ("sequence", 3, []),
        ("quoted", 4, []),
        ("quoted", 5, []),
    ]


def test_select_keeps_only_the_ids_given(project: Path) -> None:
    assert rules_in(project, "--select", "sequence", code=0) == [("sequence", 3, [])]
    assert rules_in(project, "--select", "sequence,running-total", code=1) == [
        ("running-total", 4, []),
        ("running-total", 5, []),
        ("sequence", 3, []),
    ]


def test_ignore_drops_the_ids_given_and_wins_over_select(project: Path) -> None:
    assert rules_in(project, "--ignore", "running-total,quoted", code=0) == [("sequence", 3, [])]
    found = rules_in(project, "--select", "sequence", "--select", "running-total",
                     "--ignore", "sequence", code=1)  # fmt: skip
    assert found == [("running-total", 4, []), ("running-total", 5, [])]


@pytest.mark.parametrize(
    ("option", "value", "line"),
    [
        ("--select", "sequense", "--select: no finding id 'sequense' (did you mean 'sequence'?)"),
        ("--ignore", "monotonic,zzz", "--ignore: no finding id 'zzz'"),
    ],
)
def test_an_unknown_id_is_a_usage_error(option: str, value: str, line: str) -> None:
    result = seed(option, value, code=2)
    assert result.stderr == f"tallycheck: {line}; see tallycheck rules\n"
    assert result.stdout == ""


def test_exit_zero_keeps_the_report_but_exits_0() -> None:
    result = seed("--exit-zero", "--quiet", code=0)
    assert result.stdout == "✗ 1 file checked: 2 errors, 5 warnings\n"


def test_exit_zero_does_not_hide_a_table_that_cannot_be_judged() -> None:
    invoke("validate", "missing.csv", "--schema", "pardon-waves", "--exit-zero", code=2)


def test_statistics_count_standing_findings_per_rule_and_file() -> None:
    result = seed("--quiet", "--statistics", code=1)
    assert result.stdout == (
        "✗ 1 file checked: 2 errors, 5 warnings\n"
        "4  quoted         data/pardons.csv\n"
        "2  running-total  data/pardons.csv\n"
        "1  sequence       data/pardons.csv\n"
    )
    result = seed("--quiet", "--statistics", "--select", "monotonic", code=0)
    assert result.stdout.splitlines()[-1] == "No standing findings."


def test_config_names_the_config_to_use(project: Path) -> None:
    (project / "elsewhere").mkdir()
    (project / "elsewhere" / "data").mkdir()
    shutil.copy(SEED, project / "elsewhere" / "data" / "pardons.csv")
    (project / "elsewhere" / "checks.yaml").write_text(CONFIG, encoding="utf-8")
    result = invoke("validate", "--config", "elsewhere/checks.yaml", "--verbose", "--quiet", code=1)
    assert result.stderr == (
        "tallycheck: config: elsewhere/checks.yaml\n"
        "tallycheck: elsewhere/data/pardons.csv: schema pardon-waves\n"
    )
    assert result.stdout == "✗ 1 file checked: 2 errors, 5 warnings\n"


def test_config_reads_a_pyproject_tool_table(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.tallycheck]\ntables = [{files = "data/*.csv", schema = "pardon-waves"}]\n',
        encoding="utf-8",
    )
    result = invoke("validate", "--config", "pyproject.toml", "--verbose", "--quiet", code=1)
    assert result.stderr.splitlines()[0] == "tallycheck: config: pyproject.toml [tool.tallycheck]"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("--config", "nowhere.yaml"), "nowhere.yaml: no such config file"),
        (("--config", "pyproject.toml"), "pyproject.toml: has no [tool.tallycheck] table"),
        (("--config", "c.yaml", "--schema", "pardon-waves", "x.csv"),
         "give --config or --schema, not both"),
    ],
)  # fmt: skip
def test_config_problems_are_one_line_and_exit_2(
    project: Path, args: tuple[str, ...], line: str
) -> None:
    (project / "pyproject.toml").write_text("[tool.other]\nx = 1\n", encoding="utf-8")
    (project / "c.yaml").write_text(CONFIG, encoding="utf-8")
    result = invoke("validate", *args, code=2)
    assert result.stderr == f"tallycheck: {line}\n"


def test_verbose_under_schema_says_no_config() -> None:
    result = seed("--verbose", "--quiet", code=1)
    assert result.stderr == (
        "tallycheck: config: none (--schema)\ntallycheck: data/pardons.csv: schema pardon-waves\n"
    )


def test_txt_output_is_the_terminal_text_without_colour(project: Path) -> None:
    terminal = seed(code=1).stdout
    seed("--output", "report.txt", code=1, env={"FORCE_COLOR": "1"})
    written = (project / "report.txt").read_text(encoding="utf-8")
    assert written == terminal
    assert ESC not in written
    assert written.endswith("✗ 1 file checked: 2 errors, 5 warnings\n")


@pytest.mark.parametrize(
    ("env", "terminal", "colour"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # no-color.org: empty does not disable
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": ""}, False, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
        ({"TERM": "dumb"}, True, False),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, False, True),
        ({"TERM": "xterm-256color"}, True, True),
    ],
)
def test_colour_follows_the_conventions(env: dict[str, str], terminal: bool, colour: bool) -> None:
    assert use_colour(env, terminal) is colour


def test_force_colour_colours_the_report_into_a_pipe() -> None:
    assert ESC in seed(code=1, env={"FORCE_COLOR": "1"}).stdout
    assert ESC not in seed(code=1, env={"FORCE_COLOR": "1", "NO_COLOR": "x"}).stdout
    assert ESC not in seed(code=1, env={"NO_COLOR": ""}).stdout  # not a terminal


def complete(words: str) -> list[str]:
    """What bash completion offers for the last of ``words`` (click's protocol)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "_TALLYCHECK_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    run = subprocess.run(
        [sys.executable, "-c", "from tallycheck.cli import main; main(prog_name='tallycheck')"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line.split(",", 1)[1] for line in run.stdout.splitlines()]


def test_completion_offers_finding_ids_and_shipped_schemas() -> None:
    assert complete("tallycheck validate --select monot") == ["monotonic"]
    assert complete("tallycheck validate --ignore sequence,running") == ["sequence,running-total"]
    assert complete("tallycheck validate --schema pa") == ["pardon-waves", "pa"]
