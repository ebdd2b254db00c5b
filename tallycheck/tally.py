"""Tally values: counts as the news gives them.

A cell of a ``tally`` column holds one figure, as the article states it, and is
read as a range of whole numbers, since news figures are often bounds. It may be:

* an exact number: ``29``, ``1300``, ``1,300`` or ``1 300`` (commas or spaces
  between groups of three digits), ``twenty-nine``, ``one thousand two hundred
  and fifty``, ``a thousand``, ``a dozen``, ``two dozen``, ``half a million``,
  or a number times a scale (table "Scales" below): ``2 thousand``, ``1.3
  million``, ``100k``, ``1.2m``, ``2bn``. A fraction of one or two zeros is
  whole (``6.0``, as pandas re-saves a CSV, or ``1,300.00``; not ``1.000``,
  which may be a thousand written with a point); other decimals need a scale
  and a whole result (``2.5``, ``1.300`` and ``1.2345k`` are not tallies).
  Before a scale, a comma followed by one or two digits is a decimal comma
  (``3,4 million`` is 3,400,000), while three digits after a comma are always a
  group of thousands (``1,300 thousand`` is 1,300,000). A scale applies to the
  number it follows only: ``10-20k`` is 10 to 20,000. Only an exact number in
  digits may be negative (``-3``);
* a qualified number: ``more than 1,300``, ``at least seven``, ``up to 50``,
  ``fewer than 10``, ``about 400``, ``nearly 200``, ``just over 90``, ``1,000+``,
  ``500 or more``, the number in digits or in words;
* a range: ``between 10 and 20``, ``from 10 to 20``, ``10 to 20``, ``10-20``
  (hyphen or en dash), ``seven or eight``;
* a vague amount: ``dozens``, ``hundreds``, ``thousands``, ``millions``, ``tens
  of thousands``, ``hundreds of thousands`` (each also after ``several``, and
  ``several hundred`` is ``several hundreds``), ``scores``, ``a few``,
  ``several``, ``a handful``, ``a couple``, ``a few thousand``, ``a couple of
  hundred``.

Case, spacing and a final full stop do not matter, but nothing may follow the
figure: ``29 people`` is not a tally. "About N" and its kin mean N give or take
d = max(1, ceil(N * about)), where ``about`` is 0.10 (10 %) unless configured
otherwise.

The tables below, generated from those the parser reads, list every phrase
(N and M standing for numbers) and the range of whole numbers it means, then
every scale.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from tallycheck.exact import MAX_EXACT

if TYPE_CHECKING:  # imported where used, so that Interval and parse_tally stay light
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

_MAX_CHARS = 200
_SMALL = {
    word: value
    for value, word in enumerate(
        (
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
        )
    )
}
_TENS = {
    word: 10 * value
    for value, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}


class Scale(NamedTuple):
    """A word that multiplies the number before it, and the suffixes that stand for it."""

    word: str
    suffixes: tuple[str, ...]
    factor: int


SCALES: tuple[Scale, ...] = (
    Scale("dozen", (), 12),
    Scale("hundred", (), 100),
    Scale("thousand", ("k",), 1_000),
    Scale("million", ("m", "mn"), 1_000_000),
    Scale("billion", ("bn",), 1_000_000_000),
)
_SCALES = {name: s.factor for s in SCALES for name in (s.word, *s.suffixes)}
_SCALE_WORDS = {s.word: s.factor for s in SCALES}
NUMBER_WORDS = frozenset({*_SMALL, *_TENS, *_SCALE_WORDS})  # the words a number is made of
_DIGITS = re.compile(
    r"(?P<whole>\d+|\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+)"
    r"(?:\.(?P<frac>\d+)|,(?P<comma>\d{1,2}))?"
    rf"(?: (?P<scale>{'|'.join(s.word for s in SCALES)})"
    rf"|(?P<suffix>{'|'.join(x for s in SCALES for x in s.suffixes)}))?",
    re.ASCII,  # digits are 0-9: an Arabic-Indic or full-width digit is no tally's digit
)
_ZERO_FRACTION = re.compile("0{1,2}")
_NEGATIVE = re.compile(r"-\d[\d ,]*(?:\.\d+)?", re.ASCII)
_WORDS = re.compile(r"[a-z]+(?:[ -][a-z]+)*", re.ASCII)
# Plain whole numbers the column parser reads without parse_tally (15 digits fit a float).
_PLAIN = r"^-?(?:\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(?:\.0{1,2})?$"
_PLAIN_COMMA = r"^-?(?:\d{1,3}(?:\.\d{3}){1,4}|\d{1,15})(?:,0{1,2})?$"  # with a decimal comma


@dataclass(frozen=True)
class Interval:
    """The whole numbers from ``lo`` to ``hi`` inclusive; ``hi`` may be ``math.inf``."""

    lo: float
    hi: float

    def __post_init__(self) -> None:
        if not self.lo <= self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    @property
    def is_exact(self) -> bool:
        """True when the interval holds one number."""
        return self.lo == self.hi

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def overlaps(self, other: Interval) -> bool:
        """True when the two intervals share a number."""
        return self.lo <= other.hi and other.lo <= self.hi

    def __str__(self) -> str:
        lo = _figure(self.lo)
        if self.is_exact:
            return lo
        if self.hi == math.inf:
            return f"at least {lo}"
        hi = _figure(self.hi)
        if self.lo == 0:
            return f"at most {hi}"
        return f"{lo} to {hi}"


def _figure(end: float) -> str:
    """A bound as a sentence gives it: a whole number in full, a decimal to 15 digits."""
    return str(int(end)) if float(end).is_integer() else f"{end:.15g}"


def exact_interval(lo: float, hi: float) -> Interval:
    """The interval with its whole bounds as Python integers, so that a sum of
    such intervals stays exact where floats would round (past 2^53)."""
    return Interval(whole(lo), whole(hi))


def whole(end: float) -> float:
    """A whole bound as a Python integer; any other as a float."""
    end = float(end)
    return int(end) if end.is_integer() else end


class Qualifier(NamedTuple):
    """One row of the qualifier table: phrases, the interval they mean, and how to compute it.

    ``phrases`` are templates in which ``N`` and ``M`` stand for numbers;
    ``bounds(N, M, d)`` gives the interval's ends (``M`` is ``N`` when there is
    one number; ``d`` is the "about" tolerance).
    """

    phrases: tuple[str, ...]
    formula: str
    note: str
    bounds: Callable[[int, int, int], tuple[float, float]]


def _vague(phrases: tuple[str, ...], lo: int, hi: int, note: str) -> Qualifier:
    return Qualifier(phrases, f"[{lo}, {hi}]", note, lambda n, m, d: (lo, hi))


QUALIFIERS: tuple[Qualifier, ...] = (
    Qualifier(
        ("N",),
        "[N, N]",
        "an exact number, in digits or words",
        lambda n, m, d: (n, n),
    ),
    Qualifier(
        ("more than N", "over N", "above N", "in excess of N", "upwards of N"),
        "[N+1, ∞)",
        "strictly more than N",
        lambda n, m, d: (n + 1, math.inf),
    ),
    Qualifier(
        (
            "at least N",
            "no fewer than N",
            "no less than N",
            "not less than N",
            "N or more",
            "N+",
            "N-plus",
            "N plus",
        ),
        "[N, ∞)",
        "N or more",
        lambda n, m, d: (n, math.inf),
    ),
    Qualifier(
        (
            "at most N",
            "up to N",
            "no more than N",
            "not more than N",
            "N or fewer",
            "N or less",
        ),
        "[0, N]",
        "N or fewer",
        lambda n, m, d: (0, n),
    ),
    Qualifier(
        ("fewer than N", "less than N", "under N", "below N"),
        "[0, N-1]",
        "strictly fewer than N; not a tally when N is 0",
        lambda n, m, d: (0, n - 1),
    ),
    Qualifier(
        (
            "about N",
            "around N",
            "approximately N",
            "roughly N",
            "some N",
            "an estimated N",
            "estimated N",
            "~N",
            "circa N",
            "c. N",
        ),
        "[N-d, N+d]",
        "d = max(1, ceil(N * about)), about = 0.10 by default; never below 0",
        lambda n, m, d: (max(0, n - d), n + d),
    ),
    Qualifier(
        ("nearly N", "almost N", "close to N", "just under N"),
        "[N-d, N-1]",
        "a little short of N; not a tally when N is 0",
        lambda n, m, d: (max(0, n - d), n - 1),
    ),
    Qualifier(
        ("just over N", "just above N", "slightly more than N"),
        "[N+1, N+d]",
        "a little more than N",
        lambda n, m, d: (n + 1, n + d),
    ),
    Qualifier(
        ("between N and M", "from N to M", "N to M", "N-M", "N\u2013M", "N or M"),
        "[N, M]",
        "a range (hyphen or en dash); not a tally when N > M",
        lambda n, m, d: (n, m),
    ),
    _vague(("dozens", "several dozens"), 24, 99, "vague: two dozen or more"),
    _vague(("hundreds", "several hundreds"), 200, 999, "vague: two hundred or more"),
    _vague(("thousands", "several thousands"), 2_000, 999_999, "vague: two thousand or more"),
    _vague(
        ("tens of thousands", "several tens of thousands"),
        20_000,
        99_999,
        "vague: twenty thousand or more",
    ),
    _vague(
        ("hundreds of thousands", "several hundreds of thousands"),
        200_000,
        999_999,
        "vague: two hundred thousand or more",
    ),
    _vague(("a few",), 2, 5, "vague: a small number"),
    _vague(("several",), 3, 9, "vague: more than a few"),
    _vague(("a handful",), 2, 9, "vague: a small number"),
    _vague(("several dozen",), 24, 99, "as dozens: before a scale, several means its plural"),
    _vague(("several hundred",), 200, 999, "as hundreds"),
    _vague(("several thousand",), 2_000, 999_999, "as thousands"),
    _vague(("several hundred thousand",), 200_000, 999_999, "as hundreds of thousands"),
    _vague(
        ("millions", "several millions", "several million"),
        2_000_000,
        999_999_999,
        "vague: two million or more",
    ),
    _vague(("scores",), 40, 99, "vague: two score (40) or more, short of hundreds"),
    _vague(("a couple",), 2, 3, "vague: two, or three at most"),
    *(
        _vague(
            (f"a couple of {s.word}", f"a couple {s.word}"),
            2 * s.factor,
            3 * s.factor,
            f"a couple times {s.factor:,}",
        )
        for s in SCALES
    ),
    *(
        _vague((f"a few {s.word}",), 2 * s.factor, 5 * s.factor, f"a few times {s.factor:,}")
        for s in SCALES
    ),
)

QUALIFIER_TABLE: tuple[tuple[str, str, str], ...] = tuple(
    (", ".join(q.phrases), q.formula, q.note) for q in QUALIFIERS
)


def qualifier_table_markdown() -> str:
    """``QUALIFIER_TABLE`` as a Markdown table."""
    lines = ["| Phrases | Interval | Note |", "| --- | --- | --- |"]
    lines += [
        f"| {', '.join(f'`{p}`' for p in q.phrases)} | {q.formula} | {q.note} |" for q in QUALIFIERS
    ]
    return "\n".join(lines) + "\n"


_SCALES_INTRO = """
Scales: a number times a scale word (``2 dozen``, ``two billion``), or times a
suffix written with no space (``100k``); ``half a`` halves a scale word (``half
a dozen`` is 6, ``half a million`` 500,000).

