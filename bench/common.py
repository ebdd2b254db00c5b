"""What the generator, the runner and the implementation scripts share.

Kept free of heavy imports: the runner imports it, and a child's peak RSS as
the kernel reports it is never below the runner's own RSS when it started it.

The contract of every implementation script: ``SCRIPT TABLE OUT.json`` checks
TABLE and writes ``{"counts": {check: n, ...}}`` to OUT.json, one entry per
check in ``CHECKS``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 20250
CHECKS = (
    "wave",  # (1) wave is an integer >= 1
    "count",  # (2) count is an integer >= 0
    "date",  # (3) date is a valid ISO date
    "source",  # (4) source is not empty
    "monotonic",  # (5) cumulative never goes down within a series
    "sequence",  # (6) waves run 1, 2, 3 ... within a series
    "parts_sum",  # (7) women + men = count where both are given
    "running_total",  # (8) cumulative = previous cumulative + count
)
# Table shapes besides the default (N // 100 series, N // 2000 injections of each kind):
SHAPES = (
    "",
    "10-series",  # ten long series: the running-total walk must stay linear
    "findings-10pct",  # N // 90 injections of each kind: about 10 % of the rows are findings
    "long-quotes",  # two extra columns of long quoted text: 2M rows make about 233 MB
)


def parse_size(text: str) -> int:
    """``10`` -> 10, ``100k`` -> 100_000, ``1M`` -> 1_000_000."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if scale > 1 else text
    return int(float(number) * scale)


def size_label(rows: int) -> str:
    """The inverse of :func:`parse_size` for round sizes."""
    if rows >= 1_000_000 and rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows >= 1_000 and rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def parse_case(text: str) -> tuple[int, str]:
    """``1M`` -> (1_000_000, ""), ``1M/10-series`` -> (1_000_000, "10-series")."""
    size, _, shape = text.strip().partition("/")
    if shape not in SHAPES:
        raise ValueError(f"unknown table shape {shape!r} (known: {', '.join(SHAPES[1:])})")
    return parse_size(size), shape


def case_label(text: str) -> str:
    """A case as written in results and file names: ``1m/10-series`` -> ``1M/10-series``."""
    rows, shape = parse_case(text)
    return size_label(rows) + (f"/{shape}" if shape else "")


def table_paths(out: Path, case: str, seed: int) -> tuple[Path, Path]:
    """Where the table and its injection log are cached for this case and seed."""
    stem = f"waves-{case_label(case).replace('/', '-')}-seed{seed}-v{GENERATOR_VERSION}"
    return out / f"{stem}.csv", out / f"{stem}.log.json"


def main(check: Callable[[str], dict[str, int]]) -> None:
    """Run ``check`` on the table named in argv[1]; write its counts to argv[2]."""
    if len(sys.argv) != 3:
        raise SystemExit(f"usage: {Path(sys.argv[0]).name} TABLE OUT.json")
    counts = check(sys.argv[1])
    missing = [name for name in CHECKS if name not in counts]
    if missing:
        raise SystemExit(f"no count for {', '.join(missing)}")
    payload = {"counts": {name: int(counts[name]) for name in CHECKS}}
    Path(sys.argv[2]).write_text(json.dumps(payload) + "\n", encoding="utf-8")
