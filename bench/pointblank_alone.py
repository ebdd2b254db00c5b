"""The eight checks as one pointblank validation on a polars table.

Polars reads the CSV (wave, count and cumulative as Int64). The cross-row
checks need each row's neighbours, which pointblank's row-wise steps cannot
see, so a few derived columns are computed with polars window expressions on
the table sorted by series and wave (the wave before in the series, that
wave's last cumulative); the steps then compare columns. Counts are the
failing test units (rows) of each step: ``n_failed()``.
"""

from __future__ import annotations

import pointblank as pb
import polars as pl
from common import main


def _derive(table: pl.DataFrame) -> pl.DataFrame:
    """Sort by series and wave; add the columns the cross-row steps compare."""
    rows = table.sort(["series", "wave"], maintain_order=True).with_columns(
        wave_step=pl.col("wave") - pl.col("wave").shift(1).over("series"),
        parts=pl.col("women") + pl.col("men"),
        source_text=pl.col("source").str.strip_chars().replace("", None),
    )
    waves = (
        rows.group_by(["series", "wave"], maintain_order=True)
        .agg(pl.col("cumulative").last().alias("wave_cum"))
        .with_columns(
            prev_wave=pl.col("wave").shift(1).over("series"),
            prev_cum=pl.col("wave_cum").shift(1).over("series"),
        )
        .drop("wave_cum")
    )
    rows = rows.join(waves, on=["series", "wave"], how="left", maintain_order="left")
    follows = pl.col("prev_wave") == pl.col("wave") - 1
    return rows.with_columns(
        running=pl.when(follows).then(pl.col("prev_cum") + pl.col("count")),
    )


STEPS = (
    "wave",
    "count",
    "date",
    "source",
    "monotonic",
    "sequence",
    "parts_sum",
    "running_total",
)


def _validation(table: pl.DataFrame) -> pb.Validate:
    return (
        pb.Validate(data=table, tbl_name="waves")
        .col_vals_ge(columns="wave", value=1)
        .col_vals_ge(columns="count", value=0)
        .col_vals_expr(expr=pl.col("date").str.to_date("%Y-%m-%d", strict=False).is_not_null())
        .col_vals_not_null(columns="source_text")
        .col_vals_ge(columns="cumulative", value=pb.col("prev_cum"), na_pass=True)
        .col_vals_eq(columns="wave_step", value=1, na_pass=True)
        .col_vals_eq(columns="parts", value=pb.col("count"), na_pass=True)
        .col_vals_eq(columns="cumulative", value=pb.col("running"), na_pass=True)
    )


def check(path: str) -> dict[str, int]:
    """Interrogate the derived table and count each step's failing rows."""
    validation = _validation(_derive(pl.read_csv(path))).interrogate()
    failed = validation.n_failed()
    broken = [STEPS[step - 1] for step, n in failed.items() if n is None]
    if broken:
        raise SystemExit(f"pointblank could not evaluate the steps for {', '.join(broken)}")
    return {name: int(failed[step]) for step, name in enumerate(STEPS, start=1)}


if __name__ == "__main__":
    main(check)
