"""How the command allocates memory: Arrow's pool, and malloc for tables of millions of rows.

Arrow's default pool (mimalloc) hands freed memory back to the system and faults
it in again for the next column: on a million rows, that is most of the run's
system time. The command gives Arrow jemalloc instead (``choose_arrow_pool``).

glibc's malloc serves a block above its mmap threshold from pages mapped for that
block alone, and hands the pages back when the block is freed. The threshold adapts
upwards to the blocks freed, but never past 32 MiB: a column of more than four
million rows (8 bytes a row) is always such a block. Checking ten million rows makes
and drops a few hundred of them, and each one's pages are faulted in and zeroed
again: on the benchmark's 10M table, 140,000 of its 780,000 page faults, and
1 to 2 s of its 13 s. Told to serve every block from its heap and never to trim the
heap, malloc reuses the freed blocks instead.

The heap then keeps what it grew to until the process ends, so only the
``tallycheck`` command, which ends with its report, asks for this (``in_command``);
a program calling tallycheck's API keeps its allocators as they were. Tables are read
before it applies: a file's bytes, freed after parsing, would leave a hole in the
heap that larger blocks cannot reuse (the 233 MB long-quotes table peaked 550 MB
higher).
"""

from __future__ import annotations

import os
import sys

# glibc's own ceiling for its adaptive mmap threshold (DEFAULT_MMAP_THRESHOLD_MAX on
# 64-bit systems): an array smaller than this is already reused from the heap
ADAPTED_BLOCK_LIMIT = 32 << 20
_ROW_BYTES = 8  # a float64 or int64 column's bytes per row
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4  # mallopt's parameters (malloc.h)
_INT_MAX = (1 << 31) - 1

_state = {"command": False, "tuned": False}


def in_command() -> None:
    """Told by the ``tallycheck`` command: this process ends with its report, so
    large tables may keep the memory they free (``for_rows``)."""
    _state["command"] = True


def for_rows(n_rows: int) -> bool:
    """Before a table of ``n_rows`` is checked: in the command, on glibc, when its
    columns are larger than malloc's threshold adapts to, serve every block from the
    heap and never trim it (once a process). Whether malloc is so tuned now."""
    if _state["tuned"]:
        return True
    if not _state["command"] or n_rows * _ROW_BYTES <= ADAPTED_BLOCK_LIMIT:
        return False
    _state["tuned"] = _tune_glibc_malloc()
    return _state["tuned"]


def choose_arrow_pool() -> None:
    """Give Arrow jemalloc (the C library's allocator where this pyarrow lacks it),
    unless ``ARROW_DEFAULT_MEMORY_POOL`` names one. The C library's allocator keeps
    what Arrow frees but reuses it badly: at ten million rows it peaks 0.8 GB above
    jemalloc, which is as fast."""
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        import pyarrow as pa

        try:
            pool = pa.jemalloc_memory_pool()
        except NotImplementedError:  # a pyarrow built without jemalloc
            pool = pa.system_memory_pool()
        pa.set_memory_pool(pool)


def _tune_glibc_malloc() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # only for a large table: the 10-row run does not load it

    libc = ctypes.CDLL(None)
    if not hasattr(libc, "gnu_get_libc_version"):  # musl, whose malloc has no mallopt
        return False
    return bool(libc.mallopt(_M_MMAP_MAX, 0)) and bool(libc.mallopt(_M_TRIM_THRESHOLD, _INT_MAX))
