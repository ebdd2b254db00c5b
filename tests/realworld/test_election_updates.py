"""Vote-count updates of the 2020 US election (alex/nyt-2020-election-scraper): Alaska, Georgia.

``total_votes_count`` is the running total of ``new_votes`` and never breaks (the scraper
derives one from the other), but the count itself went down 14 times as counties
corrected their returns (and the precincts reporting twice), and the scraper wrote
``Unknown`` for the size of ten of those updates, which the schema's ``missing`` reads as
not given.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
from realworld_truth import HERE, chain_breaks, decreases, found, read_csv, sum_breaks

import tallycheck
from tallycheck.schema.loader import load_schema

TABLE = "election-2020-updates.csv"
SCHEMA = "election-2020-updates.yaml"


def test_the_falls_are_flagged_exactly() -> None:
    assert sorted(found(TABLE, SCHEMA, "monotonic")) == [
        ("monotonic", 8, "precincts_reporting", "423", "at least 441"),
        ("monotonic", 8, "total_votes_count", "357114", "at least 358802"),
        ("monotonic", 10, "total_votes_count", "356488", "at least 356796"),
        ("monotonic", 13, "precincts_reporting", "389", "at least 441"),
        ("monotonic", 28, "total_votes_count", "4997716", "at least 4997724"),
        ("monotonic", 29, "total_votes_count", "4997724", "at least 4998566"),
        ("monotonic", 30, "total_votes_count", "4998566", "at least 4999520"),
        ("monotonic", 31, "total_votes_count", "4999520", "at least 5000290"),
        ("monotonic", 32, "total_votes_count", "5000290", "at least 5002248"),
        ("monotonic", 33, "total_votes_count", "5002248", "at least 5002268"),
        ("monotonic", 34, "total_votes_count", "5002268", "at least 5002540"),
        ("monotonic", 35, "total_votes_count", "5002540", "at least 5002616"),
        ("monotonic", 42, "total_votes_count", "4995780", "at least 4995781"),
        ("monotonic", 43, "total_votes_count", "4995781", "at least 4996094"),
        ("monotonic", 213, "total_votes_count", "4873055", "at least 4874421"),
        ("monotonic", 214, "total_votes_count", "4874421", "at least 4877663"),
    ]


def test_the_falls_are_those_pandas_finds() -> None:
    frame = read_csv(TABLE)
    columns = ("total_votes_count", "precincts_reporting")
    truth = set().union(*(decreases(frame, c, "timestamp", "state") for c in columns))
    assert found(TABLE, SCHEMA, "monotonic") == truth


def test_each_unknown_update_size_is_not_given_where_pandas_finds_no_number() -> None:
    frame = read_csv(TABLE)
    digits = frame["new_votes_formatted"].str.replace(",", "").str.strip()
    unknown = frame[pd.to_numeric(digits, errors="coerce").isna()]
    assert set(unknown["new_votes_formatted"]) == {"Unknown"}
    assert set(unknown["line"]) == {10, 29, 30, 31, 32, 34, 42, 43, 213, 214}
    assert found(TABLE, SCHEMA, "type") == set()
    schema = load_schema(HERE / SCHEMA)
    unmarked = dataclasses.replace(
        schema,
        columns=tuple(dataclasses.replace(column, missing=()) for column in schema.columns),
    )
    report = tallycheck.validate(HERE / TABLE, schema=unmarked)
    assert {(f.line, f.value) for f in report.findings if f.rule == "type"} == {
        (line, "Unknown") for line in unknown["line"]
    }


def test_the_running_total_the_candidates_and_the_precincts_hold_as_pandas_finds() -> None:
    frame = read_csv(TABLE)
    reported, design = chain_breaks(frame, "total_votes_count", "new_votes", "timestamp", "state")
    candidates = ["leading_candidate_votes", "trailing_candidate_votes"]
    assert reported == design == set()
    assert sum_breaks(frame, candidates, "total_votes_count", at_most=True) == set()
    assert sum_breaks(frame, ["precincts_reporting"], "precincts_total", at_most=True) == set()
    report = tallycheck.validate(HERE / TABLE, schema=HERE / SCHEMA)
    assert {f.rule for f in report.findings} == {"monotonic"}
