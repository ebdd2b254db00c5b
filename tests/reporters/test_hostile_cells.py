"""Cells written to break reports stay inert in all seven formats, checked by parsing each.

The table's series, figure, source and quote cells hold HTML and script tags,
Markdown links and table pipes, GitHub workflow commands and ``%0A``/``%0D``
escapes, ANSI escape sequences (raw ESC bytes, which the CSV reader accepts, and
the 8-bit CSI), XML-invalid control characters, bidi overrides, mentions,
spreadsheet formulas and a 100 kB value. Every row fails the ``type`` check and
its series cell is in the message, so each string reaches every part of a finding.

Each output is parsed by its own grammar and shown inert: the HTML page by
``html.parser`` (no script element, no event handler, no ``javascript:`` link, no
tag the page does not have anyway), the Markdown by mistune's GFM table grammar
(when mistune is installed) and by its cell borders, the JUnit XML by an XML
parser, the JSON and SARIF by ``json`` (SARIF also against the OASIS schema), the
workflow commands by their grammar, and the terminal text by having no control
character but the line break.

Spreadsheet formulas (``=HYPERLINK(...)``, ``+cmd``, ``-1+1``, ``@SUM``): tallycheck
writes no CSV or spreadsheet, so a formula is inert as long as it stays data. It is
not rewritten (no ``'`` prefix): the JSON and SARIF values and the terminal text
carry it exactly as the table did, and the other formats only escape it for their
own syntax.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml
from test_github import commands
from test_markdown import borders, table_rows
from test_sarif import sarif_errors

import tallycheck
from tallycheck import reporters
from tallycheck.reporters import text
from tallycheck.schema.loader import schema_from_mapping

ESC = "\x1b"
CSI = "\x9b"
LONG = "<b>" + "A" * 100_000 + "</b>"
FORMULAS = ['=HYPERLINK("http://x","click")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)"]
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
    "](javascript:alert(1))",
    "[click](https://evil.example)",
    "| col | --- |",
    "::error::injected",
    "::add-mask::secret",
    "%0A::warning::x",
    "a%0D%0A::error file=x::b",
    "a\nb",
    "a\r\n::error::c",
    f"{ESC}[31mred{ESC}[0m",
    f"{ESC}]8;;https://evil.example{ESC}\\link{ESC}]8;;{ESC}\\",
    f"{CSI}31mred",
    "vt\x0bff\x0c",
    "\u202e871",
    "@channel #1",
    *FORMULAS,
    LONG,  # last: the Markdown table stops before a row this long
]
# JSON carries what a CSV file cannot: C0 controls, DEL, non-characters.
JSON_ONLY = ["nul\x00soh\x01bs\x08", "del\x7f", "non\ufffechar\uffff"]
SCHEMA = schema_from_mapping(
    {
        "name": "hostile",
        "series": "series",
        "order": "wave",
        "provenance": ["source", "quote"],
        "columns": {
            "series": {"type": "string"},
            "wave": {"type": "integer"},
            "figure": {"type": "integer"},
            "source": {"type": "string"},
            "quote": {"type": "string"},
        },
    }
)
UNESCAPED_BRACKET = re.compile(r"(?<!\\)(?:\\\\)*[\[\]]")
# What no output may hold raw: C0 controls but tab, LF and CR; DEL and C1; separators.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
FORMATS = ("text", "json", "markdown", "html", "junit", "sarif", "github")

Hostile = tuple[tallycheck.Report, list[str]]


def shown(cell: str) -> str:
    r"""A string made visible as the reports show it: each control character (bidi
    controls included) as its escape."""
    escaped = CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), cell)
    return BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped)


def _write(path: Path, cells: list[str]) -> None:
    rows = [
        {"series": c, "wave": i, "figure": c, "source": c, "quote": c}
        for i, c in enumerate(cells, 1)
    ]
    if path.suffix == ".json":
        path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(params=["csv", "json"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> Hostile:
    cells = HOSTILE if request.param == "csv" else [*JSON_ONLY, *HOSTILE]
    table = tmp_path / f"hostile.{request.param}"
    _write(table, cells)
    report = tallycheck.validate(table, SCHEMA)
    assert all(f.rule == "type" for f in report.findings)
    assert [f.value for f in report.findings] == [c.strip() for c in cells]
    return report, [c.strip() for c in cells]


def render(report: tallycheck.Report, name: str) -> str:
    return reporters.get(name).render(report)


# --- one check per format -------------------------------------------------------------


def check_text(report: tallycheck.Report, cells: list[str]) -> None:
    output = text.render(report)
    assert not CONTROL.search(output)
    assert "\r" not in output
    assert "\t" not in output
    assert len(output.splitlines()) == 2 * len(cells) + 3  # two per finding, blank, file, verdict
    for formula in [*FORMULAS, LONG]:
        assert f"({formula}): figure" in output  # as the table had it, not rewritten


def check_json(report: tallycheck.Report, cells: list[str]) -> None:
    output = render(report, "json")
    assert not CONTROL.search(output)  # C0 by json itself, DEL, C1 and the rest as \\uXXXX
    findings = json.loads(output)["findings"]
    assert [f["series"] for f in findings] == cells
    assert [f["value"] for f in findings] == cells
    assert [f["provenance"] for f in findings] == [{"source": c, "quote": c} for c in cells]


def check_sarif(report: tallycheck.Report, cells: list[str]) -> None:
    output = render(report, "sarif")
    assert ESC not in output
    assert sarif_errors(output) == []
    results = json.loads(output)["runs"][0]["results"]
    for result, cell in zip(results, cells, strict=True):
        assert not UNESCAPED_BRACKET.search(result["message"]["text"])
        assert result["properties"]["value"] == cell
        assert result["properties"]["provenance"] == {"source": cell, "quote": cell}


def check_github(report: tallycheck.Report, cells: list[str]) -> None:
    # GitHub shows ten annotations of a kind per step: render ten findings at a time.
    for start in range(0, len(cells), 10):
        part = dataclasses.replace(report, findings=report.findings[start : start + 10])
        output = render(part, "github")
        assert not CONTROL.search(output)
        found = commands(output)  # every line one well-formed workflow command
        assert [c.kind for c in found] == ["error"] * len(part.findings)
        for command, finding, cell in zip(found, part.findings, cells[start:], strict=False):
            assert command.properties["title"] == "tallycheck type"
            # the figure's cell: on the row's line, or the next when a series cell before
            # it spans two lines ("a\nb")
            assert finding.cell is not None or finding.file.endswith(".json")
            line = finding.line if finding.cell is None else finding.cell.line
            assert command.properties["line"] == str(line)
            first = command.message.split("\nSource: ")[0]
            assert first == shown(finding.message)
            assert command.message.endswith(f"\nSource: {shown(cell)}, “{shown(cell)}”")


def check_junit(report: tallycheck.Report, cells: list[str]) -> None:
    output = render(report, "junit")
    root = ET.fromstring(output)  # an XML parser: no XML-invalid character got through
    messages = [f.get("message") for f in root.iter("failure")]
    assert messages == [shown(f.message) for f in report.findings]
    [suite] = JUnitXml.fromstring(output)
    [case] = suite
    assert case.name == "type"
    assert all(isinstance(r, Failure) for r in case.result)
    for result, cell in zip(case.result, cells, strict=True):
        # XML parsers read a line break in text as LF, whether CRLF, CR or LF was written
        line = shown(cell).replace("\r\n", "\n").replace("\r", "\n")
        assert f"\nsource: {line}\nquote: {line}" in result.text


def check_markdown(report: tallycheck.Report, cells: list[str]) -> None:
    output = render(report, "markdown")
    for raw in ("<", "](javascript:", "@channel", "\r"):
        assert raw not in output
    assert not CONTROL.search(output)
    rows = table_rows(output)
    shown_rows = len(cells) - 1  # the 100 kB row does not fit a comment and is left out
    assert len(rows) == 5 + shown_rows
    assert {borders(row) for row in rows[:3]} == {8}
    assert {borders(row) for row in rows[3:]} == {7}
    assert "… and 1 more finding not shown here" in output
    mistune = pytest.importorskip("mistune")
    page = Page.parse(mistune.create_markdown(plugins=["table"], escape=False)(output))
    assert page.tags <= {"h2", "h3", "table", "thead", "tbody", "tr", "th", "td", "p", "em"}
    assert page.cells_per_row == [7, 7] + [6] * (1 + shown_rows)  # header rows, then findings


def check_html(report: tallycheck.Report, cells: list[str]) -> None:
    output = render(report, "html")
    assert not CONTROL.search(output)
    page = Page.parse(output)
    plain = Page.parse(render(_benign(report), "html"))
    assert page.tags <= plain.tags  # no tag the page would not have with plain cells
    assert "script" not in page.tags
    assert page.handlers == []
    assert page.scripted_links == []
    for cell in cells:
        assert BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", shown(cell)) in page.text


def _benign(report: tallycheck.Report) -> tallycheck.Report:
    """The report with every string from the data replaced by a plain word."""
    findings = tuple(
        dataclasses.replace(
            f,
            message="wave 1: figure 'x' is not an integer.",
            series="s",
            value="x",
            provenance={"source": "AP", "quote": "q"},
        )
        for f in report.findings
    )
    return dataclasses.replace(report, findings=findings)


CHECKS = {
    "text": check_text,
    "json": check_json,
    "markdown": check_markdown,
    "html": check_html,
    "junit": check_junit,
    "sarif": check_sarif,
    "github": check_github,
}


def test_hostile_cells_are_inert_in_all_seven_formats(hostile: Hostile) -> None:
    report, cells = hostile
    assert tuple(CHECKS) == FORMATS == reporters.FORMATS
    for name in FORMATS:
        CHECKS[name](report, cells)


class Page(HTMLParser):
    """An HTML document's tags, attributes, text and table shape, as a browser parses it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.handlers: list[tuple[str, str]] = []
        self.scripted_links: list[str] = []
        self.cells_per_row: list[int] = []
        self.chunks: list[str] = []

    @classmethod
    def parse(cls, html: str) -> Page:
        page = cls()
        page.feed(html)
        page.close()
        return page

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.cells_per_row.append(0)
        if tag in ("td", "th"):
            self.cells_per_row[-1] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            link = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in ("href", "src", "xlink:href", "action") and link.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.scripted_links.append(value or "")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def test_hostile_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "x\n::error::y,z:1%0A|<i>@me.csv"
    monkeypatch.chdir(tmp_path)
    _write(Path(name), ["not a number"])
    report = tallycheck.validate(name, SCHEMA)
    [command] = commands(render(report, "github"))
    assert command.properties["file"] == name
    markdown = render(report, "markdown")
    assert "<i>" not in markdown
    assert {borders(row) for row in table_rows(markdown)} <= {7, 8}
    sarif = render(report, "sarif")
    assert sarif_errors(sarif) == []
    location = json.loads(sarif)["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == (
        "x%0A%3A%3Aerror%3A%3Ay%2Cz%3A1%250A%7C%3Ci%3E%40me.csv"
    )
    [suite] = JUnitXml.fromstring(render(report, "junit"))
    assert suite.name == name
    page = Page.parse(render(report, "html"))
    assert "i" not in page.tags
    assert name in page.text
