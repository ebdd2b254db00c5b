"""How serious a finding is: set by the schema, never by the rule."""

from __future__ import annotations

from enum import IntEnum


class Severity(IntEnum):
    """A finding's severity; ``max()`` of several gives the worst."""

    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return _NAMES[self]


_NAMES = {severity: severity.name.lower() for severity in Severity}  # each report says them often
