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


def guess_seconds(table: str) -> tuple[float, float, int]:
    """Seconds (wall clock, then CPU) to read the table and guess its schema, and its
    row count."""
    from tallycheck.infer.draft import draft_schema
    from tallycheck.infer.writer import schema_text
    from tallycheck.tables.read import read_table

    start, cpu = time.perf_counter(), time.process_time()
    read = read_table(table)
    schema_text(draft_schema(read))
    return time.perf_counter() - start, time.process_time() - cpu, read.n_rows


def command_seconds(table: str, folder: str) -> tuple[float, float]:
    """Seconds (wall clock, then CPU) for ``tallycheck init TABLE -o ...`` in a fresh
    process."""
    target = os.path.join(folder, "schema.yaml")
    start, before = time.perf_counter(), os.times()
    subprocess.run(
        [sys.executable, "-m", "tallycheck", "init", table, "-o", target, "--force"],
        check=True,
        capture_output=True,
    )
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system
    return time.perf_counter() - start, cpu - before.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})")
    print("| table | rows | guess: wall (CPU) s | init command: wall (CPU) s |")
    print("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for table in options.tables:
            guesses = [guess_seconds(table) for _ in range(options.rounds)]
            runs = [command_seconds(table, folder) for _ in range(options.rounds)]
            guess, run = min(guesses), min(runs)
            print(
                f"| {Path(table).name} | {guess[2]:,} | {guess[0]:.2f} ({guess[1]:.2f}) "
                f"| {run[0]:.2f} ({run[1]:.2f}) |"
            )


if __name__ == "__main__":
    main()
