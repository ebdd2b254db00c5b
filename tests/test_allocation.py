"""The command's process keeps the memory it frees; the API leaves allocators alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tallycheck
from tallycheck.schema.loader import schema_from_mapping

# Allocate and free 256 MiB of numbers twice; print the page faults of the second time.
FAULTS_OF_A_SECOND_LARGE_ARRAY = """
import resource, sys
import numpy as np
if sys.argv[1] == "kept":
    from tallycheck.allocation import _keep_large_blocks
    assert _keep_large_blocks()
faults = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_minflt
np.ones(32 << 20).sum()
before = faults()
np.ones(32 << 20).sum()
print(faults() - before)
"""


def _faults(how: str) -> int:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "GLIBC_TUNABLES"))
    }
    done = subprocess.run(
        [sys.executable, "-c", FAULTS_OF_A_SECOND_LARGE_ARRAY, how],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc is Linux's")
def test_a_large_array_freed_is_reused_without_faulting_its_pages_in_again() -> None:
    unkept, kept = _faults("unkept"), _faults("kept")
    assert kept < 100  # 256 MiB is 65,536 pages, or 128 huge ones
    assert unkept > kept


def test_the_api_leaves_the_arrow_memory_pool_alone(tmp_path: Path) -> None:
    import pyarrow as pa

    before = pa.default_memory_pool().backend_name
    table = tmp_path / "t.csv"
    table.write_text("wave,freed\n1,5\n", encoding="utf-8")
    columns = {"wave": {"type": "integer"}, "freed": {"type": "integer"}}
    schema = schema_from_mapping({"name": "s", "columns": columns})
    assert tallycheck.validate(table, schema).ok
    assert pa.default_memory_pool().backend_name == before
