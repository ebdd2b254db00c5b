"""Russian equipment losses (PetroIvaniuk/2022-Ukraine-Russia-War-Dataset), days 1005-1170.

Every figure is a count since the start of the war, so none may fall from one day to
the next; the slice holds four falls, which pandas finds with ``diff``.
"""

from __future__ import annotations

from realworld_truth import HERE, decreases, found, read_json

import tallycheck
from tallycheck.schema.loader import load_schema

TABLE = "war-losses-equipment.json"
SCHEMA = "war-losses-equipment.yaml"
COUNTS = [
    "aircraft", "helicopter", "tank", "APC", "field artillery", "MRL", "military auto",
    "fuel tank", "drone", "naval ship", "anti-aircraft warfare", "special equipment",
    "mobile SRBM system", "vehicles and fuel tanks", "cruise missiles", "submarines",
    "ground robotic systems",
]  # fmt: skip


def test_the_four_falls_are_flagged_exactly() -> None:
    assert found(TABLE, SCHEMA, "monotonic") == {
        ("monotonic", 104, "MRL", "1253", "at least 1255"),
        ("monotonic", 104, "special equipment", "3617", "at least 3700"),
        ("monotonic", 2535, "MRL", "1367", "at least 1368"),
        ("monotonic", 2739, "cruise missiles", "3196", "at least 3197"),
    }


def test_the_falls_are_those_pandas_finds() -> None:
    frame = read_json(TABLE)
    truth = set().union(*(decreases(frame, c, "day", None) for c in COUNTS if c in frame))
    assert len(truth) == 4
    assert found(TABLE, SCHEMA, "monotonic") == truth


def test_nothing_else_is_flagged() -> None:
    report = tallycheck.validate(HERE / TABLE, schema=HERE / SCHEMA)
    assert {f.rule for f in report.findings} == {"monotonic"}


def test_the_column_list_is_the_seventeen_rules_it_stands_for() -> None:
    schema = load_schema(HERE / SCHEMA)
    assert [r.options.column for r in schema.rules if r.rule == "monotonic"] == COUNTS
