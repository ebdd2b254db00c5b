"""The errors tallycheck raises for what cannot be judged.

Every error carries a one-line message that names the file (and the line where
there is one) and what is wrong. The CLI prints that line and exits 2; the
library only raises.
"""

from __future__ import annotations


class TallycheckError(Exception):
    """The root of every error tallycheck raises on purpose."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.also: tuple[TallycheckError, ...] = ()  # more mistakes found in the same run
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message with its place in front: ``file:line: what is wrong``."""
        if self.path is None:
            return self.message
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{place}: {self.message}"

    def every_line(self) -> list[str]:
        """Its line, then one for each further mistake found with it (``also``)."""
        return [self.one_line(), *(error.one_line() for error in self.also)]


class SchemaError(TallycheckError):
    """A schema file that cannot be loaded: bad YAML, unknown key, wrong type."""


class TableError(TallycheckError):
    """A table that cannot be read: missing, empty, ragged, badly encoded."""


class ConfigError(TallycheckError):
    """A config file (tallycheck.yaml, pyproject.toml) that cannot be used."""


class UsageError(TallycheckError):
    """A call that cannot be carried out as given (no schema, unknown format)."""


class EngineError(TallycheckError):
    """An engine that cannot run: Great Expectations not installed, or failing on a table."""
