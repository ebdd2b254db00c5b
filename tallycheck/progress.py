"""A progress bar on stderr for runs over many or large tables, only on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

MANY_TABLES = 5
LARGE_BYTES = 20_000_000


def _size(table: object) -> int:
    if isinstance(table, str | Path) and str(table) != "-":
        try:
            return os.path.getsize(table)
        except OSError:
            return 0
    return 0


def wanted(tables: Sequence[object], *, terminal: bool) -> bool:
    """A bar is worth showing on a terminal for many tables or a large one."""
    return terminal and (len(tables) >= MANY_TABLES or sum(_size(t) for t in tables) >= LARGE_BYTES)


@contextmanager
def table_progress(tables: Sequence[Any]) -> Iterator[Callable[[object], None] | None]:
    """Yield the callback that advances the bar by each checked table's size, or None."""
    if not wanted(tables, terminal=sys.stderr.isatty()):
        yield None
        return
    sizes = [max(_size(t), 1) for t in tables]
    with click.progressbar(
        length=sum(sizes), label="checking", file=sys.stderr, show_eta=True
    ) as bar:
        done = iter(sizes)
        yield lambda _table: bar.update(next(done))
