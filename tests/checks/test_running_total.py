"""The running-total rule when an order value repeats, when the order steps by more
than one, and its verdicts under any order of the rows in the file (issue #11)."""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tallycheck
from tallycheck.cli import main
from tallycheck.schema.loader import schema_from_mapping

HEADER = ("series", "wave", "pardoned", "cumulative", "source")
Rows = list[tuple[str, ...]]

RUNNING_TOTAL = {"rule": "running-total", "total": "cumulative", "increment": "pardoned"}


def _schema(step: int | None = None) -> dict[str, Any]:
    """Series and waves with a running total; with ``step``, a sequence rule on the wave."""
    rules: list[dict[str, Any]] = [RUNNING_TOTAL]
    if step is not None:
        rules.append({"rule": "sequence", "column": "wave", "step": step, "severity": "warning"})
    return {
        "name": "running-total",
        "series": "series",
        "order": "wave",
        "columns": {
            "series": {"type": "string", "required": False},
            "wave": {"type": "integer"},
            "pardoned": {"type": "tally", "required": False},
            "cumulative": {"type": "tally", "required": False},
            "source": {"type": "string", "required": False},
        },
        "rules": rules,
    }


def _written(folder: str, rows: Rows) -> Path:
    """The rows written as a CSV file in ``folder``, under the header."""
    path = Path(folder) / "table.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _validate(rows: Rows, schema: dict[str, Any]) -> list[tallycheck.Finding]:
    """The running-total findings on the rows, written as a CSV file."""
    with tempfile.TemporaryDirectory() as folder:
        report = tallycheck.validate(_written(folder, rows), schema_from_mapping(schema))
    assert {f.rule for f in report.findings} <= {"running-total", "sequence", "not-judged"}
    return [f for f in report.findings if f.rule == "running-total"]


def _found(rows: Rows, schema: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (f.rule, f.line, f.value, f.expected, f.related_line, f.message)
        for f in _validate(rows, schema)
    ]


def _waves(*rows: tuple[str, str, str]) -> Rows:
    """Rows of one series from (wave, pardoned, cumulative)."""
    return [("", wave, pardoned, total, "") for wave, pardoned, total in rows]


# --- issue #11, item 6: a repeated wave -------------------------------------------

ISSUE_6 = _waves(("1", "0", "10"), ("1", "0", "20"), ("2", "5", "25"))


@pytest.mark.parametrize("rows", [ISSUE_6, [ISSUE_6[1], ISSUE_6[0], ISSUE_6[2]]])
def test_a_row_after_a_repeated_wave_passes_when_it_agrees_with_either_figure(
    rows: Rows,
) -> None:
    assert _found(rows, _schema()) == []


@pytest.mark.parametrize(
    ("rows", "related"),
    [
        (_waves(("1", "0", "10"), ("1", "0", "20"), ("2", "5", "40")), 3),
        (_waves(("1", "0", "20"), ("1", "0", "10"), ("2", "5", "40")), 2),
    ],
)
def test_a_row_that_agrees_with_no_figure_of_a_repeated_wave_expects_the_nearest(
    rows: Rows, related: int
) -> None:
    assert _found(rows, _schema()) == [
        (
            "running-total",
            4,
            "40",
            "25",
            related,
            "wave 2: cumulative 40 should be 25 (20 at wave 1 + 5 pardoned; wave 1 also "
            "gives 10, which fits no better). Later rows may follow 40 as reported or 25 as "
            "corrected.",
        )
    ]


@pytest.mark.parametrize(
    ("rows", "related"),
    [
        (_waves(("1", "0", "10"), ("1", "0", "20"), ("2", "5", "20")), 3),
        (_waves(("1", "0", "20"), ("1", "0", "10"), ("2", "5", "20")), 2),
    ],
)
def test_a_figure_equal_to_one_figure_of_a_repeated_wave_is_stale_even_when_another_is_nearer(
    rows: Rows, related: int
) -> None:
    assert _found(rows, _schema()) == [
        (
            "running-total",
            4,
            "20",
            "25",
            related,
            "wave 2: cumulative 20 should be 25 (20 at wave 1 + 5 pardoned; wave 1 also "
            "gives 10, which fits no better). It equals the total through wave 1, so the "
            "figure may predate this wave.",
        )
    ]


