"""Seeded tables of waves with a logged set of injected violations.

A table has ``series`` series of ``rows // series`` consecutive waves each
(1, 2, 3 ...), each wave with a count, a women/men split (sometimes blank),
a running total and a source. Then violations are injected, each one placed
so that it breaks exactly the checks its log entry names:

- cross-row kinds (dip, jump, gap, duplicate) sit on "slots", the even waves
  2, 4, ... below the last wave of a series, so no two of them touch the same
  pair of neighbouring rows;
- per-row kinds (bad date, empty source, split) sit on odd waves, which no
  cross-row injection removes, copies or changes;
- wave < 1 and negative count get one-row series of their own.

The rows are shuffled last, so every checker must order them itself. The
expected count of each check is the sum over the log, never a checker's output.

Usage: ``python bench/generate.py CASE [--seed N] [--out DIR]`` (CASE: 10, 100k, 1M,
1M/10-series, 1M/findings-10pct, 2M/long-quotes ...; the shapes are in common.py).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from common import (
    CHECKS,
    DEFAULT_SEED,
    GENERATOR_VERSION,
    SHAPES,
    case_label,
    parse_case,
    table_paths,
)

BREAKS: dict[str, dict[str, int]] = {
    "wave_below_1": {"wave": 1},
    "negative_count": {"count": 1},
    "bad_date": {"date": 1},
    "empty_source": {"source": 1},
    "dip": {"monotonic": 1, "running_total": 1},
    "jump": {"running_total": 1},
    "gap": {"sequence": 1},
    "duplicate": {"sequence": 1},
    "split": {"parts_sum": 1},
}
CROSS_ROW = ("dip", "jump", "gap", "duplicate")
PER_ROW = ("split", "bad_date", "empty_source")
OWN_SERIES = ("wave_below_1", "negative_count")
BAD_DATES = ("2024-02-30", "not a date", "2023-13-01", "2023-04-31")
SOURCES = ("Reuters", "AP", "AFP", "Al Jazeera", "BBC", "Viasna", "Meduza", "TASS")
COLUMNS = ("series", "wave", "date", "count", "women", "men", "cumulative", "source")


@dataclass
class Base:
    """The clean table as arrays, one entry per row, ordered by series then wave."""

    series: np.ndarray
    wave: np.ndarray
    day: np.ndarray
    count: np.ndarray
    women: np.ndarray  # float: NaN where blank
    men: np.ndarray
    cumulative: np.ndarray
    source: np.ndarray
    waves_per_series: int
    n_series: int
    injections: list[dict[str, Any]] = field(default_factory=list)


def _base(rng: np.random.Generator, rows: int, n_series: int) -> Base:
    per = max(1, rows // n_series)
    n = n_series * per
    series = np.repeat(np.arange(n_series), per)
    wave = np.tile(np.arange(1, per + 1), n_series)
    count = rng.integers(1, 400, n)
    cumulative = np.cumsum(count)
    starts = np.arange(0, n, per)
    cumulative -= np.repeat(cumulative[starts] - count[starts], per)
    steps = rng.integers(1, 21, n)
    day = np.cumsum(steps)
    day -= np.repeat(day[starts] - rng.integers(0, 365, n_series), per)
    women = rng.binomial(count, 0.2).astype(np.float64)
    men = (count - women).astype(np.float64)
    blank = rng.random(n)
    women[blank < 0.13] = np.nan
    men[(blank < 0.10) | ((blank >= 0.13) & (blank < 0.16))] = np.nan
    source = rng.integers(0, len(SOURCES), n)
    return Base(series, wave, day, count, women, men, cumulative, source, per, n_series)


def _series_name(index: int) -> str:
    return f"S{index:05d}"


def _log(base: Base, kind: str, series: str, wave: int, **detail: Any) -> None:
    base.injections.append(
        {"kind": kind, "series": series, "wave": wave, "breaks": BREAKS[kind], **detail}
    )


def _cross_row(rng: np.random.Generator, base: Base, per_kind: int) -> tuple[list[int], list[int]]:
    """Dips, jumps, gaps and duplicates on distinct slots; rows to drop and to copy."""
    slot_waves = np.arange(2, base.waves_per_series, 2)
    n_slots = len(slot_waves) * base.n_series
    wanted = per_kind * len(CROSS_ROW)
    if wanted > n_slots:
        raise ValueError(f"{wanted} cross-row injections need more than {n_slots} slots")
    chosen = rng.choice(n_slots, size=wanted, replace=False)
    kinds = rng.permutation(np.repeat(np.arange(len(CROSS_ROW)), per_kind))
    drop: list[int] = []
    copy: list[int] = []
    per = base.waves_per_series
    for slot, kind_index in zip(chosen.tolist(), kinds.tolist(), strict=True):
        series, wave = divmod(slot, len(slot_waves))
        wave = int(slot_waves[wave])
        row = series * per + wave - 1
        end = (series + 1) * per
        kind = CROSS_ROW[kind_index]
        name = _series_name(series)
        if kind == "dip":
            # the new total: in [0, prev), or prev - 1 where earlier dips took prev below 1
            below = int(rng.integers(1, max(int(base.cumulative[row - 1]), 1) + 1))
            shift = int(base.count[row]) + below
            base.cumulative[row:end] -= shift
            _log(base, kind, name, wave, lowered_by=shift)
        elif kind == "jump":
            shift = int(rng.integers(1, 500))
            base.cumulative[row:end] += shift
            _log(base, kind, name, wave, raised_by=shift)
        elif kind == "gap":
            drop.append(row)
            _log(base, kind, name, wave + 1, removed_wave=wave)
        else:
            copy.append(row)
            _log(base, kind, name, wave)
    return drop, copy


def _per_row(rng: np.random.Generator, base: Base, per_kind: int) -> dict[str, np.ndarray]:
    """Split mismatches, bad dates and empty sources on distinct odd-wave rows."""
    odd = np.flatnonzero(base.wave % 2 == 1)
    picked = rng.choice(odd, size=per_kind * len(PER_ROW), replace=False)
    rows = {kind: picked[i * per_kind : (i + 1) * per_kind] for i, kind in enumerate(PER_ROW)}
    split = rows["split"]
    base.women[split] = rng.binomial(base.count[split], 0.2)
    base.men[split] = base.count[split] - base.women[split] + rng.integers(1, 30, len(split))
    base.source[rows["empty_source"]] = -1
    for kind, at in rows.items():
        for row in at.tolist():
            _log(base, kind, _series_name(int(base.series[row])), int(base.wave[row]))
    return rows


def _frame(base: Base, bad_date_rows: np.ndarray) -> pd.DataFrame:
    dates = (np.datetime64("2019-01-01") + base.day.astype("timedelta64[D]")).astype(str)
    dates = dates.astype(object)
    dates[bad_date_rows] = [BAD_DATES[i % len(BAD_DATES)] for i in range(len(bad_date_rows))]
    sources = np.array([*SOURCES, ""], dtype=object)[base.source]
    names = np.array([_series_name(i) for i in range(base.n_series)], dtype=object)
    return pd.DataFrame(
        {
            "series": names[base.series],
            "wave": base.wave,
            "date": dates,
            "count": base.count,
            "women": pd.array(base.women, dtype="Float64").astype("Int64"),
            "men": pd.array(base.men, dtype="Float64").astype("Int64"),
            "cumulative": base.cumulative,
            "source": sources,
        }
    )


def _own_series(rng: np.random.Generator, base: Base, per_kind: int) -> pd.DataFrame:
    """One-row series holding a wave below 1 or a negative count, nothing else wrong."""
    records: list[dict[str, Any]] = []
    for kind in OWN_SERIES:
        for i in range(per_kind):
            name = f"X-{kind}-{i:04d}"
            count = int(rng.integers(1, 400))
            wave = 1
            if kind == "wave_below_1":
                wave = -(i % 3)  # 0, -1, -2
            else:
                count = -count
            records.append(
                {
                    "series": name,
                    "wave": wave,
                    "date": "2024-05-17",
                    "count": count,
                    "women": pd.NA,
                    "men": pd.NA,
                    "cumulative": abs(count),
                    "source": "Reuters",
                }
            )
            _log(base, kind, name, wave)
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    return frame.astype({"women": "Int64", "men": "Int64"})


QUOTE_WORDS = (
    "detainees",
    "released",
    "prison",
    "colony",
    "pardon",
    "decree",
    "families",
    "lawyers",
    "we",
    "were",
    "told",
    "that",
    "the",
    "list",
    "is",
    "not",
    "final,",
    "said",
    "a",
    "spokesman,",
    "according",
    "to",
    "human-rights",
    "groups",
    "and",
)


def _quotes(rng: np.random.Generator, n: int, words: int) -> np.ndarray:
    """``n`` quoted remarks of up to about ``words`` words, with commas and double quotes."""
    pool_size = 4096
    lengths = rng.integers(words // 3, words + 1, pool_size)
    pool = [
        '"' + " ".join(QUOTE_WORDS[w] for w in rng.integers(0, len(QUOTE_WORDS), k)) + '", he said'
        for k in lengths.tolist()
    ]
    return np.array(pool, dtype=object)[rng.integers(0, pool_size, n)]


def expected_counts(injections: list[dict[str, Any]]) -> dict[str, int]:
    """What each check must find: the sum of what the logged injections break."""
    totals = dict.fromkeys(CHECKS, 0)
    for injection in injections:
        for check, n in injection["breaks"].items():
            totals[check] += n
    return totals


def generate(case: str, seed: int) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The shuffled table and its log for a case (nominal size and shape) and a seed."""
    rows, shape = parse_case(case)
    rng = np.random.default_rng([seed, rows] + ([SHAPES.index(shape)] if shape else []))
    base = _base(rng, rows, 10 if shape == "10-series" else max(1, rows // 100))
    per_kind = max(1, rows // (90 if shape == "findings-10pct" else 2000))
    drop, copy = _cross_row(rng, base, per_kind)
    per_row = _per_row(rng, base, per_kind)
    frame = _frame(base, per_row["bad_date"])
    keep = np.ones(len(frame), dtype=bool)
    keep[drop] = False
    frame = pd.concat(
        [frame[keep], frame.iloc[copy], _own_series(rng, base, per_kind)], ignore_index=True
    )
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    if shape == "long-quotes":
        frame["quote"] = _quotes(rng, len(frame), 8)
        frame["note"] = _quotes(rng, len(frame), 3)
    log = {
        "generator_version": GENERATOR_VERSION,
        "size": case_label(case),
        "seed": seed,
        "rows": len(frame),
        "series": base.n_series + per_kind * len(OWN_SERIES),
        "injections_per_kind": per_kind,
        "expected": expected_counts(base.injections),
        "injections": base.injections,
    }
    return frame, log


def ensure_table(case: str, seed: int, out: Path) -> tuple[Path, dict[str, Any]]:
    """The cached table and log for this case and seed, generated when missing."""
    table, log_path = table_paths(out, case, seed)
    if not (table.exists() and log_path.exists()):
        out.mkdir(parents=True, exist_ok=True)
        frame, log = generate(case, seed)
        partial = table.with_suffix(".csv.part")
        frame.to_csv(partial, index=False)
        partial.replace(table)
        log_path.write_text(json.dumps(log, indent=1) + "\n", encoding="utf-8")
    return table, json.loads(log_path.read_text(encoding="utf-8"))


def main() -> None:
    """Generate (or find cached) one table and print its path and expected counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", help="nominal rows and shape: 10, 100k, 1M, 1M/10-series ...")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "data")
    args = parser.parse_args()
    table, log = ensure_table(args.case, args.seed, args.out)
    print(table)
    print(json.dumps(log["expected"]))


if __name__ == "__main__":
    main()
