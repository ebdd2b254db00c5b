"""Pandera as an independent oracle for the column checks.

tallycheck judges the keys of a column spec (``type``, ``required``, ``min``,
``max``, ``unique``, ``allowed``, ``pattern``) with its own vectorised code
(tallycheck/checks/). Those checks used to run through pandera; here
pandera stays as the oracle: hypothesis draws small tables and schemas, the table
is written as CSV and checked by ``tallycheck.validate``, and the same CSV is read
again with pandas, parsed here (not with tallycheck's parser) and validated by a
``pa.DataFrameSchema`` built only from pandera's builtins:

- ``required``: ``nullable=False`` on the stripped text (blank cells are missing),
  and ``required=True`` for the column itself (pandera's ``column_in_dataframe``);
- ``min`` / ``max`` / ``allowed``: ``Check.ge`` / ``Check.le`` / ``Check.isin`` on
  the parsed values (numbers for integer and number columns, else the text);
- ``unique``: ``unique=True, report_duplicates="exclude_first"`` on the parsed values;
- ``pattern``: ``Check.str_matches`` (``re.match``, anchored at the start only) with
  the pattern anchored at the end too, ``(?:pattern)\\Z``, on the text as object
  dtype, so that Python's ``re`` runs and not Arrow's RE2;
- ``type``: ``Check.eq(True)`` on a helper column that says whether a filled cell
  parses (``pd.to_numeric``, whole for integers).

Cells that are blank, or that do not parse, are missing (NaN) in the parsed
columns, and pandera's checks ignore missing values (``ignore_na``), and its
duplicate report leaves them out, so a blank cell is reported once, under
``nullable``, and a cell that does not parse only under ``type`` (and ``pattern``,
which reads the text). Pandera's findings become (rule, column, 1-based row)
triples, compared as a set with tallycheck's (rule, column, row).

The cells drawn are those whose reading is not in doubt: plain whole numbers,
decimals such as ``0.5`` and ``.5``, and things that are plainly not numbers
(``x``, ``1.5`` in an integer column, ``seven``), never thousands separators
(``1,300``, a number to tallycheck, not to ``pd.to_numeric``) or ``1e3``.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tallycheck
from tallycheck.schema.loader import schema_from_mapping

Triple = tuple[str, str, int | None]  # rule, column, 1-based data row (None: the whole column)
Rows = list[dict[str, str]]

COLUMN_RULES = frozenset({"type", "required", "min", "max", "unique", "allowed", "pattern"})

# Pandera's name for each of its checks (its failure cases' ``check``, up to the
# first parenthesis), and the column spec key that tallycheck reports it under.
PANDERA_RULES = {
    "column_in_dataframe": "required",
    "not_nullable": "required",
    "equal_to": "type",
    "greater_than_or_equal_to": "min",
    "less_than_or_equal_to": "max",
    "field_uniqueness": "unique",
    "isin": "allowed",
    "str_matches": "pattern",
}

NAMES = ("wave", "kind", "share", "code")
TYPES = ("integer", "number", "string", "category")
WORDS = ("a", "b", "ab", "AB-1", "xy-12", "seven", "NA", "b a", "A")
WHOLE_WRITTEN_OTHERWISE = ("07", "+3", "6.0")  # 7, 3 and 6, to tallycheck as to pandas
NUMBER_WORDS = ("x", "seven", "-", "1.2.3", "n/a")
DECIMALS = ("0.5", "1.5", "-0.25", ".5", "2.50", "1.50")
PATTERNS = {
    "integer": ("\\d+", "-?\\d", "[0-9]{2}", "1.*", "\\d|x", "^[1-9]"),
    "number": ("\\d+", "-?\\d+(\\.\\d+)?", "[0-9.]+", "\\d|x", "1.*"),
    "string": ("[a-z]+", "a|b", "[A-Z]{2}-\\d+", "a.*", "(ab)+", "b?a?", "\\w+ \\w+", "A|AB-1"),
}
PATTERNS["category"] = PATTERNS["string"]
BLANKS = ("", " ", "\t", "  ")


# --- the two sides ---------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: Rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([row[name] for name in header] for row in rows)


def tallycheck_findings(path: Path, schema: dict[str, Any]) -> set[Triple]:
    """tallycheck's column findings, as (rule, column, row)."""
    report = tallycheck.validate(str(path), schema=schema_from_mapping(schema))
    found: set[Triple] = set()
    for f in report.findings:
        if f.rule in COLUMN_RULES:  # the required columns a table lacks share one finding
            found.update((f.rule, column, f.row) for column in f.columns)
    return found


def _parsed(text: pd.Series, kind: str) -> pd.Series:
    """The cells' values by pandas alone: numbers (NaN when the cell does not
    parse), or the text itself for text columns."""
    if kind not in ("integer", "number"):
        return text
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    if kind == "integer":
        numbers = numbers.where(np.floor(numbers) == numbers)
    return numbers


