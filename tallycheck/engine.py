"""Check tables against a schema and gather the findings into a report.

An engine judges a parsed table (a ``CheckFrame``): ``builtin`` (the default;
``pandas``, its former name, is an alias) computes each column check's verdict
and each rule's judgement vectorised over the parsed cells, Arrow arrays and
numpy, so that checking a file never loads pandas itself; ``gx`` compiles the
same checks to a Great Expectations suite and runs that. Both hand back a
``Judgement`` (``tallycheck.judgement``), which this module turns into the same
findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from tallycheck import heap
from tallycheck.arrow_numpy import positions
from tallycheck.charts import build_charts
from tallycheck.checkframe import CheckFrame, Values
from tallycheck.checks import COLUMN_CHECKS, RULES, required
from tallycheck.checks.base import Wording, option_columns
from tallycheck.checks.required import describe_missing
from tallycheck.checks.verdicts import Exists
from tallycheck.entries import NOT_JUDGED, TOO_LARGE, UNREADABLE
from tallycheck.errors import TableError, UsageError
from tallycheck.judgement import ALIASES, ENGINES, CellFinding, Judge, Judgement, Step, Violation
from tallycheck.report import FileResult, Finding, Report
from tallycheck.severity import Severity
from tallycheck.specs import RuleSpec, Schema
from tallycheck.suggest import unknown
from tallycheck.tables.cell_spans import FileLines, delimiter_of, lines_ahead, spans_in
from tallycheck.tables.table import Table
from tallycheck.types.base import ColumnType
from tallycheck.waivers import WaiverLedger


def judge_builtin(frame: CheckFrame) -> Judgement:
    """The built-in engine: each check's comparisons evaluated with numpy.

    The rules run one after the other: threads gained no time (the walk and the
    findings hold the GIL) and held every rule's temporaries at once.
    """
    found = [RULES[spec.rule].check(frame, spec.options) for spec in frame.schema.rules]
    return Judgement(list(_cell_failures(frame)), found)


def _cell_failures(frame: CheckFrame) -> Iterator[CellFinding]:
    """Each column check's failures, column by column: a column the table lacks
    (row None) where a check asks that it exists, and each cell that fails."""
    for spec in frame.schema.columns:
        values = frame.column(spec.name)
        for check in COLUMN_CHECKS.values():
            option = check.option(spec)
            if option is None:
                continue
            if values is None:
                if any(isinstance(c, Exists) for c in check.verdict(option)):
                    yield check.id, spec.name, None
                continue
            yield from ((check.id, spec.name, row) for row in check.rows(values, option))


def judge_for(engine: str) -> Judge:
    """The engine of that name (or alias); ``gx`` and ``pandera`` raise
    ``EngineError`` without Great Expectations or pandera."""
    name = ALIASES.get(engine, engine)
    if name == "builtin":
        return judge_builtin
    if name == "gx":
        from tallycheck.gx.run import judge_gx

        return judge_gx
    if name == "pandera":
        from tallycheck.pandera.run import judge_pandera

        return judge_pandera
    raise UsageError(unknown("engine", engine, ENGINES))


class _Locator:
    """Turns row positions into lines, series and provenance for findings."""

    def __init__(self, frame: CheckFrame) -> None:
        self.frame = frame
        self.lines = frame.table.lines

    def line(self, row: int | None) -> int | None:
        if row is None:
            return 1 if self.lines is not None else None
        return None if self.lines is None else int(self.lines[row])

    def _lines(self, rows: list[int | None]) -> list[int | None]:
        """The lines of ``rows`` (None for a row that is None), read at once."""
        if self.lines is None:
            return [None] * len(rows)
        at = np.array([0 if row is None else row for row in rows], dtype=np.int64)
        lines: list[int] = self.lines[at].tolist()
        return [None if row is None else line for row, line in zip(rows, lines, strict=True)]

    def _provenance(self, rows: list[int]) -> list[dict[str, str | None]]:
        """Each row's provenance cells (None where blank), column by column."""
        names = self.frame.schema.provenance
        if not names:
            return [{} for _ in rows]
        at = positions(np.array(rows, dtype=np.int64))
        columns: list[list[str | None]] = []
        for name in names:
            values = self.frame.column(name)
            # a blank cell is null in the column's text: None, as the report shows it
            columns.append(
                [None] * len(rows) if values is None else values.text.take(at).to_pylist()
            )
        return [dict(zip(names, cells, strict=True)) for cells in zip(*columns, strict=True)]

    def findings(
        self, found: list[tuple[str, Violation]], severity: Severity, name: str | None = None
    ) -> list[Finding]:
        """The findings of ``found`` (each violation with its finding id), their lines,
        series and provenance looked up for all the rows at once."""
        rows = [violation.row for _, violation in found]
        self.frame.read_labels(rows)
        series_text = self.frame.series_text
        finding = Finding.maker(name=name, severity=severity, file=self.frame.table.path)
        located = zip(
            found,
            self._lines(list(rows)),
            self._lines([violation.related_row for _, violation in found]),
            self._provenance(rows),
            strict=True,
        )
        return [
            finding(
                {
                    "rule": rule,
                    "message": violation.message,
                    "line": line,
                    "row": violation.row + 1,
                    "series": series_text(violation.row),
                    "columns": violation.columns,
                    "value": violation.value,
                    "expected": violation.expected,
                    "related_line": related_line,
                    "provenance": provenance,
                    "figures": violation.figures,
                    "quoted": violation.quoted,
                    "passage": violation.passage,
                }
            )
            for (rule, violation), line, related_line, provenance in located
        ]


