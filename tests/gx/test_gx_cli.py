"""``--engine gx`` and ``export-gx`` on the command line, with and without GX."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tallycheck.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "fixtures" / "belarus-pardons.csv")
INSTALL = 'pip install "great_expectations>=1.0"'
WITHOUT_GX = "import sys\nsys.modules['great_expectations'] = None\n"


def _run_python(
    code: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ["validate", SEED, "--schema", "pardon-waves", "--engine", "gx"],
        ["export-gx", "pardon-waves", "-o", "suite.json"],
    ],
    ids=["validate", "export-gx"],
)
def test_without_gx_one_line_with_the_install_command_and_exit_2(
    args: list[str], tmp_path: Path
) -> None:
    probe = WITHOUT_GX + f"from tallycheck.cli import main\nmain({args!r})\n"
    done = _run_python(probe, tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert (
        done.stderr == f"tallycheck: the Great Expectations engine needs the gx extra: {INSTALL}\n"
    )
    assert not (tmp_path / "suite.json").exists()


def test_without_gx_the_api_raises_engine_error(tmp_path: Path) -> None:
    probe = WITHOUT_GX + (
        "import tallycheck\n"
        "try:\n"
        f"    tallycheck.validate({SEED!r}, 'pardon-waves', engine='gx')\n"
        "except tallycheck.EngineError as error:\n"
        "    print(error)\n"
    )
    done = _run_python(probe, tmp_path)
    assert done.stdout == f"the Great Expectations engine needs the gx extra: {INSTALL}\n"


def test_unknown_engine_is_a_usage_error() -> None:
    import tallycheck

    with pytest.raises(tallycheck.UsageError, match="unknown engine 'spark'"):
        tallycheck.validate(SEED, "pardon-waves", engine="spark")


needs_gx = pytest.mark.skipif(
    importlib.util.find_spec("great_expectations") is None, reason="needs the gx extra"
)


@needs_gx
def test_gx_run_leaves_no_files_and_prints_only_the_report(tmp_path: Path) -> None:
    """A real process: nothing on stderr, no gx/ folder in the working directory,
    the home folder or the temporary folder, and no attempt to reach the network."""
    home, temp, work = tmp_path / "home", tmp_path / "tmp", tmp_path / "work"
    for folder in (home, temp, work):
        folder.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp)}
    env.pop("GX_ANALYTICS_ENABLED", None)
    code = (
        "import os, socket\n"
        "def no_network(*args, **kwargs):\n"
        "    os._exit(99)\n"
        "socket.socket.connect = socket.socket.connect_ex = no_network\n"
        "socket.getaddrinfo = socket.create_connection = no_network\n"
        "from tallycheck.cli import main\n"
        f"main(['validate', {SEED!r}, '--schema', 'pardon-waves', '--engine', 'gx', '--quiet'])\n"
    )
    done = _run_python(code, work, env)
    assert done.returncode == 1  # 99: it tried to reach the network
    assert done.stderr == ""
    assert done.stdout == "✗ 1 file checked: 2 errors, 5 warnings\n"
    assert [list(folder.iterdir()) for folder in (home, temp, work)] == [[], [], []]


@needs_gx
def test_gx_that_cannot_judge_a_table_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """pandas' query syntax, which GX's row conditions use, cannot name a column
    with a backtick: the run stops with one line, not a traceback."""
    schema = tmp_path / "s.yaml"
    schema.write_text("name: s\ncolumns:\n  'a`b': {type: integer}\n", encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text("a`b\n1\nx\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["validate", str(table), "--schema", str(schema), "--engine", "gx"]
    )
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"tallycheck: {table}: Great Expectations could not judge the table: ")
    assert result.stdout == ""


@needs_gx
def test_export_gx_writes_the_suite_as_gx_json(tmp_path: Path) -> None:
    out = tmp_path / "suite.json"
    result = CliRunner().invoke(main, ["export-gx", "pardon-waves", "-o", str(out)])
    assert result.exit_code == 0
    assert result.stdout == result.stderr == ""
    suite = json.loads(out.read_text(encoding="utf-8"))
    assert suite["name"] == "pardon-waves"
    assert {e["meta"]["tallycheck"]["rule"] for e in suite["expectations"]} == {
        "required",
        "type",
        "min",
        "sequence",
        "monotonic",
        "parts-sum",
        "running-total",
        "quoted",
    }
    stdout = CliRunner().invoke(main, ["export-gx", "pardon-waves"]).stdout
    assert json.loads(stdout) == suite


@needs_gx
def test_the_gx_engine_defers_scipy_stats_until_it_is_used() -> None:
    """GX imports scipy.stats for expectations tallycheck never runs: importing the
    engine leaves it unloaded, and a caller that uses it gets the real module."""
    script = (
        "import sys\n"
        "import tallycheck.gx.run\n"
        "print('scipy.stats._stats_py' in sys.modules)\n"
        "from scipy import stats\n"
        "from scipy.stats import entropy\n"
        "print(round(float(stats.entropy([0.5, 0.5], [0.25, 0.75])), 6))\n"
        "print(entropy is stats.entropy, 'scipy.stats._stats_py' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "0.143841", "True", "True"]
