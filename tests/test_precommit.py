"""The pre-commit hook, run for real with ``pre-commit try-repo`` on a scratch repository.

pre-commit installs the hook from a git repository. ``try-repo`` on this work
tree would copy its uncommitted changes to tracked files but not its untracked
files (a new module, the hook manifest itself), so the test commits a snapshot
of the work tree, tracked and untracked files alike, into a scratch repository
and tries that. try-repo builds the hook's environment afresh in a temporary
store on every call (20 to 40 s), so the first run tries the hook that way and
the others run it as a user who installed it does: ``pre-commit run`` with a
``.pre-commit-config.yaml`` naming the snapshot, whose environment pre-commit
builds once in the module's ``PRE_COMMIT_HOME`` (which also keeps pre-commit's
own files out of the user's cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "belarus-pardons.csv"
CONFIG = 'tables:\n  - files: "data/*.csv"\n    schema: pardon-waves\n'
WAIVERS = (
    "waivers:\n"
    "  - file: data/pardons.csv\n"
    "    rule: running-total\n"
    "    where: {wave: 7}\n"
    '    reason: "AP\'s figure as published; our chart note corrects it"\n'
    "  - file: data/pardons.csv\n"
    "    rule: running-total\n"
    "    where: {wave: 8}\n"
    "    reason: The rewrite repeats the total through wave 7\n"
)
GIT_IDENTITY = ("-c", "user.name=tallycheck tests", "-c", "user.email=tests@tallycheck.invalid")

pytestmark = pytest.mark.slow


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-commit repository holding the work tree as it is now."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT)
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_symlink() or source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name, follow_symlinks=False)
    git("init", "--quiet", cwd=snapshot)
    git("add", "--all", cwd=snapshot)
    git("commit", "--quiet", "--no-verify", "-m", "snapshot", cwd=snapshot)
    return snapshot


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's home for its database and logs, shared by the module's runs."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(
    user_repo: Path, hook_repo: Path, home: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo),
            "tallycheck",
            "--all-files",
            *extra,
        ],
        cwd=user_repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hook_fails_on_the_stale_totals_and_passes_once_they_are_waived(
    tmp_path: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(SEED, tmp_path / "data" / "pardons.csv")
    config = tmp_path / "tallycheck.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    (tmp_path / "package.json").write_text("{}\n", encoding="utf-8")
    git("init", "--quiet", cwd=tmp_path)
    git("add", "--all", cwd=tmp_path)

    failed = try_repo(tmp_path, hook_repo, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "tallycheck...." in failed.stdout
    assert "Failed" in failed.stdout
    assert "data/pardons.csv:4: error [running-total, also monotonic] wave 7:" in failed.stdout
    assert "data/pardons.csv:5: error [running-total] wave 8:" in failed.stdout
    assert "skipped package.json: no entry in tallycheck.yaml matches it" in failed.stdout

    config.write_text(CONFIG + WAIVERS, encoding="utf-8")
    git("add", "--all", cwd=tmp_path)
    passed = try_repo_config(tmp_path, pre_commit_home, _user_config(tmp_path, hook_repo))
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    assert "waived: AP's figure as published; our chart note corrects it" in passed.stdout
    assert "✓ 1 file checked: 0 errors, 5 warnings, 2 waived" in passed.stdout


def test_hook_takes_a_baseline_adopt_new_break_fixed_entry(
    tmp_path: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    from baseline_story import BROKEN, DAYS, set_up, table

    set_up(tmp_path)
    git("init", "--quiet", cwd=tmp_path)
    # adopting: the baseline is written once from the command line, then committed
    adopt = subprocess.run(
        [sys.executable, "-m", "tallycheck", "validate", "--baseline", "b.json",
         "--update-baseline", "--quiet"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert adopt.returncode == 0, adopt.stderr
    git("add", "--all", cwd=tmp_path)
    hook_config = _user_config(tmp_path, hook_repo)
    unadopted = try_repo_config(tmp_path, pre_commit_home, hook_config)
    assert unadopted.returncode == 1  # without the baseline, the historic breaks fail
    assert f"{len(BROKEN)} errors" in unadopted.stdout

    # the desk keeps the baseline in tallycheck.yaml: the hook needs no args
    config = tmp_path / "tallycheck.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "baseline: b.json\n", "utf-8")
    git("add", "--all", cwd=tmp_path)
    passed = try_repo_config(tmp_path, pre_commit_home, hook_config)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert f"✓ 1 file checked: 0 errors, 0 warnings, {len(BROKEN)} baselined" in passed.stdout

    (tmp_path / "data" / "history.csv").write_text(table(new_break=True), encoding="utf-8")
    git("add", "--all", cwd=tmp_path)
    failed = try_repo_config(tmp_path, pre_commit_home, hook_config)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    errors = [line for line in failed.stdout.splitlines() if ": error [" in line]
    assert errors == [line for line in errors if line.startswith(f"data/history.csv:{DAYS + 2}:")]
    assert len(errors) == 1

    (tmp_path / "data" / "history.csv").write_text(table(fixed=(20,)), encoding="utf-8")
    git("add", "--all", cwd=tmp_path)
    noted = try_repo_config(tmp_path, pre_commit_home, hook_config)
    assert noted.returncode == 0, noted.stdout + noted.stderr
    assert "warning [fixed-baseline]" in noted.stdout
    assert "where day 20 matches no finding" in noted.stdout


def _user_config(user_repo: Path, hook_repo: Path) -> Path:
    """A .pre-commit-config.yaml that runs the hook as installed, without args."""
    rev = git("rev-parse", "HEAD", cwd=hook_repo).strip()
    config = user_repo / ".pre-commit-config.yaml"
    config.write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: tallycheck\n        verbose: true\n",
        encoding="utf-8",
    )
    git("add", "--all", cwd=user_repo)
    return config


def try_repo_config(user_repo: Path, home: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit run --all-files`` with the user's own config, as after ``install``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--config", str(config)],
        cwd=user_repo, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
