"""Pause the cyclic garbage collector while many small objects are made.

Building a report makes several objects per finding (the finding, its dicts and
tuples, its JSON text). Each few hundred new objects set the collector off, and
its full passes walk every object alive: on a hundred thousand findings, the
passes cost more than the findings. Reference counting still frees what is
let go; only reference cycles wait until the block ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """The block runs without cyclic garbage collection; the collector's state is
    restored after it (a nested block leaves it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