def _column_findings(
    frame: CheckFrame, locate: _Locator, cells: Iterable[CellFinding]
) -> tuple[list[Finding], bool]:
    """Findings of the column checks, and whether the table can be judged: every
    required column is there, and no number is too large to compare exactly.

    The required columns a table lacks make one finding, on its header line.
    """
    found: list[tuple[str, Violation]] = []
    missing: list[str] = []
    too_large = False
    on_rows: dict[str, list[int]] = {}
    for _, column, row in cells:
        if row is not None:
            on_rows.setdefault(column, []).append(row)
    for column, rows in on_rows.items():  # each column's cells read from Arrow at once
        frame.values[column].read(rows)
        frame.read_labels(rows)
    # each check on each column: its cells, how it words a finding and its option, read once
    checks: dict[tuple[str, str], tuple[Values, Callable[..., Wording], Any]] = {}
    label = frame.label
    for rule, column, row in cells:
        if row is None:
            missing.append(column)
            continue
        known = checks.get((rule, column))
        if known is None:
            values = frame.values[column]  # a cell's finding: its column is in the table
            check = COLUMN_CHECKS[rule]
            known = checks[(rule, column)] = (values, check.describe, check.option(values.spec))
        values, describe, option = known
        wording = describe(values, option, row)
        rule = wording.rule or rule
        too_large |= rule == TOO_LARGE.id
        shown = values.show(row)  # "" for a blank cell, whose value is None
        violation = Violation(
            row,
            (column,),
            shown or None,
            wording.expected,
            f"{label(row)}: {wording.message}.",
        )
        found.append((rule, violation))
    findings = locate.findings(found, Severity.ERROR)
    if missing:
        header = frame.table.names
        findings.append(
            Finding(
                rule=required.CHECK.id,
                severity=Severity.ERROR,
                file=frame.table.path,
                message=f"{describe_missing(missing, header)}.",
                line=locate.line(None),
                columns=tuple(missing),
            )
        )
    return findings, not (missing or too_large)


def _columns_read(spec: RuleSpec, order: str | None) -> list[str]:
    """The columns a rule reads: those its options name, then the schema's order
    column when the rule compares rows in order."""
    names = option_columns(spec.options)
    if order is not None and RULES[spec.rule].compares != "each row":
        names.append(order)
    return list(dict.fromkeys(names))


def _not_judged(frame: CheckFrame, locate: _Locator) -> list[Finding]:
    """One warning per rule and column it reads whose filled cells failed their
    type: the rule could not judge those rows, and says how many."""
    findings: list[Finding] = []
    for spec in frame.schema.rules:
        for column in _columns_read(spec, frame.schema.order):
            values = frame.column(column)
            count = 0 if values is None else int(values.invalid.sum())
            if values is not None and count:
                findings.append(
                    Finding(
                        rule=NOT_JUDGED.id,
                        severity=Severity.WARNING,
                        file=frame.table.path,
                        message=_not_judged_message(
                            spec, values.spec.name, values.spec.type, count
                        ),
                        line=locate.line(None),
                        columns=(column,),
                    )
                )
    return findings


