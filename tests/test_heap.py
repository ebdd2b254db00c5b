"""A table of millions of rows reuses the memory its arrays free, in the command only.

Observed in glibc's own accounting (``mallinfo2``: the bytes of blocks served from
pages mapped for them alone), in a process of its own, as the tuning lasts as long
as its process.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tallycheck import heap

ROOT = Path(__file__).resolve().parent.parent
LIMIT_ROWS = heap.ADAPTED_BLOCK_LIMIT // 8  # 4,194,304 rows: a column of exactly 32 MiB

MAPPED = """
import ctypes
import numpy as np

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd",
        "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2

def mapped_for_a_block() -> int:
    before = libc.mallinfo2().hblkhd
    block = np.ones(64 << 20, dtype=np.uint8)  # written, so that its pages are real
    return libc.mallinfo2().hblkhd - before
"""


def _glibc_with_mallinfo2() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    return hasattr(ctypes.CDLL(None), "mallinfo2")  # glibc 2.33 and later


needs_glibc = pytest.mark.skipif(
    not _glibc_with_mallinfo2(), reason="needs glibc 2.33 or later (mallinfo2) to observe malloc"
)


def _probe(code: str, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", MAPPED + code, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"},
        check=False,
        cwd=ROOT,
    )
    assert not done.stderr.startswith("Traceback"), done.stderr
    return done.stdout.split()


IN_THE_COMMAND = f"""
import pandas as pd
from tallycheck import api, cli, heap
from tallycheck.schema.loader import schema_from_mapping

SCHEMA = schema_from_mapping({{"name": "n", "columns": {{"n": {{"type": "integer"}}}}}})

def main():
    print(heap.for_rows(0), mapped_for_a_block() >= 64 << 20)
    api.validate(pd.DataFrame({{"n": range({LIMIT_ROWS})}}), SCHEMA)
    print(heap.for_rows(0))
    api.validate(pd.DataFrame({{"n": range({LIMIT_ROWS + 1})}}), SCHEMA)
    print(heap.for_rows(0), mapped_for_a_block())

cli.main = main
cli.run()
"""


@needs_glibc
def test_the_command_serves_a_table_of_millions_of_rows_from_the_heap() -> None:
    """Before any table, a 64 MiB block has pages of its own; a table whose columns are
    at most the 32 MiB malloc adapts to changes nothing; one row more, and from then on
    such a block comes from the heap (none of its bytes mapped apart)."""
    assert _probe(IN_THE_COMMAND) == ["False", "True", "False", "True", "0"]


@needs_glibc
def test_a_program_calling_the_api_keeps_its_allocator_as_it_was() -> None:
    code = "from tallycheck import heap\n"
    code += "print(heap.for_rows(10_000_000), mapped_for_a_block() >= 64 << 20)\n"
    assert _probe(code) == ["False", "True"]


POOL = """
import pyarrow as pa
from tallycheck import heap
heap.choose_arrow_pool()
print(pa.default_memory_pool().backend_name)
"""


def _jemalloc_built_in() -> bool:
    import pyarrow as pa

    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    return True


@pytest.mark.parametrize("asked", [None, "mimalloc"])
def test_the_command_gives_arrow_jemalloc_unless_the_environment_names_a_pool(
    asked: str | None,
) -> None:
    """jemalloc, or the C library's allocator in a pyarrow built without it."""
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if asked is not None:
        env["ARROW_DEFAULT_MEMORY_POOL"] = asked
    done = subprocess.run(
        [sys.executable, "-c", POOL],
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    chosen = "jemalloc" if _jemalloc_built_in() else "system"
    assert done.stdout.split() == [asked or chosen]
