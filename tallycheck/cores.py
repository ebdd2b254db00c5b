"""How many CPU cores the checks may use, to decide whether a second thread pays."""

from __future__ import annotations

import os


def available_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system has one
    (Linux: a container or ``taskset`` may allow fewer than the machine has), else
    the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
