"""The implementations measured side by side, and how each one's counts are read.

Each implementation is one fresh process per run that writes its result to a
file: the scripts write ``{"counts": ...}`` (see common.py), tallycheck writes
its JSON report, whose findings are mapped to the eight checks here.
"""

from __future__ import annotations

import csv
import json
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import CHECKS, parse_case

BENCH = Path(__file__).resolve().parent
VENV = BENCH / ".venv"
VENV_GX = BENCH / ".venv-gx"
SCHEMA = BENCH / "schema.yaml"

# (rule, column) of a column finding -> the check it belongs to
COLUMN_FINDINGS = {
    ("min", "wave"): "wave",
    ("type", "wave"): "wave",
    ("min", "count"): "count",
    ("type", "count"): "count",
    ("required", "wave"): "wave",
    ("required", "count"): "count",
    ("type", "date"): "date",
    ("required", "date"): "date",
    ("required", "source"): "source",
}
RULE_FINDINGS = {
    "monotonic": "monotonic",
    "sequence": "sequence",
    "parts-sum": "parts_sum",
    "running-total": "running_total",
}
BIG_CASES = frozenset({"floor", "floor-merge", "tallycheck"})  # what runs on every case


@dataclass(frozen=True)
class Implementation:
    """How to run one implementation on a table, and how to read its counts."""

    name: str
    argv: Callable[[Path, Path], list[str]]
    read_counts: Callable[[Path], dict[str, int]]
    ok_codes: frozenset[int] = frozenset({0})
    report_locations: bool = False  # its result says where each finding is (warm-up checks it)


def script_counts(path: Path) -> dict[str, int]:
    """The counts an implementation script wrote."""
    counts: dict[str, int] = json.loads(path.read_text(encoding="utf-8"))["counts"]
    return counts


def tallycheck_counts(path: Path) -> dict[str, int]:
    """Map a tallycheck JSON report's findings to the eight checks.

    A monotonic finding folded into a running-total finding on the same cell
    (listed under ``also``) counts for both checks. A finding that maps to no
    check is an error: the benchmark table holds nothing else to find.
    """
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    counts: Counter[str] = Counter(dict.fromkeys(CHECKS, 0))
    for finding in report["findings"]:
        for check in _checks_of(finding):
            counts[check] += 1
    return dict(counts)


def location_mismatch(report_path: Path, table: Path, log: dict[str, Any]) -> str | None:
    """Compare where tallycheck's findings are with where the log put the injections.

    Each finding's line is looked up in the table to get its (series, wave); the
    multiset of (check, series, wave) must equal the log's. None when it does.
    Only the flagged lines are kept, so the runner stays small.
    """
    report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    cells = _lines(table, {finding["line"] for finding in report["findings"]})
    found: Counter[tuple[str, str, int]] = Counter()
    for finding in report["findings"]:
        series, wave = cells[finding["line"]]
        for check in _checks_of(finding):
            found[(check, series, wave)] += 1
    logged: Counter[tuple[str, str, int]] = Counter()
    for injection in log["injections"]:
        for check, n in injection["breaks"].items():
            logged[(check, injection["series"], int(injection["wave"]))] += n
    if found == logged:
        return None
    extra, missing = sorted(found - logged)[:3], sorted(logged - found)[:3]
    return f"findings not where the log puts them: unexpected {extra}, missing {missing}"


def _lines(table: Path, wanted: set[int]) -> dict[int, tuple[str, int]]:
    """(series, wave) of the wanted physical lines (1 is the header; no quoted fields)."""
    cells: dict[int, tuple[str, int]] = {}
    with table.open(encoding="utf-8", newline="") as lines:
        header = next(csv.reader([next(lines)]))
        at_series, at_wave = header.index("series"), header.index("wave")
        for number, line in enumerate(lines, start=2):
            if number in wanted:
                row = next(csv.reader([line]))
                cells[number] = (row[at_series], int(row[at_wave]))
    return cells


def _checks_of(finding: dict[str, Any]) -> list[str]:
    rule, columns = finding["rule"], finding["columns"]
    if rule in RULE_FINDINGS:
        also = [RULE_FINDINGS[other] for other in finding.get("also", [])]
        return [RULE_FINDINGS[rule], *also]
    key = (rule, columns[0] if len(columns) == 1 else "")
    if key not in COLUMN_FINDINGS:
        raise ValueError(f"a tallycheck finding that maps to no check: {rule} on {columns}")
    return [COLUMN_FINDINGS[key]]


