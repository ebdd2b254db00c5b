"""A rule that could not judge rows, their cells not of their column's type, says so:
one ``not-judged`` warning per rule and column, on the header line, with the count."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

import tallycheck
from tallycheck.schema.loader import schema_from_mapping

SCHEMA: dict[str, Any] = {
    "name": "judged",
    "order": "wave",
    "columns": {
        "wave": {"type": "integer"},
        "new": {"type": "tally", "required": False},
        "total": {"type": "tally", "required": False},
        "women": {"type": "integer", "required": False},
    },
    "rules": [
        {"rule": "running-total", "total": "total", "increment": "new", "name": "chain"},
        {"rule": "parts-sum", "parts": ["women", "new"], "total": "total", "mode": "at-most"},
        {"rule": "sequence", "column": "wave", "severity": "warning"},
    ],
}


def _not_judged(tmp_path: Path, csv: str, **options: Any) -> list[tuple[Any, ...]]:
    path = tmp_path / "t.csv"
    path.write_text(csv, encoding="utf-8")
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA), **options)
    return [
        (f.line, f.row, f.severity.name, f.columns, f.value, f.message)
        for f in report.findings
        if f.rule == "not-judged"
    ]


def test_one_warning_per_rule_and_column_with_the_count(tmp_path: Path) -> None:
    csv = "wave,new,total,women\n1,5,6,1\n2,many,lots,1\n3,x,8,2\nfour,1,9,x\n"
    warning = (1, None, "WARNING")
    assert _not_judged(tmp_path, csv) == [
        (
            *warning,
            ("new",),
            None,
            "running-total 'chain' could not judge 2 rows: their new "
            "cells are not tallies (see the type findings).",
        ),
        (
            *warning,
            ("new",),
            None,
            "parts-sum could not judge 2 rows: their new cells are not "
            "tallies (see the type findings).",
        ),
        (
            *warning,
            ("total",),
            None,
            "running-total 'chain' could not judge 1 row: its total "
            "cell is not a tally (see the type finding).",
        ),
        (
            *warning,
            ("total",),
            None,
            "parts-sum could not judge 1 row: its total cell is not a "
            "tally (see the type finding).",
        ),
        # the order: running-total walks the waves, parts-sum judges each row alone
        (
            *warning,
            ("wave",),
            None,
            "running-total 'chain' could not judge 1 row: its wave "
            "cell is not an integer (see the type finding).",
        ),
        (
            *warning,
            ("wave",),
            None,
            "sequence could not judge 1 row: its wave cell is not an "
            "integer (see the type finding).",
        ),
        (
            *warning,
            ("women",),
            None,
            "parts-sum could not judge 1 row: its women cell is not "
            "an integer (see the type finding).",
        ),
    ]


def test_blank_cells_and_markers_are_skipped_by_design_and_not_counted(tmp_path: Path) -> None:
    assert _not_judged(tmp_path, "wave,new,total,women\n1,5,5,\n2,,,\n3,1,,1\n") == []


def test_thousands_of_rows_are_counted_with_separators(tmp_path: Path) -> None:
    rows = "".join(f"{i},x,,\n" for i in range(1, 1235))
    found = _not_judged(tmp_path, "wave,new,total,women\n" + rows)
    assert found[0][-1] == (
        "running-total 'chain' could not judge 1,234 rows: their new cells are not tallies "
        "(see the type findings)."
    )


@pytest.mark.parametrize(("strict", "ok"), [(False, True), (True, False)])
def test_a_not_judged_warning_fails_the_run_only_with_strict(
    tmp_path: Path, strict: bool, ok: bool
) -> None:
    path = tmp_path / "t.csv"
    path.write_text("wave,new,total,women\n1,5,6,1\n2,x,,\n", encoding="utf-8")
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA), strict=strict)
    assert [(f.rule, f.severity.name) for f in report.findings] == [
        ("type", "ERROR"),
        ("not-judged", "WARNING"),
        ("not-judged", "WARNING"),
    ]
    # without the type finding (as when a waiver covers it), the warnings alone
    alone = dataclasses.replace(report, findings=report.findings[1:])
    assert (alone.errors, alone.warnings, alone.ok) == (0, 2, ok)


def test_a_rule_that_compared_no_two_rows_says_so(tmp_path: Path) -> None:
    """An order column that is constant within each series (a region's latitude)
    leaves the rules that compare a row with the one before nothing to compare."""
    table = tmp_path / "t.csv"
    table.write_text("region,lat,total\nA,10,5\nA,10,3\nB,20,7\nB,20,9\n", encoding="utf-8")
    schema = schema_from_mapping(
        {
            "series": "region",
            "order": "lat",
            "columns": {
                "region": {"type": "string"},
                "lat": {"type": "integer"},
                "total": {"type": "integer"},
            },
            "rules": [
                {"rule": "monotonic", "column": "total"},
                {"rule": "agree", "column": "total"},
                {"rule": "parts-sum", "parts": ["total"], "total": "lat", "mode": "at-most"},
            ],
        }
    )
    report = tallycheck.validate(table, schema)
    notes = [
        (f.rule, f.line, f.columns, f.message) for f in report.findings if f.rule == "not-judged"
    ]
    assert notes == [
        (
            "not-judged",
            1,
            ("lat",),
            "monotonic compared no two rows: within each series every row has the same lat, "
            "so no row has a row before it (is 'lat' the order of the rows?).",
        )
    ]
    # once the order moves within a series, the rule compares and says nothing more
    table.write_text("region,lat,total\nA,10,5\nA,11,6\n", encoding="utf-8")
    assert [f.rule for f in tallycheck.validate(table, schema).findings] == []
