"""Load a schema file (or a shipped schema by name) into a checked ``Schema``.

Every mistake is a ``SchemaError`` naming the file, the line and the key path
(``rules[2].parts``), with a "did you mean" where a close match exists.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tallycheck import patterns
from tallycheck.checks import RULES
from tallycheck.errors import SchemaError
from tallycheck.exact import MAX_EXACT, MAX_EXACT_TEXT
from tallycheck.schema import cellkeys, shipped
from tallycheck.schema.keys import KeyReader, kind_of
from tallycheck.schema.yamlmarks import Path as KeyPath
from tallycheck.schema.yamlmarks import format_path, load_yaml
from tallycheck.severity import Severity
from tallycheck.specs import ColumnSpec, RuleSpec, Schema
from tallycheck.suggest import did_you_mean
from tallycheck.types import TYPES
from tallycheck.types.base import ColumnType

MAX_SCHEMA_BYTES = 5_000_000
TOP_KEYS = (
    "name",
    "description",
    "extends",
    "series",
    "order",
    "provenance",
    "columns",
    "rules",
    "tallies",
    *cellkeys.TABLE_KEYS,
)
COLUMN_KEYS = (
    "type",
    "required",
    "min",
    "max",
    "unique",
    "allowed",
    "pattern",
    "description",
    *cellkeys.COLUMN_KEYS,
)
COMMON_RULE_KEYS = ("rule", "name", "severity")


def _too_large(value: float) -> str:
    return f"is too large: {value} is beyond {MAX_EXACT_TEXT}, the largest number compared exactly"


def load_schema(source: str | Path) -> Schema:
    """Load a schema from a file path, or from a shipped schema's name."""
    text, where = _read_source(str(source))
    data, marks = load_yaml(text, where)
    return schema_from_mapping(data, where, marks)


def _read_source(source: str) -> tuple[str, str]:
    path = Path(source)
    try:
        found = path.exists()
    except OSError:  # a name longer than the system allows
        found = False
    if not found and shipped.exists(source):
        return shipped.read(source), source
    if not found:
        names = shipped.names()
        hint = did_you_mean(source, names)
        raise SchemaError(
            f"no such schema file, and no shipped schema of that name{hint} "
            f"(shipped: {', '.join(names)})",
            path=source,
        )
    if path.is_dir():
        raise SchemaError("is a folder, not a schema file", path=source)
    try:
        return read_limited(path, "schema"), source
    except FileTooLarge:
        raise SchemaError(
            f"the schema file is larger than {MAX_SCHEMA_BYTES // 1_000_000} MB; "
            "a schema is a short description of columns and rules",
            path=source,
        ) from None
    except UnicodeDecodeError:
        raise SchemaError("is not UTF-8 text", path=source) from None
    except OSError as error:
        raise SchemaError(f"cannot be read ({error.strerror})", path=source) from None


class FileTooLarge(Exception):
    """The file holds more than ``MAX_SCHEMA_BYTES``."""


def read_limited(path: Path, kind: str) -> str:
    """The file's UTF-8 text (a BOM dropped); raises ``FileTooLarge`` past the limit.

    The size is checked before reading and again while reading, so that neither
    a large file nor an endless one (``/dev/zero``, a pipe) is read whole.
    """
    if path.is_file() and path.stat().st_size > MAX_SCHEMA_BYTES:
        raise FileTooLarge(kind)
    with path.open("rb") as stream:
        data = stream.read(MAX_SCHEMA_BYTES + 1)
    if len(data) > MAX_SCHEMA_BYTES:
        raise FileTooLarge(kind)
    return data.decode("utf-8-sig")


def schema_from_mapping(
    data: Any, source: str = "<schema>", marks: dict[KeyPath, int] | None = None
) -> Schema:
    """Check a schema given as plain data (as loaded from YAML) and build it."""
    reader = KeyReader(source, marks or {})
    if data is None:
        raise reader.fail((), "the schema is empty")
    top = reader.mapping(data, (), TOP_KEYS)
    if "extends" in top:
        top = _extend(reader, top)
    if "columns" not in top:
        raise reader.fail((), "the schema has no 'columns'")
    columns = cellkeys.with_table_keys(reader, top, _columns(reader, top["columns"]))
    by_name = {c.name: c for c in columns}
    order: str | None = None
    with reader.part():
        order = _order(reader, top, by_name)
    series: tuple[str, ...] = ()
    with reader.part():
        series = _series(reader, top.get("series"), by_name, order)
    provenance: tuple[str, ...] = ()
    with reader.part():
        provenance = _provenance(reader, top.get("provenance", []), by_name)
    rules = _rules(reader, top.get("rules", []), by_name)
    name, description, about = Path(source).stem, top.get("description"), 0.0
    with reader.part():
        name = reader.text(top["name"], ("name",)) if "name" in top else name
    with reader.part():
        description = None if description is None else reader.text(description, ("description",))
    with reader.part():
        about = _tallies(reader, top.get("tallies", {}))
    reader.done()
    return Schema(
        name=name,
        columns=columns,
        rules=rules,
        description=description,
        series=series,
        order=order,
        provenance=provenance,
        about=about,
        source=source,
    )


