"""A number, integer or tally cell written with a decimal comma fails its type with a
hint: what it is with "," as the decimal mark, and the schema that reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

import tallycheck
from tallycheck.checks.hints import type_hint
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.specs import ColumnSpec
from tallycheck.types import TYPES

SCHEMA = {
    "name": "commas",
    "columns": {
        "wave": {"type": "integer"},
        "pardoned": {"type": "tally"},
        "share": {"type": "number"},
        "note": {"type": "string", "required": False},
    },
}
SET = '; with "," as its decimal mark it is {}: set decimal: "," in the schema'
NOT_WHOLE = (
    '; with "," as its decimal mark it is {}, not a whole number: '
    'make the column a number with decimal: ","'
)


@pytest.mark.parametrize(
    ("kind", "cell", "hint"),
    [
        ("number", "7,7", SET.format("7.7")),
        ("number", "-0,25", SET.format("-0.25")),
        ("number", "+1,5", SET.format("+1.5")),
        ("number", "1.234,5", SET.format("1234.5")),
        ("number", "12,3456", SET.format("12.3456")),
        ("integer", "7,7", NOT_WHOLE.format("7.7")),
        ("integer", "6,0", SET.format("6.0")),
        ("integer", "1.300,00", SET.format("1300.00")),
        ("tally", "1,5", NOT_WHOLE.format("1.5")),
        ("tally", "6,00", SET.format("6.00")),
    ],
)
def test_a_decimal_comma_gets_a_hint(kind: str, cell: str, hint: str) -> None:
    assert type_hint(ColumnSpec("c", TYPES[kind]), cell) == hint


@pytest.mark.parametrize(
    ("kind", "cell"),
    [
        ("number", "1,300"),  # a group of thousands, not a decimal comma
        ("number", "1,234,5"),
        ("number", "1.23,5"),
        ("number", "7.7"),
        ("number", "x"),
        ("number", "7,"),
        ("number", ",5"),
        ("number", "7 ,7"),
        ("number", "\u0667,\u0667"),  # ARABIC-INDIC DIGIT SEVEN
        ("tally", "about 7,5"),
        ("string", "7,7"),
        ("date", "7,7"),
        ("url", "7,7"),
        ("category", "7,7"),
    ],
)
def test_no_hint_for_other_cells_and_types(kind: str, cell: str) -> None:
    assert type_hint(ColumnSpec("c", TYPES[kind]), cell) == ""


@pytest.mark.parametrize("kind", ["number", "integer", "tally"])
def test_no_hint_when_the_decimal_mark_is_already_a_comma(kind: str) -> None:
    assert type_hint(ColumnSpec("c", TYPES[kind], decimal=","), "7,77") == ""


def test_the_type_findings_carry_the_hint(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        'wave,pardoned,share,note\n7,"1,5","7,7","7,7"\n"6,0",x,"1,300",\n', encoding="utf-8"
    )
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA))
    assert [(f.rule, f.line, f.columns, f.value, f.message) for f in report.findings] == [
        (
            "type",
            2,
            ("pardoned",),
            "1,5",
            "row 1: pardoned '1,5' is not a tally (a count as news gives it: 29, twenty-nine, "
            'more than 1,300, about 400); with "," as its decimal mark it is 1.5, not a whole '
            'number: make the column a number with decimal: ",".',
        ),
        (
            "type",
            2,
            ("share",),
            "7,7",
            "row 1: share '7,7' is not a number (a number, decimals allowed); with \",\" as "
            'its decimal mark it is 7.7: set decimal: "," in the schema.',
        ),
        (
            "type",
            3,
            ("pardoned",),
            "x",
            "row 2: pardoned 'x' is not a tally (a count as news gives it: 29, twenty-nine, "
            "more than 1,300, about 400).",
        ),
        (
            "type",
            3,
            ("wave",),
            "6,0",
            "row 2: wave '6,0' is not an integer (a whole number, thousands separators "
            'allowed (1,300)); with "," as its decimal mark it is 6.0: set decimal: "," in '
            "the schema.",
        ),
    ]