"""


def scale_table_markdown() -> str:
    """``SCALES`` as a Markdown table."""
    lines = ["| Scale | Suffixes | Times |", "| --- | --- | --- |"]
    lines += [
        f"| `N {s.word}` | {', '.join(f'`N{x}`' for x in s.suffixes) or '-'} | {s.factor:,} |"
        for s in SCALES
    ]
    return "\n".join(lines) + "\n"


if __doc__:  # None under python -OO
    __doc__ += "\n" + qualifier_table_markdown() + _SCALES_INTRO + scale_table_markdown()


def _literal(text: str, before: bool, after: bool) -> str:
    """A regex for a template's literal text; a space by a symbol is optional."""
    core = text.strip()
    if not core:
        return ""
    pattern = re.escape(core)
    if before:
        pattern = (" " if core[0].isalnum() else " ?") + pattern
    if after:
        pattern += " " if core[-1].isalnum() else " ?"
    return pattern


class _Template(NamedTuple):
    qualifier: Qualifier
    slots: int
    outer: re.Pattern[str]  # whole text; group 1 holds the number(s)
    middle: re.Pattern[str] | None  # between N and M


def _template(qualifier: Qualifier, phrase: str) -> _Template:
    literals = re.split(r"[NM]", phrase)
    slots = len(literals) - 1
    if not slots:
        return _Template(qualifier, 0, re.compile(_literal(phrase, False, False)), None)
    head = _literal(literals[0], False, True)
    tail = _literal(literals[-1], True, False)
    middle = re.compile(_literal(literals[1], True, True)) if slots == 2 else None
    return _Template(qualifier, slots, re.compile(f"{head}(.+){tail}"), middle)


