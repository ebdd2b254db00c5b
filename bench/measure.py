"""Run one command as a fresh process: wall time, peak RSS, exit code."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stderr_tail: str
    cpu_seconds: float = 0.0  # user + sys of the child
    load: float = 0.0  # the machine's 1-minute load average just before the run

    @property
    def cpu_share(self) -> float:
        """User + sys time over wall time: above 1 only when more than one core worked."""
        return self.cpu_seconds / self.seconds if self.seconds else 0.0


def run_once(argv: Sequence[str], env: Mapping[str, str] | None = None) -> Sample:
    """Start ``argv``, wait for it with ``os.wait4`` and measure it.

    The wall time runs from just before the fork to the reaping of the child,
    so it includes interpreter start and imports. ``ru_maxrss`` from ``wait4``
    is that child's own peak resident set (kilobytes on Linux).
    """
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        tail = stderr.read()[-2000:].decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, usage.ru_maxrss / 1024, process.returncode, tail, cpu, load)


@dataclass(frozen=True)
class Spread:
    """Median, minimum and maximum of a few numbers."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """The spread of ``values`` (at least one)."""
        return cls(statistics.median(values), min(values), max(values))
