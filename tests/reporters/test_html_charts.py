"""The charts of the HTML report: which series get one, and what each one shows.

The 30-series table in tests/data/thirty-series (invented figures: releases counted
week by week in 30 districts) has one error, in its last series (District 30, week
6), a range in that series (week 3: 12-18), a gap in District 03 (week 5 missing,
a warning), and an error in District 12 (week 4) that its tallycheck.yaml waives.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_html import Element, Page

import tallycheck
from tallycheck.api import validate_each
from tallycheck.plan import make_plan
from tallycheck.reporters import html
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.severity import Severity

THIRTY = Path(__file__).resolve().parents[1] / "data" / "thirty-series"
SEED = Path(__file__).resolve().parents[2] / "fixtures" / "belarus-pardons.csv"
RED = "#c62828"
GREY = "#6b7280"
NOTE_30 = (
    "12 of 30 series are charted, those with findings first; "
    "the other 18 are not charted, and none of them has a finding."
)


class Chart:
    """One figure.chart of a page: its caption, notes and the elements of its SVG."""

    def __init__(self, page: Page, figure: Element) -> None:
        inside = [e for e in page.elements if figure in e.ancestors]
        self.caption = next(e.text for e in inside if e.tag == "figcaption")
        self.notes = [e.text for e in inside if e.tag == "p"]
        self.elements = [e for e in inside if e.inside("svg")]

    def _plot(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and not e.inside("g", id="legend")]

    def legend(self) -> list[str]:
        return [e.text for e in self.elements if e.tag == "text" and e.inside("g", id="legend")]

    def texts(self) -> list[str]:
        return [e.text for e in self._plot("text")]

    def ticks(self, axis: str) -> dict[str, float]:
        """Tick label -> where its tick mark stands along the axis."""
        groups = [
            e
            for e in self.elements
            if e.tag == "g" and e.attrs.get("id", "").startswith(f"{axis}tick")
        ]
        ticks: dict[str, float] = {}
        for group in groups:
            (mark,) = [e for e in self.elements if e.tag == "use" and group in e.ancestors]
            (label,) = [e for e in self.elements if e.tag == "text" and group in e.ancestors]
            ticks[label.text] = float(mark.attrs[axis])
        return ticks

    def axes_bottom(self) -> float:
        """The y of the x axis: where its tick marks stand."""
        (bottom,) = {float(e.attrs["y"]) for e in self._plot("use") if e.inside("g", id="xtick")}
        return bottom

    def dots(self, colour: str) -> list[tuple[float, float]]:
        """The markers filled with a colour, as (x, y)."""
        return [
            (float(e.attrs["x"]), float(e.attrs["y"]))
            for e in self._plot("use")
            if e.attrs.get("style", "").startswith(f"fill: {colour}")
        ]

    def paths(self, style: str) -> list[list[tuple[float, float]]]:
        """The points of each path whose style starts with ``style``."""
        return [
            _points(e.attrs["d"])
            for e in self._plot("path")
            if e.attrs.get("style", "").startswith(style)
        ]

    def label_boxes(self) -> list[tuple[float, float, float, float]]:
        """The boxes (x0, y0, x1, y1) drawn around the labels of marked points."""
        return [_extent(points) for points in self.paths("fill: #ffffff; stroke: ")]


def _points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _extent(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _disjoint(one: tuple[float, ...], other: tuple[float, ...]) -> bool:
    return one[2] <= other[0] or other[2] <= one[0] or one[3] <= other[1] or other[3] <= one[1]


def charts_of(text: str) -> tuple[Page, list[Chart]]:
    page = Page(text)
    figures = [e for e in page.all("figure") if e.attrs.get("class") == "chart"]
    return page, [Chart(page, figure) for figure in figures]


def _schema(series: bool = False) -> dict[str, Any]:
    columns = {
        "wave": {"type": "integer"},
        "pardoned": {"type": "tally", "min": 0},
        "cumulative": {"type": "tally", "min": 0},
        "source": {"type": "string"},
    }
    return {
        "name": "waves",
        "order": "wave",
        **({"series": "region"} if series else {}),
        "provenance": ["source"],
        "columns": ({"region": {"type": "string"}} if series else {}) | columns,
        "rules": [{"rule": "running-total", "total": "cumulative", "increment": "pardoned"}],
    }


def _render_json(tmp_path: Path, rows: list[dict[str, str]], schema: dict[str, Any]) -> str:
    path = tmp_path / "table.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    return html.render(tallycheck.validate(path, schema=schema_from_mapping(schema)))


def _waves(cumulative: list[str], region: str | None = None) -> Iterator[dict[str, str]]:
    """Rows of waves 1, 2, ... that each pardon 3, with the cumulative figures given."""
    for wave, total in enumerate(cumulative, start=1):
        row = {"wave": str(wave), "pardoned": "3", "cumulative": total, "source": "AP"}
        yield row if region is None else {"region": region} | row


@pytest.fixture(scope="module")
def thirty_report() -> tallycheck.Report:
    """The 30-series table checked as the CLI checks it: its config, its waiver."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(THIRTY)
        plan = make_plan([], None, THIRTY)
        return validate_each(plan.jobs, waivers=plan.waivers)


