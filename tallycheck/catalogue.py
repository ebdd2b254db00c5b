"""The finding catalogue: one entry per id tallycheck can emit, in one listing.

``tallycheck rules`` and ``tallycheck explain``, SARIF's rule metadata and the
config's waivers all read it. A check's entry comes from its module (its summary
and docstring; a rule's options too); every other entry is written in
``tallycheck.entries``. It imports the check modules but no pandas.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing
from typing import Any

from tallycheck.checks import COLUMN_CHECKS, RULES
from tallycheck.checks.base import Rule
from tallycheck.entries import CONFIG_FINDINGS, NOT_JUDGED, TABLE_FINDINGS, Entry, Kind
from tallycheck.errors import UsageError
from tallycheck.suggest import did_you_mean

# Each kind's heading in ``tallycheck rules``, and how ``explain`` names it (None: a rule).
KINDS: dict[Kind, tuple[str, str | None]] = {
    "rule": ("Cross-row rules (under rules:):", None),
    "column check": ("Column checks (keys under columns:):", "column check"),
    "table": ("Tables that cannot be judged:", "the table is not judged"),
    "coverage": ("Rows left unjudged (a warning on the header line):", "a warning"),
    "config": ("Config findings (warnings at a line of the config):", "config finding"),
}
_FOOTER = (
    "tallycheck explain RULE shows a rule's options and examples; "
    "tallycheck explain tally, the words a tally cell may use."
)


def _options_table(rule: Rule[Any, Any]) -> list[str]:
    hints = typing.get_type_hints(rule.options)
    lines = ["Option defaults:"]
    for field in dataclasses.fields(rule.options):
        default = "required" if field.default is dataclasses.MISSING else repr(field.default)
        kind = getattr(hints[field.name], "__name__", str(hints[field.name]))
        lines.append(f"  {field.name}: {kind}, {default}")
    lines.append("  severity: error or warning, 'error'")
    lines.append("  name: an instance name shown in findings, None")
    return lines


def _rule_entry(rule: Rule[Any, Any]) -> Entry:
    """A cross-row rule's entry: its docstring, then its options' defaults."""
    return Entry(
        rule.id, "rule", rule.summary, doc="\n".join([rule.doc, "", *_options_table(rule)])
    )


CATALOGUE: dict[str, Entry] = {
    entry.id: entry
    for entry in (
        *(_rule_entry(rule) for rule in RULES.values()),
        *(check.entry() for check in COLUMN_CHECKS.values()),
        *TABLE_FINDINGS,
        NOT_JUDGED,
        *CONFIG_FINDINGS,
    )
}
WAIVABLE: tuple[str, ...] = tuple(id_ for id_, entry in CATALOGUE.items() if entry.waivable)


def catalogue_lines() -> list[str]:
    """One line per finding id, under its kind's heading."""
    width = max(map(len, CATALOGUE))
    lines: list[str] = []
    for kind, (heading, _) in KINDS.items():
        lines += ["", heading] if lines else [heading]
        lines += [
            f"  {entry.id:<{width}}  {entry.summary}"
            for entry in CATALOGUE.values()
            if entry.kind == kind
        ]
    return [*lines, "", _FOOTER]


def explain_text(name: str) -> str:
    """The documentation of a finding id, or of tally values."""
    entry = CATALOGUE.get(name)
    if entry is not None:
        label = KINDS[entry.kind][1]
        head = f"{name}:" if label is None else f"{name} ({label}):"
        return f"{head} {entry.doc or entry.summary}"
    if name in ("tally", "tallies"):
        from tallycheck import tally

        return inspect.cleandoc(tally.__doc__ or "")
    choices = [*CATALOGUE, "tally"]
    raise UsageError(f"no rule '{name}'{did_you_mean(name, choices)}; see tallycheck rules")
