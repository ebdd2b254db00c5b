"""Numbers around 2^53 and 2^63: each is judged exactly, or its cell is refused.

The checks compute in double precision floats, which hold every whole number up
to 2^53; tallycheck takes integer, number and tally cells up to 2^53 - 1 in
magnitude and refuses the rest with a too-large finding, so that no rule misjudges.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tallycheck
from tallycheck.schema.loader import schema_from_mapping

LIMIT = 2**53 - 1
TOO_LARGE = "is too large to compare exactly (beyond ±2^53 - 1 = ±9,007,199,254,740,991)."


def _findings(tmp_path: Path, csv: str, rules: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    schema = {
        "name": "large",
        "order": "wave",
        "columns": {
            "wave": {"type": "integer"},
            "added": {"type": "tally", "required": False},
            "total": {"type": "tally", "required": False},
            "a": {"type": "integer", "required": False},
            "b": {"type": "number", "required": False},
        },
        "rules": rules,
    }
    path = tmp_path / "t.csv"
    path.write_text(csv, encoding="utf-8")
    report = tallycheck.validate(path, schema_from_mapping(schema))
    return [(f.rule, f.line, f.value, f.expected, f.message) for f in report.findings]


def test_waves_beyond_2_63_are_refused_not_sorted_before_1(tmp_path: Path) -> None:
    """Until this fix, wave 9223372036854775808 sorted before wave 1 ("wave 1 comes
    after wave 9223372036854775808") and a 5,000-digit wave was an internal error."""
    csv = f"wave\n1\n9223372036854775808\n2\n{'9' * 5000}\n3\n"
    found = _findings(tmp_path, csv, [{"rule": "sequence", "column": "wave"}])
    assert found == [
        (
            "too-large",
            3,
            "9223372036854775808",
            "an integer within ±2^53 - 1 = ±9,007,199,254,740,991",
            f"wave 9223372036854775808: wave '9223372036854775808' {TOO_LARGE}",
        ),
        (
            "too-large",
            5,
            "9" * 5000,
            "an integer within ±2^53 - 1 = ±9,007,199,254,740,991",
            f"wave {'9' * 5000}: wave '99999999999999999999… (5000 digits)' {TOO_LARGE}",
        ),
        (
            "not-judged",
            1,
            None,
            None,
            "sequence could not judge 2 rows: their wave cells are not integers "
            "(see the type findings).",
        ),
    ]


def test_a_sequence_up_to_the_limit_is_exact(tmp_path: Path) -> None:
    csv = "wave\n9007199254740989\n9007199254740990\n9007199254740990\n9007199254740991\n"
    found = _findings(tmp_path, csv, [{"rule": "sequence", "column": "wave"}])
    assert [(rule, line, value) for rule, line, value, _, _ in found] == [
        ("sequence", 4, "9007199254740990")  # the repeat, and nothing else
    ]


def test_a_step_past_the_limit_is_refused_not_rounded(tmp_path: Path) -> None:
    """As floats, 9007199254740992 and 9007199254740993 are one number: a step of 1
    between them read as a repeat, and the step after it as a gap."""
    csv = "wave\n9007199254740991\n9007199254740992\n9007199254740993\n"
    found = _findings(tmp_path, csv, [{"rule": "sequence", "column": "wave"}])
    assert [(rule, line) for rule, line, *_ in found] == [
        ("too-large", 3),
        ("too-large", 4),
        ("not-judged", 1),
    ]


def test_monotonic_at_the_limit(tmp_path: Path) -> None:
    csv = "wave,total\n1,9007199254740991\n2,9007199254740990\n3,more than 9007199254740990\n"
    found = _findings(tmp_path, csv, [{"rule": "monotonic", "column": "total"}])
    assert [(rule, line, expected) for rule, line, _, expected, _ in found] == [
        ("monotonic", 3, "at least 9007199254740991")
    ]


def test_a_running_total_that_would_pass_the_limit_is_flagged(tmp_path: Path) -> None:
    """9007199254740991 + 2 rounds to 9007199254740992 as a float: still above
    every figure a cell may hold, so the total is certainly short."""
    csv = "wave,added,total\n1,1,9007199254740989\n2,2,9007199254740991\n3,2,9007199254740991\n"
    found = _findings(
        tmp_path, csv, [{"rule": "running-total", "total": "total", "increment": "added"}]
    )
    assert [(rule, line, value) for rule, line, value, _, _ in found] == [
        ("running-total", 4, "9007199254740991")
    ]


def test_parts_that_add_up_past_the_limit_say_what_they_make(tmp_path: Path) -> None:
    csv = "wave,added,a,b\n1,2,9007199254740991,2\n2,9007199254740991,9007199254740990,1\n"
    found = _findings(tmp_path, csv, [{"rule": "parts-sum", "parts": ["a", "b"], "total": "added"}])
    assert found == [
        (
            "parts-sum",
            2,
            "2",
            "9007199254740993",
            "wave 1: a 9007199254740991 + b 2 should add up to added 2, "
            "but they make 9007199254740993.",
        )
    ]


def test_tallies_and_numbers_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    csv = "wave,total,b\n1,more than 9007199254740991,1e309\n2,about 9007199254740000,0x1F\n"
    found = _findings(tmp_path, csv, [])
    assert [(line, value, message) for _, line, value, _, message in found] == [
        (2, "1e309", f"wave 1: b '1e309' {TOO_LARGE}"),
        (
            2,
            "more than 9007199254740991",
            f"wave 1: total 'more than 9007199254740991' {TOO_LARGE}",
        ),
        (3, "about 9007199254740000", f"wave 2: total 'about 9007199254740000' {TOO_LARGE}"),
        (
            3,
            "0x1F",
            "wave 2: b '0x1F' is not a number (a number, decimals allowed).",
        ),
    ]


def test_a_running_total_past_the_limit_says_exactly_what_it_should_be(tmp_path: Path) -> None:
    """As floats, 9007199254740991 + 2 is 9007199254740992: the message adds whole numbers."""
    csv = "wave,added,total\n1,9007199254740991,9007199254740991\n2,2,5\n"
    found = _findings(
        tmp_path, csv, [{"rule": "running-total", "total": "total", "increment": "added"}]
    )
    assert found == [
        (
            "running-total",
            3,
            "5",
            "9007199254740993",
            "wave 2: total 5 should be 9007199254740993 (9007199254740991 at wave 1 + 2 added). "
            "Later rows may follow 5 as reported or 9007199254740993 as corrected.",
        )
    ]