@pytest.fixture(scope="module")
def thirty(thirty_report: tallycheck.Report) -> list[Chart]:
    return charts_of(html.render(thirty_report))[1]


def test_the_thirty_series_table_has_one_error_in_its_last_series(
    thirty_report: tallycheck.Report,
) -> None:
    assert (thirty_report.errors, thirty_report.warnings, thirty_report.waived) == (1, 1, 1)
    (error,) = [f for f in thirty_report.active if f.severity is Severity.ERROR]
    assert (error.series, error.line, error.value, error.expected) == (
        "District 30",
        238,
        "25",
        "30",
    )


def test_series_with_findings_are_charted_first_and_the_rest_are_counted(
    thirty_report: tallycheck.Report,
) -> None:
    page, charts = charts_of(html.render(thirty_report))
    assert [c.caption for c in charts] == [
        f"cumulative by week, series District {n:02d}"
        for n in (30, 3, 12, 1, 2, 4, 5, 6, 7, 8, 9, 10)
    ]
    notes = [p.text for p in page.all("p") if p.attrs.get("class") == "charts-note"]
    assert notes == [NOTE_30]
    assert all(c.notes == [] for c in charts)


def test_the_one_error_is_drawn_red_and_labelled_with_what_was_expected(
    thirty: list[Chart],
) -> None:
    error = thirty[0]
    assert "week 6: 25, should be 30" in error.texts()
    weeks = error.ticks("x")
    assert [round(x, 1) for x, _ in error.dots(RED)] == [round(weeks["6"], 1)]
    assert error.legend() == [
        "as reported",
        "error",
        "what the check expected",
        "stated as a range",
    ]
    assert all(c.dots(RED) == [] for c in thirty[1:])


def test_series_with_findings_beyond_the_charts_are_counted_apart(tmp_path: Path) -> None:
    rows = [
        row
        for n in range(14)
        for row in _waves(["3", "6", "6"], region=f"<b>R{n:02d}</b>")  # wave 3: 6 should be 9
    ]
    rows += list(_waves(["3", "6", "9"], region="<b>R99</b>"))
    page, charts = charts_of(_render_json(tmp_path, rows, _schema(series=True)))
    assert [c.caption for c in charts] == [
        f"cumulative by wave, series <b>R{n:02d}</b>" for n in range(12)
    ]
    assert page.all("b") == []
    notes = [p.text for p in page.all("p") if p.attrs.get("class") == "charts-note"]
    assert notes == [
        "12 of 15 series are charted, those with findings first; "
        "the other 3 are not charted, 2 of them with findings (listed below)."
    ]


def test_a_waived_point_is_drawn_grey_and_labelled_waived_never_red(thirty: list[Chart]) -> None:
    waived = thirty[2]
    assert waived.caption.endswith("District 12")
    weeks = waived.ticks("x")
    assert waived.dots(RED) == []
    (square,) = waived.dots(GREY)
    assert round(square[0], 1) == round(weeks["4"], 1)
    assert "week 4: 28, should be 23 (waived)" in waived.texts()
    assert "waived" in waived.legend()
    assert "error" not in waived.legend()
    ((x0, y0, x1, y1),) = waived.label_boxes()
    (box,) = waived.paths(f"fill: #ffffff; stroke: {GREY}")
    assert _extent(box) == (x0, y0, x1, y1)


def test_a_gap_in_the_sequence_is_a_band_over_the_missing_week(thirty: list[Chart]) -> None:
    gap = thirty[1]
    assert gap.caption.endswith("District 03")
    assert "gap in the sequence" in gap.legend()
    (band,) = gap.paths("fill: url(#h")
    x0, _, x1, _ = _extent(band)
    weeks = gap.ticks("x")
    assert x0 == pytest.approx((weeks["4"] + weeks["5"]) / 2, abs=0.01)
    assert x1 == pytest.approx((weeks["5"] + weeks["6"]) / 2, abs=0.01)
    assert all("gap in the sequence" not in c.legend() for c in thirty if c is not gap)


def test_a_min_0_column_has_no_axis_below_0(thirty: list[Chart]) -> None:
    for chart in thirty:
        ticks = chart.ticks("y")
        assert min(float(t) for t in ticks) >= 0, chart.caption
        assert chart.axes_bottom() >= ticks[min(ticks, key=float)], chart.caption
    for district in ("District 01", "District 05"):  # figures at 3 and at 0
        (chart,) = [c for c in thirty if c.caption.endswith(district)]
        assert chart.axes_bottom() == pytest.approx(chart.ticks("y")["0"], abs=0.01)


def test_a_range_is_a_bar_from_its_low_to_its_high_figure(thirty: list[Chart]) -> None:
    chart = thirty[0]
    (bar,) = chart.paths("fill: none; stroke: #2f5d8c; stroke-opacity: 0.55; stroke-width: 5")
    ((x, top), (x_again, bottom)) = sorted(bar, key=lambda p: p[1])
    ticks = chart.ticks("y")
    per_unit = (ticks["10"] - ticks["20"]) / 10
    assert x == x_again == pytest.approx(chart.ticks("x")["3"], abs=0.01)
    assert bottom - top == pytest.approx(6 * per_unit, abs=0.01)  # 12-18
    assert bottom - top > 10
    assert "stated as a range" in chart.legend()


