"""Column checks: each failure is a finding named by its YAML key."""

from __future__ import annotations

from pathlib import Path

import tallycheck
from tallycheck.checks.required import describe_missing
from tallycheck.schema.loader import schema_from_mapping

SCHEMA = {
    "name": "columns",
    "order": "wave",
    "provenance": ["source"],
    "columns": {
        "wave": {"type": "integer", "min": 1, "unique": True},
        "pardoned": {"type": "tally", "min": 0, "max": 500},
        "date": {"type": "date", "required": False, "min": "2020-01-01"},
        "kind": {"type": "category", "allowed": ["pardon", "release"], "required": False},
        "code": {"type": "string", "pattern": "[A-Z]{2}-\\d+", "required": False},
        "url": {"type": "url", "required": False},
        "share": {"type": "number", "required": False, "max": 1},
        "source": {"type": "string"},
    },
}


def _findings(tmp_path: Path, csv: str, schema: dict[str, object] | None = None) -> list[tuple]:
    path = tmp_path / "t.csv"
    path.write_text(csv, encoding="utf-8")
    loaded = schema_from_mapping(schema or SCHEMA)
    report = tallycheck.validate(path, loaded)
    return [(f.rule, f.line, f.columns, f.value, f.expected) for f in report.findings]


def test_clean_rows_pass(tmp_path: Path) -> None:
    csv = (
        "wave,pardoned,date,kind,code,url,share,source\n"
        "1,twenty-nine,2024-12-09,pardon,BY-7,https://example.org/a?b=1,0.5,AP\n"
        '2,"more than 1,300",,release,,,,AP\n'
    )
    # "more than 1,300" is certainly above the max of 500
    assert _findings(tmp_path, csv) == [("max", 3, ("pardoned",), "more than 1,300", "at most 500")]


def test_each_key_is_its_own_rule(tmp_path: Path) -> None:
    csv = (
        "wave,pardoned,date,kind,code,url,share,source\n"
        "0,-3,2019-12-31,amnesty,by-7,ftp://x,1.5,\n"
        "x,about 20,2024-02-30,pardon,AB-1,http://example.org,,AP\n"
        "2,1.5,,,,,,AP\n"
        "2,5,,,,,,AP\n"
    )
    assert _findings(tmp_path, csv) == [
        ("allowed", 2, ("kind",), "amnesty", "one of pardon, release"),
        ("max", 2, ("share",), "1.5", "at most 1"),
        ("min", 2, ("date",), "2019-12-31", "at least 2020-01-01"),
        ("min", 2, ("pardoned",), "-3", "at least 0"),
        ("min", 2, ("wave",), "0", "at least 1"),
        ("pattern", 2, ("code",), "by-7", "[A-Z]{2}-\\d+"),
        ("required", 2, ("source",), None, "a value"),
        ("type", 2, ("url",), "ftp://x", "url"),
        ("type", 3, ("date",), "2024-02-30", "date"),
        ("type", 3, ("wave",), "x", "integer"),
        ("type", 4, ("pardoned",), "1.5", "tally"),
        ("unique", 5, ("wave",), "2", "a value no other row has"),
    ]


def test_messages_read_without_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("wave,pardoned,source\n3,twenty-nine people,AP\n", encoding="utf-8")
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA))
    (finding,) = report.findings
    assert finding.message == (
        "wave 3: pardoned 'twenty-nine people' is not a tally (a count as news gives it: 29, "
        "twenty-nine, more than 1,300, about 400)."
    )
    assert finding.provenance == {"source": "AP"}


def test_missing_required_column_is_one_finding_and_unjudged(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("wave,pardoned\n1,2\n", encoding="utf-8")
    report = tallycheck.validate(path, schema_from_mapping(SCHEMA))
    assert [(f.rule, f.line, f.row, f.columns) for f in report.findings] == [
        ("required", 1, None, ("source",))
    ]
    assert report.files[0].judged is False
    assert report.ok is False


def test_whitespace_only_cell_is_blank(tmp_path: Path) -> None:
    assert _findings(tmp_path, "wave,pardoned,source\n1,5,   \n") == [
        ("required", 2, ("source",), None, "a value")
    ]


def test_a_catastrophic_pattern_is_judged_at_once(tmp_path: Path) -> None:
    """(a+)+$ against 40 a's and a '!' took Python's re hours; RE2 reads it in linear time."""
    schema = {"name": "evil", "columns": {"code": {"type": "string", "pattern": "(a+)+$"}}}
    csv = "code\n" + "a" * 40 + "!\n" + "a" * 41 + "\n"
    assert _findings(tmp_path, csv, schema) == [("pattern", 2, ("code",), "a" * 40 + "!", "(a+)+$")]


def test_numbers_too_large_to_compare_say_so(tmp_path: Path) -> None:
    csv = (
        "wave,pardoned,share,source\n"
        "9007199254740992,at least 9007199254740992,1e309,AP\n"
        "0x1F,0x1F,inf,AP\n"
    )
    within = "within ±2^53 - 1 = ±9,007,199,254,740,991"
    assert _findings(tmp_path, csv) == [
        ("too-large", 2, ("pardoned",), "at least 9007199254740992", f"a tally {within}"),
        ("too-large", 2, ("share",), "1e309", f"a number {within}"),
        ("too-large", 2, ("wave",), "9007199254740992", f"an integer {within}"),
        ("type", 3, ("pardoned",), "0x1F", "tally"),
        ("type", 3, ("share",), "inf", "number"),
        ("type", 3, ("wave",), "0x1F", "integer"),
    ]


def test_a_missing_column_names_the_header_cell_it_was_likely_meant_as() -> None:
    header = ["\u200bWave ", "pardoned", "source"]
    assert describe_missing(["wave"], header) == (
        "the column 'wave' is missing, but the schema requires it (did you mean '\\u200bWave '?)"
    )


def test_a_missing_column_matches_a_header_up_to_underscores_and_hyphens() -> None:
    header = ["Total-Cases", "new cases", "date"]
    assert describe_missing(["total_cases", "new_cases"], header) == (
        "the columns 'total_cases' and 'new_cases' are missing, but the schema requires them"
        " (did you mean 'Total-Cases' and 'new cases'?)"
    )


def test_a_missing_column_with_no_near_name_has_no_hint() -> None:
    assert describe_missing(["wave"], ["waves", "pardoned"]) == (
        "the column 'wave' is missing, but the schema requires it"
    )
