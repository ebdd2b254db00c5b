"""Bidi controls from the data (series names, sources, quotes) never reach a report raw.

An override (U+202E) or an isolate (U+2066) reorders the text around it, so that a
figure may read backwards. Every format shows them as escapes (``\\u202e``), as error
messages do; the JSON report writes them as JSON escapes, which decode to the data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_github import commands

import tallycheck
from tallycheck import reporters
from tallycheck.reporters import escape
from tallycheck.schema.loader import schema_from_mapping

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
SCHEMA = schema_from_mapping(
    {
        "name": "bidi",
        "series": "series",
        "order": "wave",
        "provenance": ["source", "quote"],
        "columns": {
            "series": {"type": "string"},
            "wave": {"type": "integer"},
            "source": {"type": "string"},
            "quote": {"type": "string"},
        },
        "rules": [{"rule": "sequence", "column": "wave"}],
    }
)
SERIES = "\u202eAP"
SOURCE = "\u2066Reuters\u2069"
QUOTE = "freed \u202e871\u202c people"


@pytest.fixture
def report(tmp_path: Path) -> tallycheck.Report:
    table = tmp_path / "bidi.csv"
    table.write_text(
        f"series,wave,source,quote\n{SERIES},1,{SOURCE},{QUOTE}\n{SERIES},3,{SOURCE},{QUOTE}\n",
        encoding="utf-8",
    )
    found = tallycheck.validate(table, SCHEMA)
    [finding] = found.findings
    assert (finding.series, finding.provenance) == (SERIES, {"source": SOURCE, "quote": QUOTE})
    return found


@pytest.mark.parametrize("name", reporters.FORMATS)
def test_no_format_holds_a_raw_bidi_control(name: str, report: tallycheck.Report) -> None:
    assert not BIDI.search(reporters.get(name).render(report))


def test_the_terminal_shows_them_as_escapes(report: tallycheck.Report) -> None:
    lines = reporters.get("text").render(report).splitlines()
    assert lines[0].endswith("] wave 3 (\\u202eAP): wave 2 is missing (the row before is wave 1).")
    assert lines[1] == "    — \\u2066Reuters\\u2069, “freed \\u202e871\\u202c people”"


def test_annotations_show_them_as_escapes(report: tallycheck.Report) -> None:
    [command] = commands(reporters.get("github").render(report))
    assert command.message == (
        "wave 3 (\\u202eAP): wave 2 is missing (the row before is wave 1).\n"
        "Source: \\u2066Reuters\\u2069, “freed \\u202e871\\u202c people”"
    )


def test_markdown_shows_them_as_escapes(report: tallycheck.Report) -> None:
    row = reporters.get("markdown").render(report).splitlines()[-1]
    assert row.endswith(r"| \\u2066Reuters\\u2069, “freed \\u202e871\\u202c people” |")


def test_json_keeps_the_data_as_data(report: tallycheck.Report) -> None:
    output = reporters.get("json").render(report)
    assert "\\u202e" in output
    [finding] = json.loads(output)["findings"]
    assert finding["series"] == SERIES
    assert finding["provenance"] == {"source": SOURCE, "quote": QUOTE}


def test_sarif_messages_show_them_and_properties_keep_the_data(
    report: tallycheck.Report,
) -> None:
    [result] = json.loads(reporters.get("sarif").render(report))["runs"][0]["results"]
    assert result["message"]["text"].startswith("wave 3 (\\\\u202eAP): ")
    assert result["properties"]["series"] == SERIES


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
def test_every_embedding_and_override_is_shown(char: str) -> None:
    assert escape.visible(f"a{char}b") == f"a\\u{ord(char):04x}b"


@pytest.mark.parametrize("char", ["\u2066", "\u2067", "\u2068", "\u2069"])
def test_every_isolate_is_shown(char: str) -> None:
    assert escape.visible(f"a{char}b") == f"a\\u{ord(char):04x}b"
    assert (
        escape.json_safe(json.dumps(f"a{char}b", ensure_ascii=False)) == f'"a\\u{ord(char):04x}b"'
    )


def test_right_to_left_text_and_its_marks_are_left_alone() -> None:
    text = "\u05e9\u05dc\u05d5\u05dd \u200f178\u200e \u0645\u0631\u062d\u0628\u0627"
    assert escape.visible(text) == text
