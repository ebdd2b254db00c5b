"""Turn the measured runs into bench/RESULTS.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from common import CHECKS
from measure import Sample, Spread


@dataclass(frozen=True)
class Run:
    """One measured run of one implementation on one table (round 0 is the warm-up)."""

    impl: str
    case: str  # a size with an optional shape: "1M", "1M/10-series" (see common.py)
    round: int
    sample: Sample
    counts: dict[str, int] | None
    exit_ok: bool
    problem: str | None = None

    @property
    def completed(self) -> bool:
        """Whether the process ended normally and left counts (right or wrong): its time counts."""
        return self.exit_ok and self.counts is not None


@dataclass
class Context:
    """Everything RESULTS.md states besides the runs themselves."""

    command: str
    started: str
    minutes: float
    rounds: int
    seed: int
    cases: list[str]
    impls: list[str]
    logs: dict[str, dict[str, Any]]
    machine: dict[str, str]
    versions: dict[str, str | None]
    gx_where: str | None
    gx_versions: dict[str, str | None] | None
    tallycheck: str
    skipped: dict[str, str]
    version_samples: list[Sample] = field(default_factory=list)
    load_at_end: str = ""
    runner_rss_mb: float = 0.0
    runner_rss_at_version_mb: float = 0.0


def measured(runs: Sequence[Run], impl: str, rows: str) -> list[Run]:
    """The timed (non warm-up) runs of one implementation on one size."""
    return [r for r in runs if r.impl == impl and r.case == rows and r.round > 0]


def ratios(runs: Sequence[Run], impl: str, rows: str) -> list[float]:
    """Each round's wall time divided by the floor's in the same round."""
    floor = {r.round: r.sample.seconds for r in measured(runs, "floor", rows) if r.completed}
    return [
        r.sample.seconds / floor[r.round]
        for r in measured(runs, impl, rows)
        if r.round in floor and r.completed
    ]


def _times(runs: Sequence[Run], impl: str, rows: str) -> Spread | None:
    seconds = [r.sample.seconds for r in measured(runs, impl, rows) if r.completed]
    return Spread.of(seconds) if seconds else None


def _ratio_cell(runs: Sequence[Run], impl: str, rows: str) -> str:
    found = ratios(runs, impl, rows)
    if not found:
        return "—"
    spread = Spread.of(found)
    return f"{spread.median:.2f}x ({spread.low:.2f}-{spread.high:.2f})"


def _counts_cell(runs: Sequence[Run], impl: str, rows: str) -> str:
    mine = [r for r in runs if r.impl == impl and r.case == rows]
    if not mine:
        return "not run"
    bad = [r for r in mine if r.problem]
    return "✓ all runs" if not bad else f"✗ {len(bad)} of {len(mine)} runs"


def _peak_rss(runs: Sequence[Run], impl: str, rows: str) -> str:
    peaks = [r.sample.peak_rss_mb for r in measured(runs, impl, rows)]
    return f"{max(peaks):.0f}" if peaks else "—"


def _summary_table(ctx: Context, runs: Sequence[Run]) -> list[str]:
    labels = ctx.cases
    lines = [
        "| implementation | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for impl in ctx.impls:
        cells = []
        for rows in ctx.cases:
            if impl == "floor":
                times = _times(runs, impl, rows)
                cells.append(f"1x (= {times.median:.3f} s)" if times else "—")
            else:
                cells.append(_ratio_cell(runs, impl, rows))
        lines.append(f"| {impl} | " + " | ".join(cells) + " |")
    return lines


def _size_table(ctx: Context, runs: Sequence[Run], rows: str) -> list[str]:
    log = ctx.logs[rows]
    lines = [
        f"### {rows} ({log['rows']:,} rows in the file, {log['series']:,} series, "
        f"load {_load(runs, rows)})",
        "",
        "| implementation | median wall s | min-max s | ratio to floor, median | "
        "ratio min-max | peak RSS MB | user+sys / wall | counts = log |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for impl in ctx.impls:
        times = _times(runs, impl, rows)
        found = ratios(runs, impl, rows)
        spread = Spread.of(found) if found else None
        lines.append(
            f"| {impl} | "
            + (f"{times.median:.3f} | {times.low:.3f}-{times.high:.3f}" if times else "— | —")
            + " | "
            + (f"{spread.median:.2f}x | {spread.low:.2f}-{spread.high:.2f}" if spread else "— | —")
            + f" | {_peak_rss(runs, impl, rows)} | {_cpu_share(runs, impl, rows)}"
            + f" | {_counts_cell(runs, impl, rows)} |"
        )
    return [*lines, ""]


def _load(runs: Sequence[Run], case: str) -> str:
    """The 1-minute load average before the case's timed runs: median and min-max."""
    loads = [r.sample.load for r in runs if r.case == case and r.round > 0]
    if not loads:
        return "—"
    spread = Spread.of(loads)
    return f"{spread.median:.2f}, {spread.low:.2f}-{spread.high:.2f}"


def _cpu_share(runs: Sequence[Run], impl: str, case: str) -> str:
    shares = [r.sample.cpu_share for r in measured(runs, impl, case) if r.completed]
    return f"{Spread.of(shares).median:.2f}" if shares else "—"


SCALING = (("100k", "1M", 10), ("1M", "10M", 10), ("1M", "1M/10-series", 1))


