"""``--baseline``: the findings a table already had when tallycheck was adopted.

A baseline file lists findings by file, rule, columns and the row's key values
(the schema's series and order cells; every cell of the row when the schema
names neither), never by line number, so an entry survives rows added above
it, as a waiver does. A finding an entry matches is accepted: it stays in the
report, listed as baselined, and does not fail the run; only new findings do.
An entry of a table the run checked that matches no finding any more is a
``fixed-baseline`` warning: its break was fixed, and ``--update-baseline``
drops it. ``--update-baseline`` writes every finding of the run that a waiver
may name (waived ones aside) as the new baseline.

The file is JSON, one entry a line, in the order of the findings, so that a
diff of it reads as a list of findings gained and lost.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from tallycheck.catalogue import WAIVABLE
from tallycheck.entries import FIXED_BASELINE
from tallycheck.errors import UsageError
from tallycheck.report import Finding, Report
from tallycheck.severity import Severity

BASELINE_VERSION = 1
EntryKey = tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...]]


def entry_key(finding: Finding) -> EntryKey:
    """What names a finding in a baseline: file, rule, columns, the row's key values."""
    return (finding.file, finding.rule, finding.columns, finding.key)


@dataclass(frozen=True)
class Baseline:
    """The entries of a baseline file, each with its line in the file (None if unknown)."""

    path: str
    entries: tuple[tuple[EntryKey, int | None], ...]


def load(path: str) -> Baseline:
    """The baseline at ``path``; a file that is missing is an empty baseline."""
    file = Path(path)
    if not file.exists():
        return Baseline(path, ())
    try:
        text = file.read_text(encoding="utf-8")
        data = json.loads(text)
        raw = data["findings"]
        entries = [
            (e["file"], e["rule"], tuple(e["columns"]), tuple((k, v) for k, v in e["key"].items()))
            for e in raw
        ]
    except OSError as error:
        raise UsageError(f"{path}: the baseline cannot be read ({error.strerror})") from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise UsageError(
            f"{path}: not a tallycheck baseline (write one with --update-baseline)"
        ) from None
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("    {")]
    numbers: list[int | None] = list(lines) if len(lines) == len(entries) else [None] * len(entries)
    return Baseline(path, tuple(zip(entries, numbers, strict=True)))


def accepted(report: Report, baseline: Baseline) -> Report:
    """The report with the findings the baseline lists marked baselined, and a
    ``fixed-baseline`` warning for each entry of a checked table that matched none."""
    unused = Counter(key for key, _ in baseline.entries)
    reason = f"in the baseline {baseline.path}"
    kept = []
    for finding in report.findings:
        key = entry_key(finding)
        if finding.waived is None and unused[key] > 0:
            unused[key] -= 1
            finding = replace(finding, waived=reason, baselined=True)
        kept.append(finding)
    checked = {result.path for result in report.files}
    fixed = []
    for key, line in reversed(baseline.entries):
        if unused[key] > 0 and key[0] in checked:
            unused[key] -= 1
            fixed.append(_fixed(baseline.path, key, line))
    findings = sorted([*kept, *reversed(fixed)], key=Finding.sort_key)
    return replace(report, findings=tuple(findings), baseline=baseline.path)


def _fixed(path: str, key: EntryKey, line: int | None) -> Finding:
    file, rule, columns, values = key
    where = " where " + ", ".join(f"{name} {value}" for name, value in values) if values else ""
    on = f" on {', '.join(columns)}" if columns else ""
    return Finding(
        rule=FIXED_BASELINE.id,
        severity=Severity.WARNING,
        file=path,
        line=line,
        message=f"The baseline entry for {rule}{on} in {file}{where} matches no finding: "
        "it is fixed; --update-baseline drops it.",
    )


def dumps(report: Report) -> str:
    """The baseline of a run: each finding a waiver may name and none does."""
    rows = [
        {
            "file": f.file,
            "rule": f.rule,
            "columns": list(f.columns),
            "key": dict(f.key),
            "line": f.line,
        }
        for f in report.findings
        if f.rule in WAIVABLE and (f.waived is None or f.baselined)
    ]
    body = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in rows)
    findings = f"[\n{body}\n  ]" if rows else "[]"
    return f'{{\n  "tallycheck_baseline": {BASELINE_VERSION},\n  "findings": {findings}\n}}\n'
