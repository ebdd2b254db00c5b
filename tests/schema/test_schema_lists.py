"""Lists in a schema: a series of several columns, a rule's column list, a single part,
repeats allowed, and the order column's type (DESIGN "Schema additions")."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tallycheck
from tallycheck.errors import SchemaError
from tallycheck.schema.loader import load_schema, schema_from_mapping
from tallycheck.severity import Severity

COLUMNS = "columns:\n  wave: {type: integer}\n  source: {type: string}\n  n: {type: tally}\n"
MONOTONIC = COLUMNS + "  m: {type: tally}\nrules:\n  - rule: monotonic\n    column:\n"
ERRORS = [
    (
        "order: source\n" + COLUMNS,
        1,
        "order: column 'source' is string; the order must be an integer, number, tally or "
        "date column (without 'order' the rows are taken in file order)",
    ),
    (
        "order: wave\nseries:\n  - source\n  - wave\n" + COLUMNS,
        4,
        "series[1]: names the order column 'wave'; each series would hold one value of the "
        "order, and no rule could compare two rows",
    ),
    (
        "series: [source, wav]\n" + COLUMNS,
        1,
        "series[1]: names no column 'wav' (did you mean 'wave'?)",
    ),
    (
        "series:\n  - source\n  - source\n" + COLUMNS,
        3,
        "series[1]: names the column 'source' twice",
    ),
    ("series: []\n" + COLUMNS, 1, "series: should be a column name or a list of column names"),
    ("series: [source, 3]\n" + COLUMNS, 1, "series[1]: should be text, not int 3"),
    (
        MONOTONIC + "      - n\n      - m\n      - n\n",
        11,
        "rules[0].column[2]: names the column 'n' twice",
    ),
    (
        MONOTONIC + "      - n\n      - source\n",
        10,
        "rules[0].column[1]: column 'source' is string; this rule needs an integer, number, "
        "tally or date column",
    ),
    (MONOTONIC + "      - 5\n", 9, "rules[0].column[0]: should be text, not int 5"),
    (
        COLUMNS + "rules:\n  - rule: sequence\n    column: []\n",
        7,
        "rules[0].column: should be a column name or a list of column names",
    ),
    (
        COLUMNS + "rules:\n  - rule: parts-sum\n    parts: []\n    total: n\n",
        7,
        "rules[0].parts: should be a list of one or more column names",
    ),
    (
        COLUMNS + "rules:\n  - rule: parts-sum\n    parts: [n]\n    total: n\n",
        8,
        "rules[0].total: names the column 'n' again (it is already parts[0]); each option of "
        "a rule names a different column",
    ),
    (
        COLUMNS + "rules:\n  - rule: sequence\n    column: wave\n    repeats: allowed\n",
        8,
        "rules[0].repeats: should be one of flag, allow, not 'allowed' (did you mean 'allow'?)",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS, ids=[m[:50] for *_, m in ERRORS])
def test_each_list_mistake_names_its_line_and_key(
    text: str, line: int, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert str(raised.value) == f"{path}:{line}: {message}"


@pytest.mark.parametrize("kind", ["integer", "number", "tally", "date"])
def test_the_order_may_be_any_column_whose_values_sort(kind: str) -> None:
    schema = schema_from_mapping({"order": "at", "columns": {"at": {"type": kind}}})
    assert schema.order == "at"


def test_a_series_is_one_column_or_several() -> None:
    one = schema_from_mapping({"series": "source", "columns": {"source": {"type": "string"}}})
    columns = {"area": {"type": "string"}, "source": {"type": "string"}}
    two = schema_from_mapping({"series": ["area", "source"], "columns": columns})
    assert (one.series, two.series) == (("source",), ("area", "source"))


def test_a_column_list_is_one_rule_per_column_with_the_entry_name_and_severity() -> None:
    schema = schema_from_mapping(
        {
            "columns": {"n": {"type": "tally"}, "m": {"type": "tally"}},
            "rules": [
                {"rule": "monotonic", "name": "up", "severity": "warning", "column": ["n", "m"]},
                {"rule": "monotonic", "column": "m", "strict": True},
            ],
        }
    )
    assert [(r.rule, r.options.column, r.name, r.severity, r.index) for r in schema.rules] == [
        ("monotonic", "n", "up", Severity.WARNING, 0),
        ("monotonic", "m", "up", Severity.WARNING, 0),
        ("monotonic", "m", None, Severity.ERROR, 1),
    ]


def _validate(tmp_path: Path, csv: str, schema: dict[str, object]) -> tallycheck.Report:
    table = tmp_path / "table.csv"
    table.write_text(csv, encoding="utf-8")
    return tallycheck.validate(table, schema_from_mapping(schema))


def test_rows_share_a_series_when_every_series_column_agrees(tmp_path: Path) -> None:
    csv = (
        "area,source,wave,total\n"
        "Abruzzo,Protezione Civile,1,10\n"
        "Abruzzo,Regione,1,40\n"
        "Abruzzo,Protezione Civile,2,12\n"
        "Abruzzo,Regione,2,30\n"
        "Molise,Protezione Civile,1,5\n"
        "Molise,,2,3\n"
    )
    schema = {
        "series": ["area", "source"],
        "order": "wave",
        "columns": {
            "area": {"type": "string"},
            "source": {"type": "string", "required": False},
            "wave": {"type": "integer"},
            "total": {"type": "tally"},
        },
        "rules": [{"rule": "monotonic", "column": "total"}],
    }
    report = _validate(tmp_path, csv, schema)
    assert [(f.line, f.value, f.series, f.message) for f in report.findings] == [
        (
            5,
            "30",
            "Abruzzo / Regione",
            "wave 2 (Abruzzo / Regione): total 30 is lower than 40 at wave 1 "
            "(Abruzzo / Regione); it should be at least 40.",
        ),
    ]


def test_a_blank_series_cell_is_shown_as_blank(tmp_path: Path) -> None:
    csv = "area,source,wave,total\nMolise,,1,5\nMolise,,2,3\n"
    schema = {
        "series": ["area", "source"],
        "order": "wave",
        "columns": {
            "area": {"type": "string"},
            "source": {"type": "string", "required": False},
            "wave": {"type": "integer"},
            "total": {"type": "tally"},
        },
        "rules": [{"rule": "monotonic", "column": "total"}],
    }
    (finding,) = _validate(tmp_path, csv, schema).findings
    assert (finding.line, finding.series) == (3, "Molise / (blank)")


def test_without_an_order_the_rows_are_taken_in_file_order(tmp_path: Path) -> None:
    schema = {
        "columns": {"total": {"type": "tally"}},
        "rules": [{"rule": "monotonic", "column": "total"}],
    }
    report = _validate(tmp_path, "total\n3\n9\n7\n8\n", schema)
    assert [(f.line, f.value, f.message) for f in report.findings] == [
        (4, "7", "row 3: total 7 is lower than 9 at row 2; it should be at least 9."),
    ]


def test_repeats_allowed_accept_several_sources_on_one_wave(tmp_path: Path) -> None:
    csv = "source,wave\nAP,1\nReuters,1\nAP,2\nReuters,2\nAP,4\n"
    schema = {
        "order": "wave",
        "columns": {"source": {"type": "string"}, "wave": {"type": "integer"}},
        "rules": [{"rule": "sequence", "column": "wave", "repeats": "allow"}],
    }
    report = _validate(tmp_path, csv, schema)
    assert [(f.line, f.value, f.expected) for f in report.findings] == [(6, "4", "3")]


FIGURES = st.lists(
    st.tuples(*[st.one_of(st.integers(0, 9).map(str), st.just(""), st.just("about 5"))] * 3),
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(rows=FIGURES)
def test_a_column_list_finds_exactly_what_the_separate_rules_find(
    rows: list[tuple[str, str, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp_path = tmp_path_factory.mktemp("lists")
    csv = "a,b,c\n" + "".join(",".join(row) + "\n" for row in rows)
    columns = {name: {"type": "tally", "required": False} for name in "abc"}
    listed = {"columns": columns, "rules": [{"rule": "monotonic", "column": ["a", "b", "c"]}]}
    separate = {
        "columns": columns,
        "rules": [{"rule": "monotonic", "column": name} for name in "abc"],
    }
    assert _validate(tmp_path, csv, listed).findings == _validate(tmp_path, csv, separate).findings
