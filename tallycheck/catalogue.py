"""The catalogue behind ``tallycheck rules`` and ``tallycheck explain``.

It imports the rule modules (for their docstrings and options) but no pandas.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing

from tallycheck.errors import UsageError
from tallycheck.rules import RULES
from tallycheck.schema.loader import did_you_mean

COLUMN_CHECKS: dict[str, str] = {
    "type": "The cell holds a value of the column's type (integer, number, tally, "
    "string, date, url, category).",
    "required": "The column is present, and every cell in it is filled (default true).",
    "min": "The value is not below the minimum; a tally only when certainly below.",
    "max": "The value is not above the maximum; a tally only when certainly above.",
    "unique": "No two rows hold the same value.",
    "allowed": "The value is one of those listed under allowed.",
    "pattern": "The text matches the regular expression (RE2 syntax) as a whole.",
}
# Findings that keep a table from being judged (exit 2).
TABLE_FINDINGS: dict[str, str] = {
    "unreadable": "A table that cannot be read: missing, empty, ragged, badly encoded.",
    "too-large": "A number cell beyond ±(2^53 - 1), which cannot be compared exactly: "
    "its table is not judged.",
}
CONFIG_FINDINGS: dict[str, str] = {
    "stale-waiver": "A waiver that covers no finding, or whose expires date has passed.",
    "unmatched-glob": "A tables: entry that checks no file: its glob matches none, or only "
    "files an earlier entry takes.",
}


def catalogue_lines() -> list[str]:
    """One line per rule and per column check."""
    width = max(len(name) for name in (*RULES, *COLUMN_CHECKS, *TABLE_FINDINGS, *CONFIG_FINDINGS))
    lines = ["Cross-row rules (under rules:):"]
    lines += [f"  {rule_id:<{width}}  {module.SUMMARY}" for rule_id, module in RULES.items()]
    lines += ["", "Column checks (keys under columns:):"]
    lines += [f"  {key:<{width}}  {text}" for key, text in COLUMN_CHECKS.items()]
    lines += ["", "Tables that cannot be judged:"]
    lines += [f"  {name:<{width}}  {text}" for name, text in TABLE_FINDINGS.items()]
    lines += ["", "Config findings (warnings at a line of the config):"]
    lines += [f"  {name:<{width}}  {text}" for name, text in CONFIG_FINDINGS.items()]
    lines += [
        "",
        "tallycheck explain RULE shows a rule's options and examples; "
        "tallycheck explain tally, the words a tally cell may use.",
    ]
    return lines


def _options_table(rule_id: str) -> list[str]:
    module = RULES[rule_id]
    hints = typing.get_type_hints(module.Options)
    lines = ["Option defaults:"]
    for field in dataclasses.fields(module.Options):
        default = "required" if field.default is dataclasses.MISSING else repr(field.default)
        kind = getattr(hints[field.name], "__name__", str(hints[field.name]))
        lines.append(f"  {field.name}: {kind}, {default}")
    lines.append("  severity: error or warning, 'error'")
    lines.append("  name: an instance name shown in findings, None")
    return lines


def explain_text(name: str) -> str:
    """The documentation of a rule, a column check, or of tally values."""
    if name in RULES:
        doc = inspect.cleandoc(RULES[name].__doc__ or "")
        return "\n".join([f"{name}: {doc}", "", *_options_table(name)])
    if name in COLUMN_CHECKS:
        return f"{name} (column check): {COLUMN_CHECKS[name]}"
    if name in TABLE_FINDINGS:
        return f"{name} (the table is not judged): {TABLE_FINDINGS[name]}"
    if name in CONFIG_FINDINGS:
        return f"{name} (config finding): {CONFIG_FINDINGS[name]}"
    if name in ("tally", "tallies"):
        from tallycheck import tally

        return inspect.cleandoc(tally.__doc__ or "")
    choices = [*RULES, *COLUMN_CHECKS, *TABLE_FINDINGS, *CONFIG_FINDINGS, "tally"]
    raise UsageError(f"no rule '{name}'{did_you_mean(name, choices)}; see tallycheck rules")
