"""The JSON Schema of the schema format, built from the same definitions the loader uses.

Editors that speak yaml-language-server complete and check schema files with it;
``schemas/tallycheck-schema.json`` is this output, and a test keeps the two equal.
Regenerate with ``python -m tallycheck.schema.jsonschema > schemas/tallycheck-schema.json``.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any

from tallycheck.checks import RULES
from tallycheck.types import TYPES
from tallycheck.types.base import DECIMAL_SCHEMA, ColumnType

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
MISSING_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {"type": ["string", "integer"]},
    "description": 'Cells that mean "not given", as a blank one does, such as ["n/a", "—"].',
}


def _option_schema(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return {"anyOf": [_option_schema(inner[0]), {"type": "null"}]}
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin is tuple:
        return {"type": "array", "items": {"type": "string"}, "minItems": 1}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    return {"type": "string"}


def _rule_schema(rule_id: str) -> dict[str, Any]:
    rule = RULES[rule_id]
    hints = typing.get_type_hints(rule.options)
    fields = dataclasses.fields(rule.options)
    properties: dict[str, Any] = {
        "rule": {"const": rule_id},
        "name": {"type": "string", "description": "An instance name shown in findings."},
        "severity": {"enum": ["error", "warning"], "default": "error"},
    }
    for field in fields:
        properties[field.name] = _option_schema(hints[field.name])
        if field.name == "column":  # a list: the rule once per column
            properties[field.name] = _one_or_list("A column, or a list judged column by column.")
        if field.default is not dataclasses.MISSING:
            properties[field.name]["default"] = field.default
    required = ["rule", *(f.name for f in fields if f.default is dataclasses.MISSING)]
    return {
        "type": "object",
        "description": rule.summary,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _one_or_list(description: str) -> dict[str, Any]:
    """A column name, or a non-empty list of distinct column names."""
    names = {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True}
    return {"anyOf": [{"type": "string"}, names], "description": description}


def _column_schema() -> dict[str, Any]:
    bound = {"type": ["number", "string"], "description": "A number, or a date YYYY-MM-DD."}
    return {
        "type": "object",
        "properties": {
            "type": {"enum": list(TYPES), "description": "The column's type."},
            "required": {"type": "boolean", "default": True},
            "min": bound,
            "max": bound,
            "unique": {"type": "boolean", "default": False},
            "allowed": {"type": "array", "minItems": 1},
            "pattern": {
                "type": "string",
                "description": "A regular expression in RE2 syntax (no backreferences or "
                "lookaround; repeats up to 1000), matched against the whole cell.",
            },
            "description": {"type": "string"},
            "missing": MISSING_SCHEMA,
            "decimal": DECIMAL_SCHEMA,
            "format": {"type": "string"},
        },
        "required": ["type"],
        "additionalProperties": False,
        "allOf": [_type_schema(kind) for kind in TYPES.values()],
    }


def _type_schema(kind: ColumnType) -> dict[str, Any]:
    """What a column of one type may and must say (``false``: the key does not apply)."""
    other_keys = {key for other in TYPES.values() for key in other.keys} - set(kind.keys)
    then: dict[str, Any] = {
        "properties": kind.json_schema() | dict.fromkeys(sorted(other_keys), False)
    }
    if kind.json_required():
        then["required"] = kind.json_required()
    return {"if": {"properties": {"type": {"const": kind.name}}}, "then": then}


def build() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a tallycheck schema file."""
    return {
        "$schema": SCHEMA_URI,
        "title": "tallycheck schema",
        "description": "Columns and cross-row rules of a table of figures taken from news.",
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "description": {"type": "string"},
            "extends": {"type": "string", "description": "A shipped schema to start from."},
            "series": _one_or_list(
                "Rules run within each series: rows whose series columns all agree."
            ),
            "order": {
                "type": "string",
                "description": "The integer, number, tally or date column rules walk the rows "
                "in; without it, file order.",
            },
            "provenance": {"type": "array", "items": {"type": "string"}},
            "columns": {"type": "object", "additionalProperties": {"$ref": "#/$defs/column"}},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
            "missing": MISSING_SCHEMA,
            "decimal": DECIMAL_SCHEMA,
            "tallies": {
                "type": "object",
                "properties": {"about": {"type": "number", "minimum": 0, "exclusiveMaximum": 1}},
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
        "$defs": {
            "column": _column_schema(),
            "rule": {"oneOf": [{"$ref": f"#/$defs/rule-{rule_id}"} for rule_id in RULES]},
            **{f"rule-{rule_id}": _rule_schema(rule_id) for rule_id in RULES},
        },
    }


def render() -> str:
    """The JSON Schema as the committed file holds it."""
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
