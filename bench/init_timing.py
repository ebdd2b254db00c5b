"""How long ``tallycheck init`` takes on given tables: the guess alone (read and
infer, in process) and the whole command (a fresh process that writes the schema
and checks the table with it), best of ``--rounds``.

Usage: ``python bench/init_timing.py TABLE... [--rounds N]``; prints a Markdown table.
Generated tables come from ``python bench/generate.py 1M`` (into bench/data/).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def guess_seconds(table: str) -> tuple[float, int]:
    """Seconds to read the table and guess its schema, and its row count."""
    from tallycheck.infer.draft import draft_schema
    from tallycheck.infer.writer import schema_text
    from tallycheck.tables.read import read_table

    start = time.perf_counter()
    read = read_table(table)
    schema_text(draft_schema(read))
    return time.perf_counter() - start, read.n_rows


def command_seconds(table: str, folder: str) -> float:
    """Seconds for ``tallycheck init TABLE -o ...`` in a fresh process."""
    target = os.path.join(folder, "schema.yaml")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tallycheck", "init", table, "-o", target, "--force"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})")
    print("| table | rows | guess (s) | init command (s) |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for table in options.tables:
            guesses = [guess_seconds(table) for _ in range(options.rounds)]
            runs = [command_seconds(table, folder) for _ in range(options.rounds)]
            rows = guesses[0][1]
            best = min(seconds for seconds, _ in guesses)
            print(f"| {Path(table).name} | {rows:,} | {best:.2f} | {min(runs):.2f} |")


if __name__ == "__main__":
    main()
