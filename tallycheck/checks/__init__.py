"""The catalogue of checks: one module per check, listed here by id.

Column checks are the keys of a column spec; cross-row rules are the entries of
``rules:``. Adding a check is its module, its line here and its case file (see
CONTRIBUTING.md).
"""

from __future__ import annotations

from typing import Any

from tallycheck.checks import (
    agree,
    allowed,
    in_article,
    max,
    min,
    monotonic,
    parts_sum,
    pattern,
    quoted,
    required,
    running_total,
    sequence,
    type,
    unique,
)
from tallycheck.checks.base import ColumnCheck, Rule

COLUMN_CHECKS: dict[str, ColumnCheck[Any]] = {
    check.id: check
    for check in (
        type.CHECK,
        required.CHECK,
        min.CHECK,
        max.CHECK,
        unique.CHECK,
        allowed.CHECK,
        pattern.CHECK,
    )
}
RULES: dict[str, Rule[Any, Any]] = {
    rule.id: rule
    for rule in (
        sequence.RULE,
        monotonic.RULE,
        parts_sum.RULE,
        running_total.RULE,
        agree.RULE,
        quoted.RULE,
        in_article.RULE,
    )
}