@functools.cache
def _templates() -> tuple[_Template, ...]:
    """Every qualifier's phrases as patterns, compiled on first use: most runs read no tally."""
    return tuple(_template(q, phrase) for q in QUALIFIERS for phrase in q.phrases)


def _tens_units(tokens: list[str]) -> int | None:
    """1 to 99 in words: ``seven``, ``forty``, ``forty two``."""
    if len(tokens) == 1:
        return _SMALL.get(tokens[0]) or _TENS.get(tokens[0])  # "zero" is no part of a number
    if len(tokens) == 2 and tokens[0] in _TENS and 1 <= _SMALL.get(tokens[1], 0) <= 9:
        return _TENS[tokens[0]] + _SMALL[tokens[1]]
    return None


def _hundreds(tokens: list[str], wide: bool) -> int | None:
    """1 to 999 in words (to 9999 when ``wide``: ``fifteen hundred``)."""
    value = 0
    if "hundred" in tokens:
        at = tokens.index("hundred")
        times = _tens_units(tokens[:at])
        if times is None or times > (99 if wide else 9):
            return None
        value, tokens = times * 100, tokens[at + 1 :]
        if not tokens:
            return value
        if tokens[0] == "and":
            tokens = tokens[1:]
    rest = _tens_units(tokens)
    return None if rest is None else value + rest


