"""Vectorised cell parsing: the Arrow fast paths agree with the patterns they stand for."""

from __future__ import annotations

import datetime as dt
import math
import re

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tallycheck import cells


def _text(values: list[str | None]) -> pa.Array:
    return pa.array(values, type=pa.string())


def _floats(values: object) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values]  # type: ignore[attr-defined]


def test_whole_numbers_plain_column_takes_the_cast() -> None:
    values, ok = cells.numbers(cells.stripped(_text(["1", " 29 ", None, "-3", "+4"])))
    assert _floats(values) == [1.0, 29.0, None, -3.0, 4.0]
    assert ok.tolist() == [True, True, False, True, True]


def test_whole_numbers_with_separators_and_junk_take_the_pattern() -> None:
    text = cells.stripped(_text(["1,300", "1,30", "7", "1.5", "1e3", "x", "", "12,345,678"]))
    values, ok = cells.numbers(text)
    assert _floats(values) == [1300.0, None, 7.0, None, None, None, None, 12345678.0]
    assert ok.tolist() == [True, False, True, False, False, False, False, True]


def test_decimals() -> None:
    text = cells.stripped(_text(["0.5", "1,234.5", ".5", "1e3", "nan", "inf", "1.", "x"]))
    values, ok = cells.numbers(text, cells.DECIMAL)
    assert _floats(values) == [0.5, 1234.5, 0.5, 1000.0, None, None, None, None]
    assert ok.tolist() == [True, True, True, True, False, False, False, False]


def test_dates_are_real_calendar_days() -> None:
    text = cells.stripped(
        _text(
            [
                "1970-01-02",
                "2024-02-29",
                "2023-02-29",
                "2024-12-09",
                "2024-13-01",
                "2024-1-01",
                None,
                "1969-12-31",
                "2024-12-09",
            ]
        )
    )
    days, ok = cells.dates(text)
    assert _floats(days) == [1.0, 19782.0, None, 20066.0, None, None, None, -1.0, 20066.0]
    assert ok.tolist() == [True, True, False, True, False, False, False, True, True]


def _iso_days(cell: str | None) -> float | None:
    """What a cell of ten characters should read as, by Python's calendar: days since
    1970-01-01 of a real YYYY-MM-DD date (year 0 taken 400 years on), else None."""
    if cell is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell, re.ASCII):
        return None
    year, month, day = map(int, cell.split("-"))
    shift = 146_097 if year == 0 else 0  # the days of 400 Gregorian years
    try:
        date = dt.date(year + (400 if year == 0 else 0), month, day)
    except ValueError:
        return None
    return float((date - dt.date(1970, 1, 1)).days - shift)


_SEPARATOR = st.sampled_from("--/x")
_WRITTEN_DATES = st.builds(
    "{:04d}{}{:02d}{}{:02d}".format,
    st.integers(0, 9999),
    _SEPARATOR,
    st.integers(0, 13),
    _SEPARATOR,
    st.integers(0, 32),
)
_TEN_CHARACTERS = st.text(alphabet="0123456789-/ x\u0663", min_size=10, max_size=10)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_WRITTEN_DATES, _TEN_CHARACTERS, st.none()), max_size=40), st.data())
def test_dates_of_ten_characters_are_read_off_the_bytes_as_the_calendar_says(
    written: list[str | None], data: st.DataObject
) -> None:
    """A column whose cells are all ten bytes takes the fast path (a slice of a column
    too): it reads each cell as Python's calendar does, and as the pattern path does
    once a longer cell is among them."""
    column = _text(written)
    start = data.draw(st.integers(0, len(written)))
    for cells_read, expected in (
        (column, written),
        (column.slice(start), written[start:]),
    ):
        days, ok = cells.dates(cells_read)
        want = [_iso_days(cell) for cell in expected]
        assert _floats(days) == want
        assert ok.tolist() == [w is not None for w in want]
        assert cells_read.to_pylist() == expected  # the cells are read, never written
    days, ok = cells.dates(_text([*written, "2024-02-29T10:00"]))
    assert _floats(days)[:-1] == [_iso_days(cell) for cell in written]
    assert _floats(days)[-1] == 19782.0


def test_dates_of_other_lengths_are_not_read_as_ten_bytes_each() -> None:
    """Nine and eleven bytes make twenty, as two dates would: neither is a date."""
    days, ok = cells.dates(_text(["2024-01-1", "2024-01-011"]))
    assert _floats(days) == [None, None]
    assert ok.tolist() == [False, False]


