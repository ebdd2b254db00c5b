"""The row's quote appears in the article file the row names.

The article column holds a path relative to the table's folder. Before the quote
is looked for, both texts are normalised: white space, curly and straight quotes
and the dashes (hyphen, en dash, em dash) compare equal. An ellipsis ("…" or
"...") in the quote stands for omitted text: each part of the quote must appear,
in the order the quote gives them. A quote not found is a finding that shows the
closest passage of the article and the words that differ.

An article file that is missing, unreadable, not UTF-8 text, or larger than 16
MiB (the table readers' limit) is a finding on its row. An absolute path, or one
that leaves the table's folder (through ``..`` or a symbolic link), is refused
and never opened. A table without a folder (standard input, or a DataFrame
handed to the API) cannot name article files: each row that names one is a
finding. Each distinct article is read once. A row with no quote or no article
is not judged.

Options:
    quote: the column holding the row's quote. Required.
    article: the column holding the article's path. Required.

Example:
    With ``quote: quote`` and ``article: article``, a row whose article
    ``articles/ap.txt`` says "In all, 178 political prisoners have been freed"
    passes with the quote "In all, 178 political prisoners … freed" and is
    flagged with "In all, 187 political prisoners have been freed": the quote
    has "187" where the article has "178".
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tallycheck.cells import distinct
from tallycheck.checks.base import Rule, column_option
from tallycheck.checks.verdicts import Filled
from tallycheck.judgement import Violation
from tallycheck.quotes import normalise
from tallycheck.tables.problem import Problem
from tallycheck.tables.table_bytes import HEAD, opened

if TYPE_CHECKING:
    from tallycheck.arrays import FloatArray
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks.verdicts import Comparison

_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")
_PUNCTUATION = ".,;:!?\"'()"
_NO_FOLDER = ("<stdin>", "<frame>")  # the paths of tables that come from no file


@dataclass(frozen=True)
class Options:
    """Options of the in-article rule."""

    quote: str = field(metadata=column_option())
    article: str = field(metadata=column_option())


@dataclass(frozen=True)
class Article:
    """An article as read: its normalised text, or why it could not be read."""

    text: str | None
    problem: str | None = None

    @cached_property
    def words(self) -> list[str]:
        """The article's words, for the closest passage."""
        return (self.text or "").split(" ")


@dataclass(frozen=True)
class Derived:
    """Per row: ``judged`` is 1 where the row has a quote and an article path,
    ``found`` is 1 where the article was read and holds the quote (NaN elsewhere).
    ``articles`` maps each distinct path to the article read from it."""

    judged: FloatArray
    found: FloatArray
    articles: dict[str, Article]

    def columns(self) -> dict[str, FloatArray]:
        """The columns the judgement compares."""
        return {"judged": self.judged, "found": self.found}