def test_equally_near_figures_give_the_smaller_expected_value() -> None:
    rows = _waves(("1", "0", "30"), ("1", "0", "10"), ("2", "5", "25"))
    assert _found(rows, _schema()) == [
        (
            "running-total",
            4,
            "25",
            "15",
            3,
            "wave 2: cumulative 25 should be 15 (10 at wave 1 + 5 pardoned; wave 1 also "
            "gives 30, which fits no better). Later rows may follow 25 as reported or 15 as "
            "corrected.",
        )
    ]


# --- issue #11, item 7: the order column's step -----------------------------------

STEP_2 = _waves(("1", "10", "10"), ("3", "5", "99"))


def test_with_a_step_of_two_the_next_wave_is_not_a_gap() -> None:
    assert _found(STEP_2, _schema(step=2)) == [
        (
            "running-total",
            3,
            "99",
            "15",
            2,
            "wave 3: cumulative 99 should be 15 (10 at wave 1 + 5 pardoned). Later rows "
            "may follow 99 as reported or 15 as corrected.",
        )
    ]


def test_without_a_sequence_rule_waves_one_apart_are_the_step() -> None:
    assert _found(STEP_2, _schema()) == []


def test_with_a_step_of_two_a_skipped_wave_leaves_only_a_lower_bound() -> None:
    # Wave 7's 30 follows the corrected chain (at least 15 + 1), a lower bound too.
    rows = _waves(("1", "10", "10"), ("5", "5", "12"), ("7", "1", "30"))
    assert _found(rows, _schema(step=2)) == [
        (
            "running-total",
            3,
            "12",
            "at least 15",
            2,
            "wave 5: cumulative 12 should be at least 15 (10 at wave 1 + 5 pardoned; wave 3 "
            "is missing, so more may have been added). Later rows may follow 12 as reported "
            "or at least 15 as corrected.",
        )
    ]
    rows[-1] = ("", "7", "1", "14", "")
    assert _found(rows, _schema(step=2))[1:] == [
        (
            "running-total",
            4,
            "14",
            "13",
            3,
            "wave 7: cumulative 14 should be 13 (12 at wave 5 + 1 pardoned). Later rows may "
            "follow 14 as reported or 13 as corrected.",
        )
    ]


# --- issue #13: what a stale figure may predate -------------------------------------


@pytest.mark.parametrize(
    ("wave", "first", "then", "predates"),
    [
        (
            {"type": "integer"},
            "1",
            "2",
            "wave 2: cumulative 10 should be 15 (10 at wave 1 + 5 "
            "pardoned). It equals the total through wave 1, so the figure may predate this wave.",
        ),
        (
            {"type": "date"},
            "2024-01-01",
            "2024-01-02",
            "wave 2024-01-02: cumulative 10 should "
            "be 15 (10 at wave 2024-01-01 + 5 pardoned). It equals the total through wave "
            "2024-01-01, so the figure may predate 2024-01-02.",
        ),
    ],
)
def test_a_stale_figure_may_predate_this_counted_value_or_the_value_as_written(
    wave: dict[str, str], first: str, then: str, predates: str
) -> None:
    schema = _schema()
    schema["columns"]["wave"] = wave
    rows = _waves((first, "5", "10"), (then, "5", "10"))
    assert [f.message for f in _validate(rows, schema)] == [predates]


def test_without_an_order_a_stale_figure_may_predate_this_row() -> None:
    schema = _schema()
    del schema["order"]
    rows = _waves(("1", "5", "10"), ("2", "5", "10"))
    assert [f.message for f in _validate(rows, schema)] == [
        "row 2: cumulative 10 should be 15 (10 at row 1 + 5 pardoned). It equals the total "
        "through row 1, so the figure may predate this row."
    ]


# --- many readings ----------------------------------------------------------------