def pandera_failures(path: Path, schema: dict[str, Any]) -> set[Triple]:
    """What pandera's builtin checks find in the CSV, as (rule, column, row)."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    data: dict[str, pd.Series] = {}
    columns: dict[str, pa.Column] = {}
    owner: dict[str, str] = {}  # pandera's column -> the schema's column
    for name, spec in schema["columns"].items():
        required = bool(spec.get("required", True))
        text_checks = []
        if "pattern" in spec:
            text_checks.append(pa.Check.str_matches(rf"(?:{spec['pattern']})\Z"))
        value_checks = []
        if "min" in spec:
            value_checks.append(pa.Check.ge(spec["min"]))
        if "max" in spec:
            value_checks.append(pa.Check.le(spec["max"]))
        if "allowed" in spec:
            value_checks.append(pa.Check.isin(spec["allowed"]))
        unique = bool(spec.get("unique", False))
        numeric = spec["type"] in ("integer", "number")
        if not numeric:  # the values are the text: one column holds every check
            text_checks += value_checks
        columns[name] = pa.Column(
            nullable=not required,
            required=required,
            unique=unique and not numeric,
            report_duplicates="exclude_first",
            checks=text_checks,
        )
        owner[name] = name
        if name not in raw.columns:
            continue
        text = raw[name].astype(object).str.strip()
        text = text.where(text != "")  # blank: missing
        data[name] = text
        if numeric:
            values = _parsed(text, spec["type"])
            data[f"{name} (value)"] = values
            columns[f"{name} (value)"] = pa.Column(
                nullable=True,
                unique=unique,
                report_duplicates="exclude_first",
                checks=value_checks,
            )
            data[f"{name} (type)"] = text.isna() | values.notna()
            columns[f"{name} (type)"] = pa.Column(checks=[pa.Check.eq(True)])
            owner[f"{name} (value)"] = owner[f"{name} (type)"] = name
    frame = pd.DataFrame(data, index=raw.index)
    try:
        pa.DataFrameSchema(columns).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return set()
    found: set[Triple] = set()
    for check, column, failure_case, index in zip(
        cases["check"], cases["column"], cases["failure_case"], cases["index"], strict=True
    ):
        rule = PANDERA_RULES[str(check).split("(")[0]]
        if check == "column_in_dataframe":
            found.add((rule, str(failure_case), None))
        else:
            found.add((rule, owner[str(column)], int(index) + 1))
    return found


def both(rows: Rows, schema: dict[str, Any], header: list[str] | None = None) -> set[Triple]:
    """Check the table both ways; assert they agree and return the findings."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        write_csv(path, header or list(rows[0]), rows)
        expected = pandera_failures(path, schema)
        found = tallycheck_findings(path, schema)
    assert found == expected, (
        f"tallycheck only: {sorted(found - expected, key=str)}; "
        f"pandera only: {sorted(expected - found, key=str)}"
    )
    return found


# --- examples ----------------------------------------------------------------


def test_a_repeat_is_flagged_on_its_later_rows_only() -> None:
    schema = {
        "name": "t",
        "columns": {
            "wave": {"type": "integer", "min": 1, "unique": True},
            "code": {"type": "string", "unique": True, "required": False},
        },
    }
    rows = [
        {"wave": "1", "code": "AB-1"},
        {"wave": "2", "code": ""},
        {"wave": "02", "code": " AB-1 "},  # 02 is the number 2; AB-1 once stripped
        {"wave": "2", "code": ""},  # blank cells are never repeats
        {"wave": "x", "code": "AB-2"},
        {"wave": "x", "code": "AB-2"},  # "x" is not a number: a type failure, not a repeat
    ]
    assert both(rows, schema) == {
        ("unique", "wave", 3),
        ("unique", "wave", 4),
        ("unique", "code", 3),
        ("type", "wave", 5),
        ("type", "wave", 6),
        ("unique", "code", 6),
    }


def test_a_blank_required_cell_is_one_required_finding() -> None:
    schema = {
        "name": "t",
        "columns": {
            "wave": {"type": "integer", "min": 1, "max": 9, "pattern": "\\d", "unique": True},
            "kind": {"type": "category", "allowed": ["pardon", "release"]},
            "share": {"type": "number", "required": False, "max": 1},
        },
    }
    rows = [
        {"wave": " ", "kind": "pardon", "share": ""},
        {"wave": "", "kind": "\t", "share": " "},
        {"wave": "12", "kind": "amnesty", "share": "1.5"},
        {"wave": "1.5", "kind": "release", "share": "half"},
    ]
    assert both(rows, schema) == {
        ("required", "wave", 1),
        ("required", "wave", 2),
        ("required", "kind", 2),
        ("max", "wave", 3),
        ("pattern", "wave", 3),
        ("allowed", "kind", 3),
        ("max", "share", 3),
        ("type", "wave", 4),
        ("pattern", "wave", 4),
        ("type", "share", 4),
    }


