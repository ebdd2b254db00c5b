"""Column patterns: RE2 syntax, checked as the schema loads, matched whole in linear time."""

from __future__ import annotations

import time

import pytest

from tallycheck import patterns
from tallycheck.arrow_numpy import strings


@pytest.mark.parametrize(
    "pattern",
    [
        "(a+)+$",
        "[[:alpha:]]+",
        r"\pL+",
        "(?i)yes|no",
        "a{1000}",
        r"\d{2}-\d{2}",
        r"\{5000\}",
        r"\{5000}",
    ],
)
def test_patterns_re2_reads_load(pattern: str) -> None:
    assert patterns.problem(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (
            "a{4294967296}",
            "repeats more than 1000 times ({4294967296}); RE2, which reads patterns, "
            "allows at most 1000",
        ),
        (
            "a{2,1001}",
            "repeats more than 1000 times ({2,1001}); RE2, which reads patterns, allows at "
            "most 1000",
        ),
        ("a{" + "9" * 5000 + "}", "repeats more than 1000 times ({" + "9" * 5000 + "})"),
        (
            r"\\{1001}",
            "repeats more than 1000 times ({1001}); RE2, which reads patterns, allows at most 1000",
        ),
    ],
)
def test_patterns_that_repeat_too_often_are_refused(pattern: str, problem: str) -> None:
    found = patterns.problem(pattern)
    assert found is not None
    assert found.startswith(problem)


@pytest.mark.parametrize("pattern", [r"(a)\1", "(?=a)a", "(?<!a)b", "a++", r"\u00e9"])
def test_what_re2_does_not_read_is_refused_and_says_so(pattern: str) -> None:
    found = patterns.problem(pattern)
    assert found is not None
    assert found.startswith("is not a valid regular expression (")
    assert found.endswith(
        "; patterns use RE2 syntax: no backreferences, lookaround or possessive quantifiers)"
    )


def test_a_pattern_matches_the_whole_cell() -> None:
    cells = strings(["yes", "yesno", "no", None, "YES", "a\nyes"])
    assert patterns.matching(cells, "yes|no").tolist() == [True, False, True, False, False, False]
    assert patterns.matching(cells, "(?i)yes").tolist() == [True, False, False, False, True, False]


def test_a_catastrophic_pattern_runs_in_linear_time() -> None:
    """Python's re takes hours on (a+)+$ against 40 a's and a '!'; RE2 is linear."""
    cells = strings(["a" * 40 + "!", "a" * 41] * 50_000)
    started = time.perf_counter()
    matched = patterns.matching(cells, "(a+)+$")
    assert time.perf_counter() - started < 5
    assert matched[:2].tolist() == [False, True]
    assert int(matched.sum()) == 50_000