def _extend(reader: KeyReader, top: dict[str, Any]) -> dict[str, Any]:
    base_name = reader.text(top["extends"], ("extends",))
    if not shipped.exists(base_name):
        raise reader.fail(
            ("extends",),
            f"no shipped schema '{base_name}'{did_you_mean(base_name, shipped.names())}",
        )
    base, _ = load_yaml(shipped.read(base_name), base_name)
    merged = {**base, **{k: v for k, v in top.items() if k != "extends"}}
    for key in base:  # a mistake in what the base gives is shown at the extends line
        reader.marks.setdefault((key,), reader.marks.get(("extends",), 1))
    if isinstance(top.get("columns"), dict) and isinstance(base.get("columns"), dict):
        columns = dict(base["columns"])
        for name, spec in top["columns"].items():
            columns[name] = _override(columns.get(name), spec)
        merged["columns"] = columns
    return merged


def _override(old: Any, spec: Any) -> Any:
    """A column of the base with the schema's keys over it; a new type replaces it
    whole, since the base's bounds and checks were written for its own type."""
    if not isinstance(old, dict) or not isinstance(spec, dict):
        return spec
    if "type" in spec and spec["type"] != old.get("type"):
        return spec
    return {**old, **spec}


def _columns(reader: KeyReader, value: Any) -> tuple[ColumnSpec, ...]:
    if not isinstance(value, dict) or not value:
        raise reader.fail(("columns",), "should map each column name to its spec")
    columns = []
    for name, spec in value.items():
        with reader.part(column=str(name)):
            columns.append(_column(reader, str(name), spec))
    return tuple(columns)


def _column(reader: KeyReader, name: str, value: Any) -> ColumnSpec:
    path: KeyPath = ("columns", name)
    spec = reader.mapping(value, path, COLUMN_KEYS)
    if "type" not in spec:
        raise reader.fail(path, f"has no 'type' (one of {', '.join(TYPES)})")
    kind = TYPES[reader.choice(spec["type"], (*path, "type"), "type", tuple(TYPES))]
    bounds = {
        key: _bound(reader, (*path, key), kind, spec[key]) for key in ("min", "max") if key in spec
    }
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        raise reader.fail((*path, "max"), f"is below min ({bounds['min']})")
    allowed = _allowed(reader, path, kind, spec.get("allowed"))
    pattern = spec.get("pattern")
    if pattern is not None:
        pattern = reader.text(pattern, (*path, "pattern"))
        wrong = patterns.problem(pattern)
        if wrong is not None:
            raise reader.fail((*path, "pattern"), wrong)
    return ColumnSpec(
        name=name,
        type=kind,
        required=reader.flag(spec.get("required", True), (*path, "required")),
        min=bounds.get("min"),
        max=bounds.get("max"),
        unique=reader.flag(spec.get("unique", False), (*path, "unique")),
        allowed=allowed,
        pattern=pattern,
        description=None
        if spec.get("description") is None
        else reader.text(spec["description"], (*path, "description")),
        **cellkeys.column_keys(reader, path, kind, spec),
    )


def _bound(reader: KeyReader, path: KeyPath, kind: ColumnType, value: Any) -> Any:
    accepted = kind.bounds
    if not accepted:
        raise reader.fail(path, f"does not apply to a {kind} column")
    if isinstance(value, str) and (read := kind.bound_from_text(value)) is not None:
        return read
    if isinstance(value, float) and float in accepted and not math.isfinite(value):
        raise reader.fail(path, f"should be a finite number, not {value}")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and math.isfinite(value) and abs(value) > MAX_EXACT:
        raise reader.fail(path, _too_large(value))
    if isinstance(value, bool) or not isinstance(value, accepted):
        raise reader.fail(path, f"should be {kind.bound_words}, not {kind_of(value)}")
    return value


