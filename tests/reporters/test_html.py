"""The HTML report: one standalone page, inert data, a deterministic chart of each series."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import tallycheck
from tallycheck.report import Finding
from tallycheck.reporters import html
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.severity import Severity

ROOT = Path(__file__).resolve().parents[2]
RED = "#c62828"
VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base"}
HOSTILE = '<script>alert(1)</script> ](javascript:alert(1)) ::error::x %0A | " \x1b[31m \x07 \u202e'


class Element:
    """A start tag, where it sits, and the text directly inside it."""

    def __init__(self, tag: str, attrs: dict[str, str], ancestors: tuple[Element, ...]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.ancestors = ancestors
        self.text = ""

    def inside(self, tag: str, **attrs: str) -> bool:
        """True when some ancestor is ``tag`` whose attributes start with the given values."""
        return any(
            a.tag == tag and all(a.attrs.get(k, "").startswith(v) for k, v in attrs.items())
            for a in self.ancestors
        )


class Page(HTMLParser):
    """Every element of a page with its attributes and text; declarations counted."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.declarations: list[str] = []
        self._open: list[Element] = []
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, tuple(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}, tuple(self._open)))

    def handle_endtag(self, tag: str) -> None:
        assert self._open, f"</{tag}> closes nothing"
        assert self._open[-1].tag == tag, f"</{tag}> closes <{self._open[-1].tag}>"
        self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].text += data

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]

    def texts(self) -> Iterator[str]:
        return (e.text for e in self.elements)

    def svg_texts(self) -> list[str]:
        return [e.text for e in self.all("text") if e.inside("svg")]


def _validate_json(tmp_path: Path, rows: list[dict[str, str]], schema: dict[str, Any]) -> str:
    """The HTML report of a JSON table (cells may hold any character) against a schema."""
    path = tmp_path / "table.json"
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return html.render(tallycheck.validate(path, schema=schema_from_mapping(schema)))


def _schema() -> dict[str, Any]:
    return {
        "name": "waves",
        "order": "wave",
        "provenance": ["source", "url", "quote"],
        "columns": {
            "wave": {"type": "integer"},
            "pardoned": {"type": "tally", "min": 0},
            "cumulative": {"type": "tally", "min": 0},
            "source": {"type": "string"},
            "url": {"type": "string", "required": False},
            "quote": {"type": "string", "required": False},
        },
        "rules": [{"rule": "running-total", "total": "cumulative", "increment": "pardoned"}],
    }


def _row(wave: str, pardoned: str, cumulative: str, **provenance: str) -> dict[str, str]:
    return {"wave": wave, "pardoned": pardoned, "cumulative": cumulative, "source": "AP"} | (
        provenance
    )


@pytest.fixture(scope="module")
def seed_report() -> tallycheck.Report:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return tallycheck.validate("fixtures/belarus-pardons.csv", schema="pardon-waves")


@pytest.fixture(scope="module")
def seed_html(seed_report: tallycheck.Report) -> str:
    return html.render(seed_report)


@pytest.fixture
def hostile_html(tmp_path: Path) -> str:
    rows = [
        _row("1", "10", "10"),
        _row("2", "10", "about 20", url="https://example.org/a?b=1&c=2"),
        _row("3", "5", "at least 30", source=HOSTILE, url="javascript:alert(1)", quote=HOSTILE),
        _row("4", "5", "20", source="$x$", url=" javascript:alert(1)", quote="//evil.example"),
        _row("5", "5", "20", url='https://example.org/"onmouseover=alert(1)', quote=HOSTILE),
    ]
    return _validate_json(tmp_path, rows, _schema())


def test_the_page_is_one_standalone_document(seed_html: str) -> None:
    page = Page(seed_html)
    assert seed_html.startswith("<!DOCTYPE html>\n")
    assert seed_html.endswith("</html>\n")
    assert page.declarations == ["DOCTYPE html"]
    for tag in ("html", "head", "body", "title", "style", "main"):
        assert len(page.all(tag)) == 1, tag
    assert page.all("title")[0].text == "tallycheck report: not ok"
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base"):
        assert page.all(tag) == [], tag
    style = page.all("style")[0].text
    assert "@import" not in style
    assert "url(" not in style


