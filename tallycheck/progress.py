"""A progress bar on stderr for runs over many or large tables, only on a terminal.

The bar's length is the tables' total size in bytes. Each table moves it by its
own size, in steps as its check goes on (``AT``), so that the bar also moves on
one large table.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from tallycheck.judgement import Step

MANY_TABLES = 5
LARGE_BYTES = 20_000_000
# How far through a table's check each step is: the share of the time spent up to
# it on a million-row CSV with the built-in engine (bench/), where reading, parsing,
# judging and making the findings take about a quarter each.
AT: dict[Step, float] = {"read": 0.25, "parsed": 0.5, "judged": 0.85, "checked": 1.0}


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


def on_terminal(output_format: str) -> bool:
    """Whether a bar may be drawn: stderr and stdout are terminals and stdout
    shows the text report (never in a pipe, a CI log or among JSON)."""
    return output_format == "text" and sys.stderr.isatty() and sys.stdout.isatty()


@contextmanager
def table_progress(
    tables: Sequence[Any], *, terminal: bool
) -> Iterator[Callable[[object, Step], None] | None]:
    """Yield the callback that moves the bar as each table's check reaches a step,
    or None when no bar is wanted."""
    if not wanted(tables, terminal=terminal):
        yield None
        return
    sizes = [max(_size(t), 1) for t in tables]
    with click.progressbar(
        length=sum(sizes), label="checking", file=sys.stderr, show_eta=True
    ) as bar:
        yield _Advance(bar, sizes)


class _Advance:
    """Moves the bar to where the current table's check is: the sizes of the
    tables done, and the current one's size times how far its check has come."""

    def __init__(self, bar: ProgressBar[Any], sizes: list[int]) -> None:
        self._bar = bar
        self._sizes = iter(sizes)
        self._size = next(self._sizes, 0)
        self._done = 0  # the sizes of the tables checked
        self._at = 0  # where the bar is

    def __call__(self, _table: object, step: Step) -> None:
        at = self._done + round(AT[step] * self._size)
        if at > self._at:
            self._bar.update(at - self._at)
            self._at = at
        if step == "checked":
            self._done += self._size
            self._size = next(self._sizes, 0)