def test_dates_are_read_a_block_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of three cells: each block is read on its own, blanks and all, and a
    longer cell in the last block sends the whole column down the pattern path."""
    monkeypatch.setattr(cells, "_BLOCK", 3)
    written = ["2024-02-29", None, "2023-02-29", "1970-01-01", "not a date", None, "0000-03-01"]
    days, ok = cells.dates(_text(written))
    assert _floats(days) == [19782.0, None, None, 0.0, None, None, -719468.0]
    assert ok.tolist() == [True, False, False, True, False, False, True]
    days, ok = cells.dates(_text([*written, "1970-01-02T00:00"]))
    assert _floats(days) == [19782.0, None, None, 0.0, None, None, -719468.0, 1.0]


def test_matches_is_anchored_by_the_caller() -> None:
    text = cells.stripped(_text(["https://a.org", "see https://a.org", None]))
    assert cells.matches(text, r"^https://").tolist() == [True, False, False]


def test_stripping_is_pythons() -> None:
    every_space = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    assert every_space == cells.PYTHON_SPACE
    raw = [" a\u3000", "\x1cb\x85", "\u200bc", "  ", "", None, "d"]
    stripped = cells.stripped(_text(raw)).to_pylist()
    assert stripped == [(c.strip() or None) if c is not None else None for c in raw]
    assert stripped == ["a", "b", "\u200bc", None, None, None, "d"]


def test_sorted_codes_follow_code_points_with_blank_first() -> None:
    codes = cells.sorted_codes(_text(["b", None, "a", "é", "b", "Z"]))
    assert codes.tolist() == [3, 0, 2, 4, 3, 1]


def test_columns_with_nothing_to_strip_are_not_copied() -> None:
    figures = _text(["12", None, "x-y~"])
    assert cells.stripped(figures) is figures
    quotes = _text(['"Sixth wave" of pardons, an «invented» quote.', None, "Zürich, 3 June 2024"])
    assert cells.stripped(quotes) is quotes
    short = _text(["a b", " c", "d\x7f", "\x1fe", "f\u3000", "é", "«é»x"])
    assert cells.stripped(short).to_pylist() == ["a b", "c", "d\x7f", "e", "f", "é", "«é»x"]


_CELLS = st.lists(
    st.one_of(st.none(), st.text(alphabet=" \t\u3000\xa0\x85abé»\u200b")), max_size=30
)


@given(_CELLS, st.integers(min_value=0, max_value=40))
def test_stripped_is_pythons_strip_with_blank_as_null(raw: list[str | None], filler: int) -> None:
    """Short cells and long ones (``filler`` letters in the middle of each), read
    whole and as a slice of a longer array."""
    cells_ = [
        None if c is None else c[: len(c) // 2] + "x" * filler + c[len(c) // 2 :] for c in raw
    ]
    expected = [None if c is None else (c.strip() or None) for c in cells_]
    assert cells.stripped(_text(cells_)).to_pylist() == expected
    assert cells.stripped(_text(["  padding ", *cells_])[1:]).to_pylist() == expected


MAX = 2**53 - 1  # tallycheck.exact.MAX_EXACT, spelt out


def test_whole_numbers_only_in_decimal_digits() -> None:
    """Arrow's cast alone reads 0x1F as 31; only digits (and a minus) take the cast."""
    text = cells.stripped(_text(["0x1F", "0X1f", "1_000", "0b101", "0o7", "017", "7"]))
    values, ok = cells.numbers(text)
    assert _floats(values) == [None, None, None, None, None, 17.0, 7.0]
    assert ok.tolist() == [False, False, False, False, False, True, True]


def test_whole_numbers_beyond_2_53_do_not_pass() -> None:
    big = ["9007199254740991", "-9007199254740991", "9007199254740992", "-9007199254740992"]
    huge = ["9223372036854775807", "9223372036854775808", "-9223372036854775808", "9" * 5000]
    for column in (big + huge, [*big, *huge, "1,300"]):  # the cast, then the pattern
        values, ok = cells.numbers(cells.stripped(_text(column)))
        assert _floats(values)[:2] == [float(MAX), -float(MAX)]
        assert ok.tolist()[:8] == [True, True] + [False] * 6


def test_decimals_refuse_infinity_and_what_overflows_to_it() -> None:
    text = cells.stripped(_text(["1e309", "-1e309", "1e308", "9" * 5000, "Infinity", "1_0.5"]))
    values, ok = cells.numbers(text, cells.DECIMAL)
    assert _floats(values) == [None] * 6
    assert not ok.any()


def test_decimals_up_to_the_limit_pass() -> None:
    values, ok = cells.numbers(
        cells.stripped(_text(["9007199254740991", "-1.5e15"])), cells.DECIMAL
    )
    assert _floats(values) == [float(MAX), -1.5e15]
    assert ok.all()


def test_too_large_tells_a_number_too_large_from_one_not_written_right() -> None:
    assert cells.too_large("9007199254740992")
    assert cells.too_large("9,007,199,254,740,992")
    assert cells.too_large("9" * 5000)
    assert not cells.too_large("9007199254740991")
    assert not cells.too_large("0x1F")
    assert cells.too_large("1e309", cells.DECIMAL)
    assert not cells.too_large("1e309")  # not a whole number at all
    assert not cells.too_large("inf", cells.DECIMAL)
