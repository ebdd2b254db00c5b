"""Each rule's figures say what the rule means, where "value → expected" would mislead.

``wave 6 → 5`` reads as "change 6 to 5"; the sequence rule says which wave is missing
before which, and parts-sum adds the parts up against the total. The JSON report keeps
``value`` and ``expected`` as the contract defines them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import tallycheck
from tallycheck import reporters
from tallycheck.schema.loader import schema_from_mapping


def _schema(rule: dict[str, Any], **columns: str) -> tallycheck.Schema:
    return schema_from_mapping(
        {
            "name": "t",
            "order": "wave",
            "columns": {
                name: {"type": kind} for name, kind in {"wave": "integer", **columns}.items()
            },
            "rules": [rule],
        }
    )


def _findings(tmp_path: Path, schema: tallycheck.Schema, text: str) -> list[tallycheck.Finding]:
    table = tmp_path / "t.csv"
    table.write_text(text, encoding="utf-8")
    return list(tallycheck.validate(table, schema).findings)


SEQUENCE = {"rule": "sequence", "column": "wave"}


@pytest.mark.parametrize(
    ("waves", "value", "expected", "figures"),
    [
        ("1 3", "3", "2", "wave 2 is missing before wave 3"),
        ("4 7", "7", "5", "waves 5 and 6 are missing before wave 7"),
        ("1 5", "5", "2", "waves 2 to 4 are missing before wave 5"),
        ("7 7", "7", "8", "wave 7 twice"),
    ],
)
def test_sequence_figures(
    tmp_path: Path, waves: str, value: str, expected: str, figures: str
) -> None:
    rows = "".join(f"{wave}\n" for wave in waves.split())
    [finding] = _findings(tmp_path, _schema(SEQUENCE), f"wave\n{rows}")
    assert (finding.value, finding.expected, finding.figures) == (value, expected, figures)


def test_sequence_figures_of_a_step_out_of_sequence(tmp_path: Path) -> None:
    rule = {"rule": "sequence", "column": "wave", "step": 2}
    [finding] = _findings(tmp_path, _schema(rule), "wave\n1\n4\n")
    assert (finding.value, finding.expected) == ("4", "3")
    assert finding.figures == "wave 3 expected after wave 1, not 4"


@pytest.mark.parametrize(
    ("first", "figures"),
    [
        ("3", "waves 1 and 2 are missing before wave 3"),
        ("0", "the first wave should be 1, not 0"),
    ],
)
def test_sequence_figures_of_the_first_row(tmp_path: Path, first: str, figures: str) -> None:
    rule = {"rule": "sequence", "column": "wave", "start": 1}
    [finding] = _findings(tmp_path, _schema(rule), f"wave\n{first}\n")
    assert (finding.value, finding.expected, finding.figures) == (first, "1", figures)


PARTS = {"rule": "parts-sum", "parts": ["women", "men"], "total": "pardoned"}
SPLIT = {"women": "integer", "men": "integer", "pardoned": "integer"}


def test_parts_sum_figures_add_the_parts_up_against_the_total(tmp_path: Path) -> None:
    schema = _schema(PARTS, **SPLIT)
    [finding] = _findings(tmp_path, schema, "wave,women,men,pardoned\n1,11,18,28\n")
    assert (finding.value, finding.expected) == ("28", "29")
    assert finding.figures == "11 + 18 = 29, not 28"


def test_parts_sum_figures_at_most(tmp_path: Path) -> None:
    schema = _schema({**PARTS, "mode": "at-most"}, **SPLIT)
    [finding] = _findings(tmp_path, schema, "wave,women,men,pardoned\n1,11,14,20\n")
    assert finding.value == "20"
    assert finding.figures == "11 + 14 = 25, more than 20"


def test_parts_sum_figures_of_one_part_given(tmp_path: Path) -> None:
    schema = schema_from_mapping(
        {
            "name": "t",
            "order": "wave",
            "columns": {
                "wave": {"type": "integer"},
                "women": {"type": "integer"},
                "men": {"type": "integer", "required": False},
                "pardoned": {"type": "integer"},
            },
            "rules": [PARTS],
        }
    )
    [finding] = _findings(tmp_path, schema, "wave,women,men,pardoned\n1,30,,20\n")
    assert finding.message == "wave 1: women 30 should not exceed pardoned 20, but they make 30."
    assert finding.figures == "30, more than 20"


def test_reports_show_the_figures_and_json_keeps_value_and_expected(tmp_path: Path) -> None:
    report = tallycheck.validate(
        _write(tmp_path, "wave,women,men,pardoned\n1,11,18,28\n2,1,1,2\n4,1,1,2\n"),
        _schema_of_both(),
    )
    markdown = reporters.get("markdown").render(report)
    assert r"| 11 \+ 18 = 29, not 28 |" in markdown
    assert "| wave 3 is missing before wave 4 |" in markdown
    html = reporters.get("html").render(report)
    assert '<span class="figures">11 + 18 = 29, not 28</span>' in html
    assert '<span class="figures">wave 3 is missing before wave 4</span>' in html
    findings = json.loads(reporters.get("json").render(report))["findings"]
    assert [(f["rule"], f["value"], f["expected"]) for f in findings] == [
        ("parts-sum", "28", "29"),
        ("sequence", "4", "3"),
    ]
    assert all("figures" not in f for f in findings)


def test_other_rules_keep_value_then_expected(tmp_path: Path) -> None:
    rule = {"rule": "running-total", "total": "cumulative", "increment": "pardoned"}
    schema = _schema(rule, cumulative="integer", pardoned="integer")
    text = "wave,pardoned,cumulative\n1,5,5\n2,3,9\n"
    report = tallycheck.validate(_write(tmp_path, text), schema)
    [finding] = report.findings
    assert finding.figures is None
    assert "| 9 → 8 |" in reporters.get("markdown").render(report)


def _write(tmp_path: Path, text: str) -> Path:
    table = tmp_path / "t.csv"
    table.write_text(text, encoding="utf-8")
    return table


def _schema_of_both() -> tallycheck.Schema:
    return schema_from_mapping(
        {
            "name": "t",
            "order": "wave",
            "columns": {name: {"type": "integer"} for name in ("wave", *SPLIT)},
            "rules": [PARTS, SEQUENCE],
        }
    )
