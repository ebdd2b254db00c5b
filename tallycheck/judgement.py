"""The engine contract: what an engine hands back for one table.

Each engine (``builtin`` in ``tallycheck.engine``, ``gx`` in ``tallycheck.gx``)
is a ``Judge``: it judges a parsed table and returns a ``Judgement``, which
``tallycheck.engine`` turns into findings. This module imports no engine, so that
the engines can share it without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame

ENGINES = ("builtin", "gx", "pandera")  # the engines' names, the default first
# Former names still accepted: ``pandas`` was the built-in engine's, which never loads pandas.
ALIASES = {"pandas": "builtin"}


class Violation(NamedTuple):
    """What a rule found wrong in one row; the engine turns it into a finding.

    ``row`` and ``related_row`` are positions of data rows (0-based) in the table.
    ``figures`` is the rule's own short wording of ``value`` against ``expected``
    (``wave 5 is missing before wave 6``), when "value → expected" would not say
    what the rule means; reports show it in their place. ``quoted`` lists the
    words of the row's quote that the finding rests on, and ``passage`` the text of
    a source set beside the quote (the closest passage of an article), for reports
    that can show them.
    """

    row: int
    columns: tuple[str, ...]
    value: str | None
    expected: str | None
    message: str
    related_row: int | None = None
    figures: str | None = None
    quoted: tuple[str, ...] = ()
    passage: str | None = None


CellFinding = tuple[str, str, int | None]  # column check id, column, row (None: the whole column)


@dataclass(frozen=True)
class Judgement:
    """What an engine found in one table: the column checks' failures, and
    each rule's violations, in the order of the schema's rules."""

    cells: list[CellFinding]
    rules: list[list[Violation]]


Judge = Callable[["CheckFrame"], Judgement]

# How far the check of one table has come, in order: its cells read, parsed by
# their columns' types, judged by the engine, and its findings made.
Step = Literal["read", "parsed", "judged", "checked"]