def _words(text: str) -> int | None:
    """A number in words, up to the billions, or a number of dozens (``two dozen``),
    or half a scale (``half a million``)."""
    tokens: list[str] = []
    for word in text.split(" "):
        tens, hyphen, unit = word.partition("-")
        if hyphen and (tens not in _TENS or not 1 <= _SMALL.get(unit, 0) <= 9):
            return None
        tokens += [tens, unit] if hyphen else [word]
    if tokens[:2] == ["half", "a"] and len(tokens) == 3 and tokens[2] in _SCALE_WORDS:
        return _SCALE_WORDS[tokens[2]] // 2
    if tokens[-1] == "dozen" and "dozen" not in tokens[:-1]:
        times = 1 if tokens[:-1] in ([], ["a"]) else _counted(tokens[:-1])
        return times * 12 if times else None
    return _counted(tokens)


def _counted(tokens: list[str]) -> int | None:
    """A number in words, up to the billions, as tokens without hyphens."""
    if tokens == ["zero"]:
        return 0
    if tokens[0] == "a" and tokens[1:2] in (["hundred"], ["thousand"], ["million"], ["billion"]):
        tokens = ["one", *tokens[1:]]
    total = 0
    for scale in ("billion", "million", "thousand"):
        if scale in tokens:
            at = tokens.index(scale)
            group = _hundreds(tokens[:at], wide=False)
            if not group:
                return None
            total, tokens = total + group * _SCALES[scale], tokens[at + 1 :]
    if tokens:
        if total and tokens[0] == "and":
            tokens = tokens[1:]
        rest = _hundreds(tokens, wide=not total)
        if rest is None:
            return None
        total += rest
    return total


def _number(text: str) -> int | None:
    """A non-negative whole number in digits, words or both (``1.3 million``, ``100k``)."""
    text = text.strip()
    if match := _DIGITS.fullmatch(text):
        return _digits(match)
    if _WORDS.fullmatch(text):
        return _words(text)
    return None


def _digits(match: re.Match[str]) -> int | None:
    """The whole number a match of ``_DIGITS`` stands for, or None.

    A fraction needs a scale (``1.3 million``), unless it is one or two zeros
    (``6.0``); a decimal comma needs a scale and no thousands commas (``3,4
    million``); and the result must be whole.
    """
    whole, scale = match["whole"], match["scale"] or match["suffix"]
    if match["comma"] and (not scale or "," in whole):
        return None
    fraction = match["frac"] or match["comma"] or "0"
    if not scale and not _ZERO_FRACTION.fullmatch(fraction):
        return None
    digits = whole.replace(",", "").replace(" ", "")
    exact = Fraction(f"{digits}.{fraction}") * _SCALES.get(scale or "", 1)
    return int(exact) if exact.denominator == 1 else None


