"""Turn the measured runs into bench/RESULTS.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from common import CHECKS, size_label
from measure import Sample, Spread


@dataclass(frozen=True)
class Run:
    """One measured run of one implementation on one table (round 0 is the warm-up)."""

    impl: str
    rows: int
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
    sizes: list[int]
    impls: list[str]
    logs: dict[int, dict[str, Any]]
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


def measured(runs: Sequence[Run], impl: str, rows: int) -> list[Run]:
    """The timed (non warm-up) runs of one implementation on one size."""
    return [r for r in runs if r.impl == impl and r.rows == rows and r.round > 0]


def ratios(runs: Sequence[Run], impl: str, rows: int) -> list[float]:
    """Each round's wall time divided by the floor's in the same round."""
    floor = {r.round: r.sample.seconds for r in measured(runs, "floor", rows) if r.completed}
    return [
        r.sample.seconds / floor[r.round]
        for r in measured(runs, impl, rows)
        if r.round in floor and r.completed
    ]


def _times(runs: Sequence[Run], impl: str, rows: int) -> Spread | None:
    seconds = [r.sample.seconds for r in measured(runs, impl, rows) if r.completed]
    return Spread.of(seconds) if seconds else None


def _ratio_cell(runs: Sequence[Run], impl: str, rows: int) -> str:
    found = ratios(runs, impl, rows)
    if not found:
        return "—"
    spread = Spread.of(found)
    return f"{spread.median:.2f}x ({spread.low:.2f}-{spread.high:.2f})"


def _counts_cell(runs: Sequence[Run], impl: str, rows: int) -> str:
    mine = [r for r in runs if r.impl == impl and r.rows == rows]
    if not mine:
        return "not run"
    bad = [r for r in mine if r.problem]
    return "✓ all runs" if not bad else f"✗ {len(bad)} of {len(mine)} runs"


def _peak_rss(runs: Sequence[Run], impl: str, rows: int) -> str:
    peaks = [r.sample.peak_rss_mb for r in measured(runs, impl, rows)]
    return f"{max(peaks):.0f}" if peaks else "—"


def _summary_table(ctx: Context, runs: Sequence[Run]) -> list[str]:
    labels = [size_label(rows) for rows in ctx.sizes]
    lines = [
        "| implementation | " + " | ".join(f"{label} rows" for label in labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for impl in ctx.impls:
        cells = []
        for rows in ctx.sizes:
            if impl == "floor":
                times = _times(runs, impl, rows)
                cells.append(f"1x (= {times.median:.3f} s)" if times else "—")
            else:
                cells.append(_ratio_cell(runs, impl, rows))
        lines.append(f"| {impl} | " + " | ".join(cells) + " |")
    return lines


def _size_table(ctx: Context, runs: Sequence[Run], rows: int) -> list[str]:
    log = ctx.logs[rows]
    lines = [
        f"### {size_label(rows)} rows ({log['rows']:,} rows in the file, {log['series']:,} series)",
        "",
        "| implementation | median wall s | min-max s | ratio to floor, median | "
        "ratio min-max | peak RSS MB | counts = log |",
        "|---|---:|---:|---:|---:|---:|---|",
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
            + f" | {_peak_rss(runs, impl, rows)} | {_counts_cell(runs, impl, rows)} |"
        )
    return [*lines, ""]


def _scaling(ctx: Context, runs: Sequence[Run]) -> list[str]:
    small, large = 100_000, 1_000_000
    if small not in ctx.sizes or large not in ctx.sizes:
        return ["(needs both the 100k and the 1M size in the run)", ""]
    lines = ["| implementation | time at 1M / time at 100k |", "|---|---:|"]
    for impl in ctx.impls:
        a, b = _times(runs, impl, small), _times(runs, impl, large)
        shown = f"{b.median / a.median:.2f}" if a and b else "—"
        name = f"**{impl}**" if impl == "tallycheck" else impl
        lines.append(f"| {name} | {shown} |")
    return [*lines, ""]


def _expected_table(ctx: Context) -> list[str]:
    lines = [
        "| check | " + " | ".join(size_label(rows) for rows in ctx.sizes) + " |",
        "|---|" + "---:|" * len(ctx.sizes),
    ]
    for check in CHECKS:
        cells = [str(ctx.logs[rows]["expected"][check]) for rows in ctx.sizes]
        lines.append(f"| {check} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _problems(runs: Sequence[Run]) -> list[str]:
    bad = [r for r in runs if r.problem]
    if not bad:
        return ["None: every run of every implementation found exactly the logged counts.", ""]
    lines = []
    for r in bad:
        which = "warm-up" if r.round == 0 else f"round {r.round}"
        lines.append(f"- **{r.impl}**, {size_label(r.rows)} rows, {which}: {r.problem}")
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
        "## Per size: wall time, peak RSS, counts",
        "",
        "Peak RSS is the largest `ru_maxrss` of the process over the timed rounds "
        "(from `os.wait4`). Linux counts in it the memory the child had before `exec`, "
        "a copy of the runner's, so no value can be below the runner's own peak RSS "
        f"({ctx.runner_rss_mb:.0f} MB in this run: it imports neither pandas nor numpy).",
        "",
    ]
    for rows in ctx.sizes:
        parts += _size_table(ctx, runs, rows)
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
