"""The floor: the eight checks in plain pandas, ``read_csv``, ``groupby().shift()`` and
comparisons, as a competent user writes them; every ratio in RESULTS.md is to this one."""

from __future__ import annotations

import numpy as np
import pandas as pd
from common import main
from floor import column_counts


def _cross_row_counts(df: pd.DataFrame) -> dict[str, int]:
    rows = df[["series", "wave", "count", "cumulative"]].sort_values(
        ["series", "wave"], kind="stable"
    )
    wave = rows["wave"].to_numpy()
    before = rows.groupby("series", sort=False)["wave"].shift()
    sequence = before.notna() & (rows["wave"] != before + 1)
    # One row per (series, wave), its last cumulative; each row is compared with the wave before.
    waves = rows.drop_duplicates(["series", "wave"], keep="last")
    previous = waves.groupby("series", sort=False)[["wave", "cumulative"]].shift()
    which = np.cumsum(~rows.duplicated(["series", "wave"]).to_numpy()) - 1
    prev_wave = previous["wave"].to_numpy()[which]
    prev_cum = previous["cumulative"].to_numpy()[which]
    cumulative, count = rows["cumulative"].to_numpy(), rows["count"].to_numpy()
    has_prev = ~np.isnan(prev_cum)
    return {
        "monotonic": int((has_prev & (cumulative < prev_cum)).sum()),
        "sequence": int(sequence.sum()),
        "running_total": int(
            (has_prev & (prev_wave == wave - 1) & (cumulative != prev_cum + count)).sum()
        ),
    }


def check(path: str) -> dict[str, int]:
    """Read the table and count the rows failing each check."""
    df = pd.read_csv(path)
    return column_counts(df) | _cross_row_counts(df)


if __name__ == "__main__":
    main(check)
