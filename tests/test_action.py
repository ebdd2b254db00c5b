"""The GitHub Action: action.yml's steps run locally, in order, as a runner runs them.

Each ``run:`` step goes to ``bash --noprofile --norc -eo pipefail`` (GitHub's
``shell: bash``) with a simulated runner environment; ``${{ inputs.x }}`` is
substituted in the steps' ``env:`` values only, which is the only place the
action may use it. The install step installs a copy of this checkout (the
action's path on a runner; pip builds in it) into a fresh virtual environment
that sees the test environment's packages, so that only tallycheck itself is
installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "belarus-pardons.csv"
ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
INPUT = re.compile(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}")
CONFIG = 'tables:\n  - files: "fixtures/*.csv"\n    schema: pardon-waves\n'
BASELINE = "tallycheck-baseline.json"
NOT_SHIPPED = shutil.ignore_patterns(
    ".git", ".venv", "build", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)


def test_inputs_reach_the_shell_only_through_env() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {name: spec.get("default") for name, spec in ACTION["inputs"].items()} == {
        "tables": "",
        "schema": "",
        "baseline": "",
        "args": "",
        "version": "",
        "python": "",
    }
    runs = [step for step in STEPS if "run" in step]
    assert runs
    for step in runs:
        assert "${{" not in step["run"], step["name"]
        assert step["shell"] == "bash"
        assert "eval" not in step["run"].split()
    for step in STEPS:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


@pytest.fixture(scope="module")
def runner_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment whose python sees the test environment's packages."""
    venv = tmp_path_factory.mktemp("runner") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # --system-site-packages reaches the base interpreter's packages; when the
    # tests run in a virtual environment, its packages are added by this .pth.
    Path(purelib, "_test_environment.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    return venv


def workspace_with_seed(tmp_path: Path) -> Path:
    workspace = tmp_path / "workspace"
    (workspace / "fixtures").mkdir(parents=True)
    shutil.copy(SEED, workspace / "fixtures" / SEED.name)
    (workspace / "tallycheck.yaml").write_text(CONFIG, encoding="utf-8")
    return workspace


@pytest.fixture(scope="module")
def action_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action as a runner checks it out: a copy of this work tree."""
    copy = tmp_path_factory.mktemp("action") / "tallycheck"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=NOT_SHIPPED)
    return copy


def runner_env(
    tmp_path: Path, workspace: Path, bin_folder: Path, action: Path = ROOT
) -> dict[str, str]:
    """The environment of a step on a GitHub runner, with ``bin_folder`` first on PATH."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GITHUB_", "RUNNER_"))
        and name not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    files = {}
    for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH"):
        files[name] = tmp_path / name.lower()
        files[name].touch()
    (tmp_path / "runner-temp").mkdir()
    return {
        **kept,
        **{name: str(path) for name, path in files.items()},
        "GITHUB_ACTIONS": "true",
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "GITHUB_ACTION_PATH": str(action),
        "GITHUB_WORKSPACE": str(workspace),
        "PATH": f"{bin_folder}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def run_action(
    given: dict[str, str], workspace: Path, env: dict[str, str]
) -> list[subprocess.CompletedProcess[str]]:
    """Run the action's steps in order until one fails; the results of those run."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    inputs.update(given)
    results = []
    for step in STEPS:
        if "uses" in step:  # actions/setup-python: only when the python input is given
            assert step["if"] == "inputs.python != ''"
            assert inputs["python"] == ""
            continue
        results.append(run_step(step, inputs, workspace, env))
        if results[-1].returncode != 0:
            break
    return results


def run_step(
    step: dict[str, Any], inputs: dict[str, str], workspace: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    step_env = {
        name: INPUT.sub(lambda match: inputs[match[1]], str(value))
        for name, value in step.get("env", {}).items()
    }
    script = Path(env["RUNNER_TEMP"]) / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace,
        env={**env, **step_env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_action_annotates_the_seed_table_and_writes_the_summary(
    tmp_path: Path, runner_venv: Path, action_path: Path
) -> None:
    workspace = workspace_with_seed(tmp_path)
    env = runner_env(tmp_path, workspace, runner_venv / "bin", action_path)
    summary = Path(env["GITHUB_STEP_SUMMARY"])
    summary.write_text("# An earlier step\n", encoding="utf-8")

    install, check = run_action(
        {"tables": "fixtures/belarus-pardons.csv", "args": "--output report.json --max-findings 5"},
        workspace,
        env,
    )
    assert install.returncode == 0, install.stderr
    assert check.returncode == 1, check.stdout + check.stderr
    lines = check.stdout.splitlines()
    assert lines[0].startswith("::error file=fixtures/belarus-pardons.csv,line=4,")
    assert lines[1].startswith("::error file=fixtures/belarus-pardons.csv,line=5,")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# An earlier step\n")
    assert "1 file checked: 2 errors, 5 warnings" in text
    report = json.loads((workspace / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["errors"] == 2

    installed = subprocess.run(
        ["python", "-c", "import tallycheck; print(tallycheck.__file__)"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(installed.strip()).is_relative_to(runner_venv)


def test_inputs_are_passed_as_words_never_run_as_code(tmp_path: Path) -> None:
    workspace = workspace_with_seed(tmp_path)
    env = runner_env(tmp_path, workspace, Path(sys.executable).parent)
    check = next(step for step in STEPS if "tallycheck validate" in step.get("run", ""))
    hostile = "$(touch${IFS}pwned) `touch${IFS}pwned`;touch${IFS}pwned"
    inputs = {
        "tables": f"fixtures/belarus-pardons.csv {hostile}",
        "schema": "pardon-waves",
        "baseline": hostile,
        "args": "--format text --quiet",
        "version": "",
        "python": "",
    }
    result = run_step(check, inputs, workspace, env)
    assert result.returncode == 2
    assert not (workspace / "pwned").exists()
    for word in hostile.split():
        assert f"tallycheck: {word}: the file name has no suffix" in result.stderr
    assert result.stdout == "✗ 3 files checked, not all could be judged: 4 errors, 5 warnings\n"


def test_the_action_takes_a_baseline(tmp_path: Path, runner_venv: Path, action_path: Path) -> None:
    from baseline_story import DAYS, set_up, table

    workspace = tmp_path / "workspace"
    workspace.mkdir()
    set_up(workspace)
    env = runner_env(tmp_path, workspace, runner_venv / "bin", action_path)
    given = {"baseline": BASELINE}

    *_, adopted = run_action({**given, "args": "--update-baseline"}, workspace, env)
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    kinds = [line.split(" ", 1)[0] for line in adopted.stdout.splitlines() if line.startswith("::")]
    assert "::error" not in kinds
    assert "::notice" in kinds  # the baselined findings, as waived ones are (GitHub shows 10)
    assert "title=tallycheck running-total (baselined)::day 5:" in adopted.stdout

    (workspace / "data" / "history.csv").write_text(table(new_break=True), encoding="utf-8")
    *_, failed = run_action(given, workspace, env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    errors = [line for line in failed.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file=data/history.csv,line={DAYS + 2},")

    # the baseline: key of tallycheck.yaml does without the input
    config = workspace / "tallycheck.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"baseline: {BASELINE}\n", "utf-8")
    (workspace / "data" / "history.csv").write_text(table(fixed=(20,)), encoding="utf-8")
    *_, noted = run_action({}, workspace, env)
    assert noted.returncode == 0, noted.stdout + noted.stderr
    warnings = [line for line in noted.stdout.splitlines() if line.startswith("::warning ")]
    assert len(warnings) == 1
    assert "fixed-baseline" in warnings[0]
    assert "day 20" in warnings[0]
