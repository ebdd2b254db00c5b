"""Reading a YAML (or TOML) document key by key, failing at the offending key's line.

The schema loader and the config both read their documents with a ``KeyReader``:
every mistake becomes a ``SchemaError`` naming the file, the line of the key and
its path (``rules[2].parts``); the config turns it into a ``ConfigError``.

Every mistake in one run: the document is read in independent parts (each
column, each rule, each top-level key, each config entry). A mistake stops its
own part only; the others are read on, and ``done`` raises the first mistake
with the rest in its ``also``, in the order of their lines. A part that names a
column whose own spec is wrong is not judged (the column's mistake stands for
it): what it would say about that column could only mislead. A document whose
shape is wrong (not a mapping, no ``columns``) stops at once.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tallycheck.errors import SchemaError
from tallycheck.schema.yamlmarks import Path as KeyPath
from tallycheck.schema.yamlmarks import format_path
from tallycheck.suggest import unknown


class KeyReader:
    """Reads one document, failing with the line of the offending key.

    ``source`` names the document in messages; ``marks`` maps each key path to
    its line (``yamlmarks.load_yaml`` gives them).
    """

    def __init__(self, source: str, marks: dict[KeyPath, int]) -> None:
        self.source = source
        self.marks = marks
        self.mistakes: list[SchemaError] = []
        self.broken: set[str] = set()  # columns whose own spec is wrong

    @contextmanager
    def part(self, column: str | None = None) -> Iterator[None]:
        """Read one independent part: a mistake in it is kept, and reading goes on.
        ``column``: the part is that column's spec, which is broken if it fails."""
        try:
            yield
        except _Moot:
            pass
        except SchemaError as error:
            self.mistakes.append(error)
            if column is not None:
                self.broken.add(column)

    def refer(self, column: str) -> None:
        """A part names ``column``: when its spec is wrong, the part is not judged."""
        if column in self.broken:
            raise _Moot(f"names the column '{column}', whose spec is wrong", path=self.source)

    def done(self) -> None:
        """Raise the mistakes kept so far, the first with the others in its ``also``."""
        if self.mistakes:
            first, *rest = sorted(self.mistakes, key=lambda e: e.line or 0)
            first.also = tuple(rest)
            raise first

    def fail(self, path: KeyPath, message: str) -> SchemaError:
        """The error at ``path``: on its line, or its nearest parent's that has one."""
        line = None
        for cut in range(len(path), -1, -1):
            line = self.marks.get(path[:cut])
            if line is not None:
                break
        where = format_path(path)
        return SchemaError(f"{where}: {message}" if where else message, path=self.source, line=line)

    def mapping(self, value: Any, path: KeyPath, allowed: typing.Sequence[str]) -> dict[str, Any]:
        """``value`` as a mapping whose keys are all ``allowed``."""
        if not isinstance(value, dict):
            raise self.fail(path, f"should be a mapping of keys, not {kind_of(value)}")
        for key in value:
            if key not in allowed:
                raise self.fail((*path, key), unknown("key", key, allowed, named=False))
        return value

    def text(self, value: Any, path: KeyPath) -> str:
        """``value`` as text that is not blank."""
        if isinstance(value, str) and not value.strip():
            raise self.fail(path, "should be text, not blank")
        if not isinstance(value, str):
            raise self.fail(path, f"should be text, not {kind_of(value)}")
        return value

    def choice(self, value: Any, path: KeyPath, what: str, choices: typing.Sequence[str]) -> str:
        """``value`` as one of ``choices`` (a "did you mean" for a near miss)."""
        if isinstance(value, list | dict):
            raise self.fail(path, f"should be one of {', '.join(choices)}, not {kind_of(value)}")
        if value not in choices:
            raise self.fail(path, unknown(what, value, choices))
        return str(value)

    def flag(self, value: Any, path: KeyPath) -> bool:
        """``value`` as true or false."""
        if not isinstance(value, bool):
            raise self.fail(path, f"should be true or false, not {kind_of(value)}")
        return value


class _Moot(SchemaError):
    """A part that is not judged because a column it names is itself wrong."""


def kind_of(value: Any) -> str:
    """How a message names a value of the wrong kind: ``empty``, ``a list``, ``int 5``."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"
