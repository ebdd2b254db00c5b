"""Schema loading: the DESIGN example loads, and every mistake names file, line and key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tallycheck.checks import RULES
from tallycheck.errors import SchemaError
from tallycheck.schema.loader import load_schema
from tallycheck.severity import Severity

KEYS = "type, required, min, max, unique, allowed, pattern, description, missing, decimal, format"


def test_shipped_pardon_waves_loads_as_written() -> None:
    schema = load_schema("pardon-waves")
    assert (schema.name, schema.series, schema.order) == ("pardon-waves", ("series",), "wave")
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
    assert (wave.type.name, wave.min, wave.required) == ("integer", 1, True)
    assert schema.column_by_name["women"].required is False
    assert [(r.rule, r.severity) for r in schema.rules] == [
        ("sequence", Severity.WARNING),
        ("monotonic", Severity.ERROR),
        ("parts-sum", Severity.ERROR),
        ("running-total", Severity.ERROR),
        ("quoted", Severity.WARNING),
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
    assert schema.column_by_name["cumulative"].type.name == "tally"
    assert schema.column_by_name["date"].min == dt.date(2024, 7, 1)
    assert len(schema.rules) == 5
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
        + ", ".join(RULES),
    ),
    (
        "colums:\n  wave: {type: integer}\n",
        ":1: colums: unknown key (did you mean 'columns'?); expected one of name, description, "
        "extends, series, order, provenance, columns, rules, tallies, missing, decimal",
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
    assert schema.column_by_name["b"].type.name == "tally"
    assert schema.column_by_name["b"].required is False


HARDENING = [
    (
        "columns:\n  n: {type: integer}\nrules:\n  - {rule: sequence, column: n, step: 0}\n",
        ":4: rules[0].step: should be a whole number of 1 or more, not 0",
    ),
    (
        "columns:\n  n: {type: integer}\nrules:\n  - {rule: sequence, column: n, step: -2}\n",
        ":4: rules[0].step: should be a whole number of 1 or more, not -2",
    ),
    (
        "columns:\n  n: {type: integer}\nrules:\n  - {rule: sequence, column: n, start: 1e30}\n",
        ":4: rules[0].start: should be a whole number, not str '1e30'",
    ),
    (
        "columns:\n  n: {type: integer}\nrules:\n"
        "  - {rule: sequence, column: n, start: 18014398509481985}\n",
        ":4: rules[0].start: is too large: 18014398509481985 is beyond ±2^53",
    ),
    (
        "columns:\n  n: {type: integer, max: -18014398509481985}\n",
        ":2: columns.n.max: is too large: -18014398509481985 is beyond ±2^53",
    ),
    (
        "columns:\n  n: {type: number, min: .nan}\n",
        ":2: columns.n.min: should be a finite number, not nan",
    ),
    (
        "columns:\n  n: {type: number, max: -.inf}\n",
        ":2: columns.n.max: should be a finite number, not -inf",
    ),
    (
        "columns:\n  a: {type: tally}\n  t: {type: tally}\nrules:\n"
        "  - {rule: parts-sum, parts: [a, t], total: t}\n",
        ":5: rules[0].total: names the column 't' again (it is already parts[1]); each option "
        "of a rule names a different column",
    ),
    (
        "columns:\n  a: {type: tally}\n  t: {type: tally}\nrules:\n"
        "  - {rule: parts-sum, parts: [a, a], total: t}\n",
        ":5: rules[0].parts[1]: names the column 'a' again (it is already parts[0])",
    ),
    (
        "columns:\n  c: {type: tally}\nrules:\n  - {rule: running-total, total: c, increment: c}\n",
        ":4: rules[0].increment: names the column 'c' again (it is already total)",
    ),
    (
        "provenance: [s, s]\ncolumns:\n  s: {type: string}\n",
        ":1: provenance[1]: names the column 's' twice",
    ),
    ("name: '  '\ncolumns:\n  s: {type: string}\n", ":1: name: should be text, not blank"),
    (
        "columns:\n  d: {type: date, max: 2025-02-29}\n",
        ":2: columns.d.max: bad value '2025-02-29': day is out of range for month",
    ),
    (
        "columns: " + "[" * 100 + "]" * 100 + "\n",
        ":1: the schema is too large or too deeply nested",
    ),
    ("name: x\x01\ncolumns: {}\n", ":1: invalid YAML: control characters are not allowed (#x0001)"),
    (
        "a: 1\nb:\n  - 2\n  - x\x07\n",
        ":4: invalid YAML: control characters are not allowed (#x0007)",
    ),
]


@pytest.mark.parametrize(("text", "message"), HARDENING, ids=[m[:50] for _, m in HARDENING])
def test_schema_hardening(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert str(raised.value).startswith(f"{path}{message}")


def test_a_schema_nested_far_beyond_the_limit_fails_cleanly(tmp_path: Path) -> None:
    """libyaml's composer recurses in C: 200,000 '[' once crashed the interpreter."""
    path = tmp_path / "deep.yaml"
    path.write_text("columns: " + "[" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    # Whichever guard stops it first, ours or the YAML library's own nesting limit (whose
    # wording is the library's), the answer is one line at the file's first line.
    line = raised.value.one_line()
    assert line.startswith(f"{path}:1: ")
    assert "\n" not in line


def test_a_pipe_is_read_up_to_the_limit(tmp_path: Path) -> None:
    import os
    import threading

    fifo = tmp_path / "schema.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("w", encoding="utf-8") as stream:
            stream.write("columns:\n  wave: {type: integer}\n")

    writer = threading.Thread(target=feed)
    writer.start()
    schema = load_schema(fifo)
    writer.join()
    assert [c.name for c in schema.columns] == ["wave"]


def test_the_large_number_limit_leaves_ordinary_numbers_alone(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(
        "columns:\n  n: {type: number, min: -1.5, max: 9007199254740991}\n"
        "rules:\n  - {rule: sequence, column: n, start: -3, step: 2}\n",
        encoding="utf-8",
    )
    schema = load_schema(path)
    assert (schema.columns[0].min, schema.columns[0].max) == (-1.5, 2**53 - 1)
    assert (schema.rules[0].options.start, schema.rules[0].options.step) == (-3, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns:\n  a: {<<: [1, 2], type: integer}\n", ":2: '<<' must merge a mapping"),
        ("columns:\n  ? {a: 1}\n  : {type: integer}\n", ":2: a key must be plain text"),
        ("columns:\n  a: {type: integer}\n  b: !!str\n", ":3: columns.b: should be a mapping"),
    ],
)
def test_yaml_shapes_that_are_no_schema(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert str(raised.value).startswith(f"{path}{message}")


def test_the_pure_python_loader_gives_the_same_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from tallycheck.schema import yamlmarks

    monkeypatch.setattr(yamlmarks, "_Loader", yaml.SafeLoader)
    path = tmp_path / "schema.yaml"
    path.write_text("name: é\ncolumns:\n  a: {type: integer}\n  b: x\x07\n", encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert str(raised.value) == (
        f"{path}:4: invalid YAML: special characters are not allowed (#x0007)"
    )


def test_any_other_yaml_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    def compose(*_: object, **__: object) -> None:
        raise yaml.YAMLError("the stream broke\nsecond line")

    monkeypatch.setattr(yaml, "compose", compose)
    path = tmp_path / "schema.yaml"
    path.write_text("columns:\n  a: {type: integer}\n", encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert str(raised.value) == f"{path}: invalid YAML: the stream broke"


def test_a_schema_that_is_not_utf_8_or_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_bytes(b"name: caf\xe9\n")
    with pytest.raises(SchemaError, match=r"schema\.yaml: is not UTF-8 text$"):
        load_schema(path)
    path.write_bytes(b"\xef\xbb\xbfcolumns:\n  a: {type: integer}\n")  # a BOM is fine
    assert load_schema(path).columns[0].name == "a"


NUMBER_SPELLINGS = [
    ("min: 0x1F", "'0x1F'"),
    ("min: 017", "'017'"),
    ("max: 0b101", "'0b101'"),
    ("max: 1_000", "'1_000'"),
    ("max: '1:30'", None),  # quoted: text, refused as text
    ("max: 1:30", "'1:30'"),
]


@pytest.mark.parametrize(("written", "shown"), NUMBER_SPELLINGS)
def test_schema_numbers_are_decimal_digits(written: str, shown: str | None, tmp_path: Path) -> None:
    """YAML 1.1 reads 0x1F as 31, 017 as 15, 1_000 as 1000 and 1:30 as 90."""
    path = tmp_path / "schema.yaml"
    path.write_text(f"columns:\n  n: {{type: integer, {written}}}\n", encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    key = written.split(":")[0]
    if shown is None:
        assert (
            str(raised.value)
            == f"{path}:2: columns.n.{key}: should be a whole number, not str '1:30'"
        )
    else:
        assert str(raised.value) == (
            f"{path}:2: columns.n.{key}: {shown} is not a number in decimal digits; write the "
            "number as digits only (no 0x, 0o, 0b, leading 0, _ or :), or quote it if it is text"
        )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("min: 9007199254740992", "is too large: 9007199254740992 is beyond ±2^53 - 1"),
        ("max: -9.1e+15", "is too large: -9100000000000000.0 is beyond ±2^53 - 1"),
        ("max: 1.0e+309", "should be a finite number, not inf"),
        (f"max: {'9' * 5000}", f"the number {'9' * 20}… (5000 characters) is too long"),
    ],
)
def test_schema_numbers_beyond_the_exact_limit(written: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(f"columns:\n  n: {{type: number, {written}}}\n", encoding="utf-8")
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert str(raised.value).startswith(f"{path}:2: columns.n.{written.split(':')[0]}: {message}")


def test_the_exact_limit_itself_loads(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(
        "columns:\n  n: {type: integer, min: -9007199254740991, max: 9007199254740991}\n"
        "rules:\n  - {rule: sequence, column: n, start: 9007199254740991}\n",
        encoding="utf-8",
    )
    schema = load_schema(path)
    assert (schema.columns[0].min, schema.columns[0].max) == (-(2**53 - 1), 2**53 - 1)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "a{4294967296}",
            "repeats more than 1000 times ({4294967296}); RE2, which reads patterns, allows at "
            "most 1000",
        ),
        ("(a)\\\\1", "is not a valid regular expression ("),
        ("(?=a)a", "is not a valid regular expression ("),
    ],
)
def test_a_pattern_re2_cannot_run_is_a_schema_error(
    pattern: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(
        "name: p\ncolumns:\n  wave: {type: integer}\n"
        f'  code: {{type: string, pattern: "{pattern}"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert str(raised.value).startswith(f"{path}:4: columns.code.pattern: {message}")
    assert "\n" not in raised.value.one_line()


def test_an_extends_override_with_a_new_type_drops_the_base_keys(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(
        "extends: pardon-waves\ncolumns:\n  women: {type: string, required: false}\n"
        "  men: {max: 500}\nrules: []\n",
        encoding="utf-8",
    )
    schema = load_schema(path)
    women, men = schema.column_by_name["women"], schema.column_by_name["men"]
    assert (women.type.name, women.min, women.required) == ("string", None, False)
    assert (men.type.name, men.min, men.max, men.required) == ("tally", 0, 500, False)


def test_allowed_values_are_read_as_the_column_type(tmp_path: Path) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(
        "columns:\n  day: {type: date, allowed: [2024-09-16, '2024-12-09']}\n"
        "  kind: {type: category, allowed: [AP, 7, 2024-01-01]}\n",
        encoding="utf-8",
    )
    schema = load_schema(path)
    assert schema.column_by_name["day"].allowed == (dt.date(2024, 9, 16), dt.date(2024, 12, 9))
    assert schema.column_by_name["kind"].allowed == ("AP", 7, dt.date(2024, 1, 1))
