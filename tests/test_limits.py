"""The practical limits: a million rows with a 10 MB cell, and schemas far too large.

Each run is a subprocess, so that its peak memory (``ru_maxrss`` from ``os.wait4``,
read by a small launcher: see ``LAUNCHER``) and its time are its own. The figures
are printed (``pytest -s``) and kept as test properties in JUnit output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROWS = 1_000_000
STALE = 500_000  # the wave whose total repeats the one before: the only error
CELL = 10_000_000  # bytes in the source cell of that wave
SCHEMA = """\
name: big
order: wave
provenance: [source]
columns:
  wave: {type: integer, min: 1}
  pardoned: {type: tally, min: 0}
  cumulative: {type: tally, min: 0}
  source: {type: string}
rules:
  - {rule: sequence, column: wave}
  - {rule: monotonic, column: cumulative}
  - {rule: running-total, total: cumulative, increment: pardoned}
"""


# A child's ru_maxrss starts from the high-water mark of the process it was spawned
# from (Linux carries it over fork and exec), so a child of a pytest process that has
# grown to 500 MB would never report less. A small launcher process spawns the run and
# reads its rusage with os.wait4: the run's figure is then its own.
LAUNCHER = """\
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as stream:
    stream.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(args: list[str], cwd: Path) -> tuple[int, str, str, float, float]:
    """Run ``python -m tallycheck ARGS``: exit code, stdout, stderr, seconds, peak RSS in MB."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PYTHONPATH"] = str(ROOT)
    rss = cwd / ".maxrss"
    command = [sys.executable, "-m", "tallycheck", *args]
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(rss), *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - start
    kilobytes = int(rss.read_text(encoding="ascii"))
    rss.unlink()
    peak_mb = kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 2**20
    return done.returncode, done.stdout, done.stderr, seconds, peak_mb


def _write_table(path: Path) -> None:
    """Waves 1 to a million, 3 freed each; the stale wave also carries the 10 MB cell."""
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write("wave,pardoned,cumulative,source\n")
        chunk = []
        for wave in range(1, ROWS + 1):
            total = 3 * wave if wave != STALE else 3 * (wave - 1)
            source = "x" * CELL if wave == STALE else "AP"
            chunk.append(f"{wave},3,{total},{source}\n")
            if len(chunk) == 100_000:
                stream.write("".join(chunk))
                chunk = []
        stream.write("".join(chunk))


def test_a_million_rows_with_a_ten_megabyte_cell(
    tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    _write_table(tmp_path / "big.csv")
    (tmp_path / "big.yaml").write_text(SCHEMA, encoding="utf-8")
    code, stdout, stderr, seconds, peak_mb = run(
        ["validate", "big.csv", "--schema", "big.yaml", "--output", "r.json", "--quiet"], tmp_path
    )
    record_property("seconds", round(seconds, 1))
    record_property("peak_rss_mb", round(peak_mb))
    print(f"\n1M rows, 10 MB cell: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
    assert (code, stderr) == (1, "")
    assert stdout == "✗ 1 file checked: 1 error, 0 warnings\n"
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["summary"] == {
        "files": 1,
        "rows": ROWS,
        "errors": 1,
        "warnings": 0,
        "waived": 0,
        "baselined": 0,
    }
    [finding] = report["findings"]
    assert (finding["rule"], finding["line"], finding["value"], finding["expected"]) == (
        "running-total",
        STALE + 1,
        str(3 * (STALE - 1)),
        str(3 * STALE),
    )
    assert finding["related_line"] == STALE
    assert finding["provenance"] == {"source": "x" * CELL}
    assert peak_mb < 3 * 1024
    assert seconds < 120


def test_a_50_mb_schema_is_refused_at_once(tmp_path: Path) -> None:
    schema = tmp_path / "huge.yaml"
    with schema.open("w", encoding="utf-8") as stream:
        stream.write("name: huge\ncolumns:\n  wave: {type: integer}\n")
        stream.write("# a comment to pad the file out to fifty megabytes, and more\n" * 850_000)
    assert schema.stat().st_size > 50_000_000
    table = tmp_path / "t.csv"
    table.write_text("wave\n1\n", encoding="utf-8")
    code, stdout, stderr, seconds, peak_mb = run(
        ["validate", "t.csv", "--schema", "huge.yaml", "--output", "r.json"], tmp_path
    )
    print(f"\n50 MB schema: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
    assert code == 2
    assert stdout == ""
    assert stderr == (
        "tallycheck: huge.yaml: the schema file is larger than 5 MB; a schema is a short "
        "description of columns and rules\n"
    )
    assert not (tmp_path / "r.json").exists()
    assert seconds < 10
    assert peak_mb < 500  # refused before it is read


def test_a_schema_just_under_the_limit_with_a_million_nodes_is_refused_quickly(
    tmp_path: Path,
) -> None:
    from tallycheck.errors import SchemaError
    from tallycheck.schema.loader import load_schema

    schema = tmp_path / "wide.yaml"
    schema.write_text("columns:\n" + "  - [1, 2, 3, 4]\n" * 280_000, encoding="utf-8")
    assert 4_000_000 < schema.stat().st_size < 5_000_000
    start = time.monotonic()
    with pytest.raises(SchemaError) as raised:
        load_schema(schema)
    assert time.monotonic() - start < 5
    assert str(raised.value) == f"{schema}:40001: the schema is too large or too deeply nested"


def test_an_endless_schema_file_is_refused_without_reading_it_all() -> None:
    from tallycheck.errors import SchemaError
    from tallycheck.schema.loader import load_schema

    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(SchemaError) as raised:
        load_schema("/dev/zero")
    assert "larger than 5 MB" in str(raised.value)