def test_crowded_labels_do_not_overlap_and_stay_on_the_chart(tmp_path: Path) -> None:
    # From wave 4 the figures zigzag off the line 3 * wave, each off by other than the
    # two before it, so each agrees with neither the reported nor the corrected chain.
    off = [5, 1, 6, 0]
    figures = [str(3 * wave + (off[(wave - 4) % 4] if wave > 3 else 0)) for wave in range(1, 15)]
    page, (chart,) = charts_of(_render_json(tmp_path, list(_waves(figures)), _schema()))
    boxes = chart.label_boxes()
    assert len(boxes) == 8
    for one, other in itertools.combinations(boxes, 2):
        assert _disjoint(one, other), (one, other)
    (svg,) = page.all("svg")
    _, _, width, height = (float(n) for n in svg.attrs["viewbox"].split())
    assert all(min(x0, y0) >= 0 and x1 <= width and y1 <= height for x0, y0, x1, y1 in boxes)
    assert chart.notes == [
        "8 of 11 points with findings are labelled; the findings below list them all."
    ]


def test_a_long_series_keeps_its_flagged_points_and_says_how_many_are_drawn(
    tmp_path: Path,
) -> None:
    figures = [str(3 * wave - (3 if wave in (700, 1100) else 0)) for wave in range(1, 1201)]
    _, (chart,) = charts_of(_render_json(tmp_path, list(_waves(figures)), _schema()))
    (note,) = chart.notes
    drawn = re.fullmatch(
        r"(\d+) of 1200 points drawn: each point with a finding, "
        r"the one before it, and an even spread of the rest\.",
        note,
    )
    assert drawn is not None
    assert 400 < int(drawn[1]) <= 500
    assert {"wave 700: 2097, should be 2100", "wave 1100: 3297, should be 3300"} <= set(
        chart.texts()
    )
    assert len(chart.dots(RED)) == 2


# Measures every text of each chart and each label's box as the browser lays them out,
# and writes the overlaps and the texts that stick out of their chart into the page.
MEASURE = """<script>
const found = [];
const meet = (a, b, d) =>
  a.left < b.right - d && b.left < a.right - d && a.top < b.bottom - d && b.top < a.bottom - d;
const item = (what, owner, node) => ({what, owner, r: node.getBoundingClientRect()});
document.querySelectorAll("figure.chart svg").forEach((svg, chart) => {
  const frame = svg.getBoundingClientRect();
  const items = [];
  svg.querySelectorAll("text").forEach((text) => {
    if (text.textContent.trim()) items.push(item(text.textContent, text.parentElement, text));
  });
  svg.querySelectorAll("path").forEach((path) => {
    if ((path.getAttribute("style") || "").startsWith("fill: #ffffff; stroke:")) {
      const owner = path.parentElement.parentElement;
      items.push(item("box of " + owner.textContent.trim(), owner, path));
    }
  });
  items.forEach((one, i) => {
    const inside = one.r.left >= frame.left - 1 && one.r.right <= frame.right + 1
      && one.r.top >= frame.top - 1 && one.r.bottom <= frame.bottom + 1;
    if (!inside) found.push([chart, "outside", one.what]);
    items.slice(i + 1).forEach((other) => {
      if (one.owner !== other.owner && meet(one.r, other.r, 0.5)) {
        found.push([chart, one.what, other.what]);
      }
    });
  });
});
document.body.innerHTML = '<pre id="measured">' + JSON.stringify(found) + "</pre>";
</script>"""


def _browser() -> str:
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("chromium is not installed (apt-get install -y chromium): no real-browser check")


def _measured(page: str, tmp_path: Path) -> list[list[Any]]:
    """What MEASURE finds on the page, laid out by headless Chromium."""
    import subprocess

    browser = _browser()
    tmp_path.mkdir()
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    profile = tmp_path / "profile"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1200,2400",
        "--dump-dom",
    ]
    done = subprocess.run(
        [browser, *flags, path.as_uri()], capture_output=True, text=True, timeout=120
    )
    measured = re.search(r'<pre id="measured">(.*?)</pre>', done.stdout, re.S)
    assert measured is not None, done.stderr[-2000:]
    found: list[list[Any]] = json.loads(measured[1].replace("&amp;", "&").replace("&lt;", "<"))
    return found


def test_in_a_browser_no_chart_text_overlaps_another_or_leaves_its_chart(
    thirty_report: tallycheck.Report, tmp_path: Path
) -> None:
    figures = [str(3 * wave + (5 if wave % 2 == 0 and wave > 2 else 0)) for wave in range(1, 15)]
    crowded = _render_json(tmp_path, list(_waves(figures)), _schema())
    seed = tallycheck.validate(SEED, schema="pardon-waves")
    for n, page in enumerate([html.render(thirty_report), crowded, html.render(seed)]):
        assert _measured(page, tmp_path / str(n)) == []