def _multiplying(waves: int) -> Rows:
    """Wave 1 at 0, then waves that two sources give with no total, adding 1 and
    1,000: each wave leaves one more reading (sums of 1s and 1,000s). A last
    wave reports 500, which no reading gives."""
    rows = _waves(("1", "0", "0"))
    for wave in range(2, waves + 1):
        rows += _waves((str(wave), "1", ""), (str(wave), "1,000", ""))
    return rows + _waves((str(waves + 1), "0", "500"))


def test_sixteen_readings_are_each_compared() -> None:
    others = ", ".join(f"{1000 * b + 15 - b}" for b in range(1, 15))
    assert _found(_multiplying(16), _schema()) == [
        (
            "running-total",
            33,
            "500",
            "15",
            31,
            f"wave 17: cumulative 500 should be 15 (15 through wave 16 + 0 pardoned; wave 16 "
            f"also gives {others} and 15000, which fit no better). Later rows may follow 500 "
            "as reported or 15 as corrected.",
        )
    ]


def test_past_sixteen_readings_their_span_stands_for_them() -> None:
    rows = _multiplying(17)
    assert _found(rows, _schema()) == []
    rows[-1] = ("", "18", "0", "16001", "")
    assert _found(rows, _schema()) == [
        (
            "running-total",
            35,
            "16001",
            "16 to 16000",
            33,
            "wave 18: cumulative 16001 should be 16 to 16000 (16 to 16000 through wave 17 + 0 "
            "pardoned). Later rows may follow 16001 as reported or 16 to 16000 as corrected.",
        )
    ]


# --- the rule's documentation ------------------------------------------------------


def test_explain_describes_how_repeated_waves_and_the_step_are_read(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_code:
        main(["explain", "running-total"])
    assert exit_code.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "a row is compared with every reading and flagged only when it agrees with none" in text
    assert "read with the ``step`` of the schema's ``sequence`` rule on the order column" in text


# --- the property: the order of rows never matters ---------------------------------


@st.composite
def tables(draw: st.DrawFn) -> tuple[Rows, dict[str, Any]]:
    """Rows of one to three series with repeated and skipped waves, stale, wrong,
    bounded and blank totals, and blank increments; the schema's sequence step is
    1 or 2 (or no sequence rule at all)."""
    step = draw(st.sampled_from([None, 1, 2]))
    rows: Rows = []
    for series in draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, unique=True)):
        wave, true_total, last_figures = 1, draw(st.integers(0, 50)), ["0"]
        for _ in range(draw(st.integers(1, 6))):
            wave += draw(st.sampled_from([1, 1, 2, 3, 4]))
            added = draw(st.integers(0, 9))
            true_total += added
            figures = []
            for source in range(draw(st.sampled_from([1, 1, 2, 2, 3]))):
                kind = draw(st.sampled_from(["true", "true", "stale", "off", "blank", "bound"]))
                figure = {
                    "true": str(true_total),
                    "stale": draw(st.sampled_from(last_figures)),
                    "off": str(true_total + draw(st.integers(-6, 6))),
                    "blank": "",
                    "bound": f"more than {max(0, true_total - draw(st.integers(1, 9)))}",
                }[kind]
                increment = draw(st.sampled_from([str(added)] * 5 + ["", str(added + 1)]))
                rows.append((series, str(wave), increment, figure, f"source {source}"))
                figures.append(figure)
            last_figures = [f for f in figures if f.isdigit()] or last_figures
    return rows, _schema(step)


def _by_content(rows: Rows, schema: dict[str, Any]) -> Counter[tuple[Any, ...]]:
    """The findings, each row named by its cells instead of its line, and the row
    its chain stands at by its series and wave (rows of one wave are interchangeable
    there: the message names the figure)."""
    found: Counter[tuple[Any, ...]] = Counter()
    for f in _validate(rows, schema):
        assert f.line is not None
        assert f.related_line is not None
        related = rows[f.related_line - 2][:2]
        found[(rows[f.line - 2], f.value, f.expected, f.message, related)] += 1
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.randoms(use_true_random=False))
def test_shuffling_the_rows_never_changes_the_findings(
    case: tuple[Rows, dict[str, Any]], random: Any
) -> None:
    rows, schema = case
    shuffled = list(rows)
    random.shuffle(shuffled)
    assert _by_content(shuffled, schema) == _by_content(rows, schema)