def test_pattern_matches_the_whole_cell_and_allowed_compares_numbers() -> None:
    schema = {
        "name": "t",
        "columns": {
            "code": {"type": "string", "pattern": "AB|CD-\\d"},
            "share": {"type": "number", "allowed": [0.5, 2]},
        },
    }
    rows = [
        {"code": "AB", "share": ".5"},
        {"code": "ABC", "share": "2.0"},  # "AB" matches only a start of "ABC"
        {"code": "CD-1", "share": "0.50"},
        {"code": "xCD-1", "share": "0.25"},
    ]
    assert both(rows, schema) == {
        ("pattern", "code", 2),
        ("pattern", "code", 4),
        ("allowed", "share", 4),
    }


def test_a_pattern_on_a_column_of_blanks_is_not_a_crash() -> None:
    """Until 92dbfc7, a column with a pattern and no filled cell raised IndexError."""
    schema = {
        "name": "t",
        "columns": {
            "wave": {"type": "integer"},
            "code": {"type": "string", "pattern": "[A-Z]{2}-\\d+"},
            "note": {"type": "string", "pattern": "x", "required": False},
        },
    }
    rows = [{"wave": "1", "code": "", "note": ""}, {"wave": "2", "code": " ", "note": ""}]
    assert both(rows, schema) == {("required", "code", 1), ("required", "code", 2)}


# --- random tables -----------------------------------------------------------


@st.composite
def column_specs(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": kind, "required": draw(st.booleans())}
    if draw(st.booleans()):
        spec["unique"] = True
    if draw(st.integers(0, 2)) == 0:
        spec["pattern"] = draw(st.sampled_from(PATTERNS[kind]))
    if kind in ("integer", "number"):
        bound = st.integers(-3, 12)
        if kind == "number":
            bound |= st.sampled_from([0.5, 1.5, -0.25])
        low, high = draw(st.none() | bound), draw(st.none() | bound)
        if low is not None and high is not None and low > high:
            low, high = high, low
        if low is not None:
            spec["min"] = low
        if high is not None:
            spec["max"] = high
        if draw(st.integers(0, 2)) == 0:
            values = st.integers(-3, 12) if kind == "integer" else bound
            spec["allowed"] = draw(st.lists(values, min_size=1, max_size=4, unique=True))
    elif kind == "category" or draw(st.integers(0, 2)) == 0:
        spec["allowed"] = draw(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=4, unique=True)
        )
    return spec


def cells(kind: str) -> st.SearchStrategy[str]:
    if kind == "integer":
        filled = st.integers(-3, 12).map(str) | st.sampled_from(
            (*WHOLE_WRITTEN_OTHERWISE, "1.5", *NUMBER_WORDS)
        )
    elif kind == "number":
        filled = st.integers(-3, 12).map(str) | st.sampled_from(DECIMALS + NUMBER_WORDS)
    else:
        filled = st.sampled_from(WORDS)
    pad = st.sampled_from(("", "", " ", "\t"))
    padded = st.tuples(pad, filled, pad).map("".join)
    return st.sampled_from(BLANKS) | padded | padded | padded


@st.composite
def tables(draw: st.DrawFn) -> tuple[Rows, dict[str, Any], list[str]]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=3, max_size=4, unique=True))
    specs = {name: draw(column_specs(draw(st.sampled_from(TYPES)))) for name in names}
    n_rows = draw(st.integers(1, 30))
    rows: Rows = [{} for _ in range(n_rows)]
    for name, spec in specs.items():
        column = draw(st.lists(cells(spec["type"]), min_size=n_rows, max_size=n_rows))
        for row, cell in zip(rows, column, strict=True):
            row[name] = cell
    header = draw(st.permutations(names))
    if draw(st.integers(0, 9)) == 0:  # now and then a column is left out of the file
        header = header[1:]
    return rows, {"name": "t", "columns": specs}, list(header)


@settings(max_examples=100, deadline=None)
@given(tables())
def test_column_findings_are_what_pandera_finds(
    table: tuple[Rows, dict[str, Any], list[str]],
) -> None:
    rows, schema, header = table
    both(rows, schema, header)


@pytest.mark.parametrize(
    ("kind", "not_of_the_type"),
    [("integer", (*DECIMALS, *NUMBER_WORDS)), ("number", NUMBER_WORDS)],
)
def test_the_oracle_reads_the_numbers_drawn_as_tallycheck_does(
    kind: str, not_of_the_type: tuple[str, ...]
) -> None:
    """Every numeric cell the tables are drawn from parses (or not) alike both ways."""
    drawn = ["-3", "0", "12", *WHOLE_WRITTEN_OTHERWISE, *DECIMALS, *NUMBER_WORDS]
    schema = {"name": "t", "columns": {"v": {"type": kind, "required": False}}}
    assert both([{"v": cell} for cell in drawn], schema) == {
        ("type", "v", row) for row, cell in enumerate(drawn, start=1) if cell in not_of_the_type
    }
