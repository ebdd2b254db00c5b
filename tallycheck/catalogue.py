"""The finding catalogue: one entry per id tallycheck can emit, in one listing.

``tallycheck rules`` and ``tallycheck explain``, SARIF's rule metadata and the
config's waivers all read it. A cross-row rule's entry comes from its module
(its ``SUMMARY`` and docstring, and its options); every other entry is written in
``tallycheck.entries``. It imports the rule modules but no pandas.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing

from tallycheck.entries import COLUMN_CHECKS, CONFIG_FINDINGS, TABLE_FINDINGS, Entry, Kind
from tallycheck.errors import UsageError
from tallycheck.rules import RULES
from tallycheck.rules.base import Rule
from tallycheck.suggest import did_you_mean

# Each kind's heading in ``tallycheck rules``, and how ``explain`` names it (None: a rule).
KINDS: dict[Kind, tuple[str, str | None]] = {
    "rule": ("Cross-row rules (under rules:):", None),
    "column check": ("Column checks (keys under columns:):", "column check"),
    "table": ("Tables that cannot be judged:", "the table is not judged"),
    "config": ("Config findings (warnings at a line of the config):", "config finding"),
}
_FOOTER = (
    "tallycheck explain RULE shows a rule's options and examples; "
    "tallycheck explain tally, the words a tally cell may use."
)


def _options_table(module: Rule) -> list[str]:
    hints = typing.get_type_hints(module.Options)
    lines = ["Option defaults:"]
    for field in dataclasses.fields(module.Options):
        default = "required" if field.default is dataclasses.MISSING else repr(field.default)
        kind = getattr(hints[field.name], "__name__", str(hints[field.name]))
        lines.append(f"  {field.name}: {kind}, {default}")
    lines.append("  severity: error or warning, 'error'")
    lines.append("  name: an instance name shown in findings, None")
    return lines


def _rule_entry(module: Rule) -> Entry:
    """A cross-row rule's entry: its docstring, then its options' defaults."""
    doc = inspect.cleandoc(module.__doc__ or "")
    return Entry(
        module.ID,
        "rule",
        module.SUMMARY,
        doc="\n".join([doc, "", *_options_table(module)]),
    )


CATALOGUE: dict[str, Entry] = {
    entry.id: entry
    for entry in (
        *(_rule_entry(module) for module in RULES.values()),
        *COLUMN_CHECKS,
        *TABLE_FINDINGS,
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
