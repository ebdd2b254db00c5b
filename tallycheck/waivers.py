"""Waivers: findings accepted on purpose, each with its reason.

A waiver names a table file (a path or glob relative to the config's folder),
a rule, and in ``where`` the column values that pick the row (``{wave: 7}``
matches the row whose wave cell is 7), never a line number, so it survives rows
added above it. A waived finding stays in the report with the waiver's reason
and does not fail the run. A waiver that covers no finding, or whose
``expires`` date has passed, becomes a ``stale-waiver`` warning at its line in
the config, as an unused ``noqa`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tallycheck.entries import STALE_WAIVER
from tallycheck.paths import glob_matches, relative
from tallycheck.report import Finding
from tallycheck.severity import Severity
from tallycheck.suggest import did_you_mean

if TYPE_CHECKING:
    from tallycheck.checkframe import CheckFrame, Values

Scalar = str | int | float | bool | dt.date | None


@dataclass(frozen=True)
class Waiver:
    """One entry of ``waivers:``; ``line`` is where it starts in the config."""

    file: str
    rule: str
    where: Mapping[str, Scalar]
    reason: str
    expires: dt.date | None = None
    line: int | None = None

    def names(self, path: str) -> bool:
        """Whether the waiver's ``file`` names this table (relative to the config)."""
        return glob_matches(path, self.file)

    def expired(self, today: dt.date) -> bool:
        """A waiver applies through its ``expires`` date, not after it."""
        return self.expires is not None and self.expires < today

    def covers(self, finding: Finding, frame: CheckFrame | None) -> bool:
        """Whether the finding is of the waiver's rule, on a row that ``where`` picks."""
        if finding.rule != self.rule:
            return False
        if not self.where:
            return True
        if frame is None or finding.row is None:
            return False
        row = finding.row - 1
        return all(_cell_is(frame.column(name), row, value) for name, value in self.where.items())

    def describe(self) -> str:
        """``running-total in data/pardons.csv where wave 7``."""
        text = f"{self.rule} in {self.file}"
        if self.where:
            text += " where " + ", ".join(f"{name} {value}" for name, value in self.where.items())
        return text


def _cell_is(values: Values | None, row: int, wanted: Scalar) -> bool:
    """Whether a cell holds the value a waiver asks for; numbers compare as numbers."""
    if values is None:
        return False
    if values.blank[row]:
        return wanted is None or wanted == ""
    text = values.show(row)
    if isinstance(wanted, bool):
        return text.lower() == str(wanted).lower()
    if isinstance(wanted, int | float):
        return _number(text) == wanted
    return text == str(wanted)


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


@dataclass(frozen=True)
class WaiverSet:
    """The waivers of a run, the folder their paths are relative to, and the
    config file that ``stale-waiver`` findings point at.

    With ``every_table`` the run checks every table the config maps, so any
    waiver left unused is stale; otherwise (tables named one by one, as
    pre-commit passes them) only the waivers of the tables checked are judged.
    """

    waivers: tuple[Waiver, ...]
    root: Path
    source: str
    every_table: bool = False


class WaiverLedger:
    """Applies a run's waivers to each table's findings and keeps count of
    which were used, so that the others can be reported stale at the end."""

    def __init__(self, waivers: WaiverSet) -> None:
        self.waivers = waivers
        self.today = dt.date.today()
        self.used: set[int] = set()
        self.checked: list[str] = []
        self.misnamed: dict[int, str] = {}  # waiver -> why its where names no column

    def apply(
        self, path: str, findings: list[Finding], frame: CheckFrame | None = None
    ) -> list[Finding]:
        """The table's findings, those that a live waiver covers marked ``waived``."""
        table = relative(path, self.waivers.root)
        if table is None:
            return findings
        self.checked.append(table)
        live = [
            (index, waiver)
            for index, waiver in enumerate(self.waivers.waivers)
            if waiver.names(table) and not waiver.expired(self.today)
        ]
        if frame is not None:
            for index, waiver in live:
                self._note_misnamed(index, waiver, frame.schema.column_by_name)
        result = []
        for finding in findings:
            covering = [(index, waiver) for index, waiver in live if waiver.covers(finding, frame)]
            self.used.update(index for index, _ in covering)
            result.append(replace(finding, waived=covering[0][1].reason) if covering else finding)
        return result

    def _note_misnamed(self, index: int, waiver: Waiver, columns: Mapping[str, object]) -> None:
        """Remember a ``where`` column that the table's schema does not have."""
        for name in waiver.where:
            if name not in columns:
                self.misnamed.setdefault(
                    index,
                    f"its where names no column '{name}' of the table's schema"
                    f"{did_you_mean(name, columns)}: correct it, or remove the waiver",
                )

    def stale(self) -> list[Finding]:
        """A ``stale-waiver`` warning for each judged waiver that was not used."""
        findings = []
        for index, waiver in enumerate(self.waivers.waivers):
            judged = self.waivers.every_table or any(map(waiver.names, self.checked))
            if index in self.used or not judged:
                continue
            if waiver.expired(self.today):
                why = (
                    f"expired on {waiver.expires}, so it no longer applies: "
                    "remove it, or renew its expires date"
                )
            elif index in self.misnamed:
                why = f"matches no finding: {self.misnamed[index]}"
            else:
                why = "matches no finding: remove it, or correct its file, rule or where"
            findings.append(
                Finding(
                    rule=STALE_WAIVER.id,
                    severity=Severity.WARNING,
                    file=self.waivers.source,
                    line=waiver.line,
                    message=f"The waiver for {waiver.describe()} {why}.",
                )
            )
        return findings