def _allowed(
    reader: KeyReader, path: KeyPath, kind: ColumnType, value: Any
) -> tuple[Any, ...] | None:
    if value is None:
        if kind.needs_allowed:
            raise reader.fail(path, f"a {kind} column needs 'allowed: [...]'")
        return None
    if not kind.allowed:
        raise reader.fail((*path, "allowed"), f"does not apply to a {kind} column")
    if not isinstance(value, list) or not value:
        raise reader.fail((*path, "allowed"), "should be a list of values")
    return tuple(
        _allowed_value(reader, (*path, "allowed", i), kind, item) for i, item in enumerate(value)
    )


def _allowed_value(reader: KeyReader, path: KeyPath, kind: ColumnType, value: Any) -> Any:
    """One allowed value, of the column's type: a cell of another type could never match."""
    if kind.bounded:
        return _bound(reader, path, kind, value)
    if value is None or isinstance(value, bool | list | dict):
        raise reader.fail(
            path,
            f"should be a cell value (text, a number or a date), not {kind_of(value)}; "
            "quote it if it is text",
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise reader.fail(path, f"should be a finite number, not {value}")
    return value


def _order(reader: KeyReader, top: dict[str, Any], columns: Mapping[str, ColumnSpec]) -> str | None:
    """The order column: one whose values sort (no order: the rows are walked in file order)."""
    if top.get("order") is None:
        return None
    name = reader.text(top["order"], ("order",))
    reader.refer(name)
    if name not in columns:
        raise reader.fail(("order",), f"names no column '{name}'{did_you_mean(name, columns)}")
    kind = columns[name].type
    if not kind.bounded:
        raise reader.fail(
            ("order",),
            f"column '{name}' is {kind}; the order must be an integer, number, tally or "
            "date column (without 'order' the rows are taken in file order)",
        )
    return name


def _series(
    reader: KeyReader, value: Any, columns: Mapping[str, ColumnSpec], order: str | None
) -> tuple[str, ...]:
    """The series columns: one name, or a list of names whose values together make a series."""
    if value is None:
        return ()
    listed = isinstance(value, list)
    if listed and not value:
        raise reader.fail(("series",), "should be a column name or a list of column names")
    names = value if listed else [value]
    for i, name in enumerate(names):
        path: KeyPath = ("series", i) if listed else ("series",)
        name = reader.text(name, path)
        reader.refer(name)
        if name not in columns:
            raise reader.fail(path, f"names no column '{name}'{did_you_mean(name, columns)}")
        if name == order:
            raise reader.fail(
                path,
                f"names the order column '{order}'; each series would hold one value of "
                "the order, and no rule could compare two rows",
            )
        if name in names[:i]:
            raise reader.fail(path, f"names the column '{name}' twice")
    return tuple(names)


def _provenance(
    reader: KeyReader, value: Any, columns: Mapping[str, ColumnSpec]
) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise reader.fail(("provenance",), "should be a list of column names")
    for i, name in enumerate(value):
        if isinstance(name, str):
            reader.refer(name)
        if not isinstance(name, str) or name not in columns:
            raise reader.fail(
                ("provenance", i), f"names no column '{name}'{did_you_mean(str(name), columns)}"
            )
        if name in value[:i]:
            raise reader.fail(("provenance", i), f"names the column '{name}' twice")
    return tuple(value)


def _tallies(reader: KeyReader, value: Any) -> float:
    spec = reader.mapping(value, ("tallies",), ("about",))
    about = spec.get("about", 0.10)
    if isinstance(about, bool) or not isinstance(about, int | float) or not 0 <= about < 1:
        raise reader.fail(("tallies", "about"), "should be a fraction from 0 to 1, such as 0.1")
    return float(about)


def _rules(
    reader: KeyReader, value: Any, columns: Mapping[str, ColumnSpec]
) -> tuple[RuleSpec, ...]:
    if not isinstance(value, list):
        raise reader.fail(("rules",), "should be a list of rules")
    rules: list[RuleSpec] = []
    for i, entry in enumerate(value):
        with reader.part():
            rules.extend(_rule(reader, i, entry, columns))
    return tuple(rules)


def _rule(
    reader: KeyReader, index: int, value: Any, columns: Mapping[str, ColumnSpec]
) -> list[RuleSpec]:
    """The rule entry at ``index``; a list under ``column`` gives one rule per column,
    each judged on its own as if the entry were written once per column."""
    path: KeyPath = ("rules", index)
    if not isinstance(value, dict):
        raise reader.fail(path, f"should be a mapping with a 'rule' key, not {kind_of(value)}")
    if "rule" not in value:
        raise reader.fail(path, f"has no 'rule' (one of {', '.join(RULES)})")
    rule_id = reader.choice(value["rule"], (*path, "rule"), "rule", tuple(RULES))
    rule = RULES[rule_id]
    fields = {f.name: f for f in dataclasses.fields(rule.options)}
    spec = reader.mapping(value, path, (*COMMON_RULE_KEYS, *fields))
    severity = spec.get("severity", "error")
    if severity not in ("error", "warning"):
        raise reader.fail((*path, "severity"), f"should be error or warning, not {severity!r}")
    name = spec.get("name")
    if name is not None:
        name = reader.text(name, (*path, "name"))
    for field in fields.values():
        if field.name not in spec and field.default is dataclasses.MISSING:
            raise reader.fail(path, f"rule '{rule_id}' needs '{field.name}'")
    return [
        RuleSpec(
            rule=rule_id,
            options=rule.options(**_options(reader, path, rule.options, spec, column, columns)),
            severity=Severity[severity.upper()],
            name=name,
            index=index,
        )
        for column in _column_list(reader, path, spec.get("column"))
    ]


def _column_list(reader: KeyReader, path: KeyPath, value: Any) -> list[int | None]:
    """Where a rule's ``column`` is a list, the position of each of its names (None
    for a single name), a name listed twice refused."""
    if not isinstance(value, list):
        return [None]
    if not value:
        raise reader.fail((*path, "column"), "should be a column name or a list of column names")
    for i, name in enumerate(value):
        if name in value[:i]:
            raise reader.fail((*path, "column", i), f"names the column '{name}' twice")
    return list(range(len(value)))


def _options(
    reader: KeyReader,
    path: KeyPath,
    options: type,
    spec: dict[str, Any],
    column: int | None,
    columns: Mapping[str, ColumnSpec],
) -> dict[str, Any]:
    """The rule's options, checked; ``column`` picks one name of a ``column`` list."""
    hints = typing.get_type_hints(options)
    found: dict[str, Any] = {}
    named: dict[str, str] = {}  # column -> the option that names it
    for field in dataclasses.fields(options):
        key_path: KeyPath = (*path, field.name)
        if field.name not in spec:
            continue
        written = spec[field.name]
        if column is not None and field.name == "column":
            key_path, written = (*key_path, column), written[column]
        found[field.name] = _option(reader, key_path, hints[field.name], written)
        kind = field.metadata.get("column")
        if kind:
            names = found[field.name]
            for i, name_ in enumerate(names if isinstance(names, tuple) else (names,)):
                item_path = (*key_path, i) if isinstance(names, tuple) else key_path
                _check_column(reader, item_path, name_, kind, columns)
                if name_ in named:
                    raise reader.fail(
                        item_path,
                        f"names the column '{name_}' again (it is already {named[name_]}); "
                        "each option of a rule names a different column",
                    )
                named[name_] = format_path(item_path[2:])
    return found


def _check_column(
    reader: KeyReader, path: KeyPath, name: str, kind: str, columns: Mapping[str, ColumnSpec]
) -> None:
    reader.refer(name)
    if name not in columns:
        raise reader.fail(path, f"names no column '{name}'{did_you_mean(name, columns)}")
    column_type = columns[name].type
    if kind == "numeric" and not column_type.numeric:
        raise reader.fail(
            path,
            f"column '{name}' is {column_type}; this rule needs an integer, number or tally column",
        )
    if kind == "ordered" and not column_type.bounded:
        raise reader.fail(
            path,
            f"column '{name}' is {column_type}; this rule needs an "
            "integer, number, tally or date column",
        )


def _option(reader: KeyReader, path: KeyPath, hint: Any, value: Any) -> Any:
    """Check one option value against its annotation (str, int, bool, Literal, tuple)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in typing.get_args(hint):
            return None
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _option(reader, path, inner[0], value)
    if origin is typing.Literal:
        choices = typing.get_args(hint)
        if value not in choices:
            raise reader.fail(
                path,
                f"should be one of {', '.join(map(str, choices))}, not "
                f"{value!r}{did_you_mean(str(value), map(str, choices))}",
            )
        return value
    if origin is tuple:
        if not isinstance(value, list) or not value:
            raise reader.fail(path, "should be a list of one or more column names")
        return tuple(_option(reader, (*path, i), str, v) for i, v in enumerate(value))
    if hint is bool:
        return reader.flag(value, path)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise reader.fail(path, f"should be a whole number, not {kind_of(value)}")
        if value < 1 and path[-1] == "step":
            raise reader.fail(path, f"should be a whole number of 1 or more, not {value}")
        if abs(value) > MAX_EXACT:
            raise reader.fail(path, _too_large(value))
        return value
    return reader.text(value, path)
