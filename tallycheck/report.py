"""Findings and the report: plain values that every reporter renders."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from typing import Any, Literal, NamedTuple

from tallycheck.severity import Severity
from tallycheck.version import __version__

REPORT_VERSION = 1


class Span(NamedTuple):
    """Where a finding's cell stands in its file: the line and column of its first
    character, and the line and column just past its last (an empty cell's span is
    empty). Columns count characters (Unicode code points) from 1 on their line."""

    line: int
    column: int
    end_line: int
    end_column: int

    def to_dict(self) -> dict[str, int]:
        return self._asdict()


@dataclass(frozen=True)
class Finding:
    """One thing found wrong, located in its file and row, with its source.

    ``row`` counts data rows from 1; for a DataFrame, ``index`` is the row's
    label in the frame (``frame.loc[finding.index]``), None for a file.
    ``figures`` is the rule's own wording of the value against the expected
    value, for rules where "value → expected" would mislead (a gap, a sum).
    ``cell`` is where the finding's cell stands in a CSV or TSV file.
    """

    rule: str
    severity: Severity
    file: str
    message: str
    line: int | None = None
    row: int | None = None
    name: str | None = None
    series: str | None = None
    columns: tuple[str, ...] = ()
    value: str | None = None
    expected: str | None = None
    related_line: int | None = None
    provenance: dict[str, str | None] = field(default_factory=dict, compare=False)
    also: tuple[str, ...] = ()  # other rules that flagged the same cells for this reason
    waived: str | None = None  # the waiver's reason, when a waiver covers this finding
    figures: str | None = None
    quoted: tuple[str, ...] = ()  # the quote's words the finding rests on (HTML marks them)
    passage: str | None = None  # a source's text shown beside the quote (HTML)
    index: Hashable | None = None
    # the row's key values (the schema's series and order cells; every cell without
    # them), by which a baseline entry names the finding, never by line
    key: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    baselined: bool = False  # accepted by --baseline: ``waived`` names the baseline
    # where the finding's cell stands in a CSV or TSV file; None where that is not known
    cell: Span | None = field(default=None, compare=False)

    @classmethod
    def maker(cls, **shared: Any) -> Callable[[dict[str, Any]], Finding]:
        """A function that makes findings sharing the ``shared`` fields, each from a
        dict of its other fields, as ``Finding(**shared, **fields)`` would, but
        without the frozen dataclass's ``__init__``, which sets the fields one call
        at a time: the engine makes a finding per failing row, a hundred thousand
        on a table of a million rows. Each dict must hold ``provenance``."""
        base = {**_FINDING_DEFAULTS, **shared}
        make, set_fields = object.__new__, object.__setattr__

        def finding(fields: dict[str, Any]) -> Finding:
            made = make(cls)
            set_fields(made, "__dict__", {**base, **fields})
            return made

        return finding

    def sort_key(self) -> tuple[str, int, int, int, str, tuple[str, ...]]:
        """Findings are sorted by file, errors before warnings, then line and rule."""
        return (self.file, -self.severity, self.line or 0, self.row or 0, self.rule, self.columns)

    def to_dict(self) -> dict[str, Any]:
        """The finding as in the JSON report.

        ``index`` stays out: a frame's labels (timestamps, tuples) need not be JSON
        data, and a report from files has none. ``figures`` stays out: it words
        ``value`` and ``expected``, which are the data; so do ``quoted`` and
        ``passage``, which the message and ``expected`` already give.
        """
        data: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "row": self.row,
            "series": self.series,
            "columns": list(self.columns),
            "value": self.value,
            "expected": self.expected,
            "related_line": self.related_line,
            "cell": None if self.cell is None else self.cell.to_dict(),
            "message": self.message,
            "provenance": dict(self.provenance),
            "also": list(self.also),
        }
        if self.waived is not None:
            data["waived"] = self.waived
        if self.baselined:
            data["baselined"] = True
        return data


_FINDING_DEFAULTS = {f.name: f.default for f in fields(Finding) if f.default is not MISSING}

ChartMark = Literal["error", "warning", "waived"]


@dataclass(frozen=True)
class ChartPoint:
    """One row of a series as a chart shows it: where it stands, its figure's bounds,
    and the worst finding on that figure (a standing error, a warning, or only waived)."""

    x: float
    label: str
    lo: float
    hi: float
    line: int | None
    mark: ChartMark | None


@dataclass(frozen=True)
class Chart:
    """A series' running figure over the order column, for reports that draw it.

    ``figures`` counts the series' rows with a figure (``points`` may hold fewer);
    ``gaps`` are the stretches of the order axis where a sequence rule found
    values missing; ``floor`` is the column's schema minimum, below which no axis runs.
    """

    series: str | None
    column: str
    order: str
    points: tuple[ChartPoint, ...]
    figures: int
    gaps: tuple[tuple[float, float], ...] = ()
    floor: float | None = None


@dataclass(frozen=True)
class Charts:
    """The charts of a table, and the series left without one (``flagged``: with findings)."""

    shown: tuple[Chart, ...] = ()
    left_out: int = 0
    left_out_flagged: int = 0


@dataclass(frozen=True)
class FileResult:
    """How one table fared: readable at all, judged against its schema, counts,
    and the columns of its header that the schema does not name."""

    path: str
    schema: str | None
    rows: int
    readable: bool = True
    judged: bool = True
    unnamed_columns: tuple[str, ...] = ()
    charts: Charts = field(default=Charts(), compare=False)


@dataclass(frozen=True)
class Report:
    """The result of a run over one or more tables.

    ``strict`` (``--strict``): warnings fail the run too. ``baseline``: the
    ``--baseline`` file whose entries the findings were matched with. The verdict (``ok``)
    and which findings fail the run (``fails``) are decided here and only here:
    every reporter and the CLI's exit code read them.
    """

    files: tuple[FileResult, ...]
    findings: tuple[Finding, ...]
    strict: bool = False
    baseline: str | None = None  # the baseline file that accepted findings, if any

    @cached_property
    def active(self) -> tuple[Finding, ...]:
        """Findings that count (not waived)."""
        return tuple(f for f in self.findings if f.waived is None)

    @cached_property
    def errors(self) -> int:
        return sum(n for (_, error, standing, _), n in self._tallies.items() if standing and error)

    @cached_property
    def warnings(self) -> int:
        return sum(
            n for (_, error, standing, _), n in self._tallies.items() if standing and not error
        )

    @property
    def waived(self) -> int:
        """Findings a waiver covers (those a baseline accepts are counted apart)."""
        return len(self.findings) - self.errors - self.warnings - self.baselined

    @cached_property
    def baselined(self) -> int:
        """Findings that ``--baseline`` accepts."""
        return sum(n for (_, _, _, baselined), n in self._tallies.items() if baselined)

    @property
    def judged(self) -> bool:
        """False when some table could not be read or judged (the CLI exits 2)."""
        return all(f.readable and f.judged for f in self.files)

    def counts_as(self, finding: Finding) -> Severity:
        """The severity the run gives a finding: its own, but under ``strict`` a
        warning counts as an error."""
        return Severity.ERROR if self.strict else finding.severity

    def fails(self, finding: Finding) -> bool:
        """Whether the finding fails the run: it stands and counts as an error."""
        return finding.waived is None and self.counts_as(finding) is Severity.ERROR

    @cached_property
    def failing(self) -> int:
        """How many findings fail the run."""
        return self.errors + self.warnings if self.strict else self.errors

    @property
    def ok(self) -> bool:
        """True when every table was judged and no finding fails the run."""
        return self.judged and self.failing == 0

    def file_counts(self, path: str) -> tuple[int, int]:
        """Errors and warnings that stand in one file."""
        errors, warnings = self._counts_by_file.get(path, (0, 0))
        return errors, warnings

    @cached_property
    def _counts_by_file(self) -> dict[str, list[int]]:
        """Each file's standing errors and warnings."""
        counts: dict[str, list[int]] = {}
        for (file, error, standing, _), n in self._tallies.items():
            if standing:
                counts.setdefault(file, [0, 0])[not error] += n
        return counts

    @cached_property
    def _tallies(self) -> Counter[tuple[str, bool, bool, bool]]:
        """How many findings share a file, being an error, standing (not waived) and
        being baselined: every count above, from one pass over the findings."""
        return Counter(
            (f.file, f.severity is Severity.ERROR, f.waived is None, f.baselined)
            for f in self.findings
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (report_version 1)."""
        return {**self.envelope(), "findings": [f.to_dict() for f in self.findings]}

    def envelope(self) -> dict[str, Any]:
        """The JSON report but its findings: the version, the verdict, the counts, the files."""
        files = []
        for result in self.files:
            errors, warnings = self.file_counts(result.path)
            files.append(
                {
                    "path": result.path,
                    "schema": result.schema,
                    "rows": result.rows,
                    "errors": errors,
                    "warnings": warnings,
                    "readable": result.readable,
                    "judged": result.judged,
                    "unnamed_columns": list(result.unnamed_columns),
                }
            )
        return {
            "report_version": REPORT_VERSION,
            "tallycheck": __version__,
            "ok": self.ok,
            "strict": self.strict,
            "summary": {
                "files": len(self.files),
                "rows": sum(f.rows for f in self.files),
                "errors": self.errors,
                "warnings": self.warnings,
                "waived": self.waived,
                "baselined": self.baselined,
            },
            "files": files,
        }
