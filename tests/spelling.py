"""Whole numbers spelt in English words, written independently of the tally parser,
for the tests that feed number words to it."""

from __future__ import annotations

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def say(n: int) -> str:
    """A whole number from 1 to 999,999 in English words, written independently of the parser."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS_WORDS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {say(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    tail = "" if not rest else f" and {say(rest)}" if rest < 100 else f" {say(rest)}"
    return f"{say(thousands)} thousand{tail}"
