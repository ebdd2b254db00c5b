"""Meta-tests: every registry entry has each of its homes (CONTRIBUTING.md lists them).

A cross-row rule (``tallycheck.rules.RULES``) needs its module's docstring and
SUMMARY, a case file, an entry in the shipped JSON Schema, a GX translation, a
place in README's rule list, a plain implementation in tests/reference.py and
its draws in the differential tests, and a place in the GX agreement table. A
column check (``tallycheck.entries.COLUMN_CHECKS``) needs its schema key and its
JSON Schema entry; a column type (``COLUMN_TYPES``), its JSON Schema entry, its
catalogue wording and README's list. Checked elsewhere, for every entry: the
shipped JSON Schema is what the code generates (tests/schema/test_jsonschema.py),
docs/gx.md names every check (tests/gx/test_gx_suite.py), and ``explain`` shows
every finding id (tests/test_finding_catalogue.py).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
import reference
import yaml
from test_differential import RULE_SPECS

from tallycheck.entries import COLUMN_CHECKS, TYPE
from tallycheck.rules import RULES
from tallycheck.schema.loader import COLUMN_KEYS, schema_from_mapping
from tallycheck.schema.model import COLUMN_TYPES

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "rules" / "cases"
SHIPPED = ROOT / "tallycheck" / "schemas" / "tallycheck-schema.json"
REGENERATE = "regenerate: python -m tallycheck.schema.jsonschema > schemas/tallycheck-schema.json"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shipped_defs() -> dict[str, Any]:
    defs: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))["$defs"]
    return defs


def _cases(rule_id: str) -> dict[str, Any]:
    path = CASES / f"{rule_id}.yaml"
    assert path.exists(), f"add tests/rules/cases/{rule_id}.yaml (see tests/rules/cases/*.yaml)"
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


def _readme_list(heading: str) -> str:
    """The text of README's list that starts with ``heading`` (``Rules:``), up to its
    first parenthesis or full stop."""
    found = re.search(rf"{heading}([^(.]*)", README)
    assert found, f"README.md lost its list '{heading}'"
    return found.group(1)


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_module_documents_itself(rule_id: str) -> None:
    module = RULES[rule_id]
    doc = module.__doc__ or ""
    where = f"tallycheck/rules/{module.__name__.rsplit('.', 1)[-1]}.py"
    assert rule_id == module.ID, f"{where}: ID should be the id RULES lists it under"
    assert module.SUMMARY, f"{where}: add a one-line SUMMARY"
    assert "Options:" in doc, f"{where}: the docstring should list the options under 'Options:'"
    assert "Example" in doc, f"{where}: the docstring should give an 'Example:'"
    for field in dataclasses.fields(module.Options):
        assert f"{field.name}:" in doc, f"{where}: document the option '{field.name}:'"


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_has_a_case_file_with_a_passing_and_a_failing_case(rule_id: str) -> None:
    cases = _cases(rule_id)["cases"]
    where = f"tests/rules/cases/{rule_id}.yaml"
    assert any(case["findings"] == [] for case in cases), f"{where}: add a case that passes"
    assert any(case["findings"] for case in cases), f"{where}: add a case that fails"


def test_every_case_file_names_a_rule() -> None:
    assert {path.stem for path in CASES.glob("*.yaml")} == set(RULES), (
        "each file in tests/rules/cases is named after a rule of tallycheck/rules/__init__.py"
    )


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_is_in_the_shipped_json_schema(rule_id: str) -> None:
    defs = _shipped_defs()
    assert f"rule-{rule_id}" in defs, REGENERATE
    assert {"$ref": f"#/$defs/rule-{rule_id}"} in defs["rule"]["oneOf"], REGENERATE


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_compiles_to_a_gx_suite(rule_id: str) -> None:
    pytest.importorskip("great_expectations")
    from tallycheck.gx.compile import compile_suite

    document = _cases(rule_id)
    rules = [{"rule": rule_id, **case["options"]} for case in document["cases"]]
    schema = schema_from_mapping({**document["schema"], "name": "case", "rules": rules})
    try:
        suite = compile_suite(schema)
    except KeyError:
        pytest.fail(f"tallycheck/gx/compile.py: add the translation of {rule_id} to _RULES")
    tagged = [e.meta["tallycheck"]["rule"] for e in suite.expectations if e.meta]
    assert tagged.count(rule_id) >= len(rules), (
        f"tallycheck/gx/compile.py: {rule_id} should compile to at least one expectation"
    )


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_is_in_readme_s_list(rule_id: str) -> None:
    assert f"`{rule_id}`" in _readme_list("Rules:"), (
        f"README.md: add `{rule_id}` to the list 'Rules:' under ## Schemas"
    )


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_has_a_reference_and_differential_draws(rule_id: str) -> None:
    assert rule_id in reference.RULES, (
        f"tests/reference.py: add a plain implementation of {rule_id} to RULES"
    )
    assert rule_id in RULE_SPECS, (
        f"tests/test_differential.py: draw {rule_id}'s options in _rule_specs()"
    )


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_is_in_the_gx_agreement_table(rule_id: str) -> None:
    schema = yaml.safe_load((ROOT / "tests" / "gx" / "everything.yaml").read_text("utf-8"))
    assert rule_id in {rule["rule"] for rule in schema["rules"]}, (
        f"tests/gx/everything.yaml: add {rule_id}, and break it in tests/gx/gx_tables.py"
    )


@pytest.mark.parametrize("check", [entry.id for entry in COLUMN_CHECKS])
def test_column_check_is_a_schema_key_in_the_json_schema(check: str) -> None:
    assert check in COLUMN_KEYS, f"tallycheck/schema/loader.py: add '{check}' to COLUMN_KEYS"
    assert check in _shipped_defs()["column"]["properties"], (
        f"tallycheck/schema/jsonschema.py: describe '{check}' in _column_schema(); {REGENERATE}"
    )


@pytest.mark.parametrize("kind", list(COLUMN_TYPES))
def test_column_type_is_in_the_json_schema_the_catalogue_and_readme(kind: str) -> None:
    assert kind in _shipped_defs()["column"]["properties"]["type"]["enum"], REGENERATE
    assert re.search(rf"\b{kind}\b", TYPE.summary), (
        f"tallycheck/entries.py: name {kind} in the summary of TYPE"
    )
    assert f"`{kind}`" in _readme_list("Column types:"), (
        f"README.md: add `{kind}` to the list 'Column types:' under ## Schemas"
    )
