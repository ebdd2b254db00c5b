"""Italy's regional COVID-19 bulletin (pcm-dpc/COVID-19): three regions, short windows.

``totale_casi`` is the running total of ``nuovi_positivi``, and the cases ever found
split into current positives, recovered and dead. The Civil Protection Department's
own notes admit the breaks (a row of Toscana says "we cannot find the error").
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from realworld_truth import HERE, chain_breaks, decreases, found, read_csv, sum_breaks

import tallycheck
from tallycheck.schema.loader import load_schema

TABLE = "covid-italy-regions.csv"
SCHEMA = "covid-italy-regions.yaml"
SERIES = "denominazione_regione"


def cases_chain(frame: pd.DataFrame) -> tuple[set[int], set[int]]:
    """The breaks of totale_casi as the running total of nuovi_positivi, region by region."""
    return chain_breaks(frame, "totale_casi", "nuovi_positivi", "data", SERIES)


def test_the_sums_that_do_not_add_up_are_flagged_exactly() -> None:
    assert found(TABLE, SCHEMA, "parts-sum") == {
        ("parts-sum", 50, "totale_casi", "425162", "425159"),
        ("parts-sum", 55, "totale_casi", "1655099", "1655119"),
        ("parts-sum", 56, "totale_casi", "1655140", "1655160"),
        ("parts-sum", 57, "totale_casi", "1655186", "1655206"),
        ("parts-sum", 58, "totale_casi", "1655186", "1655175"),
        ("parts-sum", 59, "totale_casi", "1655319", "1655339"),
        ("parts-sum", 60, "totale_casi", "1655414", "1655433"),
    }


def test_the_sums_are_those_pandas_finds() -> None:
    frame = read_csv(TABLE)
    breakdowns = {
        "totale_ospedalizzati": ["ricoverati_con_sintomi", "terapia_intensiva"],
        "totale_positivi": ["totale_ospedalizzati", "isolamento_domiciliare"],
        "totale_casi": ["totale_positivi", "dimessi_guariti", "deceduti"],
    }
    truth = set().union(*(sum_breaks(frame, p, t, at_most=False) for t, p in breakdowns.items()))
    assert found(TABLE, SCHEMA, "parts-sum") == truth


def test_the_falls_are_flagged_exactly_and_are_those_pandas_finds() -> None:
    frame = read_csv(TABLE)
    truth = decreases(frame, "deceduti", "data", SERIES) | decreases(
        frame, "tamponi", "data", SERIES
    )
    assert (
        found(TABLE, SCHEMA, "monotonic")
        == truth
        == {
            ("monotonic", 45, "tamponi", "125155", "at least 127354"),
            ("monotonic", 50, "deceduti", "11608", "at least 11609"),
        }
    )


def test_the_running_total_breaks_are_flagged_exactly_and_are_those_design_reads() -> None:
    _, design = cases_chain(read_csv(TABLE))
    today = found(TABLE, SCHEMA, "running-total")
    assert {line for _, line, *_ in today} == design
    assert today == {
        ("running-total", 5, "totale_casi", "3281", "3282"),
        ("running-total", 6, "totale_casi", "3281", "3283"),
        ("running-total", 7, "totale_casi", "3280", "3284"),
        ("running-total", 40, "totale_casi", "3342", "3344"),
        ("running-total", 44, "totale_casi", "3359", "3360"),
        ("running-total", 57, "totale_casi", "1655186", "1655140"),
        ("running-total", 58, "totale_casi", "1655186", "1655213"),
    }


def test_pandas_finds_eight_breaks_as_reported_and_seven_as_design_reads_them() -> None:
    reported, design = chain_breaks(
        read_csv(TABLE), "totale_casi", "nuovi_positivi", "data", SERIES
    )
    assert reported == {5, 6, 7, 40, 44, 57, 58, 59}
    # Line 59 agrees with the corrected chain after the stale line 58 (1655213 + 106).
    assert design == reported - {59}


def test_a_stale_total_is_dated_and_the_next_row_may_follow_it_as_reported() -> None:
    # Line 45 agrees with the figures as reported after the stale line 44: 3359 + 9.
    report = tallycheck.validate(HERE / TABLE, schema=HERE / SCHEMA)
    (stale,) = [f for f in report.findings if f.rule == "running-total" and f.line == 44]
    assert stale.message == (
        "data 2020-07-26T17:00:00 (Abruzzo): totale_casi 3359 should be 3360 (3359 at data "
        "2020-07-25T17:00:00 (Abruzzo) + 1 nuovi_positivi). It equals the total through data "
        "2020-07-25T17:00:00 (Abruzzo), so the figure may predate 2020-07-26T17:00:00."
    )
    assert [f for f in report.findings if f.rule == "running-total" and f.line == 45] == []


def test_the_current_positives_chain_holds_as_pandas_finds() -> None:
    frame = read_csv(TABLE)
    reported, _ = chain_breaks(
        frame, "totale_positivi", "variazione_totale_positivi", "data", SERIES
    )
    report = tallycheck.validate(HERE / TABLE, schema=HERE / SCHEMA)
    assert reported == set()
    assert [f for f in report.findings if f.rule == "running-total" and f.name != "cases"] == []


def test_the_date_times_are_dates_and_a_format_that_does_not_fit_is_not_silent() -> None:
    """``data`` (2020-06-14T17:00:00) is a date by default. Given a format the cells do
    not follow, every cell fails its type, and each rule that walks the days says it
    judged none of them; parts-sum, which judges each row alone, still judges all."""
    schema = load_schema(HERE / SCHEMA)
    assert found(TABLE, SCHEMA, "type") == set()
    columns = tuple(
        dataclasses.replace(c, format="%d-%m-%Y") if c.name == "data" else c for c in schema.columns
    )
    report = tallycheck.validate(HERE / TABLE, schema=dataclasses.replace(schema, columns=columns))
    rules = [f.rule for f in report.findings]
    assert (rules.count("type"), rules.count("parts-sum")) == (61, 7)
    assert "running-total" not in rules
    assert "monotonic" not in rules
    assert [
        (f.line, f.severity.name, f.columns, f.message)
        for f in report.findings
        if f.rule == "not-judged"
    ] == [
        (
            1,
            "WARNING",
            ("data",),
            f"{rule} could not judge 61 rows: their data cells are not "
            "dates (see the type findings).",
        )
        for rule in (
            "running-total 'cases'",
            "running-total 'current-positives'",
            "monotonic",
            "monotonic",
        )
    ]
