"""Schema loading: the DESIGN example loads, and every mistake names file, line and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tallycheck.errors import SchemaError
from tallycheck.schema.loader import load_schema
from tallycheck.severity import Severity

KEYS = "type, required, min, max, unique, allowed, pattern, description"


def test_shipped_pardon_waves_loads_as_written() -> None:
    schema = load_schema("pardon-waves")
    assert (schema.name, schema.series, schema.order) == ("pardon-waves", "series", "wave")
    assert schema.provenance == ("source", "url", "quote")
    assert [c.name for c in schema.columns] == [
        "series",
        "wave",
        "date",
        "pardoned",
        "women",
        "men",
        "cumulative",
        "source",
        "url",
        "quote",
    ]
    wave = schema.column_by_name["wave"]
    assert (wave.type, wave.min, wave.required) == ("integer", 1, True)
    assert schema.column_by_name["women"].required is False
    assert [(r.rule, r.severity) for r in schema.rules] == [
        ("sequence", Severity.WARNING),
        ("monotonic", Severity.ERROR),
        ("parts-sum", Severity.ERROR),
        ("running-total", Severity.ERROR),
    ]
    assert schema.rules[1].options.strict is True
    assert schema.rules[2].options.parts == ("women", "men")
    assert schema.about == 0.10


def test_extends_merges_columns_and_replaces_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "extends: pardon-waves\nname: mine\ncolumns:\n"
        "  cumulative: {required: true}\n  date: {min: 2024-07-01}\n"
        "tallies: {about: 0.2}\n",
        encoding="utf-8",
    )
    schema = load_schema(path)
    assert schema.name == "mine"
    assert schema.column_by_name["cumulative"].required is True
    assert schema.column_by_name["cumulative"].type == "tally"
    assert schema.column_by_name["date"].min == dt.date(2024, 7, 1)
    assert len(schema.rules) == 4
    assert schema.about == 0.2


CASES = [
    (
        "name: x\ncolumns:\n  wave: {type: integer, mni: 1}\n",
        f":3: columns.wave.mni: unknown key (did you mean 'min'?); expected one of {KEYS}",
    ),
    (
        "columns:\n  wave: {type: integr}\n",
        ":2: columns.wave.type: unknown type 'integr' (did you mean 'integer'?); expected one of "
        "integer, number, tally, string, date, url, category",
    ),
    (
        "columns:\n  wave: {type: integer}\nrules:\n  - rule: sequense\n    column: wave\n",
        ":4: rules[0].rule: unknown rule 'sequense' (did you mean 'sequence'?); expected one of "
        "sequence, monotonic, parts-sum, running-total",
    ),
    (
        "colums:\n  wave: {type: integer}\n",
        ":1: colums: unknown key (did you mean 'columns'?); expected one of name, description, "
        "extends, series, order, provenance, columns, rules, tallies",
    ),
    (
        "columns:\n  wave: {type: integer}\nrules:\n  - rule: monotonic\n    column: wave\n"
        "    direction: upward\n",
        ":6: rules[0].direction: should be one of increasing, decreasing, not 'upward'",
    ),
    (
        "columns:\n  wave: {type: integer}\nrules:\n  - rule: parts-sum\n    parts: [wave, wave]\n",
        ":4: rules[0]: rule 'parts-sum' needs 'total'",
    ),
    (
        "columns:\n  wave: {type: integer}\n  n: {type: tally}\nrules:\n  - rule: parts-sum\n"
        "    parts: [wave, n]\n    totl: n\n",
        ":7: rules[0].totl: unknown key (did you mean 'total'?); expected one of rule, name, "
        "severity, parts, total, mode",
    ),
    (
        "columns:\n  wave: {type: integer}\n  pardoned: {type: tally}\nrules:\n"
        "  - rule: running-total\n    total: cumulative\n    increment: pardoned\n",
        ":6: rules[0].total: names no column 'cumulative'",
    ),
    (
        "columns:\n  wave: {type: integer}\n  men: {type: tally}\nrules:\n  - rule: parts-sum\n"
        "    parts: [wave, mne]\n    total: wave\n",
        ":6: rules[0].parts[1]: names no column 'mne' (did you mean 'men'?)",
    ),
    (
        "columns:\n  src: {type: string}\nrules:\n  - rule: monotonic\n    column: src\n",
        ":5: rules[0].column: column 'src' is string; this rule needs an integer, number, tally "
        "or date column",
    ),
    (
        "columns: !!python/object/apply:os.system ['echo owned']\n",
        ":1: YAML tag !!python/object/apply:os.system is not allowed: schemas are data",
    ),
    ("columns:\n  wave: {type: integer\n", ":3: invalid YAML: did not find expected ',' or '}'"),
    (
        "columns:\n  wave: {type: integer}\n  wave: {type: tally}\n",
        ":3: columns.wave is given twice",
    ),
    ("columns:\n  n: {type: integer, min: 5, max: 2}\n", ":2: columns.n.max: is below min (5)"),
    (
        "columns:\n  n: {type: integer, min: one}\n",
        ":2: columns.n.min: should be a whole number, not str 'one'",
    ),
    (
        "columns:\n  n: {type: string, min: 1}\n",
        ":2: columns.n.min: does not apply to a string column",
    ),
    (
        "columns:\n  n: {type: string, pattern: '[a-'}\n",
        ":2: columns.n.pattern: is not a valid regular expression (unterminated character set "
        "at position 0)",
    ),
    (
        "columns:\n  n: {type: category}\n",
        ":2: columns.n: a category column needs 'allowed: [...]'",
    ),
    (
        "columns:\n  n: {type: integer}\nrules:\n  - rule: sequence\n    column: n\n"
        "    severity: fatal\n",
        ":6: rules[0].severity: should be error or warning, not 'fatal'",
    ),
    (
        "order: wav\ncolumns:\n  wave: {type: integer}\n",
        ":1: order: names no column 'wav' (did you mean 'wave'?)",
    ),
    (
        "columns:\n  n: {type: integer, required: yes please}\n",
        ":2: columns.n.required: should be true or false, not str 'yes please'",
    ),
    ("- a\n- b\n", ":1: should be a mapping of keys, not a list"),
    ("", ": the schema is empty"),
    ("name: x\n", ":1: the schema has no 'columns'"),
    (
        "extends: pardon-wave\n",
        ":1: extends: no shipped schema 'pardon-wave' (did you mean 'pardon-waves'?)",
    ),
    (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "the schema is too large or too deeply nested (aliases?)",
    ),
]


@pytest.mark.parametrize(("text", "message"), CASES, ids=[m[:40] for _, m in CASES])
def test_bad_schema_names_file_line_and_key(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert message in str(raised.value)
    assert str(raised.value).startswith(str(path))


def test_missing_file_lists_the_shipped_schemas() -> None:
    with pytest.raises(SchemaError) as raised:
        load_schema("pardon-wavs")
    assert str(raised.value) == (
        "pardon-wavs: no such schema file, and no shipped schema of that name (did you mean "
        "'pardon-waves'?) (shipped: deaths-in-custody, pardon-waves, prisoners-held)"
    )


def test_oversized_schema_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("columns:\n" + "  # padding\n" * 600_000, encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert "larger than 5 MB" in str(raised.value)


def test_anchors_and_merge_keys_are_plain_yaml(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text(
        "columns:\n  a: &count {type: tally, min: 0}\n  b: {<<: *count, required: false}\n",
        encoding="utf-8",
    )
    schema = load_schema(path)
    assert schema.column_by_name["b"].type == "tally"
    assert schema.column_by_name["b"].required is False
