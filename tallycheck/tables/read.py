"""Read a table file into a Table of text cells, by the reader its suffix names.

The registry below maps each suffix tallycheck reads to its reader: a function
of the path that gives the cells (an Arrow table of strings, null where empty)
and the line of each row. A new input format is one module and its line here.
Reader modules are imported only when a file of their format is read.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tallycheck.errors import TableError
from tallycheck.tables.problem import Problem
from tallycheck.tables.table import Table

if TYPE_CHECKING:
    from tallycheck.tables.table import Parsed

__all__ = ["SUFFIXES", "read_table"]

# suffix -> (the reader's module, its function that reads a file of that format)
_READERS: dict[str, tuple[str, str]] = {
    ".csv": ("tallycheck.tables.delimited", "read_csv"),
    ".tsv": ("tallycheck.tables.delimited", "read_tsv"),
    ".json": ("tallycheck.tables.json_array", "read"),
    ".jsonl": ("tallycheck.tables.json_lines", "read"),
    ".ndjson": ("tallycheck.tables.json_lines", "read"),
    ".parquet": ("tallycheck.tables.parquet", "read"),
}
SUFFIXES: tuple[str, ...] = tuple(_READERS)
_STDIN = ".csv"  # the format of standard input ("-")
_ACCEPTED = f"{', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}"


def read_table(path: str) -> Table:
    """Read the table at ``path``; ``"-"`` reads CSV from standard input."""
    shown = "<stdin>" if path == "-" else path
    try:
        read = _reader(_STDIN if path == "-" else _suffix_of(path))
        with _gc_paused():
            cells, lines = read(path)
    except Problem as problem:
        raise TableError(problem.message, path=shown, line=problem.line) from None
    return Table(cells=cells, path=shown, lines=lines)


def _suffix_of(path: str) -> str:
    """The file's suffix, lower-cased, once it names a format tallycheck reads."""
    suffix = Path(path).suffix.lower()
    if suffix in _READERS:
        return suffix
    if not suffix:
        raise Problem(f"the file name has no suffix to tell its format; use {_ACCEPTED}")
    raise Problem(f"cannot read {suffix!r} files; use {_ACCEPTED}")


def _reader(suffix: str) -> Callable[[str], Parsed]:
    """The reader of a format (its module imported on first use)."""
    module, function = _READERS[suffix]
    read: Callable[[str], Parsed] = getattr(importlib.import_module(module), function)
    return read


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, which slows building millions of rows."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
