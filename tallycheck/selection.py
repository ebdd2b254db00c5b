"""``--select`` and ``--ignore``: which finding ids a run reports, as linters pick rules.

Each option takes finding ids from ``tallycheck rules``, comma-separated and
repeatable. With ``--select``, only findings with those ids are kept; with
``--ignore``, findings with those ids are dropped (``--ignore`` wins over
``--select``). A dropped finding neither shows nor counts: it is as if its
check had not run. What makes a table unjudged (an unreadable table, a missing
column) still makes the run exit 2, whatever is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from tallycheck.errors import UsageError
from tallycheck.report import Finding, Report
from tallycheck.suggest import did_you_mean


def finding_ids(option: str, values: Sequence[str]) -> frozenset[str]:
    """The ids given to ``option`` (``--select``), each one checked against the catalogue."""
    from tallycheck.catalogue import CATALOGUE

    ids = [part.strip() for value in values for part in value.split(",") if part.strip()]
    for id_ in ids:
        if id_ not in CATALOGUE:
            raise UsageError(
                f"{option}: no finding id '{id_}'{did_you_mean(id_, CATALOGUE)}; "
                "see tallycheck rules"
            )
    return frozenset(ids)


def narrowed(report: Report, select: Iterable[str], ignore: Iterable[str]) -> Report:
    """The report with only the findings that ``select`` and ``ignore`` keep."""
    chosen, dropped = frozenset(select), frozenset(ignore)
    if not chosen and not dropped:  # every finding kept as it is
        return report

    def keeps(rule: str) -> bool:
        return (not chosen or rule in chosen) and rule not in dropped

    def narrowed_also(finding: Finding) -> Finding:
        also = tuple(filter(keeps, finding.also))
        return finding if also == finding.also else replace(finding, also=also)

    kept = tuple(narrowed_also(f) for f in report.findings if keeps(f.rule))
    return replace(report, findings=kept)