def _script(python: Path, script: str) -> Callable[[Path, Path], list[str]]:
    def argv(table: Path, out: Path) -> list[str]:
        return [str(python), str(BENCH / script), str(table), str(out)]

    return argv


def _tallycheck(*extra: str) -> Callable[[Path, Path], list[str]]:
    def argv(table: Path, out: Path) -> list[str]:
        command = [str(VENV / "bin" / "tallycheck"), "validate", str(table)]
        return [*command, "--schema", str(SCHEMA), "--output", str(out), *extra]

    return argv


def gx_python() -> tuple[Path | None, str]:
    """The interpreter that has Great Expectations: bench/.venv, else bench/.venv-gx."""
    for venv in (VENV, VENV_GX):
        python = venv / "bin" / "python"
        if python.exists() and _imports(python, "great_expectations"):
            return python, f"bench/{venv.name}"
    return None, "Great Expectations is installed in neither bench/.venv nor bench/.venv-gx"


def _imports(python: Path, module: str) -> bool:
    done = subprocess.run([str(python), "-c", f"import {module}"], capture_output=True, check=False)
    return done.returncode == 0


def tallycheck_engine(engine: str, probe_table: Path, probe_out: Path) -> str | None:
    """None when ``tallycheck validate --engine ENGINE`` can run, else why it is left out."""
    binary = str(VENV / "bin" / "tallycheck")
    helped = subprocess.run(
        [binary, "validate", "--help"], capture_output=True, text=True, check=False
    )
    if engine not in helped.stdout:
        return f"`tallycheck validate --help` lists no {engine} engine"
    probe = subprocess.run(
        _tallycheck("--engine", engine)(probe_table, probe_out),
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode == 2:
        return f"`tallycheck validate --engine {engine}` says: {probe.stderr.strip()}"
    return None


def available(probe_table: Path, probe_out: Path) -> tuple[list[Implementation], dict[str, str]]:
    """The implementations to run, in round order, and why any were left out."""
    python = VENV / "bin" / "python"
    chosen = [
        Implementation("floor", _script(python, "floor_shift.py"), script_counts),
        Implementation("floor-merge", _script(python, "floor.py"), script_counts),
        Implementation("pandera", _script(python, "pandera_alone.py"), script_counts),
        Implementation("pointblank", _script(python, "pointblank_alone.py"), script_counts),
        Implementation(
            "tallycheck", _tallycheck(), tallycheck_counts, frozenset({0, 1}), report_locations=True
        ),
    ]
    skipped: dict[str, str] = {}
    gx, where = gx_python()
    if gx is None:
        skipped["gx"] = where
    else:
        chosen.append(Implementation("gx", _script(gx, "gx_alone.py"), script_counts))
    for engine in ("gx", "pandera"):
        why = tallycheck_engine(engine, probe_table, probe_out)
        if why is None:
            chosen.append(
                Implementation(
                    f"tallycheck-{engine}",
                    _tallycheck("--engine", engine),
                    tallycheck_counts,
                    frozenset({0, 1}),
                    report_locations=True,
                )
            )
        else:
            skipped[f"tallycheck-{engine}"] = why
    return chosen, skipped


def runs_on(impl: Implementation, case: str) -> bool:
    """Whether ``impl`` runs on ``case``: every one on the plain sizes up to 1M rows; only
    the floors and tallycheck on the other shapes and larger sizes (the rest take minutes
    and gigabytes there, and no target is set for them)."""
    rows, shape = parse_case(case)
    return impl.name in BIG_CASES or (not shape and rows <= 1_000_000)


def select(chosen: Sequence[Implementation], names: Sequence[str] | None) -> list[Implementation]:
    """The implementations named (floor always stays: ratios are to it)."""
    if not names:
        return list(chosen)
    known = {impl.name for impl in chosen}
    unknown = sorted(set(names) - known)
    if unknown:
        raise SystemExit(f"unknown or unavailable implementations: {', '.join(unknown)}")
    return [impl for impl in chosen if impl.name in ("floor", *names)]
