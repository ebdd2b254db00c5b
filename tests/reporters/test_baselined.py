"""Baselined findings in every format: listed as waived ones are, labelled baselined.

The seed run with wave 7's running total in a baseline and wave 8's waived: the
run passes (five warnings stand), and every format says so, shows the baselined
finding where it shows waived ones, and names the baseline.
"""

from __future__ import annotations

import dataclasses
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_github import commands
from test_html import Page
from test_sarif import sarif_errors
from test_verdict import PASSES

import tallycheck
from tallycheck import baseline, reporters
from tallycheck.reporters import escape, github, html, junit, markdown, sarif, text

ROOT = Path(__file__).resolve().parents[2]
SEED = "fixtures/belarus-pardons.csv"
BASELINE = "tallycheck-baseline.json"
IN_BASELINE = f"in the baseline {BASELINE}"
WAVE_7 = (
    "wave 7: cumulative 178 should be 207 (178 at wave 6 + 29 pardoned). It equals the total "
    "through wave 6, first published by Al Jazeera (line 3), so the figure may predate this wave."
)


@pytest.fixture(scope="module")
def accepted() -> tallycheck.Report:
    """Wave 7's error in the baseline (entry on line 3 of it), wave 8's waived."""
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        seed = tallycheck.validate(SEED, schema="pardon-waves")
    finally:
        os.chdir(here)
    wave_7, wave_8, *rest = seed.findings
    waived = dataclasses.replace(wave_8, waived="The rewrite's figure")
    report = dataclasses.replace(seed, findings=(wave_7, waived, *rest))
    return baseline.accepted(
        report, baseline.Baseline(BASELINE, ((baseline.entry_key(wave_7), 3),))
    )


def test_the_run_passes_and_every_format_says_so(accepted: tallycheck.Report) -> None:
    assert (accepted.errors, accepted.warnings, accepted.waived, accepted.baselined) == (0, 5, 1, 1)
    assert accepted.ok
    for name in reporters.FORMATS:
        assert PASSES[name](reporters.get(name).render(accepted)), name


def test_text(accepted: tallycheck.Report) -> None:
    lines = text.render(accepted).splitlines()
    at = lines.index(f"{SEED}:4: baselined [running-total, also monotonic] {WAVE_7}")
    assert lines[at + 1].startswith("    — AP, “The latest announcement")
    assert lines[at + 2] == f"    baselined: {IN_BASELINE}"
    assert lines[at + 3].startswith(f"{SEED}:5: waived [running-total] wave 8:")
    assert lines[at + 5] == "    waived: The rewrite's figure"
    assert lines[-1] == "✓ 1 file checked: 0 errors, 5 warnings, 1 waived, 1 baselined"


def test_markdown(accepted: tallycheck.Report) -> None:
    lines = markdown.render(accepted).splitlines()
    assert (
        lines[0] == "## ✅ tallycheck: 1 file checked: 0 errors, 5 warnings, 1 waived, 1 baselined"
    )
    assert lines[2:5] == [
        "| File | Schema | Rows | Errors | Warnings | Waived | Baselined | Status |",
        "| --- | --- | --: | --: | --: | --: | --: | --- |",
        "| fixtures/belarus\\-pardons\\.csv | pardon\\-waves | 4 | 0 | 5 | 1 | 1 "
        "| ⚠️ passed with warnings |",
    ]
    rows = [line for line in lines if line.startswith("| 💤")]
    seed = escape.markdown(SEED)
    assert [row.split(" | ")[:3] for row in rows] == [
        ["| 💤 baselined error", "running\\-total (also monotonic)", f"{seed}:4"],
        ["| 💤 waived error", "running\\-total", f"{seed}:5"],
    ]
    assert "<br>*Baselined:* in the baseline tallycheck\\-baseline\\.json |" in rows[0]
    assert "<br>*Waived:* The rewrite's figure |" in rows[1]


def test_html(accepted: tallycheck.Report) -> None:
    page = Page(html.render(accepted))
    counts = {li.attrs["class"]: li.text for li in page.all("li") if li.inside("ul")}
    assert counts == {name: name for name in ("errors", "warnings", "waived", "baselined")}
    assert [s.text for s in page.all("strong") if s.inside("ul")] == ["0", "5", "1", "1"]
    headings = [h3.text for h3 in page.all("h3")]
    assert headings == ["Findings", "Waived (1)", f"Baselined (1, in {BASELINE})"]
    cards = {a.attrs["class"]: a for a in page.all("article")}
    assert set(cards) == {"finding warning", "finding waived", "finding baselined"}
    badges = [b.text for b in page.all("span") if b.attrs.get("class") == "badge"]
    assert badges[-2:] == ["waived error", "baselined error"]  # each section in order
    reasons = [p.text.strip() for p in page.all("p") if p.attrs.get("class") == "reason"]
    assert reasons == ["The rewrite's figure", IN_BASELINE]


def test_junit(accepted: tallycheck.Report) -> None:
    root = ET.fromstring(junit.render(accepted))
    assert (root.get("failures"), root.get("errors")) == ("0", "0")
    case = next(c for c in root.iter("testcase") if c.get("name") == "running-total")
    out = case.findtext("system-out") or ""
    baselined, waived = out.split("\n\n")
    assert baselined.splitlines()[0] == f"baselined: {WAVE_7}"
    assert baselined.splitlines()[-1] == f"baselined: {IN_BASELINE}"
    assert waived.splitlines()[0].startswith("waived: wave 8:")
    assert waived.splitlines()[-1] == "waived because: The rewrite's figure"


def test_sarif(accepted: tallycheck.Report) -> None:
    output = sarif.render(accepted)
    assert sarif_errors(output) == []
    first, second = json.loads(output)["runs"][0]["results"][:2]
    assert first["suppressions"] == [
        {
            "kind": "external",
            "justification": IN_BASELINE,
            "status": "accepted",
            "location": {"physicalLocation": {"artifactLocation": {"uri": BASELINE}}},
        }
    ]
    assert first["properties"]["baselined"] is True
    assert second["suppressions"] == [{"kind": "external", "justification": "The rewrite's figure"}]
    assert "baselined" not in second["properties"]


def test_github(accepted: tallycheck.Report) -> None:
    lines = github.render(accepted).splitlines()
    assert [c.kind for c in commands("\n".join(lines) + "\n")] == ["warning"] * 5 + ["notice"] * 2
    assert lines[5] == (
        f"::notice file={SEED},line=4,col=23,endColumn=25,"
        "title=tallycheck running-total (baselined)::"
        f"{WAVE_7}%0ASource: AP, “The latest announcement marks the seventh group pardon by "
        "Lukashenko in the last six months. In all, 178 political prisoners have been freed, "
        f"according to Belarusian human rights group Viasna.”%0ABaselined: {IN_BASELINE}"
    )
    assert lines[6].startswith(
        f"::notice file={SEED},line=5,col=11,endColumn=13,title=tallycheck running-total "
        "(waived)::wave 8:"
    )
    assert lines[6].endswith("%0AWaived: The rewrite's figure")


def test_json(accepted: tallycheck.Report) -> None:
    report = accepted.to_dict()
    assert report["ok"] is True
    assert report["summary"] == {
        "files": 1, "rows": 4, "errors": 0, "warnings": 5, "waived": 1, "baselined": 1,
    }  # fmt: skip
    first, second = report["findings"][:2]
    assert (first["waived"], first["baselined"]) == (IN_BASELINE, True)
    assert (second["waived"], "baselined" in second) == ("The rewrite's figure", False)
