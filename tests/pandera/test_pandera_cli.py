"""``--engine pandera`` on the command line, with and without pandera, and the
start-up path that never imports it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = str(ROOT / "fixtures" / "belarus-pardons.csv")
INSTALL = 'pip install "pandera[polars]>=0.26"'
WITHOUT_PANDERA = "import sys\nsys.modules['pandera'] = None\n"


def _run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_validate_never_imports_pandera_or_polars() -> None:
    code = (
        "import sys\n"
        "from tallycheck.cli import main\n"
        "try:\n"
        "    main(['validate', 'fixtures/belarus-pardons.csv', '--schema', 'pardon-waves',"
        " '--quiet'])\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pandera', 'polars'))\n"
        "print(code, heavy)\n"
    )
    done = _run_python(code, ROOT)
    assert done.stdout.splitlines()[-1] == "1 []"


def test_without_pandera_one_line_with_the_install_command_and_exit_2(tmp_path: Path) -> None:
    args = ["validate", SEED, "--schema", "pardon-waves", "--engine", "pandera"]
    done = _run_python(
        WITHOUT_PANDERA + f"from tallycheck.cli import main\nmain({args!r})\n", tmp_path
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"tallycheck: the pandera engine needs the pandera extra: {INSTALL}\n"


def test_without_pandera_the_api_raises_engine_error(tmp_path: Path) -> None:
    probe = WITHOUT_PANDERA + (
        "import tallycheck\n"
        "try:\n"
        f"    tallycheck.validate({SEED!r}, 'pardon-waves', engine='pandera')\n"
        "except tallycheck.EngineError as error:\n"
        "    print(error)\n"
    )
    done = _run_python(probe, tmp_path)
    assert done.stdout == f"the pandera engine needs the pandera extra: {INSTALL}\n"
