"""What the results were measured on: the machine, the versions, the repo state."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PACKAGES = ("pandas", "numpy", "pandera", "pointblank", "polars", "pyarrow", "great_expectations")
_VERSIONS = """
import importlib.metadata as m, json, platform
names = {names!r}
def version(name):
    try:
        return m.version(name)
    except m.PackageNotFoundError:
        return None
print(json.dumps({{"python": platform.python_version(), **{{n: version(n) for n in names}}}}))
"""


def machine() -> dict[str, str]:
    """Cores, CPU model, memory, OS and load, read off this machine."""
    return {
        "cores (nproc)": str(len(os.sched_getaffinity(0))),
        "CPU": _cpu_model(),
        "memory": f"{_mem_total_kb() / 1024**2:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _mem_total_kb() -> int:
    for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def versions(python: Path, names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Python's and the packages' versions as seen by the interpreter ``python``."""
    done = subprocess.run(
        [str(python), "-c", _VERSIONS.format(names=names)],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, str | None] = json.loads(done.stdout)
    return found


def tallycheck_state() -> str:
    """tallycheck's version, the commit and whether its files differ from it (read only)."""
    version = _run_text([str(BENCH / ".venv" / "bin" / "tallycheck"), "--version"])
    commit = _run_text(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    changed = _run_text(
        [
            "git",
            "--no-optional-locks",
            "-C",
            str(REPO),
            "status",
            "--porcelain",
            "--",
            "tallycheck",
            "pyproject.toml",
        ]
    )
    tree = "with uncommitted changes in tallycheck/" if changed else "clean"
    return f"{version} (working tree at commit {commit}, {tree})"


def _run_text(argv: list[str]) -> str:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    return done.stdout.strip() or done.stderr.strip()
