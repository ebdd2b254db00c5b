"""Every check's YAML case file, expanded into one test per case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from check_cases import case_files, case_schema, load, write_case

import tallycheck
from tallycheck.schema.loader import schema_from_mapping


def _load_cases() -> list[Any]:
    params = []
    for path in case_files():
        document = load(path)
        params.extend(
            pytest.param(path.stem, document["schema"], case, id=f"{path.stem}: {case['name']}")
            for case in document["cases"]
        )
    return params


@pytest.mark.parametrize(("rule", "base", "case"), _load_cases())
def test_rule_case(rule: str, base: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    schema = schema_from_mapping(case_schema(rule, base, case))
    table = write_case(tmp_path, case["table"], case.get("files", {}))
    report = tallycheck.validate(table, schema)
    found = [f for f in report.findings if f.rule == rule]
    other = [f"{f.rule}: {f.message}" for f in report.findings if f.rule != rule]
    assert other == [], "the case table should only break the check under test"
    assert [(f.line, f.value, f.expected) for f in found] == [
        (want["line"], want["value"], want.get("expected")) for want in case["findings"]
    ]
    for finding, want in zip(found, case["findings"], strict=True):
        if "related_line" in want:
            assert finding.related_line == want["related_line"]
        if "message" in want:
            assert finding.message == want["message"]
        if "contains" in want:
            assert want["contains"] in finding.message
