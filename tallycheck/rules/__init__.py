"""The catalogue of cross-row rules: one module per rule, listed here by id."""

from __future__ import annotations

from tallycheck.rules import monotonic, parts_sum, running_total, sequence
from tallycheck.rules.base import Rule

RULES: dict[str, Rule] = {
    sequence.ID: sequence,
    monotonic.ID: monotonic,
    parts_sum.ID: parts_sum,
    running_total.ID: running_total,
}
