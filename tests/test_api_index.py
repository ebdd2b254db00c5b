"""A DataFrame's findings name their row's label in the frame: ``frame.loc[f.index]``.

``row`` stays as the JSON contract defines it (data rows from 1, by position); for a
file, ``index`` is None. The labels stay out of ``to_dict()``: a frame's labels may be
timestamps or tuples, which are not JSON data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

import tallycheck

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "belarus-pardons.csv"


def test_a_dataframe_finding_names_its_row_label_in_index() -> None:
    frame = pd.read_csv(SEED, dtype=str, keep_default_na=False)
    frame.index = pd.Index(["jul", "sep", "oct", "dec"])
    report = tallycheck.validate(frame, schema=tallycheck.load_schema("pardon-waves"))
    assert [(f.rule, f.row, f.index) for f in report.findings] == [
        ("running-total", 3, "oct"),
        ("running-total", 4, "dec"),
        ("quoted", 1, "jul"),
        ("quoted", 2, "sep"),
        ("sequence", 2, "sep"),
        ("quoted", 3, "oct"),
        ("quoted", 4, "dec"),
    ]
    for finding in report.findings:
        assert frame.loc[finding.index, "wave"] == frame.iloc[finding.row - 1]["wave"]
    assert frame.loc[report.findings[0].index, "cumulative"] == "178"


def test_a_dataframe_index_is_the_label_not_the_position() -> None:
    frame = pd.read_csv(SEED, dtype=str, keep_default_na=False)
    shuffled = frame.iloc[[3, 1, 0, 2]]  # labels 3, 1, 0, 2 at positions 0 to 3
    report = tallycheck.validate(shuffled, schema=tallycheck.load_schema("pardon-waves"))
    assert [(f.rule, f.row, f.index) for f in report.findings] == [
        ("running-total", 1, 3),
        ("running-total", 4, 2),
        ("quoted", 1, 3),
        ("quoted", 2, 1),
        ("sequence", 2, 1),
        ("quoted", 3, 0),
        ("quoted", 4, 2),
    ]
    assert all(type(f.index) is int for f in report.findings)
    for finding in report.findings:
        assert shuffled.loc[finding.index].equals(shuffled.iloc[finding.row - 1])
    assert shuffled.loc[2, "cumulative"] == "178" != shuffled.iloc[2]["cumulative"]


def test_a_dataframe_with_timestamp_labels_keeps_them_out_of_the_json() -> None:
    frame = pd.read_csv(SEED, dtype=str, keep_default_na=False)
    frame.index = pd.date_range("2024-07-01", periods=4, freq="MS")
    report = tallycheck.validate(frame, schema=tallycheck.load_schema("pardon-waves"))
    assert report.findings[0].index == pd.Timestamp("2024-09-01")
    assert all("index" not in f for f in report.to_dict()["findings"])
    assert json.loads(json.dumps(report.to_dict())) == report.to_dict()


def test_a_file_finding_has_no_index() -> None:
    report = tallycheck.validate(str(SEED), schema="pardon-waves")
    assert [f.index for f in report.findings] == [None] * 7
