"""Meta-tests: every registered rule is documented and has its case file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tallycheck.rules import RULES

CASES_DIR = Path(__file__).parent / "cases"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_documented(rule_id: str) -> None:
    module = RULES[rule_id]
    doc = module.__doc__ or ""
    assert rule_id == module.ID
    assert module.SUMMARY
    assert "Options:" in doc
    assert "Example" in doc
    for field in dataclasses.fields(module.Options):
        assert f"{field.name}:" in doc, f"option {field.name} is not documented"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_case_file_with_pass_and_fail(rule_id: str) -> None:
    import yaml

    cases = yaml.safe_load((CASES_DIR / f"{rule_id}.yaml").read_text(encoding="utf-8"))["cases"]
    assert any(case["findings"] == [] for case in cases)
    assert any(case["findings"] for case in cases)


def test_every_case_file_names_a_rule() -> None:
    assert {p.stem for p in CASES_DIR.glob("*.yaml")} == set(RULES)
