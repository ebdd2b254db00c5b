"""Differential testing: the real rules against the plain reference in tests/reference.py.

Hypothesis draws tables of several series (rows shuffled, blank cells, gaps and
repeats in the order column, exact and bounded tallies: "more than N", "at least
N", "about N", "dozens" ...) and a schema holding any of sequence, monotonic (both
directions, strict or not), parts-sum (exact and at-most) and running-total. The
table is written as CSV and checked by ``tallycheck.validate``; the reference
checks the same rows; the findings must be the same, compared as (rule, row,
value, expected, related row, severity). CI runs a short profile; the environment
variable ``TALLYCHECK_DIFFERENTIAL_EXAMPLES`` (or ``scripts/differential.py``) runs
more.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference import Found, Table, check
from spelling import say

import tallycheck
from tallycheck.checks import RULES
from tallycheck.schema.loader import schema_from_mapping

COLUMNS = ("series", "wave", "pardoned", "women", "men", "cumulative", "source")
EXAMPLES = int(os.environ.get("TALLYCHECK_DIFFERENTIAL_EXAMPLES", "200"))
WORDS = [say(n) for n in range(21)]
Rows = list[dict[str, str | None]]


def _columns() -> dict[str, Any]:
    spec: dict[str, Any] = {name: {"type": "tally", "required": False} for name in COLUMNS}
    spec["series"] = {"type": "string", "required": False}
    spec["source"] = {"type": "string", "required": False}
    spec["wave"] = {"type": "integer", "required": False}
    return spec


@st.composite
def tally_text(draw: st.DrawFn, value: int) -> str | None:
    """A cell for a figure: mostly the figure, sometimes a bound or a vague amount.

    The offset ``k`` moves the stated number, so a bound may or may not hold the figure.
    """
    k = draw(st.integers(-3, 3))
    n = max(0, value + k)
    form = draw(
        st.sampled_from(
            [
                "exact",
                "exact",
                "exact",
                "exact",
                "blank",
                "comma",
                "words",
                "spaces",
                "more than",
                "at least",
                "or more",
                "about",
                "up to",
                "fewer than",
                "nearly",
                "between",
                "range",
                "dozens",
                "several",
                "a few",
                "not a tally",
            ]
        )
    )
    if form == "blank":
        return draw(st.sampled_from([None, "", "  "]))
    if form == "comma":
        return f"{value + 1000 * draw(st.integers(0, 2)):,}"
    if form == "words":
        return WORDS[value] if value < len(WORDS) else str(value)
    if form == "spaces":
        return f" {value} "
    if form in ("more than", "at least", "about", "up to", "fewer than", "nearly"):
        return f"{form} {n}"
    if form == "or more":
        return f"{n} or more"
    if form == "between":
        return f"between {n} and {n + draw(st.integers(0, 6))}"
    if form == "range":
        return f"{n}-{n + draw(st.integers(0, 6))}"
    if form == "not a tally":
        return "n/a"
    if form in ("dozens", "several", "a few"):
        return form
    return str(value)


@st.composite
def tables(draw: st.DrawFn) -> tuple[Rows, dict[str, Any]]:
    """Rows of one to three series, shuffled, and a schema with one to four rules."""
    names = draw(
        st.lists(st.sampled_from(["A", "B", "C", "", " A"]), min_size=1, max_size=3, unique=True)
    )
    rows: Rows = []
    for name in names:
        wave = draw(st.integers(1, 3))
        total = draw(st.integers(0, 200))
        before: str | None = None
        for index in range(draw(st.integers(1, 7))):
            wave += 0 if index == 0 else draw(st.sampled_from([1, 1, 1, 1, 2, 3, 0]))
            added = draw(st.integers(0, 40))
            total += added
            women = draw(st.integers(0, added))
            figure = draw(st.sampled_from(["true", "true", "true", "stale", "off"]))
            if figure == "stale" and before is not None:
                cumulative: str | None = before
            elif figure == "off":
                cumulative = str(max(0, total + draw(st.integers(-30, 30))))
            else:
                cumulative = draw(tally_text(total))
            before = cumulative
            order = draw(st.sampled_from([str(wave)] * 7 + [f"{wave}.0", None, "x"]))
            rows.append(
                {
                    "series": name,
                    "wave": order,
                    "pardoned": draw(tally_text(added)),
                    "women": draw(tally_text(women)),
                    "men": draw(tally_text(added - women)),
                    "cumulative": cumulative,
                    "source": "AP",
                }
            )
    rows = draw(st.permutations(rows))
    rules = draw(st.lists(rule_specs(), min_size=1, max_size=4))
    schema = {
        "name": "differential",
        "series": "series",
        "order": "wave",
        "columns": _columns(),
        "rules": rules,
        "tallies": {"about": draw(st.sampled_from([0.1, 0.1, 0.2, 0.0]))},
    }
    return rows, schema


def rule_specs() -> st.SearchStrategy[dict[str, Any]]:
    """One rule entry of ``rules:`` with drawn options."""
    return st.one_of(*RULE_SPECS.values())


def _rule_specs() -> dict[str, st.SearchStrategy[dict[str, Any]]]:
    """Per rule id, its entries of ``rules:`` with drawn options."""
    severity = st.sampled_from(["error", "warning"])
    sequence = st.fixed_dictionaries(
        {"rule": st.just("sequence"), "column": st.just("wave"), "severity": severity},
        optional={"step": st.sampled_from([1, 2]), "start": st.sampled_from([1, 2])},
    )
    monotonic = st.fixed_dictionaries(
        {
            "rule": st.just("monotonic"),
            "column": st.sampled_from(["cumulative", "pardoned"]),
            "severity": severity,
        },
        optional={
            "direction": st.sampled_from(["increasing", "decreasing"]),
            "strict": st.booleans(),
        },
    )
    parts_sum = st.fixed_dictionaries(
        {
            "rule": st.just("parts-sum"),
            "parts": st.just(["women", "men"]),
            "total": st.just("pardoned"),
            "severity": severity,
        },
        optional={"mode": st.sampled_from(["exact", "at-most"])},
    )
    running_total = st.fixed_dictionaries(
        {
            "rule": st.just("running-total"),
            "total": st.just("cumulative"),
            "increment": st.just("pardoned"),
            "severity": severity,
        }
    )
    return {
        "running-total": running_total,
        "monotonic": monotonic,
        "parts-sum": parts_sum,
        "sequence": sequence,
    }


# Every rule of the registry, each drawn here (tests/test_registry_complete.py checks).
RULE_SPECS = _rule_specs()


def write_csv(rows: Rows, path: Path) -> None:
    """The rows as a CSV file, one line per row (no cell holds a line break)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def real(rows: Rows, schema: dict[str, Any]) -> list[Found]:
    """What tallycheck finds, through the public API, as the reference states findings."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        write_csv(rows, path)
        report = tallycheck.validate(path, schema_from_mapping(schema))
    found = []
    for f in report.findings:
        if f.rule not in RULES:
            continue
        assert f.row is not None
        assert f.line == f.row + 1
        related = None if f.related_line is None else f.related_line - 1
        found.append(Found(f.rule, f.row, f.value, f.expected, related, "", str(f.severity)))
    return sorted(found)


def key(found: list[Found]) -> list[tuple[Any, ...]]:
    """What the comparison looks at: all but the column."""
    return [(f.rule, f.row, f.value, f.expected, f.related_row, f.severity) for f in found]


def disagreement(rows: Rows, schema: dict[str, Any]) -> tuple[list[Any], list[Any]] | None:
    """The findings only tallycheck has and only the reference has; None when equal."""
    mine, theirs = key(check(rows, schema)), key(real(rows, schema))
    if mine == theirs:
        return None
    only_real = [f for f in theirs if f not in mine]
    only_reference = [f for f in mine if f not in theirs]
    return only_real, only_reference


def carries_across_a_gap(rows: Rows, schema: dict[str, Any]) -> bool:
    """Whether a running-total chain is carried by a row with no total right after a gap.

    Such a chain is only a lower bound; ``test_a_blank_total_after_a_missing_wave_...``
    below pins the case.
    """
    if not any(rule["rule"] == "running-total" for rule in schema["rules"]):
        return False
    table = Table(rows, schema)
    for walk in table.walks():
        chain: float | None = None  # the order value the chain stands at
        for order, indexes in walk:
            before, moved = chain, False
            for index in indexes:  # rows sharing an order value each meet the chain before it
                figure = table.interval(index, "cumulative")
                added = table.interval(index, "pardoned")
                if figure is None and added is not None and before is not None:
                    if order > before + 1:
                        return True
                    moved = True
                elif figure is not None:
                    moved = True
            chain = order if moved else chain
    return False


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
def test_the_rules_agree_with_the_reference(case: tuple[Rows, dict[str, Any]]) -> None:
    rows, schema = case
    assert disagreement(rows, schema) is None


GAP_THEN_CARRY = {
    "name": "gap",
    "order": "wave",
    "columns": {
        "wave": {"type": "integer"},
        "pardoned": {"type": "tally", "required": False},
        "cumulative": {"type": "tally", "required": False},
    },
    "rules": [{"rule": "running-total", "total": "cumulative", "increment": "pardoned"}],
}


def _gap_then_carry(last: str) -> Rows:
    """Wave 1 at 100; wave 2 missing; wave 3 adds 5 with no total; wave 4 adds 5."""
    return [
        {"wave": "1", "pardoned": "10", "cumulative": "100"},
        {"wave": "3", "pardoned": "5", "cumulative": None},
        {"wave": "4", "pardoned": "5", "cumulative": last},
    ]


@pytest.mark.parametrize(
    ("last", "expected"),
    [("130", []), ("104", [("running-total", 3, "104", "at least 110", 2, "error")])],
)
def test_reference_after_a_missing_wave_a_carried_total_is_a_lower_bound(
    last: str, expected: list[tuple[Any, ...]]
) -> None:
    rows = _gap_then_carry(last)
    assert carries_across_a_gap(rows, GAP_THEN_CARRY)
    assert key(check(rows, GAP_THEN_CARRY)) == expected


@pytest.mark.parametrize("last", ["130", "104"])
def test_a_blank_total_after_a_missing_wave_leaves_only_a_lower_bound(last: str) -> None:
    rows = _gap_then_carry(last)
    assert key(real(rows, GAP_THEN_CARRY)) == key(check(rows, GAP_THEN_CARRY))


@pytest.mark.parametrize(
    ("last", "expected"),
    [("20", []), ("12", [("running-total", 3, "12", "at least 15", 1, "error")])],
)
def test_an_order_value_without_figures_leaves_a_lower_bound_whatever_the_step(
    last: str, expected: list[tuple[Any, ...]]
) -> None:
    schema = {
        **GAP_THEN_CARRY,
        "rules": [*GAP_THEN_CARRY["rules"], {"rule": "sequence", "column": "wave", "step": 2}],
    }
    rows: Rows = [
        {"wave": "1", "pardoned": "0", "cumulative": "10"},
        {"wave": "2", "pardoned": None, "cumulative": None},
        {"wave": "3", "pardoned": "5", "cumulative": last},
    ]
    found = [f for f in key(check(rows, schema)) if f[0] == "running-total"]
    assert found == expected
    assert [f for f in key(real(rows, schema)) if f[0] == "running-total"] == expected


# Hand-made tables for the places where the rules' definitions are subtle.
EXAMPLE_TABLES = [
    pytest.param(
        [
            {"wave": "4", "pardoned": "37", "cumulative": "115"},
            {"wave": "6", "pardoned": "32", "cumulative": "178"},
            {"wave": "7", "pardoned": "29", "cumulative": "178"},
            {"wave": "8", "pardoned": "20", "cumulative": "207"},
        ],
        [("running-total", 3, "178", "207", 2), ("running-total", 4, "207", "227", 3)],
        id="the seed: stale twice, the chain goes on from the expected value",
    ),
    pytest.param(
        [
            {"wave": "6", "pardoned": "32", "cumulative": "178"},
            {"wave": "7", "pardoned": "29", "cumulative": "207"},
            {"wave": "7", "pardoned": "29", "cumulative": "178"},
            {"wave": "8", "pardoned": "20", "cumulative": "227"},
        ],
        [("running-total", 3, "178", "207", 1)],
        id="two sources on one wave: the one that passed carries the chain",
    ),
    pytest.param(
        [
            {"wave": "6", "pardoned": "32", "cumulative": "more than 170"},
            {"wave": "7", "pardoned": "29", "cumulative": "150"},
        ],
        [("running-total", 2, "150", "at least 200", 1)],
        id="a bound that cannot fit",
    ),
    pytest.param(
        [
            {"wave": "6", "pardoned": "32", "cumulative": "178"},
            {"wave": "7", "pardoned": "29", "cumulative": "178"},
            {"wave": "8", "pardoned": "20", "cumulative": "198"},
        ],
        [("running-total", 2, "178", "207", 1)],
        id="after a stale figure the next row may follow it as reported",
    ),
    pytest.param(
        [
            {"wave": "1", "pardoned": "0", "cumulative": "17,280"},
            {"wave": "2", "pardoned": "210", "cumulative": "17,487"},
            {"wave": "3", "pardoned": "210", "cumulative": "17,700"},
            {"wave": "4", "pardoned": "10", "cumulative": "17,700"},
        ],
        [("running-total", 2, "17,487", "17490", 1), ("running-total", 4, "17,700", "17710", 3)],
        id="after a mistyped figure the next row may follow the corrected chain",
    ),
    pytest.param(
        [
            {"wave": "1", "pardoned": "150", "cumulative": "150"},
            {"wave": "2", "pardoned": "10", "cumulative": "about 160"},
            {"wave": "3", "pardoned": "40", "cumulative": "about 160"},
            {"wave": "4", "pardoned": "5", "cumulative": "205"},
        ],
        [("running-total", 3, "about 160", "200", 2)],
        id="a verbatim repeat of a bound is stale: the chain follows the corrected figure",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), EXAMPLE_TABLES)
def test_reference_and_tallycheck_on_hand_made_tables(
    rows: Rows, expected: list[tuple[Any, ...]]
) -> None:
    schema = {
        "name": "hand",
        "order": "wave",
        "columns": _columns(),
        "rules": [{"rule": "running-total", "total": "cumulative", "increment": "pardoned"}],
    }
    assert [f[:5] for f in key(check(rows, schema))] == expected
    assert [f[:5] for f in key(real(rows, schema))] == expected
