"""Tally cells with scales (``two dozen``, ``100k``, ``1.2m``, ``3,4 million``, ``half a
million``) and the vague amounts built on them (``several hundred``, ``a couple of
dozen``, ``scores``): each read as its exact interval."""

from __future__ import annotations

import math
from fractions import Fraction

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from spelling import say

from tallycheck import tally
from tallycheck.catalogue import explain_text
from tallycheck.tally import Interval, parse_tally, parse_tally_column

INF = math.inf
# Each scale's word, its suffixes and its factor, spelt out rather than read from SCALES.
FACTORS = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
}
WORD_SCALES = ("dozen", "hundred", "thousand", "million", "billion")

SCALED: list[tuple[str, float, float]] = [
    # dozens
    ("two dozen", 24, 24),
    ("Two Dozen", 24, 24),
    ("2 dozen", 24, 24),
    ("1.5 dozen", 18, 18),
    ("twenty-four dozen", 288, 288),
    ("half a dozen", 6, 6),
    # half a scale
    ("half a million", 500_000, 500_000),
    ("half a billion", 500_000_000, 500_000_000),
    ("half a thousand", 500, 500),
    ("half a hundred", 50, 50),
    # suffixes
    ("100k", 100_000, 100_000),
    ("100K", 100_000, 100_000),
    ("1.2m", 1_200_000, 1_200_000),
    ("1.2M", 1_200_000, 1_200_000),
    ("1.2mn", 1_200_000, 1_200_000),
    ("2bn", 2_000_000_000, 2_000_000_000),
    ("2.5bn", 2_500_000_000, 2_500_000_000),
    ("1.25k", 1250, 1250),
    ("0.5k", 500, 500),
    ("1,300k", 1_300_000, 1_300_000),
    # billions
    ("2 billion", 2_000_000_000, 2_000_000_000),
    ("two billion", 2_000_000_000, 2_000_000_000),
    ("a billion", 1_000_000_000, 1_000_000_000),
    ("two billion three million", 2_003_000_000, 2_003_000_000),
    # a decimal comma before a scale: one or two digits after the comma
    ("3,4 million", 3_400_000, 3_400_000),
    ("3,45 million", 3_450_000, 3_450_000),
    ("3,4m", 3_400_000, 3_400_000),
    ("1,5k", 1500, 1500),
    ("1 300,5 million", 1_300_500_000, 1_300_500_000),
    # three digits after a comma are a group of thousands
    ("3,400 million", 3_400_000_000, 3_400_000_000),
    ("1,300 thousand", 1_300_000, 1_300_000),
    # qualified and ranges
    ("more than two dozen", 25, INF),
    ("at least 100k", 100_000, INF),
    ("about half a million", 450_000, 550_000),
    ("~1.2m", 1_080_000, 1_320_000),
    ("nearly 2bn", 1_800_000_000, 1_999_999_999),
    ("1.2m-1.5m", 1_200_000, 1_500_000),
    ("10-20k", 10, 20_000),
    # vague amounts
    ("several dozen", 24, 99),
    ("several hundred", 200, 999),
    ("several thousand", 2_000, 999_999),
    ("several hundred thousand", 200_000, 999_999),
    ("millions", 2_000_000, 999_999_999),
    ("several millions", 2_000_000, 999_999_999),
    ("several million", 2_000_000, 999_999_999),
    ("scores", 40, 99),
    ("a couple", 2, 3),
    ("a couple of dozen", 24, 36),
    ("a couple dozen", 24, 36),
    ("a couple of hundred", 200, 300),
    ("a couple hundred", 200, 300),
    ("a couple of thousand", 2_000, 3_000),
    ("a couple of million", 2_000_000, 3_000_000),
    ("a couple of billion", 2_000_000_000, 3_000_000_000),
    ("a few dozen", 24, 60),
    ("a few hundred", 200, 500),
    ("a few thousand", 2_000, 5_000),
    ("a few million", 2_000_000, 5_000_000),
    ("a few billion", 2_000_000_000, 5_000_000_000),
    ("  A Couple  of Hundred. ", 200, 300),
]
NOT_SCALED = [
    "100 k",  # a suffix follows the number directly
    "2 bn",
    "1.5b",  # "b" is no suffix
    "1.2345k",  # not a whole number
    "1.55 dozen",
    "1.0000001m",
    "1,300,5 million",  # a decimal comma after thousands commas
    "1,3000 million",
    "3,4",  # a decimal comma needs a scale
    "7,7",
    "between 3,4 and 3,5 million",  # a scale applies to the number it follows only
    "zero dozen",
    "a dozen dozen",
    "two dozen dozen",
    "half a",
    "half a couple",
    "half dozen",
    "a half million",
    "couple",
    "a couple of",
    "several scores",
    "scores of people",
    "a few dozens",
    "k",
    "m",
    "-1.2m",  # only an exact number in digits may be negative
    "-100k",
]


@pytest.mark.parametrize(("text", "lo", "hi"), SCALED)
def test_scaled_and_vague(text: str, lo: float, hi: float) -> None:
    assert parse_tally(text) == Interval(lo, hi)


@pytest.mark.parametrize("text", NOT_SCALED)
def test_not_a_tally(text: str) -> None:
    assert parse_tally(text) is None
    assert not tally.too_large(text)