def _numbers(template: _Template, text: str) -> list[tuple[int, int]]:
    """Every way ``text`` fills the template's numbers, as (N, M)."""
    match = template.outer.fullmatch(text)
    if match is None:
        return []
    if template.slots == 0:
        return [(0, 0)]
    inner = match[1]
    if template.middle is None:
        n = _number(inner)
        return [] if n is None else [(n, n)]
    found = []
    for sep in template.middle.finditer(inner):
        n, m = _number(inner[: sep.start()]), _number(inner[sep.end() :])
        if n is not None and m is not None:
            found.append((n, m))
    return found


def _tolerance(about: float) -> Fraction:
    if not (math.isfinite(about) and about >= 0):
        raise ValueError(f"about must be a finite fraction >= 0, not {about!r}")
    return Fraction(repr(float(about)))


def parse_tally(text: str, about: float = 0.10) -> Interval | None:
    """The interval a tally cell stands for, or None when ``text`` is not a tally.

    ``about`` is the fraction that "about N" and its kin allow either side of N.
    A tally with a finite bound beyond ``MAX_EXACT`` is not one: it cannot be
    compared exactly. Never raises on any ``text``; raises ValueError for a
    negative or infinite ``about``.
    """
    return _parse(text, about, MAX_EXACT)


def too_large(text: str) -> bool:
    """Whether ``text`` would be a tally, but for a bound beyond ``MAX_EXACT``."""
    return parse_tally(text) is None and _parse(text, 0.10, math.inf) is not None


def _parse(text: str, about: float, limit: float) -> Interval | None:
    """``parse_tally`` with finite bounds up to ``limit`` in magnitude."""
    tolerance = _tolerance(about)
    text = text.strip()
    if len(text) > _MAX_CHARS:
        return None
    text = " ".join(text.lower().split()).removesuffix(".")
    if _NEGATIVE.fullmatch(text) and (n := _number(text[1:])) is not None:
        return Interval(float(-n), float(-n)) if n <= limit else None
    for template in _templates():
        for n, m in _numbers(template, text):
            lo, hi = template.qualifier.bounds(n, m, max(1, math.ceil(n * tolerance)))
            if lo <= hi and lo <= limit and (hi <= limit or hi == math.inf):
                return Interval(float(lo), float(hi))
    return None


@dataclass(frozen=True, eq=False)
class TallyColumn:
    """A column of tally cells, parsed.

    ``lo`` and ``hi`` are the intervals' ends (NaN where blank or invalid, ``hi``
    may be inf); ``blank`` marks missing or whitespace-only cells; ``invalid``
    marks the other cells that are not tallies.
    """

    lo: npt.NDArray[np.float64]
    hi: npt.NDArray[np.float64]
    blank: npt.NDArray[np.bool_]
    invalid: npt.NDArray[np.bool_]


def parse_tally_column(cells: pa.Array, about: float = 0.10, decimal: str = ".") -> TallyColumn:
    """Parse a column of tally cells (Arrow text, null when blank), numbers in them
    written with ``decimal`` as the decimal mark (with ",": "1.300" is 1300 and
    "3,4 million" is 3,400,000).

    Plain whole numbers are read vectorised; ``parse_tally`` reads each distinct
    other text once.
    """
    import numpy as np

    from tallycheck.arrow_numpy import from_bools, valid
    from tallycheck.cells import distinct, numbers, point_decimal, stripped

    text = stripped(cells)
    blank = ~valid(text)
    lo, plain = numbers(text, _PLAIN_COMMA if decimal == "," else _PLAIN, decimal)
    hi = lo.copy()
    slow = ~blank & ~plain
    codes, uniques = distinct(text.filter(from_bools(slow)))
    parsed = [parse_tally(point_decimal(str(cell), decimal), about) for cell in uniques.to_pylist()]
    lo[slow] = np.array([np.nan if p is None else p.lo for p in parsed])[codes]
    hi[slow] = np.array([np.nan if p is None else p.hi for p in parsed])[codes]
    invalid = slow.copy()
    invalid[slow] = np.isnan(lo[slow])
    return TallyColumn(lo, hi, blank, invalid)