def _nothing_before(frame: CheckFrame, locate: _Locator) -> list[Finding]:
    """One warning per rule that compares a row with earlier order values, when no series
    holds two order values: the rule compared nothing (an order column that is
    constant within each series, such as a region's code)."""
    order = frame.schema.order
    same_series = frame.walk_series[1:] == frame.walk_series[:-1]
    if order is None or not same_series.any():  # no series of two rows: nothing to say
        return []
    if (same_series & (frame.walk_order[1:] != frame.walk_order[:-1])).any():
        return []
    return [
        Finding(
            rule=NOT_JUDGED.id,
            severity=Severity.WARNING,
            file=frame.table.path,
            message=f"{_rule_name(spec)} compared no two rows: within each series every "
            f"row has the same {order}, so no row has a row before it (is '{order}' the "
            "order of the rows?).",
            line=locate.line(None),
            columns=(order,),
        )
        for spec in frame.schema.rules
        if RULES[spec.rule].compares == "earlier order value"
    ]


def _rule_name(spec: RuleSpec) -> str:
    return spec.rule if spec.name is None else f"{spec.rule} '{spec.name}'"


def _not_judged_message(spec: RuleSpec, column: str, kind: ColumnType, count: int) -> str:
    """``running-total could not judge 37,401 rows: their data cells are not dates
    (see the type findings).``"""
    rule = _rule_name(spec)
    if count == 1:
        said = f"1 row: its {column} cell is not {kind.with_article} (see the type finding)"
    else:
        name = kind.name
        kinds = f"{name[:-1]}ies" if name.endswith("y") else f"{name}s"
        said = f"{count:,} rows: their {column} cells are not {kinds} (see the type findings)"
    return f"{rule} could not judge {said}."


def _explains(other: Finding, finding: Finding) -> bool:
    """Whether ``other`` (on the same cells) already explains ``finding``."""
    rule = RULES.get(other.rule)
    return rule is not None and finding.rule in rule.subsumes and other.severity >= finding.severity


def _fold(findings: list[Finding]) -> list[Finding]:
    """Fold each finding that another rule's finding on the same cells explains.

    Only the findings of rules that subsume others, and of the rules they
    subsume, can fold or be folded: the others are kept as they are, unlooked at.
    """
    folding = {f.rule for f in findings if f.rule in RULES and RULES[f.rule].subsumes}
    involved = folding.union(*(RULES[rule].subsumes for rule in folding))
    by_cell: dict[tuple[int | None, tuple[str, ...]], list[Finding]] = {}
    for finding in findings:
        if finding.rule in involved:
            by_cell.setdefault((finding.row, finding.columns), []).append(finding)
    kept: list[Finding] = []
    for finding in findings:
        if finding.rule not in involved:
            kept.append(finding)
            continue
        neighbours = by_cell[(finding.row, finding.columns)]
        if any(_explains(other, finding) for other in neighbours):
            continue
        folded = tuple(other.rule for other in neighbours if _explains(finding, other))
        if folded:  # built just now and not shared yet: set in place, as _keyed does
            object.__setattr__(finding, "also", folded)
        kept.append(finding)
    return kept


def check_table(
    table: Table,
    schema: Schema,
    waivers: WaiverLedger | None = None,
    judge: Judge = judge_builtin,
    step: Callable[[Step], None] | None = None,
) -> tuple[FileResult, list[Finding]]:
    """Check one table with an engine: the column checks, then each rule in turn.

    With ``waivers``, the findings that a waiver covers are marked waived. ``step``,
    when given, is told once the table is parsed and once it is judged.
    """
    spanning = _spans_source(table)
    heap.for_rows(table.n_rows)
    frame = CheckFrame(table, schema)
    if step is not None:
        step("parsed")
    locate = _Locator(frame)
    judgement = judge(frame)
    if step is not None:
        step("judged")
    findings, complete = _column_findings(frame, locate, judgement.cells)
    findings.extend(_not_judged(frame, locate))
    findings.extend(_nothing_before(frame, locate))
    for spec, violations in zip(schema.rules, judgement.rules, strict=True):
        found = [(spec.rule, violation) for violation in violations]
        findings.extend(locate.findings(found, spec.severity, spec.name))
    findings = _spanned(_keyed(_fold(findings), frame), frame, spanning)
    if waivers is not None:
        findings = waivers.apply(table.path, findings, frame)
    result = FileResult(
        path=table.path,
        schema=schema.name,
        rows=frame.n_rows,
        judged=complete,
        unnamed_columns=tuple(name for name in table.names if name not in schema.column_by_name),
        charts=build_charts(frame, findings),
    )
    return result, findings