def test_a_scaled_number_beyond_the_exact_limit_is_too_large() -> None:
    assert parse_tally("9007200bn") is None
    assert tally.too_large("9007200bn")
    assert parse_tally("9007199bn") == Interval(9_007_199_000_000_000, 9_007_199_000_000_000)


def test_explain_tally_lists_the_scales_and_the_new_phrases() -> None:
    text = explain_text("tally")
    for line in (
        "| `N dozen` | - | 12 |",
        "| `N thousand` | `Nk` | 1,000 |",
        "| `N million` | `Nm`, `Nmn` | 1,000,000 |",
        "| `N billion` | `Nbn` | 1,000,000,000 |",
        "| `scores` | [40, 99] |",
        "| `a couple` | [2, 3] |",
        "| `a couple of dozen`, `a couple dozen` | [24, 36] |",
        "| `several hundred` | [200, 999] |",
        "| `a few thousand` | [2000, 5000] |",
        "| `millions`, `several millions`, `several million` | [2000000, 999999999] |",
    ):
        assert line in text, line
    assert "``3,4 million`` is 3,400,000" in text
    assert "``half\na dozen`` is 6" in text


def test_a_column_reads_scales_like_parse_tally() -> None:
    cells = ["100k", "6.0", "3,4 million", "scores", "two dozen", "7,7", "100 k"]
    column = parse_tally_column(pa.array(cells, type=pa.string()))
    assert column.lo.tolist()[:5] == [100_000, 6, 3_400_000, 40, 24]
    assert column.hi.tolist()[:5] == [100_000, 6, 3_400_000, 99, 24]
    assert column.invalid.tolist() == [False] * 5 + [True, True]


@given(st.integers(0, 10**6), st.sampled_from(sorted(FACTORS)))
def test_n_times_a_scale_is_n_times_its_factor(n: int, scale: str) -> None:
    factor = FACTORS[scale]
    text = f"{n}{scale}" if scale in ("k", "m", "mn", "bn") else f"{n} {scale}"
    assert parse_tally(text) == Interval(n * factor, n * factor)
    assert parse_tally(f"more than {text}") == Interval(n * factor + 1, INF)


@given(st.integers(1, 999), st.sampled_from(WORD_SCALES))
def test_n_in_words_times_a_scale(n: int, scale: str) -> None:
    if scale == "hundred" and n >= 100:
        return  # "one hundred and five hundred" is no number
    expected = n * FACTORS[scale]
    assert parse_tally(f"{say(n)} {scale}") == Interval(expected, expected)


@given(st.integers(0, 999_999), st.from_regex(r"[0-9]{1,2}", fullmatch=True))
def test_a_decimal_comma_before_a_scale_is_a_decimal_point(whole: int, digits: str) -> None:
    for scale in ("million", "m", "bn", "k"):
        comma, point = f"{whole},{digits} {scale}", f"{whole}.{digits} {scale}"
        if scale in ("m", "bn", "k"):
            comma, point = comma.replace(" ", ""), point.replace(" ", "")
        assert parse_tally(comma) == parse_tally(point)
        value = Fraction(f"{whole}.{digits}") * FACTORS[scale]
        if value.denominator == 1:
            assert parse_tally(comma) == Interval(int(value), int(value))
        else:
            assert parse_tally(comma) is None


@given(st.integers(0, 10**6), st.from_regex(r"[0-9]{1,6}", fullmatch=True))
def test_a_scaled_decimal_is_a_tally_only_when_whole(whole: int, digits: str) -> None:
    value = Fraction(f"{whole}.{digits}") * 1000
    expected = Interval(int(value), int(value)) if value.denominator == 1 else None
    assert parse_tally(f"{whole}.{digits}k") == expected
    assert parse_tally(f"{whole}.{digits} thousand") == expected


@pytest.mark.parametrize("scale", WORD_SCALES)
def test_half_a_scale_is_half_its_factor(scale: str) -> None:
    half = FACTORS[scale] // 2
    assert parse_tally(f"half a {scale}") == Interval(half, half)
    assert parse_tally(f"at least half a {scale}") == Interval(half, INF)


@pytest.mark.parametrize("scale", WORD_SCALES)
def test_a_couple_and_a_few_of_a_scale(scale: str) -> None:
    factor = FACTORS[scale]
    couple = Interval(2 * factor, 3 * factor)
    assert parse_tally(f"a couple of {scale}") == couple
    assert parse_tally(f"a couple {scale}") == couple
    assert parse_tally(f"a few {scale}") == Interval(2 * factor, 5 * factor)


SCALE_WORDS = [
    "a",
    "half",
    "couple",
    "of",
    "few",
    "several",
    "scores",
    "dozen",
    "billion",
    "million",
    "millions",
    "100k",
    "1.2m",
    "3,4",
    "2bn",
    "6.0",
    "-",
    "k",
    "about",
    "more",
    "than",
    "and",
    "between",
]


@given(st.lists(st.sampled_from(SCALE_WORDS), max_size=8).map(" ".join))
def test_parse_tally_never_raises_on_scale_words(text: str) -> None:
    result = parse_tally(text)
    assert result is None or result.lo <= result.hi
