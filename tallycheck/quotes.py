"""Quotes as the provenance rules read them: normalised text, and the figures it states.

``normalise`` makes two spellings of the same text equal: curly and straight
quotes, the dashes (hyphen, en dash, em dash, minus), and runs of white space.
``figures`` finds each figure a quote states, in the words a tally cell may use
(``tallycheck.tally``): digits with or without commas between groups of three
(``1,300``, ``1300``), number words (``six``, ``twenty-nine``), and the
qualifiers (``more than 1,300``, ``over 1,250``, ``about 400``, ``dozens``). A
figure never spans a comma, full stop or other punctuation, and two numbers
in digits side by side (``29 178``) are two figures, not ``29178``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from tallycheck.tally import NUMBER_WORDS, QUALIFIERS, Interval, parse_tally

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_CLAUSE_BREAK = re.compile(r"[;:!?()\[\]\"'\u2026]|\.\.\.|[,.](?!\d)")
_DIGIT_TOKEN = re.compile(r"~?\d+(?:,\d{3})*(?:\.\d+)?\+?", re.ASCII)
_PREFIX = 3  # words before a number at most: "slightly more than", "no fewer than"
_SUFFIX = 2  # words after it at most: "or more", "or fewer"
_JOINS = frozenset({"to", "and", "or"})  # between the numbers of a range


def normalise(text: str) -> str:
    """``text`` with straight quotes, hyphens for dashes and single spaces."""
    return " ".join(_DASHES.sub("-", text.translate(_QUOTES)).split())


def _edge_words(first: bool) -> frozenset[str]:
    """The words a qualifier phrase starts (``first``) or ends with, numbers aside."""
    words = set()
    for qualifier in QUALIFIERS:
        for phrase in qualifier.phrases:
            word = phrase.split()[0 if first else -1]
            if word.isalpha():
                words.add(word)
    return frozenset(words)


_STARTS = _edge_words(first=True)
_ENDS = _edge_words(first=False)


@dataclass(frozen=True)
class Figure:
    """A figure a quote states: its words (normalised, lower case), the interval they
    mean, and the numbers written in them (``more than 1,300``: 1300)."""

    text: str
    interval: Interval
    numbers: tuple[int, ...]

    def __str__(self) -> str:
        """An exact figure as its number (``six``: 6), any other as the quote words it."""
        return str(int(self.interval.lo)) if self.interval.is_exact else self.text


@lru_cache(maxsize=65_536)
def _is_number(token: str) -> bool:
    """A number in digits or words (``1,300``, ``~400``, ``twenty-nine``, ``10-20``)."""
    parts = token.split("-")
    if len(parts) > 1 and parts[-1] == "plus":
        parts.pop()
    return all(part in NUMBER_WORDS or _DIGIT_TOKEN.fullmatch(part) for part in parts)


@lru_cache(maxsize=65_536)
def _parse(span: str, about: float) -> Interval | None:
    return parse_tally(span, about)


def _numbers(tokens: list[str], interval: Interval, about: float) -> tuple[int, ...]:
    """The numbers written in a figure (``more than 1,300``: 1300; ``10-20``: 10, 20)."""
    if interval.is_exact:
        return (int(interval.lo),)
    words = " ".join(
        t.lstrip("~").rstrip("+") if _is_number(t) or t == "and" else "|" for t in tokens
    )
    found = []
    for run in words.split("|"):
        parsed = _parse(run.strip(" "), about) if run.strip(" ") else None
        parts = [run] if parsed is not None and parsed.is_exact else re.split(r"\band\b|-", run)
        for part in parts:
            number = _parse(part.strip(" "), about) if part.strip(" ") else None
            if number is not None and number.is_exact:
                found.append(int(number.lo))
    return tuple(found)


def _run_end(tokens: list[str], k: int) -> int:
    """Where the number that starts at ``k`` ends (``one hundred and five``: 4 tokens)."""
    n = len(tokens)
    while k < n and (
        _is_number(tokens[k])
        or (tokens[k] in ("and", "a") and k + 1 < n and _is_number(tokens[k + 1]))
    ):
        k += 1
    return k


def _reach(tokens: list[str], i: int) -> int:
    """The furthest end of a figure that starts at ``i``: a qualifier of up to three
    words, a number, a second number of a range, and up to two words after it; a
    vague amount of up to four words when no number is near."""
    n = len(tokens)
    k = next((k for k in range(i, min(n, i + _PREFIX + 1)) if _is_number(tokens[k])), None)
    if k is None:
        return min(n, i + _PREFIX + 1)
    end = _run_end(tokens, k)
    if end + 1 < n and tokens[end] in _JOINS and _is_number(tokens[end + 1]):
        end = _run_end(tokens, end + 1)
    return min(n, end + _SUFFIX)


def _clause_figures(tokens: list[str], about: float) -> list[Figure]:
    """The figures of one clause, each the longest phrase that reads as a tally."""
    found, i = [], 0
    while i < len(tokens):
        end = None
        if tokens[i] in _STARTS or _is_number(tokens[i]):
            for j in range(_reach(tokens, i), i, -1):
                last = tokens[j - 1]
                if not (last in _ENDS or _is_number(last)):
                    continue
                span = tokens[i:j]
                if any(
                    _DIGIT_TOKEN.fullmatch(a) and _DIGIT_TOKEN.fullmatch(b)
                    for a, b in pairwise(span)
                ):
                    continue
                interval = _parse(" ".join(span), about)
                if interval is not None:
                    found.append(Figure(" ".join(span), interval, _numbers(span, interval, about)))
                    end = j
                    break
        i = end if end is not None else i + 1
    return found


@lru_cache(maxsize=4096)
def figures(quote: str, about: float = 0.10) -> tuple[Figure, ...]:
    """The figures ``quote`` states, in order, each once (by its words)."""
    found: dict[str, Figure] = {}
    for clause in _CLAUSE_BREAK.split(normalise(quote).lower()):
        for figure in _clause_figures(clause.split(), about):
            found.setdefault(figure.text, figure)
    return tuple(found.values())
