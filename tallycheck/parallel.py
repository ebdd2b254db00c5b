"""Run independent pieces of work on a large table side by side.

Arrow's compute kernels and numpy's operations on large arrays release the
GIL, so parsing several columns, or judging several rules, in threads uses
every core. Small tables are worked through in order: there, starting the
threads costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

THREADED_ROWS = 50_000  # below this, one thread


def each(work: Callable[[Item], Result], items: Iterable[Item], rows: int) -> list[Result]:
    """``work`` applied to each item, results in the items' order."""
    todo = list(items)
    workers = min(len(todo), os.cpu_count() or 1)
    if rows < THREADED_ROWS or workers < 2:
        return [work(item) for item in todo]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(work, todo))