@pytest.mark.parametrize("fixture", ["seed_html", "hostile_html"])
def test_nothing_is_fetched_and_only_provenance_urls_are_links(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    page = Page(request.getfixturevalue(fixture))
    assert page.all("script") == []
    for element in page.elements:
        for name, value in element.attrs.items():
            if element.tag == "a" and name == "href":
                assert value.startswith(("https://", "http://")), value
                assert element.inside("div", **{"class": "provenance"})
                continue
            lowered = value.lower()
            assert "http:" not in lowered, (element.tag, name, value)
            assert "https:" not in lowered, (element.tag, name, value)
            assert "javascript:" not in lowered, (element.tag, name, value)
            assert not lowered.startswith("//"), (element.tag, name, value)
            assert "url(" not in lowered or "url(#" in lowered, (element.tag, name, value)


def test_the_seed_chart_marks_waves_7_and_8_with_what_was_expected(seed_html: str) -> None:
    page = Page(seed_html)
    (svg,) = page.all("svg")
    assert svg.inside("figure", **{"class": "chart"})
    labels = page.svg_texts()
    assert {"6", "7", "8"} <= set(labels)
    assert "wave 7: 178, should be 207" in labels
    assert "wave 8: 207, should be 227" in labels
    assert not [text for text in labels if text.startswith("wave 6")]
    tick_x = {
        text.text: round(float(text.attrs["x"]), 1)
        for text in page.all("text")
        if text.inside("g", id="xtick")
    }
    red_dots = {
        round(float(use.attrs["x"]), 1)
        for use in page.all("use")
        if use.attrs.get("style", "").startswith(f"fill: {RED}")
        and not use.inside("g", id="legend")
    }
    assert red_dots == {tick_x["7"], tick_x["8"]}


def test_the_seed_page_shows_the_verdict_summary_and_findings(
    seed_html: str, seed_report: tallycheck.Report
) -> None:
    page = Page(seed_html)
    (h1,) = page.all("h1")
    assert "Not OK" in h1.text
    counts = [li.text for li in page.all("li") if li.inside("ul", **{"class": "counts"})]
    assert counts == ["errors", "warnings", "waived"]
    assert [s.text for s in page.all("strong") if s.inside("ul")] == ["2", "5", "0"]
    assert f"tallycheck {tallycheck.__version__}" in seed_html
    cells = [td.text for td in page.all("td")]
    assert cells == ["fixtures/belarus-pardons.csv", "pardon-waves", "4", "2", "5", "checked"]
    places = [s.text for s in page.all("span") if s.attrs.get("class") == "place"]
    assert places == [f"{f.file}:{f.line}" for f in seed_report.findings]
    unmarked = Page(seed_html.replace("<mark>", "").replace("</mark>", ""))
    assert [b.text for b in unmarked.all("blockquote")] == [
        f.provenance["quote"] for f in seed_report.findings
    ]
    # the quoted rule's findings mark the figures their quote states
    marks = [m.text for m in page.all("mark")]
    assert marks[:3] == ["37", "six", "78"]
    also = [s.text for s in page.all("span") if s.attrs.get("class") == "also"]
    assert also == ["also monotonic"]


def test_rendering_twice_gives_identical_bytes(seed_report: tallycheck.Report) -> None:
    first = html.render(seed_report).encode("utf-8")
    assert html.render(seed_report).encode("utf-8") == first
    assert b"\r" not in first


def test_hostile_cells_appear_only_as_text(hostile_html: str) -> None:
    page = Page(hostile_html)
    assert page.all("script") == []
    assert "\x1b" not in hostile_html
    assert "\x07" not in hostile_html
    assert "\u202e" not in hostile_html
    shown = HOSTILE.replace("\x1b", "\\x1b").replace("\x07", "\\x07").replace("\u202e", "\\u202e")
    assert shown in [b.text for b in page.all("blockquote")]
    assert shown in [dd.text for dd in page.all("dd")]
    hrefs = [a.attrs["href"] for a in page.all("a")]
    assert hrefs == ['https://example.org/"onmouseover=alert(1)']
    assert "javascript:alert(1)" in [dd.text for dd in page.all("dd")]
    assert "$x$" in [dd.text for dd in page.all("dd")]


def test_a_url_becomes_a_link_only_when_it_is_http(tmp_path: Path) -> None:
    rows = [
        _row("1", "10", "10"),
        _row("2", "10", "25", url="https://example.org/a?b=1&c=2"),
        _row("3", "10", "40", url="JavaScript:alert(1)"),
        _row("4", "10", "55", url="//evil.example/x"),
        _row("5", "10", "70", url="data:text/html,<script>alert(1)</script>"),
    ]
    page = Page(_validate_json(tmp_path, rows, _schema()))
    (link,) = page.all("a")
    assert link.attrs["href"] == "https://example.org/a?b=1&c=2"
    assert link.text == "https://example.org/a?b=1&c=2"
    plain = [dd.text for dd in page.all("dd")]
    assert {"JavaScript:alert(1)", "//evil.example/x"} <= set(plain)
    assert "data:text/html,<script>alert(1)</script>" in plain


def test_chart_captions_from_the_data_are_escaped_text_never_math(tmp_path: Path) -> None:
    schema = _schema()
    schema["series"] = "region"
    schema["columns"]["region"] = {"type": "string"}
    hostile, maths = "a <script>alert(1)</script>", "b $x$ \x1b[31m"
    rows = [
        _row("1", "1", "1", region=hostile),
        _row("1", "1", "1", region=maths),
        _row("2", "1", "5", region=maths),
    ]
    out = _validate_json(tmp_path, rows, schema)
    page = Page(out)
    assert page.all("script") == []
    assert "\x1b" not in out
    assert [e.text for e in page.all("figcaption")] == [
        "cumulative by wave, series b $x$ \\x1b[31m",
        "cumulative by wave, series a <script>alert(1)</script>",
    ]
    assert "wave 2: 5, should be 2" in page.svg_texts()


def test_ranges_and_open_bounds_are_drawn(hostile_html: str) -> None:
    labels = Page(hostile_html).svg_texts()
    assert "stated as a range" in labels
    assert "stated as “at least”" in labels
    assert "wave 3: at least 30, should be 25" in labels
    assert "wave 4: 20, should be at least 35" in labels


def test_waived_findings_are_shown_apart_with_their_reason(
    seed_report: tallycheck.Report,
) -> None:
    first, *rest = seed_report.findings
    report = replace(seed_report, findings=(replace(first, waived="AP counted differently"), *rest))
    page = Page(html.render(report))
    assert "Waived (1)" in [h3.text for h3 in page.all("h3")]
    waived = [a for a in page.all("article") if "waived" in a.attrs["class"].split()]
    assert len(waived) == 1
    reasons = [p.text.strip() for p in page.all("p") if p.attrs.get("class") == "reason"]
    assert reasons == ["AP counted differently"]
    assert [s.text for s in page.all("strong") if s.inside("ul")] == ["1", "5", "1"]


def test_findings_of_no_table_checked_get_their_own_section(
    seed_report: tallycheck.Report,
) -> None:
    stale = Finding(
        rule="stale-waiver",
        severity=Severity.WARNING,
        file="tallycheck.yaml",
        line=3,
        message="the waiver covers no finding",
    )
    page = Page(html.render(replace(seed_report, findings=(stale, *seed_report.findings))))
    assert [h2.text for h2 in page.all("h2")] == [
        "Files",
        "fixtures/belarus-pardons.csv",
        "tallycheck.yaml",
    ]
    assert len(page.all("tr")) == 2  # the summary lists the tables checked
    places = [s.text for s in page.all("span") if s.attrs.get("class") == "place"]
    assert places[-1] == "tallycheck.yaml:3"


def test_a_callers_matplotlib_settings_neither_change_the_chart_nor_are_changed(
    seed_report: tallycheck.Report, seed_html: str
) -> None:
    import matplotlib

    settings = {"axes.grid": True, "font.size": 20.0, "text.usetex": True, "svg.hashsalt": None}
    with matplotlib.rc_context(settings):
        assert html.render(seed_report) == seed_html
        assert {key: matplotlib.rcParams[key] for key in settings} == settings


def test_importing_the_module_loads_neither_matplotlib_nor_jinja() -> None:
    code = (
        "import sys, tallycheck.reporters.html; "
        "print(sorted(m for m in ('matplotlib', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _quote_finding(**changes: Any) -> Finding:
    finding = Finding(
        rule="quoted",
        severity=Severity.WARNING,
        file="t.csv",
        message="wave 2: cumulative 63 is not among the figures the quote states (11, 60).",
        line=3,
        row=2,
        provenance={"quote": "Another 11 <b>freed</b>; more than 60 in all, 2011 total."},
        quoted=("11", "more than 60"),
    )
    return replace(finding, **changes)


def test_the_quote_marks_the_figures_a_finding_rests_on_and_escapes_the_rest() -> None:
    page = html.render(tallycheck.Report(files=(), findings=(_quote_finding(),)))
    quote = page.split("<blockquote>", 1)[1].split("</blockquote>", 1)[0]
    assert quote == (
        "Another <mark>11</mark> &lt;b&gt;freed&lt;/b&gt;; <mark>more than 60</mark> in all, "
        "2011 total."
    )


def test_an_article_passage_stands_beside_the_quote() -> None:
    finding = _quote_finding(
        rule="in-article",
        quoted=(),
        provenance={"quote": "Another 12 freed"},
        passage="Another 11 <i>freed</i>",
    )
    page = html.render(tallycheck.Report(files=(), findings=(finding,)))
    beside = page.split('<div class="beside">', 1)[1].split("</div>", 1)[0]
    assert "<blockquote>Another 12 freed</blockquote>" in beside
    assert '<blockquote class="passage">Another 11 &lt;i&gt;freed&lt;/i&gt;</blockquote>' in beside
