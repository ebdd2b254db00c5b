"""The JUnit reporter: read back by a JUnit reader and by ElementTree."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from junitparser import Error, Failure, JUnitXml

import tallycheck
from tallycheck.reporters import junit
from tallycheck.schema.loader import schema_from_mapping

ROOT = Path(__file__).resolve().parents[2]
SEED = "fixtures/belarus-pardons.csv"
WAVES = schema_from_mapping({"name": "w", "columns": {"wave": {"type": "integer", "min": 1}}})


@pytest.fixture
def seed(monkeypatch: pytest.MonkeyPatch) -> tallycheck.Report:
    monkeypatch.chdir(ROOT)
    return tallycheck.validate(SEED, schema="pardon-waves")


def _counts(element: ET.Element) -> tuple[str | None, ...]:
    return tuple(element.get(key) for key in ("tests", "failures", "errors"))


def test_seed_reads_back(seed: tallycheck.Report) -> None:
    xml = JUnitXml.fromstring(junit.render(seed))
    suites = list(xml)
    assert [s.name for s in suites] == [SEED]
    cases = list(suites[0])
    assert [(c.classname, c.name) for c in cases] == [
        (SEED, "running-total"),
        (SEED, "quoted"),
        (SEED, "sequence"),
    ]
    failures = cases[0].result
    assert all(isinstance(f, Failure) for f in failures)
    assert [f.message for f in failures] == [seed.findings[0].message, seed.findings[1].message]
    assert [f.type for f in failures] == ["running-total", "running-total"]
    assert failures[0].text.splitlines()[:4] == [
        f"at: {SEED}:4",
        "value: 178",
        "expected: 207",
        "source: AP",
    ]
    assert "also: monotonic" in failures[0].text
    assert cases[2].is_passed
    assert cases[2].system_out.startswith("warning: wave 6: wave 5 is missing")
    assert f"at: {SEED}:3" in cases[2].system_out


def test_counts_agree_with_the_reader(seed: tallycheck.Report) -> None:
    text = junit.render(seed)
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    assert _counts(root) == ("3", "2", "0")
    assert _counts(root.find("testsuite")) == ("3", "2", "0")  # type: ignore[arg-type]
    xml = JUnitXml.fromstring(text)
    xml.update_statistics()
    assert (xml.tests, xml.failures, xml.errors) == (3, 2, 0)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>\n<testsuites")
    assert text.endswith("</testsuites>\n")


def test_clean_table_has_one_passing_case(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("wave\n1\n2\n", encoding="utf-8")
    root = ET.fromstring(junit.render(tallycheck.validate(table, WAVES)))
    cases = root.findall("testsuite/testcase")
    assert [(c.get("name"), list(c)) for c in cases] == [("all checks", [])]
    assert _counts(root) == ("1", "0", "0")


def test_unreadable_table_is_an_error(tmp_path: Path) -> None:
    good, empty = tmp_path / "good.csv", tmp_path / "empty.csv"
    good.write_text("wave\n0\n", encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    xml = JUnitXml.fromstring(junit.render(tallycheck.validate([good, empty], WAVES)))
    by_suite = {suite.name: list(suite) for suite in xml}
    [broken] = by_suite[str(empty)]
    assert broken.name == "unreadable"
    assert [type(r) for r in broken.result] == [Error]
    assert broken.result[0].message == "the file is empty"
    [low] = by_suite[str(good)]
    assert (low.name, [type(r) for r in low.result]) == ("min", [Failure])
    xml.update_statistics()
    assert (xml.tests, xml.failures, xml.errors) == (2, 1, 1)


def test_waived_error_passes_with_a_note(seed: tallycheck.Report) -> None:
    findings = tuple(dataclasses.replace(f, waived="known stale") for f in seed.findings[:2])
    report = dataclasses.replace(seed, findings=(*findings, *seed.findings[2:]))
    [suite] = JUnitXml.fromstring(junit.render(report))
    running = next(case for case in suite if case.name == "running-total")
    assert running.is_passed
    assert running.system_out.count("waived: wave") == 2
    assert "waived because: known stale" in running.system_out


def test_rule_instance_name_names_the_case(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("wave\n1\n3\n", encoding="utf-8")
    schema = schema_from_mapping(
        {
            "name": "w",
            "columns": {"wave": {"type": "integer"}},
            "rules": [{"rule": "sequence", "column": "wave", "name": "waves in order"}],
        }
    )
    root = ET.fromstring(junit.render(tallycheck.validate(table, schema)))
    assert [c.get("name") for c in root.iter("testcase")] == ["sequence: waves in order"]


def test_characters_xml_forbids_are_shown_as_escapes() -> None:
    frame = pd.DataFrame({"wave": ["x\x00y", "\x1b[31mred", "tab\tok", "?"]})
    report = tallycheck.validate(frame, WAVES)
    # a lone surrogate cannot get through pandas, so it is put in by hand
    last = dataclasses.replace(report.findings[-1], value="lone \ud800 half", message="\udfff")
    report = dataclasses.replace(report, findings=(*report.findings[:-1], last))
    text = junit.render(report)
    text.encode("utf-8")  # no lone surrogate is left
    failures = list(ET.fromstring(text).iter("failure"))
    values = [(f.text or "").splitlines()[1] for f in failures]
    assert values == [
        r"value: x\x00y",
        r"value: \x1b[31mred",
        "value: tab\tok",
        r"value: lone \ud800 half",
    ]
    messages = [f.get("message") or "" for f in failures]
    assert "\x1b" not in messages[1]
    assert r"\x1b" in messages[1]
    assert messages[3] == r"\udfff"
