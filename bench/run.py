"""Run every implementation side by side on the generated tables; write RESULTS.md.

Usage: ``bash bench/run.sh [--sizes 10,100k,1M] [--shapes] [--rounds 5] [--seed N] [--impls a,b]``
(run.sh builds the environments first, then runs this file with bench/.venv).

For each size: one warm-up round, then ``--rounds`` timed rounds; in each
round every implementation runs once as a fresh process, in a fixed order,
and each run's counts must equal the injection log's, or the run fails (exit 1)
and the table says which.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import environment
import implementations
from common import CHECKS, DEFAULT_SEED, case_label, table_paths
from implementations import Implementation
from measure import Sample, run_once
from results import Context, Run, render

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
OUT = BENCH / "out"
VERSION_RUNS = 10
# What --shapes adds: one table of each shape, and 10M rows
SHAPE_CASES = ("1M/10-series", "1M/findings-10pct", "2M/long-quotes", "10M")


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="10,100k,1M",
        help="comma-separated sizes, each with an optional /shape (default: %(default)s)",
    )
    parser.add_argument("--shapes", action="store_true", help="also " + ", ".join(SHAPE_CASES))
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--impls", default="", help="only these (comma-separated; floor stays)")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def _table(case: str, seed: int) -> tuple[Path, dict[str, Any]]:
    """The cached table and its log, generated in a child process when missing.

    The runner itself never imports pandas or numpy: a child's ``ru_maxrss``
    starts at the runner's RSS when it forks, so the runner must stay small.
    """
    table, log_path = table_paths(DATA, case, seed)
    if not (table.exists() and log_path.exists()):
        command = [sys.executable, str(BENCH / "generate.py"), case, "--seed", str(seed)]
        subprocess.run([*command, "--out", str(DATA)], check=True, stdout=subprocess.DEVNULL)
    log: dict[str, Any] = json.loads(log_path.read_text(encoding="utf-8"))
    return table, log


def _env() -> dict[str, str]:
    return {**os.environ, "GX_ANALYTICS_ENABLED": "false", "NO_COLOR": "1"}


def _problem(
    impl: Implementation,
    run_code: int,
    counts: dict[str, int] | None,
    expected: dict[str, int],
    stderr: str,
) -> str | None:
    if run_code not in impl.ok_codes:
        last = stderr.strip().splitlines()[-1:] or ["(no stderr)"]
        return f"exit code {run_code}: {last[0]}"
    if counts is None:
        return "wrote no result file"
    wrong = [
        f"{c} {counts.get(c)} (log: {expected[c]})" for c in CHECKS if counts.get(c) != expected[c]
    ]
    return "counts differ: " + ", ".join(wrong) if wrong else None


def _one_run(impl: Implementation, case: str, rnd: int, table: Path, log: dict[str, Any]) -> Run:
    out = OUT / case.replace("/", "-") / f"{impl.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    sample = run_once(impl.argv(table, out), _env())
    counts: dict[str, int] | None = None
    try:
        counts = impl.read_counts(out) if out.exists() else None
    except (ValueError, KeyError) as error:
        problem: str | None = f"unreadable result: {error}"
    else:
        problem = _problem(impl, sample.returncode, counts, log["expected"], sample.stderr_tail)
        if problem is None and rnd == 0 and impl.report_locations:
            problem = implementations.location_mismatch(out, table, log)
    exit_ok = sample.returncode in impl.ok_codes
    return Run(impl.name, case, rnd, sample, counts, exit_ok, problem)


def _show(run: Run) -> None:
    which = "warm-up" if run.round == 0 else f"round {run.round}"
    verdict = "ok" if run.problem is None else f"FAILED: {run.problem}"
    print(
        f"[{run.case:>17} {which:>8}] {run.impl:<13} {run.sample.seconds:8.3f} s "
        f"{run.sample.peak_rss_mb:7.0f} MB  cpu/wall {run.sample.cpu_share:4.2f}  "
        f"load {run.sample.load:.2f}  {verdict}",
        flush=True,
    )


def _measure_size(
    impls: Sequence[Implementation], case: str, rounds: int, table: Path, log: dict[str, Any]
) -> list[Run]:
    runs: list[Run] = []
    crashed: set[str] = set()
    for rnd in range(rounds + 1):
        for impl in impls:
            if impl.name in crashed or not implementations.runs_on(impl, case):
                continue
            run = _one_run(impl, case, rnd, table, log)
            _show(run)
            runs.append(run)
            if not run.completed:
                crashed.add(impl.name)
    return runs


def _version_samples() -> list[Sample]:
    argv = [str(BENCH / ".venv" / "bin" / "tallycheck"), "--version"]
    run_once(argv, _env())  # warm-up
    return [run_once(argv, _env()) for _ in range(VERSION_RUNS)]


def _context(
    args: argparse.Namespace,
    cases: list[str],
    logs: dict[str, dict[str, Any]],
    impls: Sequence[Implementation],
    skipped: dict[str, str],
) -> Context:
    gx_python, gx_where = implementations.gx_python()
    return Context(
        command=" ".join(["bash bench/run.sh", *sys.argv[1:]]),
        started=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        minutes=0.0,
        rounds=args.rounds,
        seed=args.seed,
        cases=cases,
        impls=[impl.name for impl in impls],
        logs=logs,
        machine=environment.machine(),
        versions=environment.versions(BENCH / ".venv" / "bin" / "python"),
        gx_where=gx_where if gx_python else None,
        gx_versions=environment.versions(gx_python) if gx_python else None,
        tallycheck=environment.tallycheck_state(),
        skipped=skipped,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Generate or reuse the tables, measure, write RESULTS.md; 1 if any run failed."""
    args = _arguments(argv)
    started = time.monotonic()
    cases = [case_label(text) for text in args.sizes.split(",") if text.strip()]
    cases += [case for case in SHAPE_CASES if args.shapes and case not in cases]
    tables = {case: _table(case, args.seed) for case in cases}
    probe_table = min((table for table, _ in tables.values()), key=lambda t: t.stat().st_size)
    OUT.mkdir(exist_ok=True)
    found, skipped = implementations.available(probe_table, OUT / "probe.json")
    impls = implementations.select(found, [n for n in args.impls.split(",") if n])
    for name, why in skipped.items():
        print(f"left out: {name}: {why}", flush=True)
    ctx = _context(args, cases, {case: tables[case][1] for case in cases}, impls, skipped)
    ctx.version_samples = _version_samples()  # first, while the runner is smallest
    ctx.runner_rss_at_version_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    runs: list[Run] = []
    for case in cases:
        table, log = tables[case]
        runs += _measure_size(impls, case, args.rounds, table, log)
    ctx.load_at_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    ctx.minutes = (time.monotonic() - started) / 60
    ctx.runner_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    args.results.write_text(render(ctx, runs), encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    raw = {
        "runs": [asdict(run) for run in runs],
        "version": [asdict(s) for s in ctx.version_samples],
    }
    (OUT / "runs.json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    failures = [run for run in runs if run.problem]
    print(f"wrote {args.results}", flush=True)
    if failures:
        print(
            f"FAILED: {len(failures)} runs did not find the logged counts (see the table)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
