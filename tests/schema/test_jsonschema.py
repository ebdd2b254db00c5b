"""The JSON Schema of the schema format: up to date, and every shipped schema passes it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tallycheck.schema import jsonschema as schema_json
from tallycheck.schema import shipped

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_committed_file_is_up_to_date() -> None:
    committed = (SCHEMAS / "tallycheck-schema.json").read_text(encoding="utf-8")
    assert committed == schema_json.render(), (
        "regenerate: python -m tallycheck.schema.jsonschema > schemas/tallycheck-schema.json"
    )


@pytest.mark.parametrize("name", shipped.names())
def test_shipped_schema_validates(name: str) -> None:
    document = yaml.safe_load(shipped.read(name))
    jsonschema.Draft202012Validator(schema_json.build()).validate(document)


def test_misspelt_key_fails_validation() -> None:
    document = yaml.safe_load(shipped.read("pardon-waves"))
    document["rules"][0]["colum"] = "wave"
    errors = list(jsonschema.Draft202012Validator(schema_json.build()).iter_errors(document))
    assert errors


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_json.render()))
