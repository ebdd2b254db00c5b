"""The eight checks as one pandera DataFrameSchema, validated lazily.

Column checks are ``Column`` checks; the cross-row checks are DataFrame-level
``pa.Check``s on the frame sorted by series and wave. Counts come from
``failure_cases``: the distinct failing rows of each named check.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from common import main


def _integer_at_least(low: int) -> pa.Check:
    def ok(column: pd.Series) -> pd.Series:
        number = pd.to_numeric(column, errors="coerce")
        return number.notna() & (number % 1 == 0) & (number >= low)

    return pa.Check(ok, name="integer_at_least")


def _iso_date(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, format="%Y-%m-%d", errors="coerce").notna()


def _non_empty(column: pd.Series) -> pd.Series:
    return column.astype(str).str.strip() != ""


def _parts_sum(df: pd.DataFrame) -> pd.Series:
    both = df["women"].notna() & df["men"].notna()
    return ~both | (df["women"] + df["men"] == df["count"])


def _wave_before(df: pd.DataFrame) -> pd.Series:
    return df.groupby("series", sort=False)["wave"].shift()


def _sequence(df: pd.DataFrame) -> pd.Series:
    before = _wave_before(df)
    return before.isna() | (df["wave"] == before + 1)


def _previous_wave(df: pd.DataFrame) -> pd.DataFrame:
    """For each row: the wave before its own in the series, and that wave's last cumulative."""
    waves = df.groupby(["series", "wave"], sort=False)["cumulative"].last().reset_index()
    before = waves.groupby("series", sort=False)[["wave", "cumulative"]].shift()
    waves["prev_wave"], waves["prev_cum"] = before["wave"], before["cumulative"]
    keys = df[["series", "wave"]].reset_index()
    merged = keys.merge(waves.drop(columns="cumulative"), on=["series", "wave"], how="left")
    return merged.set_index("index")[["prev_wave", "prev_cum"]]


def _monotonic(df: pd.DataFrame) -> pd.Series:
    prev = _previous_wave(df)
    return prev["prev_cum"].isna() | (df["cumulative"] >= prev["prev_cum"])


def _running_total(df: pd.DataFrame) -> pd.Series:
    prev = _previous_wave(df)
    follows = prev["prev_wave"] == df["wave"] - 1
    return ~follows | (df["cumulative"] == prev["prev_cum"] + df["count"])


SCHEMA = pa.DataFrameSchema(
    {
        "series": pa.Column(str),
        "wave": pa.Column(checks=_integer_at_least(1)),
        "count": pa.Column(checks=_integer_at_least(0)),
        "date": pa.Column(nullable=True, checks=pa.Check(_iso_date, name="iso_date")),
        "source": pa.Column(nullable=False, checks=pa.Check(_non_empty, name="non_empty")),
        "women": pa.Column(nullable=True),
        "men": pa.Column(nullable=True),
        "cumulative": pa.Column(),
    },
    checks=[
        pa.Check(_monotonic, name="monotonic"),
        pa.Check(_sequence, name="sequence"),
        pa.Check(_parts_sum, name="parts_sum"),
        pa.Check(_running_total, name="running_total"),
    ],
)
# (failure_cases column, check name) -> the benchmark's check
CHECK_OF = {
    ("wave", "integer_at_least"): "wave",
    ("count", "integer_at_least"): "count",
    ("date", "iso_date"): "date",
    ("source", "not_nullable"): "source",
    ("source", "non_empty"): "source",
}


def _counts(cases: pd.DataFrame) -> dict[str, int]:
    counts = dict.fromkeys(("wave", "count", "date", "source"), 0)
    counts |= dict.fromkeys(("monotonic", "sequence", "parts_sum", "running_total"), 0)
    cases = cases.assign(
        target=[
            CHECK_OF.get((str(column), str(check)), str(check))
            for column, check in zip(cases["column"], cases["check"], strict=True)
        ]
    )
    unknown = set(cases["target"]) - set(counts)
    if unknown:
        raise SystemExit(f"unexpected pandera failures: {sorted(unknown)}")
    distinct = cases.drop_duplicates(["target", "index"])
    counts |= distinct.groupby("target").size().astype(int).to_dict()
    return counts


def check(path: str) -> dict[str, int]:
    """Validate the sorted table lazily and count the failing rows per check."""
    df = pd.read_csv(path).sort_values(["series", "wave"], kind="stable")
    try:
        SCHEMA.validate(df, lazy=True)
    except pa.errors.SchemaErrors as errors:
        return _counts(errors.failure_cases)
    return _counts(pd.DataFrame(columns=["column", "check", "index"]))


if __name__ == "__main__":
    main(check)
