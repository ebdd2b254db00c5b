"""How the command's own process allocates memory, for tables of millions of rows.

Checking a large table makes and drops many arrays of tens of megabytes. An
allocator that hands freed memory back to the system faults it in again for
the next array, and on Linux every fault of fresh memory is paid in system
time: at ten million rows, seconds of it. The command owns its process, which
ends once the tables are checked, so it keeps freed memory for reuse; the API
runs inside other programs and leaves their allocators alone.
"""

from __future__ import annotations

import ctypes
import os
import sys

# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
_KEPT_AT_THE_TOP = 2**31 - 1  # the most mallopt takes: freed memory is all but never trimmed


def keep_freed_memory() -> None:
    """Set both allocators of the process to keep what they free.

    Arrow's columns get jemalloc (the C library's allocator where this pyarrow
    lacks it), unless ``ARROW_DEFAULT_MEMORY_POOL`` names one: Arrow's default,
    mimalloc, hands freed memory back; the C library's allocator keeps what
    Arrow frees but reuses it badly (at ten million rows it peaks 0.8 GB above
    jemalloc, which is as fast). numpy's arrays come from the C library: see
    ``_keep_large_blocks``.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        import pyarrow as pa

        try:
            pool = pa.jemalloc_memory_pool()
        except NotImplementedError:  # a pyarrow built without jemalloc
            pool = pa.system_memory_pool()
        pa.set_memory_pool(pool)
    _keep_large_blocks()


def _keep_large_blocks() -> bool:
    """Have glibc's malloc serve large blocks from its heap and keep them when
    freed; whether it could (False off Linux, or with another C library).

    glibc maps each block above 32 MiB (an array of four million numbers) fresh
    from the system and unmaps it when freed, and trims its heap as soon as
    some megabytes at its top are free. Without either, an array freed is
    reused by the next one, unfaulted: at ten million rows, 18.5 -> 16.0 s and
    8.2 -> 6.1 s of system time, for a peak 0.1 GB higher (2.9 -> 3.0 GB). The
    environment's ``MALLOC_MMAP_MAX_`` or ``MALLOC_TRIM_THRESHOLD_``, when set,
    are left to rule.
    """
    if not sys.platform.startswith("linux"):
        return False
    if {"MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_"} & set(os.environ):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_MAX, 0)) and bool(mallopt(_M_TRIM_THRESHOLD, _KEPT_AT_THE_TOP))