def _counted_steps(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows the walk steps one at a time from now on, in the order stepped."""
    from tallycheck.checks import running_total

    stepped: list[int] = []
    real_step = running_total._step

    def counting(*args: Any) -> Any:
        stepped.append(args[2])  # _step(readings, gap, row, ...)
        return real_step(*args)

    monkeypatch.setattr(running_total, "_step", counting)
    return stepped


def test_a_long_series_is_walked_only_around_the_rows_that_need_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The walk skips the plainly consistent rows between two odd ones, so its cost
    follows the odd rows, not the length of the series (issue #16)."""
    waves = 20_000
    rows: Rows = [("S", str(w), "1", str(w), "AP") for w in range(1, waves + 1)]
    for wave in (5_000, 15_000):  # a jump: later totals go on from it
        rows = [(s, w, p, str(int(c) + 7) if int(w) >= wave else c, a) for s, w, p, c, a in rows]
    rows[9_999] = ("S", "10000", "1", "", "AP")  # a blank total: the chain is carried over it
    steps = _counted_steps(monkeypatch)
    found = [(f.line, f.value, f.expected, f.related_line) for f in _validate(rows, _schema())]
    assert found == [(5_001, "5007", "5000", 5_000), (15_001, "15014", "15007", 15_000)]
    assert len(steps) < 20


def _derived(rows: Rows, schema: dict[str, Any]) -> Any:
    """What the running-total rule derives from the rows, written as a CSV file."""
    from tallycheck.checkframe import CheckFrame
    from tallycheck.checks import RULES
    from tallycheck.tables.read import read_table

    loaded = schema_from_mapping(schema)
    with tempfile.TemporaryDirectory() as folder:
        frame = CheckFrame(read_table(str(_written(folder, rows))), loaded)
    spec = next(spec for spec in loaded.rules if spec.rule == "running-total")
    return RULES[spec.rule].derive(frame, spec.options)


@st.composite
def settling_tables(draw: st.DrawFn) -> tuple[Rows, dict[str, Any]]:
    """Rows where the walk often settles at once: mostly one row per wave, true
    totals, with dips, jumps, stale repeats, rows given twice (their total written
    alike or not: 1,005 and 1005), blank or inexact cells and missing waves."""
    rows: Rows = []
    for series in draw(st.lists(st.sampled_from(["A", "B"]), min_size=1, unique=True)):
        wave, true_total, last = 0, 1000, "1000"
        for _ in range(draw(st.integers(1, 8))):
            wave += draw(st.sampled_from([1, 1, 1, 1, 2]))
            added = draw(st.integers(0, 9))
            true_total += added
            kind = draw(st.sampled_from(["true"] * 4 + ["dip", "jump", "stale", "about", ""]))
            figure = {
                "true": str(true_total),
                "dip": str(true_total - draw(st.integers(1, 9))),
                "jump": str(true_total + draw(st.integers(1, 9))),
                "stale": last,
                "about": f"about {true_total}",
                "": "",
            }[kind]
            increment = draw(st.sampled_from([str(added)] * 6 + ["", f"about {added}"]))
            for copy in range(draw(st.sampled_from([1, 1, 1, 2]))):
                comma = figure.isdigit() and copy and draw(st.booleans())
                written = f"{figure[:-3]},{figure[-3:]}" if comma else figure
                rows.append((series, str(wave), increment, written, "AP"))
            if figure.isdigit():
                true_total, last = (int(figure) if kind != "stale" else true_total), figure
    return rows, _schema(draw(st.sampled_from([None, 1])))


def _assert_settled_as_walked(rows: Rows, schema: dict[str, Any]) -> None:
    """The rows judged without the walk (lone mismatches, repeated rows) get the
    bounds and the message's basis that the walk gives them when it steps every row."""
    import numpy as np

    from tallycheck.checks import running_total

    at_once = _derived(rows, schema)
    with pytest.MonkeyPatch.context() as patched:
        none = np.zeros(0, dtype=np.int64)
        patched.setattr(running_total, "_settled_odd_rows", lambda *_: (none, none))
        walked = _derived(rows, schema)
    np.testing.assert_array_equal(at_once.want_lo, walked.want_lo)
    np.testing.assert_array_equal(at_once.want_hi, walked.want_hi)
    assert at_once.basis == walked.basis


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(tables(), settling_tables()), st.randoms(use_true_random=False))
def test_rows_settled_at_once_are_judged_as_the_walk_judges_them(
    case: tuple[Rows, dict[str, Any]], random: Any
) -> None:
    rows, schema = case
    rows = list(rows)
    random.shuffle(rows)
    _assert_settled_as_walked(rows, schema)


