"""A ``Draft`` written as a schema file: YAML whose comments give the reason for
each guess, the hit rate of each rule, and the candidates left out.

The text is built line by line rather than dumped, for the comments; every value
taken from the table (a column name, an allowed value) goes through ``scalar``,
which writes it plain only when YAML reads it back as the same text, and else
double-quoted with every character outside printable ASCII escaped, so that the
file is ASCII and any name survives the round trip.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

import yaml

from tallycheck.infer.columns import ColumnGuess
from tallycheck.infer.draft import Draft
from tallycheck.infer.rules import MONOTONIC_PERCENT, SUM_PERCENT, RuleGuess
from tallycheck.infer.words import percent
from tallycheck.types.category import CATEGORY

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[ .-][A-Za-z0-9_]+)*")
_ESCAPES = {'"': '\\"', "\\": "\\\\"}


def scalar(value: str) -> str:
    """A string as a YAML scalar that loads back as exactly that string."""
    if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return '"' + "".join(_escaped(char) for char in value) + '"'


_SIMPLE_KEY = 1024  # YAML's longest implicit key; a longer one is written as "? key"


def entry(key: str, value: str, indent: str = "") -> str:
    """A mapping entry whose key loads back as exactly ``key``, however long."""
    written = scalar(key)
    if len(written) < _SIMPLE_KEY:
        return f"{indent}{written}: {value}"
    return f"{indent}? {written}\n{indent}: {value}"


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return char
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return scalar(str(value))


def _comment(text: str) -> str:
    """A note from the data as a comment: one line, whatever it holds."""
    return "# " + "".join(_escaped(c) if c in "\r\n\x85\u2028\u2029" else c for c in text)


def schema_text(draft: Draft) -> str:
    """The draft as a commented schema file."""
    lines = [
        f"# A starting schema for {draft.table} ({draft.rows:,} rows), written by tallycheck init.",
        "# Every entry is a guess from the data, its reason in a comment: keep what is true",
        "# of the table, correct the rest, and add the rules its figures must follow.",
    ]
    fit = draft.fits[0] if draft.fits else None
    if fit is None:
        lines += _own(draft)
    else:
        lines += _extending(draft, fit.name, fit.named)
    others = [f.name for f in draft.fits[1:]]
    if others:
        lines.append(_comment(f"The table also fits the shipped {', '.join(others)}."))
    return "\n".join(lines) + "\n"


def _own(draft: Draft) -> list[str]:
    walk = draft.walk
    stem = PurePath(draft.table).stem or "table"
    lines = [f"name: {scalar(stem)}"]
    if walk.series is not None:
        lines.append(f"series: {scalar(walk.series)}  {_comment(walk.series_note)}")
    if walk.order is not None:
        lines.append(f"order: {scalar(walk.order)}  {_comment(walk.order_note)}")
    else:
        lines.append(_comment(f"order: {walk.order_note}"))
    lines.append("columns:")
    lines += [_column(c) for c in draft.columns]
    lines += _rules(draft.rules)
    return lines


def _extending(draft: Draft, name: str, named: tuple[str, ...]) -> list[str]:
    lines = [
        _comment(f"The table fits the shipped schema {name}: it has the columns {name} requires,"),
        _comment(f"and their cells are of its types. Its columns ({', '.join(named)}),"),
        "# series, order and rules apply; the columns below are the table's others.",
        f"extends: {scalar(name)}",
    ]
    own = [c for c in draft.columns if c.name not in named]
    lines.append("columns:" if own else "columns: {}")
    lines += [_column(c) for c in own]
    proposed = [g for g in draft.rules if g.proposed]
    if proposed:
        lines.append(f"# The data also suggest these rules; a rules: key would replace {name}'s,")
        lines.append("# so copy its rules beside them if you keep any:")
        lines += ["#" + line[1:] for line in _rule_lines(proposed)]
    return lines


def _column(guess: ColumnGuess) -> str:
    keys: dict[str, Any] = {"type": guess.type.name}
    if guess.format is not None:
        keys["format"] = guess.format
    if guess.decimal != ".":
        keys["decimal"] = guess.decimal
    if guess.missing:
        keys["missing"] = list(guess.missing)
    if guess.type is CATEGORY and guess.allowed is not None:
        keys["allowed"] = list(guess.allowed)
    if guess.min is not None:
        keys["min"] = guess.min
    if guess.unique:
        keys["unique"] = True
    if not guess.required:
        keys["required"] = False
    body = ", ".join(f"{key}: {_value(value)}" for key, value in keys.items())
    return entry(guess.name, f"{{{body}}}  {_comment(guess.note)}", indent="  ")


def _rules(guesses: tuple[RuleGuess, ...]) -> list[str]:
    proposed = [g for g in guesses if g.proposed]
    left = [g for g in guesses if not g.proposed]
    lines = []
    if proposed:
        lines.append("rules:")
        lines += _rule_lines(proposed)
    else:
        nearly = " (below, those that nearly do)" if left else ""
        lines.append(f"# rules: no rule holds on the data{nearly}")
    if left:
        lines.append(
            f"# Left out, below {percent(MONOTONIC_PERCENT, 100)} of steps for monotonic "
            f"and sequence, {percent(SUM_PERCENT, 100)} for sums (uncomment to keep):"
        )
        lines += ["#" + line[1:] for line in _rule_lines(left)]
    return lines


def _rule_lines(guesses: list[RuleGuess]) -> list[str]:
    lines = []
    for guess in guesses:
        lines.append(f"  - rule: {guess.rule}  {_comment(guess.why)}")
        lines += [f"    {key}: {_value(value)}" for key, value in guess.options.items()]
    return lines
