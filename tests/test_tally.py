"""Tests for tallycheck.tally: tally cells read as intervals of whole numbers."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spelling import say

from tallycheck import tally
from tallycheck.tally import (
    QUALIFIER_TABLE,
    QUALIFIERS,
    Interval,
    parse_tally,
    parse_tally_column,
    qualifier_table_markdown,
)

INF = math.inf
NAN = math.nan

EXACT: list[tuple[str, float, float]] = [
    ("29", 29, 29),
    ("1300", 1300, 1300),
    ("1,300", 1300, 1300),
    ("1 300", 1300, 1300),
    ("1\u2009300", 1300, 1300),
    ("1\u00a0300", 1300, 1300),
    ("1,300,000", 1_300_000, 1_300_000),
    ("007", 7, 7),
    ("0", 0, 0),
    ("-3", -3, -3),
    ("-1,300", -1300, -1300),
    ("  29. ", 29, 29),
    ("1.3 million", 1_300_000, 1_300_000),
    ("2.5 thousand", 2500, 2500),
    ("2 thousand", 2000, 2000),
    ("1,300 thousand", 1_300_000, 1_300_000),
]
WORDS: list[tuple[str, float, float]] = [
    ("zero", 0, 0),
    ("seven", 7, 7),
    ("nineteen", 19, 19),
    ("twenty", 20, 20),
    ("twenty-nine", 29, 29),
    ("twenty nine", 29, 29),
    ("Twenty-Nine", 29, 29),
    ("ninety-nine", 99, 99),
    ("a hundred", 100, 100),
    ("one hundred and five", 105, 105),
    ("a thousand", 1000, 1000),
    ("a thousand and one", 1001, 1001),
    ("one thousand two hundred and fifty", 1250, 1250),
    ("twelve hundred and fifty", 1250, 1250),
    ("two million three hundred thousand", 2_300_000, 2_300_000),
    ("a million", 1_000_000, 1_000_000),
    ("a dozen", 12, 12),
    ("dozen", 12, 12),
]
QUALIFIED: list[tuple[str, float, float]] = [
    # the seed figures
    ("more than 1,300", 1301, INF),
    ("at least 1,275", 1275, INF),
    ("over 1,250", 1251, INF),
    ("more than a thousand", 1001, INF),
    ("at least seven", 7, INF),
    ("dozens", 24, 99),
    # strictly more than
    ("above 10", 11, INF),
    ("in excess of 500", 501, INF),
    ("upwards of 500", 501, INF),
    ("more than 0", 1, INF),
    # at least
    ("no fewer than 40", 40, INF),
    ("no less than 40", 40, INF),
    ("not less than 40", 40, INF),
    ("40 or more", 40, INF),
    ("40+", 40, INF),
    ("1,000+", 1000, INF),
    ("40-plus", 40, INF),
    ("40 plus", 40, INF),
    ("twenty-nine plus", 29, INF),
    # at most
    ("at most 99", 0, 99),
    ("up to 50", 0, 50),
    ("no more than 50", 0, 50),
    ("not more than 50", 0, 50),
    ("50 or fewer", 0, 50),
    ("50 or less", 0, 50),
    # strictly fewer than
    ("fewer than 10", 0, 9),
    ("less than 10", 0, 9),
    ("under 10", 0, 9),
    ("below 10", 0, 9),
    ("fewer than 1", 0, 0),
    # about
    ("about 100", 90, 110),
    ("around 100", 90, 110),
    ("approximately 100", 90, 110),
    ("roughly 100", 90, 110),
    ("some 100", 90, 110),
    ("an estimated 100", 90, 110),
    ("estimated 100", 90, 110),
    ("~100", 90, 110),
    ("~ 100", 90, 110),
    ("circa 100", 90, 110),
    ("c. 100", 90, 110),
    ("c.100", 90, 110),
    ("about 30", 27, 33),
    ("about 5", 4, 6),
    ("about 0", 0, 1),
    ("about a dozen", 10, 14),
    # just under
    ("nearly 100", 90, 99),
    ("almost 100", 90, 99),
    ("close to 100", 90, 99),
    ("just under 100", 90, 99),
    ("nearly 1", 0, 0),
    # just over
    ("just over 100", 101, 110),
    ("just above 100", 101, 110),
    ("slightly more than 100", 101, 110),
    # ranges
    ("between 10 and 20", 10, 20),
    ("between one hundred and five and two hundred", 105, 200),
    ("from 10 to 20", 10, 20),
    ("10 to 20", 10, 20),
    ("10-20", 10, 20),
    ("10\u201320", 10, 20),
    ("10 - 20", 10, 20),
    ("1,300-1,500", 1300, 1500),
    ("seven or eight", 7, 8),
    # vague
    ("several dozens", 24, 99),
    ("hundreds", 200, 999),
    ("thousands", 2000, 999_999),
    ("several thousands", 2000, 999_999),
    ("tens of thousands", 20_000, 99_999),
    ("hundreds of thousands", 200_000, 999_999),
    ("a few", 2, 5),
    ("several", 3, 9),
    ("a handful", 2, 9),
    # case and spacing
    ("  More   THAN 1,300. ", 1301, INF),
]
NOT_TALLIES = [
    "",
    "   ",
    "n/a",
    "unknown",
    "abc",
    "1.5",
    "2.5",
    "1.300",
    "+29",
    "- 3",
    "1,30",
    "1,3000",
    "1.2345 thousand",
    "twenty-nine people",
    "hundred",
    "one two",
    "under 0",
    "nearly 0",
    "between 20 and 10",
    "more than -3",
    "99999999999999999999",
    "1" * 201,
    "\x00\xff\ufffd",
]


@pytest.mark.parametrize(("text", "lo", "hi"), EXACT + WORDS + QUALIFIED)
def test_parse_tally(text: str, lo: float, hi: float) -> None:
    assert parse_tally(text) == Interval(lo, hi)


@pytest.mark.parametrize("text", NOT_TALLIES)
def test_not_a_tally(text: str) -> None:
    assert parse_tally(text) is None


def test_about_is_configurable() -> None:
    assert parse_tally("about 100", about=0.2) == Interval(80, 120)
    assert parse_tally("nearly 100", about=0.2) == Interval(80, 99)
    assert parse_tally("about 100", about=0) == Interval(99, 101)
    with pytest.raises(ValueError, match="about"):
        parse_tally("about 100", about=-0.1)


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (Interval(207, 207), "207"),
        (Interval(1300, 1300), "1300"),
        (Interval(147, INF), "at least 147"),
        (Interval(0, 99), "at most 99"),
        (Interval(147, 200), "147 to 200"),
    ],
)
def test_interval_str(interval: Interval, text: str) -> None:
    assert str(interval) == text


def test_interval_arithmetic() -> None:
    assert Interval(5, 5).is_exact
    assert not Interval(5, INF).is_exact
    assert Interval(1, 2) + Interval(10, INF) == Interval(11, INF)
    assert Interval(1, 5).overlaps(Interval(5, 9))
    assert not Interval(1, 4).overlaps(Interval(5, 9))
    with pytest.raises(ValueError, match="empty"):
        Interval(2, 1)


def test_qualifier_table() -> None:
    assert len(QUALIFIER_TABLE) == len(QUALIFIERS)
    more_than = QUALIFIER_TABLE[1]
    assert more_than[0] == "more than N, over N, above N, in excess of N, upwards of N"
    assert more_than[1] == "[N+1, ∞)"
    markdown = qualifier_table_markdown()
    lines = markdown.splitlines()
    assert lines[:2] == ["| Phrases | Interval | Note |", "| --- | --- | --- |"]
    assert len(lines) == 2 + len(QUALIFIERS)
    assert "| `dozens`, `several dozens` | [24, 99] |" in markdown
    assert markdown in (tally.__doc__ or "")


def _expected(formula: str, n: int, m: int) -> tuple[float, float]:
    """The interval a formula of the table means, computed independently."""
    d = max(1, -(-n // 10))
    return {
        "[N, N]": (n, n),
        "[N+1, ∞)": (n + 1, INF),
        "[N, ∞)": (n, INF),
        "[0, N]": (0, n),
        "[0, N-1]": (0, n - 1),
        "[N-d, N+d]": (n - d, n + d),
        "[N-d, N-1]": (n - d, n - 1),
        "[N+1, N+d]": (n + 1, n + d),
        "[N, M]": (n, m),
    }[formula]


PHRASES = [(q.formula, phrase) for q in QUALIFIERS for phrase in q.phrases if "N" in phrase]


@given(
    st.sampled_from(PHRASES),
    st.integers(1, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["{:d}", "{:,d}"]),
)
def test_every_phrase_means_its_formula(
    row: tuple[str, str], n: int, extra: int, style: str
) -> None:
    formula, phrase = row
    m = n + extra
    text = phrase.replace("N", style.format(n)).replace("M", style.format(m))
    lo, hi = _expected(formula, n, m)
    assert parse_tally(text) == Interval(lo, hi)
    strict = "N+1" in formula or "N-1" in formula
    assert (lo <= n <= hi) is not strict


@pytest.mark.parametrize(
    ("phrase", "formula"),
    [(phrase, q.formula) for q in QUALIFIERS for phrase in q.phrases if "N" not in phrase],
)
def test_vague_phrases_mean_their_formula(phrase: str, formula: str) -> None:
    interval = parse_tally(phrase)
    assert interval is not None
    assert f"[{int(interval.lo)}, {int(interval.hi)}]" == formula


@given(st.text())
def test_parse_tally_never_raises(text: str) -> None:
    result = parse_tally(text)
    assert result is None or isinstance(result, Interval)


VOCABULARY = [
    "a",
    "and",
    "more",
    "than",
    "at",
    "least",
    "or",
    "to",
    "between",
    "hundred",
    "thousand",
    "million",
    "dozen",
    "dozens",
    "twenty-nine",
    "seven",
    "zero",
    "several",
    "about",
    "~",
    "c.",
    "+",
    "-",
    "1,300",
    "1.5",
    "0",
    "12",
    "999",
    "-3",
    "under",
    "nearly",
    "just",
    "over",
]


@given(st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join))
def test_parse_tally_never_raises_on_tally_words(text: str) -> None:
    result = parse_tally(text)
    assert result is None or result.lo <= result.hi


def test_parse_tally_column() -> None:
    cells = pa.array(
        [
            "29",
            "1,300",
            "more than 1,300",
            None,
            "  ",
            "junk",
            "about 100",
            "more than 1,300",
            "-3",
            " 7 ",
            "1,3000",
            "twenty-nine",
        ],
        type=pa.string(),
    )
    parsed = parse_tally_column(cells)
    np.testing.assert_array_equal(
        parsed.lo, [29, 1300, 1301, NAN, NAN, NAN, 90, 1301, -3, 7, NAN, 29]
    )
    np.testing.assert_array_equal(
        parsed.hi, [29, 1300, INF, NAN, NAN, NAN, 110, INF, -3, 7, NAN, 29]
    )
    np.testing.assert_array_equal(parsed.blank, [False, False, False, True, True] + [False] * 7)
    np.testing.assert_array_equal(
        parsed.invalid, [False] * 5 + [True] + [False] * 4 + [True, False]
    )
    assert parsed.lo.dtype == np.float64
    assert parsed.blank.dtype == np.bool_


def test_parse_tally_column_about() -> None:
    cells = pa.array(["about 100", None, "5", "x"], type=pa.string())
    parsed = parse_tally_column(cells, about=0.2)
    np.testing.assert_array_equal(parsed.lo, [80, NAN, 5, NAN])
    np.testing.assert_array_equal(parsed.hi, [120, NAN, 5, NAN])
    np.testing.assert_array_equal(parsed.blank, [False, True, False, False])
    np.testing.assert_array_equal(parsed.invalid, [False, False, False, True])


def test_parse_tally_column_nul_is_no_tally() -> None:
    parsed = parse_tally_column(pa.array(["1\x00", "\x00", " \x00 ", "\x002"]))
    assert not parsed.blank.any()
    assert parsed.invalid.all()


def test_parse_tally_column_empty() -> None:
    parsed = parse_tally_column(pa.array([], type=pa.string()))
    assert parsed.lo.shape == parsed.invalid.shape == (0,)


def test_parse_tally_column_reads_plain_numbers_without_parse_tally(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    def spy(text: str, about: float = 0.10) -> Interval | None:
        seen.append(text)
        return Interval(1, 2)

    monkeypatch.setattr(tally, "parse_tally", spy)
    cells = pa.array(["12", "1,300", "-4", "999,999,999,999,999", "more than 5"] * 20_000)
    parsed = parse_tally_column(cells)
    assert seen == ["more than 5"]
    np.testing.assert_array_equal(parsed.lo[:5], [12, 1300, -4, 999_999_999_999_999, 1])


NUMBERISH = st.text(alphabet="0123456789,- .+\u0663", max_size=24)


# Every character Python counts as white space, which a cell's ends may hold.
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


@settings(max_examples=50)
@given(
    st.lists(
        st.one_of(
            NUMBERISH,
            st.text(max_size=12),
            st.text(st.sampled_from(f"{SPACES}7a"), max_size=4),
            st.none(),
        ),
        max_size=30,
    )
)
def test_parse_tally_column_agrees_with_parse_tally(texts: list[str | None]) -> None:
    parsed = parse_tally_column(pa.array(texts, type=pa.string()), about=0.15)
    for i, text in enumerate(texts):
        blank = text is None or not text.strip()
        assert parsed.blank[i] == blank
        one = None if blank else parse_tally(text or "", about=0.15)
        assert parsed.invalid[i] == (not blank and one is None)
        if one is None:
            assert np.isnan(parsed.lo[i])
            assert np.isnan(parsed.hi[i])
        else:
            assert (parsed.lo[i], parsed.hi[i]) == (one.lo, one.hi)


# --- more properties: spelling, words, tolerance, nothing after the figure -----------

PHRASE_TEXTS = st.builds(
    lambda row, n, extra: row[1].replace("N", str(n)).replace("M", str(n + extra)),
    st.sampled_from([(q.formula, p) for q in QUALIFIERS for p in q.phrases]),
    st.integers(1, 10**6),
    st.integers(0, 1000),
)


@given(st.integers(1, 999_999))
def test_numbers_in_words_mean_the_number(n: int) -> None:
    assert parse_tally(say(n)) == Interval(n, n)
    assert parse_tally(f"at least {say(n)}") == Interval(n, INF)
    assert parse_tally(f"more than {say(n)}") == Interval(n + 1, INF)


@given(st.integers(0, 10**12))
def test_thousands_separators_do_not_change_the_number(n: int) -> None:
    assert parse_tally(f"{n:,}") == parse_tally(f"{n:,}".replace(",", " ")) == Interval(n, n)
    assert parse_tally(str(n)) == Interval(n, n)


@given(PHRASE_TEXTS)
def test_case_spacing_and_a_final_full_stop_do_not_matter(text: str) -> None:
    expected = parse_tally(text)
    assert expected is not None
    assert parse_tally(text.upper()) == expected
    assert parse_tally(f"  {text.replace(' ', '   ')}. ") == expected
    assert parse_tally(f"\t{text}\n") == expected


@given(PHRASE_TEXTS, st.sampled_from([" people", " prisoners", " (AP)", " or so", "!"]))
def test_nothing_may_follow_the_figure(text: str, tail: str) -> None:
    assert parse_tally(text + tail) is None


@given(
    st.integers(0, 10**6),
    st.floats(0, 0.99, allow_nan=False).map(lambda about: round(about, 3)),
)
def test_about_and_its_kin_follow_the_tolerance(n: int, about: float) -> None:
    from fractions import Fraction

    d = max(1, math.ceil(Fraction(repr(about)) * n))
    around = parse_tally(f"about {n}", about)
    assert around == Interval(max(0, n - d), n + d)
    assert around.lo <= n <= around.hi  # "about N" contains N
    just_over = parse_tally(f"just over {n}", about)
    assert just_over == Interval(n + 1, n + d)
    assert not just_over.lo <= n <= just_over.hi  # and "just over N" excludes it
    nearly = parse_tally(f"nearly {n}", about)
    if n == 0:
        assert nearly is None  # documented: not a tally when N is 0
    else:
        assert nearly == Interval(max(0, n - d), n - 1)
        assert nearly.hi < n


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_a_range_must_not_run_backwards(n: int, less: int) -> None:
    m = n + less
    assert parse_tally(f"between {m} and {n}") is None
    assert parse_tally(f"from {m} to {n}") is None
    assert parse_tally(f"between {n} and {m}") == Interval(n, m)


@given(st.text(max_size=60), st.floats(0, 10, allow_nan=False))
def test_parse_tally_never_raises_whatever_the_tolerance(text: str, about: float) -> None:
    result = parse_tally(text, about)
    if result is not None:
        assert result.lo <= result.hi
        assert float(result.lo).is_integer()
        assert result.hi == INF or float(result.hi).is_integer()
        assert result.lo >= 0 or result.is_exact  # only an exact number may be negative


@pytest.mark.parametrize("space", ["\xa0", "\x0b", "\u3000", "\u2028", "\x1f"])
def test_a_cell_of_unicode_white_space_is_blank(space: str) -> None:
    from tallycheck.cells import numbers, stripped

    parsed = parse_tally_column(pa.array([space, f"29{space}"]))
    assert list(parsed.blank) == [True, False]
    assert list(parsed.lo[1:]) == [29]
    values, ok = numbers(stripped(pa.array([f"1{space}", "2"])))
    assert list(ok) == [True, True]
    assert list(values) == [1, 2]


LIMIT = 2**53 - 1  # tallycheck.exact.MAX_EXACT, spelt out


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("9007199254740991", LIMIT, LIMIT),
        ("-9,007,199,254,740,991", -LIMIT, -LIMIT),
        ("more than 9007199254740990", LIMIT, INF),
        ("at least 9007199254740991", LIMIT, INF),
        ("9007199254740990 or 9007199254740991", LIMIT - 1, LIMIT),
    ],
)
def test_tallies_up_to_the_exact_limit(text: str, lo: float, hi: float) -> None:
    assert parse_tally(text) == Interval(lo, hi)
    assert not tally.too_large(text)


@pytest.mark.parametrize(
    "text",
    [
        "9007199254740992",
        "-9007199254740992",
        "more than 9007199254740991",
        "about 9007199254740000",
        "just over 9007199254740991",
        "9007199254740990 to 9007199254740992",
        "9007199255 million",
        "9223372036854775808",
    ],
)
def test_tallies_beyond_the_exact_limit_are_too_large(text: str) -> None:
    assert parse_tally(text) is None
    assert tally.too_large(text)


@pytest.mark.parametrize("text", ["0x1F", "1_000", "inf", "nan", "1e309", "1e3", "twenty-nine x"])
def test_other_spellings_are_not_tallies_and_not_too_large(text: str) -> None:
    assert parse_tally(text) is None
    assert not tally.too_large(text)


def test_a_column_of_tallies_beyond_the_limit() -> None:
    column = tally.parse_tally_column(
        pa.array(["9007199254740991", "9007199254740992", "9" * 5000, "0x1F"], type=pa.string())
    )
    assert column.lo[:1].tolist() == [LIMIT]
    assert column.invalid.tolist() == [False, True, True, True]


def test_exact_intervals_add_up_past_2_53() -> None:
    total = tally.exact_interval(float(LIMIT), float(LIMIT)) + tally.exact_interval(2.0, INF)
    assert str(total) == "at least 9007199254740993"
    assert str(tally.exact_interval(1.5, 2.0) + Interval(1.0, 1.0)) == "2.5 to 3"


@pytest.mark.parametrize(
    "text",
    [
        "\u0663",  # ARABIC-INDIC DIGIT THREE
        "\uff13",  # FULLWIDTH DIGIT THREE
        "about \u0664\u0660\u0660",
        "\U0001d7d9\U0001d7da",  # MATHEMATICAL DOUBLE-STRUCK DIGIT ONE, TWO
        "more than \u0967\u0966\u0966",  # DEVANAGARI
        "-\u0663",
        "1,\u066300",
    ],
)
def test_digits_other_than_0_to_9_are_not_tallies(text: str) -> None:
    assert parse_tally(text) is None
    assert not tally.too_large(text)


def test_a_column_with_arabic_indic_and_full_width_digits_marks_them_invalid() -> None:
    column = tally.parse_tally_column(
        pa.array(["3", "\u0663", "\uff13", "about 400"], type=pa.string())
    )
    assert column.invalid.tolist() == [False, True, True, False]
    assert column.lo[:1].tolist() == [3.0]