@pytest.mark.parametrize(
    "waves",
    [
        pytest.param([("1", "10", "10"), ("2", "5", "12"), ("3", "5", "17")], id="dip"),
        pytest.param([("1", "10", "10"), ("2", "5", "10"), ("3", "5", "15")], id="stale"),
        pytest.param([("1", "10", "10"), ("2", "5", "19")], id="jump-last"),
        pytest.param([("1", "", "10"), ("2", "0", "10"), ("3", "5", "15")], id="fits-after-blank"),
        pytest.param(
            [("1", "10", "10"), ("2", "5", "15"), ("2", "5", "15"), ("3", "5", "21")],
            id="mismatch-after-a-repeated-wave",
        ),
        pytest.param([("1", "10", "10"), ("2", "5", "12"), ("4", "5", "20")], id="gap-after"),
        pytest.param([("1", "10", "10"), ("2", "5", "19"), ("4", "5", "24")], id="jump-gap"),
        pytest.param(
            [("1", "10", "10"), ("2", "5", "12"), ("3", "5", "17"), ("3", "5", "20")],
            id="dip-then-one-wave-from-each-chain",
        ),
        pytest.param(
            [("1", "10", "10"), ("3", "5", "15"), ("3", "5", "15"), ("4", "5", "20")],
            id="repeated-after-a-gap",
        ),
        pytest.param(
            [("1", "10", "1000"), ("2", "5", "1005"), ("2", "5", "1,005"), ("3", "5", "1010")],
            id="repeated-written-otherwise",
        ),
        pytest.param(
            [("1", "10", "10"), ("2", "5", "15"), ("2", "5", "15"), ("2", "5", "15")],
            id="three-alike",
        ),
        pytest.param([("1", "10", "10"), ("1", "10", "10"), ("2", "5", "15")], id="repeated-first"),
        pytest.param(
            [("1", "10", "10"), ("2", "5", "15"), ("2", "5", "15"), ("3", "5", "30")],
            id="repeated-then-mismatch",
        ),
    ],
)
def test_rows_the_walk_settles_at_once_in_each_neighbourhood(
    waves: list[tuple[str, str, str]],
) -> None:
    _assert_settled_as_walked(_waves(*waves), _schema())


def test_the_first_row_of_a_series_is_never_settled_against_the_series_before() -> None:
    rows = [("A", "1", "5", "1000", ""), ("A", "2", "5", "1005", "")]
    rows += [("B", "1", "5", "1000", ""), ("B", "2", "5", "1005", "")]
    _assert_settled_as_walked(rows, _schema())


def test_lone_dips_and_repeated_rows_are_judged_without_the_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dip that the series goes on from, a stale repeat and a row given twice cost
    no step of the walk."""
    rows = _waves(("1", "5", "5"), ("2", "5", "7"), ("3", "5", "12"), ("4", "5", "12"))
    rows += _waves(("5", "5", "17"), ("6", "5", "22"), ("6", "5", "22"), ("7", "5", "27"))
    steps = _counted_steps(monkeypatch)
    found = [(f.line, f.value, f.expected, f.related_line) for f in _validate(rows, _schema())]
    assert found == [(3, "7", "10", 2), (5, "12", "17", 4)]
    assert steps == []
