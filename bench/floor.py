"""The merge floor: the eight checks hand-vectorised in pandas (groupby, shift, one merge)."""

from __future__ import annotations

import pandas as pd
from common import main


def _integer_at_least(column: pd.Series, low: int) -> pd.Series:
    """Cells holding an integer >= ``low``."""
    number = pd.to_numeric(column, errors="coerce")
    return number.notna() & (number % 1 == 0) & (number >= low)


def column_counts(df: pd.DataFrame) -> dict[str, int]:
    dates = pd.to_datetime(df["date"], format="%Y-%m-%d", errors="coerce")
    source = df["source"].fillna("").astype(str).str.strip()
    both = df["women"].notna() & df["men"].notna()
    return {
        "wave": int((~_integer_at_least(df["wave"], 1)).sum()),
        "count": int((~_integer_at_least(df["count"], 0)).sum()),
        "date": int(dates.isna().sum()),
        "source": int((source == "").sum()),
        "parts_sum": int((both & (df["women"] + df["men"] != df["count"])).sum()),
    }


def _previous_wave(rows: pd.DataFrame) -> pd.DataFrame:
    """Per (series, wave): that wave's last cumulative, and the wave and cumulative before it."""
    waves = rows.groupby(["series", "wave"], sort=True)["cumulative"].last().reset_index()
    before = waves.groupby("series", sort=False)[["wave", "cumulative"]].shift()
    waves["prev_wave"] = before["wave"]
    waves["prev_cum"] = before["cumulative"]
    return waves.drop(columns="cumulative")


def _cross_row_counts(df: pd.DataFrame) -> dict[str, int]:
    rows = df[["series", "wave", "count", "cumulative"]].sort_values(
        ["series", "wave"], kind="stable"
    )
    row_before = rows.groupby("series", sort=False)["wave"].shift()
    sequence = row_before.notna() & (rows["wave"] != row_before + 1)
    merged = rows.merge(_previous_wave(rows), on=["series", "wave"], how="left")
    has_prev = merged["prev_cum"].notna()
    monotonic = has_prev & (merged["cumulative"] < merged["prev_cum"])
    follows = has_prev & (merged["prev_wave"] == merged["wave"] - 1)
    running = follows & (merged["cumulative"] != merged["prev_cum"] + merged["count"])
    return {
        "monotonic": int(monotonic.sum()),
        "sequence": int(sequence.sum()),
        "running_total": int(running.sum()),
    }


def check(path: str) -> dict[str, int]:
    """Read the table and count the rows failing each check."""
    df = pd.read_csv(path)
    return column_counts(df) | _cross_row_counts(df)


if __name__ == "__main__":
    main(check)
