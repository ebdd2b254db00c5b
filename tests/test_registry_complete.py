"""Meta-tests: every check in the registry has each of its homes.

A check (``tallycheck.checks``: column checks and rules alike) needs its module's
docstring (with an example; a rule's also lists its options), a summary, a case
file with a passing and a failing case, an entry in the shipped JSON Schema and
a GX translation of each comparison it states. Nothing else: the engines, the
catalogue, ``explain``, SARIF and docs/gx.md read the registry. A column type
(``tallycheck.types``) needs its JSON Schema entry and README's list. Checked
elsewhere: the shipped JSON Schema is what the code generates
(tests/schema/test_jsonschema.py), docs/gx.md is what the registry generates
(tests/gx/test_gx_suite.py), and ``explain`` shows every finding id
(tests/test_finding_catalogue.py).
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest
from check_cases import CASES_DIR, case_schema, load

from tallycheck.checks import COLUMN_CHECKS, RULES
from tallycheck.schema.loader import COLUMN_KEYS, schema_from_mapping
from tallycheck.types import TYPES

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "tallycheck" / "schemas" / "tallycheck-schema.json"
REGENERATE = "regenerate: python -m tallycheck.schema.jsonschema > schemas/tallycheck-schema.json"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CHECKS = [*COLUMN_CHECKS, *RULES]


def _shipped_defs() -> dict[str, Any]:
    defs: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))["$defs"]
    return defs


def _cases(check: str) -> dict[str, Any]:
    path = CASES_DIR / f"{check}.yaml"
    assert path.exists(), f"add tests/checks/cases/{check}.yaml (see the other files there)"
    return load(path)


def _where(check: str) -> str:
    found = COLUMN_CHECKS.get(check) or RULES[check]
    return f"{found.module.replace('.', '/')}.py"


@pytest.mark.parametrize("check", CHECKS)
def test_check_module_documents_itself(check: str) -> None:
    found = COLUMN_CHECKS.get(check) or RULES[check]
    where = _where(check)
    assert found.summary, f"{where}: give the check a one-line summary"
    assert "Example" in found.doc, f"{where}: the docstring should give an 'Example:'"


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_documents_its_options(rule_id: str) -> None:
    rule = RULES[rule_id]
    where = _where(rule_id)
    assert "Options:" in rule.doc, f"{where}: the docstring should list the options"
    for field in dataclasses.fields(rule.options):
        assert f"{field.name}:" in rule.doc, f"{where}: document the option '{field.name}:'"


@pytest.mark.parametrize("check", CHECKS)
def test_check_has_a_case_file_with_a_passing_and_a_failing_case(check: str) -> None:
    cases = _cases(check)["cases"]
    where = f"tests/checks/cases/{check}.yaml"
    assert any(case["findings"] == [] for case in cases), f"{where}: add a case that passes"
    assert any(case["findings"] for case in cases), f"{where}: add a case that fails"


def test_every_case_file_names_a_check() -> None:
    assert {path.stem for path in CASES_DIR.glob("*.yaml")} == set(CHECKS), (
        "each file in tests/checks/cases is named after a check of tallycheck/checks/__init__.py"
    )


@pytest.mark.parametrize("rule_id", list(RULES))
def test_rule_is_in_the_shipped_json_schema(rule_id: str) -> None:
    defs = _shipped_defs()
    assert f"rule-{rule_id}" in defs, REGENERATE
    assert {"$ref": f"#/$defs/rule-{rule_id}"} in defs["rule"]["oneOf"], REGENERATE


@pytest.mark.parametrize("check", list(COLUMN_CHECKS))
def test_column_check_is_a_schema_key_in_the_json_schema(check: str) -> None:
    assert check in COLUMN_KEYS, f"tallycheck/schema/loader.py: add '{check}' to COLUMN_KEYS"
    assert check in _shipped_defs()["column"]["properties"], (
        f"tallycheck/schema/jsonschema.py: describe '{check}' in _column_schema(); {REGENERATE}"
    )


@pytest.mark.parametrize("check", CHECKS)
def test_check_compiles_to_a_gx_suite(check: str) -> None:
    """Every case of the check compiles: each comparison it states has a GX translation."""
    pytest.importorskip("great_expectations")
    from tallycheck.gx.compile import compile_suite

    document = _cases(check)
    for case in document["cases"]:
        suite = compile_suite(schema_from_mapping(case_schema(check, document["schema"], case)))
        tagged = [e.meta["tallycheck"]["rule"] for e in suite.expectations if e.meta]
        assert check in tagged, f"{check} should compile to at least one expectation"


@pytest.mark.parametrize("kind", list(TYPES))
def test_column_type_is_in_the_json_schema_and_readme(kind: str) -> None:
    assert kind in _shipped_defs()["column"]["properties"]["type"]["enum"], REGENERATE
    assert re.search(rf"\b{kind}\b", COLUMN_CHECKS["type"].summary), (
        f"tallycheck/checks/type.py: name {kind} in the type check's summary"
    )
    found = re.search(r"Column types:([^(.]*)", README)
    assert found, "README.md lost its list 'Column types:'"
    assert f"`{kind}`" in found.group(1), (
        f"README.md: add `{kind}` to the list 'Column types:' under ## Schemas"
    )