def _scaling(ctx: Context, runs: Sequence[Run]) -> list[str]:
    """Time ratios between cases: ten times the rows should cost ten times the time (or
    less), and the same rows in ten long series should cost no more than in many short ones."""
    pairs = [(a, b, x) for a, b, x in SCALING if a in ctx.cases and b in ctx.cases]
    if not pairs:
        return ["(needs two of 100k, 1M, 10M and 1M/10-series in the run)", ""]
    head = [f"time at {b} / time at {a} (linear: {x})" for a, b, x in pairs]
    lines = ["| implementation | " + " | ".join(head) + " |", "|---|" + "---:|" * len(pairs)]
    for impl in ctx.impls:
        cells = []
        for a, b, _ in pairs:
            small, large = _times(runs, impl, a), _times(runs, impl, b)
            cells.append(f"{large.median / small.median:.2f}" if small and large else "—")
        name = f"**{impl}**" if impl == "tallycheck" else impl
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _expected_table(ctx: Context) -> list[str]:
    lines = [
        "| check | " + " | ".join(ctx.cases) + " |",
        "|---|" + "---:|" * len(ctx.cases),
    ]
    for check in CHECKS:
        cells = [str(ctx.logs[case]["expected"][check]) for case in ctx.cases]
        lines.append(f"| {check} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _problems(runs: Sequence[Run]) -> list[str]:
    bad = [r for r in runs if r.problem]
    if not bad:
        return ["None: every run of every implementation found exactly the logged counts.", ""]
    lines = []
    for r in bad:
        which = "warm-up" if r.round == 0 else f"round {r.round}"
        lines.append(f"- **{r.impl}**, {r.case}, {which}: {r.problem}")
    return [*lines, ""]


def _versions(ctx: Context) -> list[str]:
    lines = [f"- tallycheck: {ctx.tallycheck}"]
    lines += [f"- {name}: {version}" for name, version in ctx.versions.items() if version]
    if ctx.gx_versions is not None:
        gx = ctx.gx_versions
        lines.append(
            f"- Great Expectations ran from {ctx.gx_where}: great_expectations "
            f"{gx.get('great_expectations')}, pandas {gx.get('pandas')}, python {gx.get('python')}"
        )
    lines += [f"- left out: {name}: {why}" for name, why in ctx.skipped.items()]
    return [*lines, ""]


def _version_time(ctx: Context) -> list[str]:
    if not ctx.version_samples:
        return ["(not measured)", ""]
    spread = Spread.of([s.seconds for s in ctx.version_samples])
    rss = max(s.peak_rss_mb for s in ctx.version_samples)
    return [
        f"`tallycheck --version`: median {spread.median * 1000:.0f} ms over "
        f"{len(ctx.version_samples)} runs (min-max {spread.low * 1000:.0f}-"
        f"{spread.high * 1000:.0f} ms), peak RSS {rss:.0f} MB (measured first; the runner "
        f"itself was at {ctx.runner_rss_at_version_mb:.0f} MB then, so the true figure may be "
        "lower).",
        "",
    ]


def _verdict(runs: Sequence[Run]) -> str:
    bad = [r for r in runs if r.problem]
    if not bad:
        return f"**Counts: all {len(runs)} runs found exactly the logged counts.**"
    names = sorted({r.impl for r in bad})
    return f"**FAILED: {len(bad)} of {len(runs)} runs did not ({', '.join(names)}); see below.**"


def render(ctx: Context, runs: Sequence[Run]) -> str:
    """The whole of RESULTS.md."""
    parts = [
        "# Benchmark results",
        "",
        _verdict(runs),
        "",
        f"Written by `{ctx.command}` on {ctx.started} ({ctx.minutes:.1f} min): "
        f"one warm-up round, then {ctx.rounds} timed rounds per size, seed {ctx.seed}. "
        "Each run is one fresh process (wall time includes interpreter start and imports); "
        "in each round every implementation runs once, in the order of the tables below, "
        "and its ratio is to the floor's time in the same round. "
        "See bench/README.md for what each implementation does.",
        "",
        "## Time relative to the floor (median over rounds, min-max in brackets)",
        "",
        *_summary_table(ctx, runs),
        "",
        "## Per table: wall time, peak RSS, user+sys over wall, counts",
        "",
        "Peak RSS is the largest `ru_maxrss` of the process over the timed rounds "
        "(from `os.wait4`). Linux counts in it the memory the child had before `exec`, "
        "a copy of the runner's as it started the child, so no value can be below what the "
        f"runner held then: {ctx.runner_rss_at_version_mb:.0f} MB at its start, "
        f"{ctx.runner_rss_mb:.0f} MB at its peak (it imports neither pandas nor numpy, "
        "but reads the reports whose findings it places).",
        "",
    ]
    for case in ctx.cases:
        parts += _size_table(ctx, runs, case)
    parts += [
        "## tallycheck start-up",
        "",
        *_version_time(ctx),
        "## Scaling",
        "",
        *_scaling(ctx, runs),
        "## Expected counts (from the injection logs)",
        "",
        *_expected_table(ctx),
        "## Count disagreements",
        "",
        *_problems(runs),
        "## Machine",
        "",
        *[f"- {key}: {value}" for key, value in ctx.machine.items()],
        f"- load average at end: {ctx.load_at_end}",
        "",
        "## Versions",
        "",
        *_versions(ctx),
    ]
    return "\n".join(parts).rstrip() + "\n"
