"""The quoted rule against sentences written by an independent number speller."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from spelling import say

import tallycheck
from tallycheck.schema.loader import schema_from_mapping

SCHEMA = schema_from_mapping(
    {
        "name": "quoted",
        "columns": {
            "freed": {"type": "tally"},
            "other": {"type": "tally", "required": False},
            "quote": {"type": "string"},
        },
        "rules": [{"rule": "quoted", "columns": ["freed", "other"], "quote": "quote"}],
    }
)
# A cell's qualifier, and phrasings of the same meaning an article may use.
SAME_MEANING = {
    "": ("",),
    "more than ": ("more than ", "over ", "above "),
    "at least ": ("at least ", "no fewer than "),
    "about ": ("about ", "around ", "roughly ", "some "),
    "up to ": ("up to ", "no more than "),
}


def with_commas(n: int) -> str:
    """Digits in groups of three, joined by commas (written apart from the parser)."""
    digits = str(n)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ",".join(groups)


def rendered(n: int, how: str) -> str:
    return {"digits": str(n), "commas": with_commas(n), "words": say(n)}[how]


def findings(cell: str, quote: str) -> list[tallycheck.Finding]:
    frame = pd.DataFrame({"freed": [cell], "other": [""], "quote": [quote]})
    return list(tallycheck.validate(frame, SCHEMA).findings)


numbers = st.integers(min_value=1, max_value=999_999)
spellings = st.sampled_from(["digits", "commas", "words"])
qualifiers = st.sampled_from(sorted(SAME_MEANING))


@settings(max_examples=60, deadline=None)
@given(numbers, spellings, qualifiers, st.data())
def test_a_figure_spelt_any_way_is_stated(
    n: int, how: str, qualifier: str, data: st.DataObject
) -> None:
    phrasing = data.draw(st.sampled_from(SAME_MEANING[qualifier]))
    quote = f"Officials said on Monday that {phrasing}{rendered(n, how)} prisoners were freed."
    assert findings(f"{qualifier}{n}", quote) == []


@settings(max_examples=60, deadline=None)
@given(numbers, spellings, st.integers(min_value=-5, max_value=5).filter(bool))
def test_a_different_number_is_not_stated(n: int, how: str, shift: int) -> None:
    typed = max(1, n + shift) if n + shift != n else n + 1
    if typed == n:
        typed = n + 1
    quote = f"Officials said on Monday that {rendered(n, how)} prisoners were freed."
    (finding,) = findings(str(typed), quote)
    assert (finding.rule, finding.value, finding.expected) == ("quoted", str(typed), str(n))
    assert finding.message == (
        f"row 1: freed {typed} is not among the figures the quote states ({n})."
    )


@settings(max_examples=30, deadline=None)
@given(numbers, spellings)
def test_a_dropped_qualifier_is_not_stated(n: int, how: str) -> None:
    quote = f"Officials said that more than {rendered(n, how)} prisoners were freed."
    (finding,) = findings(str(n), quote)
    assert finding.expected == f"more than {rendered(n, how)}"
    assert "drops the quote's qualifier" in finding.message
