"""tallycheck's running-total and monotonic rules on Spark, as window functions.

pandera's pyspark.sql backend runs checks as Spark jobs; this module writes the
rules (tallycheck/checks/running_total.py, monotonic.py) in Spark's own terms,
so they scale past one machine and need no Python function per row.
Monotonic is one window: the last value of the order value before.

The rows of each series, ranked by the order column (``dense_rank``), are
compared with the rows of the order value just before (a window over the
series, ``rangeBetween(-1, -1)`` on that rank). What each row leaves for the
next order value (its *readings*: the total as reported, and after a flagged
row the corrected one too) is an array of structs built with Spark's array
functions. A row's readings depend on the readings of the rows before it, so
the window pass is repeated until nothing changes: after k passes every row
whose chain back to a plainly consistent row (or to its series' first order
value) is shorter than k is final, so the passes needed are about the longest
run of flagged or blank rows plus two, not the number of rows. docs/spark.md
gives the formulation and what differs from the built-in engine.

    from tallycheck.pandera import spark
    flagged = spark.running_total_findings(
        frame, total="cumulative", increment="pardoned", series="series", order="wave"
    )

``register()`` adds ``Check.tallycheck_running_total`` for pyspark.sql
DataFrames, so a pandera ``pandera.pyspark.DataFrameSchema`` can carry it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pyspark.sql import Column, Window, WindowSpec
from pyspark.sql import functions as F
from pyspark.sql import types as T

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

CHECK_NAME = "tallycheck_running_total"
EXPECTED_LO, EXPECTED_HI = "tallycheck_expected_lo", "tallycheck_expected_hi"
BEFORE = "tallycheck_before"  # monotonic: the value a row is compared with

# How a reading was reached, ranked as the built-in engine breaks ties.
_REPORTED, _CORRECTED, _CARRIED = 0, 1, 2
_INF = float("inf")

# Working columns, removed before the findings are returned.
_PLACE = "__tallycheck_place"
_WORKING = _RANK, _GAP, _AFTER, _READ, _LAST_AFTER, _LAST_READ, _WANT, _FLAG = tuple(
    f"__tallycheck_{name}"
    for name in ("rank", "gap", "after", "read", "last_after", "last_read", "want", "flag")
)

_READING = T.StructType(
    [
        T.StructField("lo", T.DoubleType()),
        T.StructField("hi", T.DoubleType()),
        T.StructField("how", T.IntegerType()),
        T.StructField("floor", T.BooleanType()),  # only a lower bound is known
        T.StructField("fallback", T.BooleanType()),  # excuses a row, never accuses one
    ]
)
_READINGS = T.ArrayType(_READING)


def running_total_findings(
    frame: DataFrame,
    *,
    total: str,
    increment: str,
    order: str,
    series: str | Sequence[str] | None = None,
    step: int = 1,
    max_passes: int | None = None,
) -> DataFrame:
    """The rows whose ``total`` is not the total before plus ``increment``: the
    frame's columns plus ``tallycheck_expected_lo`` and ``tallycheck_expected_hi``
    (infinite when the total need only be at least the low end).

    ``series`` (one column or several) and ``order`` are the schema's; rows with
    a null order value are not compared. ``step`` is the step of the order
    column's ``sequence`` rule (a larger rise in an integer order is a gap).
    ``max_passes`` bounds the window passes (default: until no row changes,
    which takes the longest run of flagged or blank rows plus about two passes,
    and never more than the most order values of a series plus two).
    """
    keys = [series] if isinstance(series, str) else list(series or ())
    integer_order = isinstance(frame.schema[order].dataType, T.IntegralType)
    t, i = F.col(total).cast("double"), F.col(increment).cast("double")
    by_series = Window.partitionBy(*keys) if keys else Window.partitionBy(F.lit(0))
    ranked = frame.filter(F.col(order).isNotNull()).withColumn(
        _RANK, F.dense_rank().over(by_series.orderBy(order))
    )
    before = by_series.orderBy(_RANK).rangeBetween(-1, -1)  # the order value just before
    rise = F.col(order) - F.max(order).over(before)
    work = ranked.select(
        "*",
        F.coalesce(rise > step if integer_order else F.lit(False), F.lit(False)).alias(_GAP),
        # a start, as if every total were right: the passes correct it
        F.when(t.isNull(), F.array().cast(_READINGS))
        .otherwise(F.array(_reading(t, t, _REPORTED, F.lit(False), F.lit(False))))
        .alias(_AFTER),
        F.array().cast(_READINGS).alias(_READ),
    )
    done = 0
    while max_passes is None or done < max_passes:
        last, work = work, _pass(work, before, t, i).cache()
        changed = ~(_same(_AFTER, _LAST_AFTER) & _same(_READ, _LAST_READ))
        done += 1
        final = work.filter(changed).count() == 0  # reads every partition: fills the cache
        last.unpersist()
        if final:
            break  # the next pass would compute the same: every row is final
    flagged = work.filter(F.col(_FLAG)).select(
        *[c for c in work.columns if c not in _WORKING],
        F.col(f"{_WANT}.lo").alias(EXPECTED_LO),
        F.col(f"{_WANT}.hi").alias(EXPECTED_HI),
    )
    kept = flagged.localCheckpoint()  # the flagged rows alone, so the passes' cache can go
    work.unpersist()
    return kept


def monotonic_findings(
    frame: DataFrame,
    *,
    column: str,
    order: str,
    series: str | Sequence[str] | None = None,
    direction: str = "increasing",
    strict: bool = False,
    position: str | None = None,
) -> DataFrame:
    """The rows where ``column`` falls (rises, when ``direction`` is ``decreasing``;
    or stays level, when ``strict``) from the row before: the frame's columns plus
    ``tallycheck_before``, the value it is compared with.

    As the built-in rule, rows with a blank value or order are skipped and each row
    is compared with the last row of the nearest earlier order value that has a
    value: last by ``position``, a column giving each row's place in the file
    (default: ``monotonically_increasing_id()``, the frame's own row order, which
    is the file's for one file read as it is).
    """
    keys = [series] if isinstance(series, str) else list(series or ())
    place = F.col(position) if position else F.monotonically_increasing_id()
    by_series = Window.partitionBy(*keys) if keys else Window.partitionBy(F.lit(0))
    value = F.col(column)
    present = frame.withColumn(_PLACE, place).filter(
        F.col(order).isNotNull() & F.col(column).isNotNull()
    )
    ranked = present.withColumn(_RANK, F.dense_rank().over(by_series.orderBy(order)))
    before = F.max_by(value, F.col(_PLACE)).over(by_series.orderBy(_RANK).rangeBetween(-1, -1))
    judged = ranked.withColumn(BEFORE, before)
    rising = direction == "increasing"
    low, high = (value, F.col(BEFORE)) if rising else (F.col(BEFORE), value)
    falls = low <= high if strict else low < high
    return judged.filter(falls).drop(_RANK, _PLACE)


def running_total_holds(frame: DataFrame, **options: object) -> bool:
    """Whether no row breaks the running total (see ``running_total_findings``)."""
    return bool(running_total_findings(frame, **options).isEmpty())  # type: ignore[arg-type]


def register() -> None:
    """Add ``Check.tallycheck_running_total`` for pyspark.sql DataFrames, unless a
    check of that name is registered already (tallycheck.pandera's own, which
    hands pyspark frames to ``running_total_holds``)."""
    from pandera.api.checks import Check
    from pandera.api.extensions import register_check_method
    from pyspark.sql import DataFrame

    if hasattr(Check, CHECK_NAME):
        return

    def tallycheck_running_total(
        frame: DataFrame,
        *,
        total: str,
        increment: str,
        order: str,
        series: str | list[str] | None = None,
        step: int = 1,
    ) -> bool:
        return running_total_holds(
            frame, total=total, increment=increment, order=order, series=series, step=step
        )

    register_check_method(
        statistics=["total", "increment", "order", "series", "step"],
        supported_types=DataFrame,
    )(tallycheck_running_total)


def _pass(work: DataFrame, before: WindowSpec, t: Column, i: Column) -> DataFrame:
    """One window pass: each row's readings from what the rows of the order value
    before left in the last pass, then what the row leaves and whether it fits."""
    left = F.array_sort(F.array_distinct(F.flatten(F.collect_list(_AFTER).over(before))))
    earlier = F.first(_READ).over(before)  # the same on every row of that order value
    readings = (
        F.when(F.size(left) > 0, left)
        .when(
            earlier.isNotNull(),  # the rows before left nothing: what they read, as floors
            F.array_sort(
                F.array_distinct(
                    F.transform(
                        earlier, lambda r: _reading(r.lo, r.hi, r.how, F.lit(True), r.fallback)
                    )
                )
            ),
        )
        .otherwise(F.array().cast(_READINGS))
    )
    stepped = work.select(
        *[c for c in work.columns if c not in (_LAST_AFTER, _LAST_READ, _WANT, _FLAG)],
        F.col(_AFTER).alias(_LAST_AFTER),
        F.col(_READ).alias(_LAST_READ),
        readings.alias("__tallycheck_next_read"),
    )
    return _judge(
        stepped.drop(_AFTER, _READ).withColumnRenamed("__tallycheck_next_read", _READ), t, i
    )


def _judge(work: DataFrame, t: Column, i: Column) -> DataFrame:
    """Each row against every reading, as ``_step`` in running_total.py: what the
    total should be (``_WANT``), whether it is flagged, and what it leaves."""
    readings, gap = F.col(_READ), F.col(_GAP)
    wants = F.transform(
        readings,
        lambda r: F.struct(
            (r.lo + i).alias("lo"),
            F.when(gap | r.floor, F.lit(_INF)).otherwise(r.hi + i).alias("hi"),
            r.alias("r"),
        ),
    )
    fits = F.filter(wants, lambda w: (w.lo <= t) & (t <= w.hi))
    fitting = F.struct(
        F.array_min(F.transform(fits, lambda w: w.lo)).alias("lo"),
        F.array_max(F.transform(fits, lambda w: w.hi)).alias("hi"),
    )
    # the reading that explains a total fitting none: a stale one (the total
    # repeats it) first, then the nearest sum, then the smaller; then as _reading_key
    nearest = F.array_min(
        F.transform(
            F.filter(wants, lambda w: ~w.r.fallback),
            lambda w: F.struct(
                (~_stale(w, t)).alias("fresh"),
                F.when(t < w.lo, w.lo - t).otherwise(t - w.hi).alias("distance"),
                w.lo.alias("lo"),
                w.hi.alias("hi"),
                w.r.fallback.alias("fallback"),
                w.r.how.alias("how"),
                w.r.floor.alias("floor"),
                w.r.lo.alias("r_lo"),
                w.r.hi.alias("r_hi"),
            ),
        )
    )
    stale = ~nearest.fresh
    nothing, judged = F.array().cast(_READINGS), F.size(readings) > 0
    reported = _reading(t, t, _REPORTED, F.lit(False), F.lit(False))
    carried = F.transform(
        readings, lambda r: _reading(r.lo + i, r.hi + i, _CARRIED, gap | r.floor, r.fallback)
    )
    flagged = _reading(t, t, _REPORTED, F.lit(False), stale)
    corrected = _reading(nearest.lo, nearest.hi, _CORRECTED, gap | nearest.floor, ~stale)
    fit = F.size(fits) > 0
    after = F.array_sort(
        F.when(t.isNull(), F.when(judged & i.isNotNull(), carried).otherwise(nothing))
        .when(~judged | i.isNull() | fit, F.array(reported))
        .otherwise(F.array(flagged, corrected))
    )
    judging = t.isNotNull() & i.isNotNull() & judged
    want = F.when(judging & fit, fitting).when(
        judging, F.struct(nearest.lo.alias("lo"), nearest.hi.alias("hi"))
    )
    return work.select(
        "*",
        after.alias(_AFTER),
        want.alias(_WANT),
        (judging & ~fit).alias(_FLAG),
    )


def _stale(want: Column, t: Column) -> Column:
    """Whether the total repeats the reading ``want`` was reached from."""
    return (want.r.lo == t) & (want.r.hi == t)


def _reading(lo: Column, hi: Column, how: int | Column, floor: Column, fallback: Column) -> Column:
    return F.struct(
        lo.cast("double").alias("lo"),
        hi.cast("double").alias("hi"),
        (how if isinstance(how, Column) else F.lit(how)).cast("int").alias("how"),
        floor.alias("floor"),
        fallback.alias("fallback"),
    )


def _same(a: str, b: str) -> Column:
    return F.col(a).eqNullSafe(F.col(b))
