"""When the checks hand work to a second thread: how many cores the process may use,
and how much data work on a second thread may hold while the table is checked."""

from __future__ import annotations

import os

# Work that would hold more bytes than this while the table is checked (a file read
# again for its findings' spans) waits until the checks are done: held meanwhile, they
# would add to the table's peak memory, which matters more than the time saved.
SECOND_THREAD_BYTES = 128 << 20


def available_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system has one
    (Linux: a container or ``taskset`` may allow fewer than the machine has), else
    the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def second_thread_pays(size: int) -> bool:
    """Whether work on ``size`` bytes of data may run on a second thread: the process
    has two cores or more, and the data is at most ``SECOND_THREAD_BYTES``."""
    return size <= SECOND_THREAD_BYTES and available_cores() >= 2