def _keyed(findings: list[Finding], frame: CheckFrame) -> list[Finding]:
    """Each finding on a row with that row's key values: the schema's series and
    order cells, or every cell of the row when it names neither. Each key column's
    cells are read from Arrow once for all the findings' rows (a blank cell is "")."""
    schema = frame.schema
    named = [*schema.series, *([schema.order] if schema.order is not None else [])]
    names = named or [spec.name for spec in schema.columns]
    on_rows = [f for f in findings if f.row is not None]
    if not on_rows:
        return findings
    # built from its buffer: pa.array() on a Python list would import pandas to inspect it
    rows = positions(np.array([f.row - 1 for f in on_rows if f.row is not None], dtype=np.int64))
    cells = [
        (name, [cell or "" for cell in values.text.take(rows).to_pylist()])
        for name in names
        if (values := frame.column(name)) is not None
    ]
    # each finding's key, built a column at a time: (name, text) pairs, then one tuple per row
    keys = zip(*([(name, text) for text in texts] for name, texts in cells), strict=True)
    set_key = object.__setattr__
    for finding, key in zip(on_rows, keys, strict=False):  # no key columns: no keys
        # the findings were built just now and are not shared yet: their key is set in
        # place, as copying 100,000 frozen dataclasses costs seconds
        set_key(finding, "key", key)
    return findings


_Spanning = tuple[str, Callable[[], FileLines | None]]


def _spans_source(table: Table) -> _Spanning | None:
    """How the spans of a CSV or TSV file's findings will be found: its delimiter, and
    the file read again (ahead, while the checks run, when it is small enough); None
    for a table whose cells have no span."""
    delimiter = delimiter_of(table.path)
    if table.lines is None or delimiter is None:
        return None
    return delimiter, lines_ahead(table.path)


def _spanned(
    findings: list[Finding], frame: CheckFrame, spanning: _Spanning | None
) -> list[Finding]:
    """Each finding on a row of a CSV or TSV file with the span of its cell: the
    cell of its first column that holds its value (its first column when none
    does). Only the findings' rows are parsed again."""
    if spanning is None:
        return findings
    delimiter, source = spanning
    table = frame.table
    fields = {name: at for at, name in enumerate(table.names)}
    placed, lines, at = [], [], []
    for finding in findings:
        columns = finding.columns
        if finding.line is None or not columns:
            continue
        name = columns[0] if len(columns) == 1 else _cell_column(finding, frame)
        if name in fields:
            placed.append(finding)
            lines.append(finding.line)
            at.append(fields[name])
    set_cell = object.__setattr__  # in place, as _keyed sets the key: not shared yet
    spans = spans_in(source() if lines else None, delimiter, lines, at)
    for finding, span in zip(placed, spans, strict=True):
        set_cell(finding, "cell", span)
    return findings


def _cell_column(finding: Finding, frame: CheckFrame) -> str:
    """The column of the finding's cell: the first whose cell holds its value."""
    if finding.row is not None:
        for name in finding.columns:
            values = frame.column(name)
            if values is not None and values.show(finding.row - 1) == finding.value:
                return name
    return finding.columns[0]


def unreadable(
    error: TableError, schema: Schema | None, waivers: WaiverLedger | None = None
) -> tuple[FileResult, list[Finding]]:
    """The result for a table that could not be read: one finding, readable false."""
    path = error.path or "<table>"
    findings = [
        Finding(
            rule=UNREADABLE.id,
            severity=Severity.ERROR,
            file=path,
            message=error.message,
            line=error.line,
        )
    ]
    if waivers is not None:
        findings = waivers.apply(path, findings)
    result = FileResult(path=path, schema=schema.name if schema else None, rows=0, readable=False)
    return result, findings


def build_report(
    results: Iterable[tuple[FileResult, list[Finding]]],
    loose: Iterable[Finding] = (),
    *,
    strict: bool = False,
) -> Report:
    """One report over several tables, findings sorted by file, line and rule.

    ``loose`` findings belong to no table checked, such as stale waivers, which
    point at the config file. With ``strict``, warnings fail the run too.
    """
    files: list[FileResult] = []
    findings: list[Finding] = list(loose)
    for result, found in results:
        files.append(result)
        findings.extend(found)
    findings.sort(key=Finding.sort_key)
    return Report(files=tuple(files), findings=tuple(findings), strict=strict)
