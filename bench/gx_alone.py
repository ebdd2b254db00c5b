"""The eight checks as a Great Expectations (GX Core 1.x) suite on a pandas batch.

An ephemeral context with a pandas datasource validates the table. Column
checks are plain column expectations; the cross-row checks are expectations
on columns derived with pandas beforehand, on the table sorted by series and
wave (the step from the wave before, that wave's last cumulative, and so on).
Counts are each expectation's ``unexpected_count``.
"""

from __future__ import annotations

import os
from typing import Literal

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from common import main
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.datasource.fluent.interfaces import Batch
from great_expectations.expectations.expectation import Expectation


def _derive(df: pd.DataFrame) -> pd.DataFrame:
    """Sort by series and wave; add the columns the cross-row expectations compare."""
    rows = df.sort_values(["series", "wave"], kind="stable").reset_index(drop=True)
    rows["wave_step"] = rows["wave"] - rows.groupby("series", sort=False)["wave"].shift()
    rows["parts"] = rows["women"] + rows["men"]
    source = rows["source"].astype("string").str.strip()
    rows["source"] = source.where(source != "")
    waves = rows.groupby(["series", "wave"], sort=False)["cumulative"].last().reset_index()
    before = waves.groupby("series", sort=False)[["wave", "cumulative"]].shift()
    waves["prev_wave"], waves["prev_cum"] = before["wave"], before["cumulative"]
    rows = rows.merge(waves.drop(columns="cumulative"), on=["series", "wave"], how="left")
    follows = rows["prev_wave"] == rows["wave"] - 1
    rows["running"] = (rows["prev_cum"] + rows["count"]).where(follows)
    return rows


def _expectations() -> list[Expectation]:
    """One expectation per check, tagged with the check's name in ``meta``."""
    either: Literal["either_value_is_missing"] = "either_value_is_missing"
    by_check = {
        "wave": gxe.ExpectColumnValuesToBeBetween(column="wave", min_value=1),
        "count": gxe.ExpectColumnValuesToBeBetween(column="count", min_value=0),
        "date": gxe.ExpectColumnValuesToMatchStrftimeFormat(
            column="date", strftime_format="%Y-%m-%d"
        ),
        "source": gxe.ExpectColumnValuesToNotBeNull(column="source"),
        "monotonic": gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="cumulative", column_B="prev_cum", or_equal=True, ignore_row_if=either
        ),
        "sequence": gxe.ExpectColumnValuesToBeInSet(column="wave_step", value_set=[1]),
        "parts_sum": gxe.ExpectColumnPairValuesToBeEqual(
            column_A="parts", column_B="count", ignore_row_if=either
        ),
        "running_total": gxe.ExpectColumnPairValuesToBeEqual(
            column_A="cumulative", column_B="running", ignore_row_if=either
        ),
    }
    for name, expectation in by_check.items():
        expectation.meta = {"check": name}
    return list(by_check.values())


def _batch(df: pd.DataFrame) -> Batch:
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("bench").add_dataframe_asset("waves")
    definition = asset.add_batch_definition_whole_dataframe("all")
    return definition.get_batch(batch_parameters={"dataframe": df})


def check(path: str) -> dict[str, int]:
    """Validate the derived table with the suite; count each expectation's unexpected rows."""
    batch = _batch(_derive(pd.read_csv(path)))
    suite = gx.ExpectationSuite(name="waves", expectations=_expectations())
    result = batch.validate(suite, result_format="BASIC")
    counts: dict[str, int] = {}
    for outcome in result.results:  # not necessarily in the suite's order
        config = outcome.expectation_config
        if config is None or config.meta is None:
            raise SystemExit("GX returned a result without its expectation")
        name = config.meta["check"]
        if outcome.exception_info.get("raised_exception"):
            raise SystemExit(f"GX could not evaluate {name}: {outcome.exception_info}")
        counts[name] = int(outcome.result["unexpected_count"])
    return counts


if __name__ == "__main__":
    main(check)
