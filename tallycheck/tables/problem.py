"""The problem a reader raises for input it cannot read."""

from __future__ import annotations

__all__ = ["Problem"]


class Problem(Exception):
    """What is wrong with the input, and the line where it is (if any)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
