"""A schema's mistakes all come out of one load: the first raised, the rest in ``also``."""

from __future__ import annotations

import pytest

from tallycheck.errors import SchemaError
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.schema.yamlmarks import load_yaml

TWO_COLUMNS_WRONG = """\
columns:
  wave: {type: integr}
  cumulative: {type: integer, min: x}
  pardoned: {type: integer}
rules:
  - {rule: monotonic, column: wave}
  - {rule: monotonic, column: pardoned, strict: maybe}
"""


def load(text: str) -> SchemaError:
    data, marks = load_yaml(text, "s.yaml", "schema")
    with pytest.raises(SchemaError) as raised:
        schema_from_mapping(data, "s.yaml", marks)
    return raised.value


def test_each_column_and_rule_is_judged_on_its_own() -> None:
    error = load(TWO_COLUMNS_WRONG)
    assert [e.line for e in (error, *error.also)] == [2, 3, 7]
    assert [line.split(": ")[1] for line in error.every_line()] == [
        "columns.wave.type",
        "columns.cumulative.min",
        "rules[1].strict",
    ]


def test_a_rule_on_a_wrong_column_is_not_judged() -> None:
    error = load("columns:\n  wave: {type: integr}\nrules:\n  - {rule: monotonic, column: wave}\n")
    assert error.every_line() == [
        "s.yaml:2: columns.wave.type: unknown type 'integr' (did you mean 'integer'?); "
        "expected one of integer, number, tally, string, date, url, category"
    ]


def test_a_wrong_shape_stops_at_once() -> None:
    assert load("columns: [a, b]\nrules: 5\n").every_line() == [
        "s.yaml:1: columns: should map each column name to its spec"
    ]