def read_article(folder: Path | None, name: str) -> Article:
    """The article at ``name``, relative to ``folder``; a path that is absolute or
    leaves the folder (symbolic links followed) is refused without being opened."""
    if folder is None:
        return Article(None, "the table has no folder (it is not a file) to find it in")
    if os.path.isabs(name) or Path(name).is_absolute():
        return Article(None, "the path is absolute; it should be relative to the table's folder")
    root = os.path.realpath(folder)
    target = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, target]) != root:
        return Article(None, "the path leaves the table's folder; it is refused and not read")
    try:
        with opened(target) as stream:
            data = stream.read(HEAD + 1)
    except Problem as problem:
        return Article(None, problem.message)
    if len(data) > HEAD:
        return Article(None, f"the file is larger than {HEAD >> 20} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Article(None, "the file is not UTF-8 text")
    return Article(normalise(text))


def _folder(frame: CheckFrame) -> Path | None:
    path = frame.table.path
    return None if path in _NO_FOLDER else Path(path).parent


def segments(quote: str) -> list[str]:
    """The parts of a quote between its ellipses, normalised."""
    return [part for part in _ELLIPSIS.split(normalise(quote)) if part]


def missing_part(article: str, quote: str) -> str | None:
    """The first part of the quote the article does not hold after the parts before
    it; None when every part is found in order."""
    at = 0
    for part in segments(quote):
        found = article.find(part, at)
        if found < 0:
            return part
        at = found + len(part)
    return None


def derive(frame: CheckFrame, options: Options) -> Derived:
    """Read each distinct article once and look for each distinct quote in it."""
    n = frame.n_rows
    quote, article = frame.column(options.quote), frame.column(options.article)
    nothing = np.full(n, np.nan)
    if quote is None or article is None:
        return Derived(nothing, nothing, {})
    path_codes, paths = distinct(article.text)
    quote_codes, quotes = distinct(quote.text)
    judged = (path_codes >= 0) & (quote_codes >= 0)
    folder = _folder(frame)
    names = paths.to_pylist()
    articles = {
        names[code]: read_article(folder, names[code]) for code in set(path_codes[judged].tolist())
    }
    texts = quotes.to_pylist()
    found = np.full(n, np.nan)
    pairs, inverse = np.unique(
        np.stack([path_codes[judged], quote_codes[judged]], axis=1), axis=0, return_inverse=True
    )
    holds = np.array(
        [
            (text := articles[names[p]].text) is not None and missing_part(text, texts[q]) is None
            for p, q in pairs.tolist()
        ],
        dtype=bool,
    )
    found[judged] = np.where(holds[inverse.reshape(-1)], 1.0, np.nan)
    return Derived(np.where(judged, 1.0, np.nan), found, articles)


def verdict(options: Options) -> tuple[Comparison, ...]:
    """Every judged row's quote is found in its article."""
    return (Filled("found", where="judged"),)


def closest(article: Article, part: str) -> tuple[str, list[str]]:
    """The article's passage closest to ``part``, and the words that differ."""
    words, wanted = article.words, part.split(" ")
    matcher = difflib.SequenceMatcher(None, words, wanted, autojunk=False)
    a, b, size = max(matcher.get_matching_blocks(), key=lambda block: block.size)
    if not size:
        return "", []
    start = max(0, a - b)
    passage = words[start : start + len(wanted)]
    differ = []
    pairing = difflib.SequenceMatcher(None, _bare(passage), _bare(wanted), autojunk=False)
    for tag, i1, i2, j1, j2 in pairing.get_opcodes():
        if tag == "equal":
            continue
        said, quoted = " ".join(passage[i1:i2]), " ".join(wanted[j1:j2])
        if tag == "replace":
            differ.append(f"the quote has “{quoted}” where the article has “{said}”")
        elif tag == "insert":
            differ.append(f"the quote adds “{quoted}”")
        else:
            differ.append(f"the quote leaves out “{said}”")
    return " ".join(passage), differ


def _bare(words: list[str]) -> list[str]:
    """Words without the punctuation around them, so that "Friday," matches "Friday"."""
    return [word.strip(_PUNCTUATION) for word in words]


def describe(frame: CheckFrame, options: Options, derived: Derived, row: int) -> Violation:
    """The finding of one flagged row: why its quote is not found in its article."""
    name = frame.values[options.article].show(row)
    quote = frame.values[options.quote].show(row)
    article = derived.articles[name]
    label = f"{frame.label(row)}: article “{name}”"
    columns = (options.quote, options.article)
    if article.text is None:
        message = f"{label} cannot be read: {article.problem}."
        return Violation(row, columns, name, None, message)
    part = missing_part(article.text, quote) or ""
    parts = segments(quote)
    if all(p in article.text for p in parts):
        message = f"{label} holds each part of the quote, but not in the quote's order."
        return Violation(row, columns, quote, None, message)
    passage, differ = closest(article, part)
    shown = f"“{part}”" if len(parts) > 1 else "the quote"
    if not passage:
        message = f"{label} does not hold {shown}, nor any passage like it."
        return Violation(row, columns, quote, None, message)
    message = (
        f"{label} does not hold {shown}; the closest passage is “{passage}”: {'; '.join(differ)}."
    )
    return Violation(row, columns, quote, passage, message, passage=passage)


RULE = Rule(
    "in-article",
    "The row's quote appears in the article file the row names.",
    __name__,
    Options,
    derive,
    verdict,
    describe,
    compares="each row",
)
