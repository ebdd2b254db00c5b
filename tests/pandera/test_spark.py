"""The running-total rule on a local Spark session agrees with the built-in engine.

One table holds every case of tests/checks/cases/running-total.yaml whose figures
are plain numbers (each case its own series), and random series with repeated
and missing waves, blank cells, stale and restated totals. The built-in engine
judges it as a pandas frame (``tallycheck.validate``); Spark judges the same rows
as a pyspark.sql DataFrame (``tallycheck.pandera.spark``). The flagged rows and
their expected values must be the same; likewise for the monotonic rule. Then
pandera's pyspark.sql backend runs the registered ``Check.tallycheck_running_total``
on a schema.

Skips, saying why, without pyspark or a Java runtime (.ci/run installs both).
``TALLYCHECK_SPARK_SERIES`` raises the number of random series (default 150).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

import tallycheck
from tallycheck.schema.loader import schema_from_mapping
from tallycheck.tally import Interval

pytest.importorskip(
    "pyspark", reason="pyspark is not installed: pip install -e '.[spark]' (.ci/run does)"
)
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip(
        "no Java runtime for Spark: apt-get install openjdk-17-jre-headless (.ci/run does)",
        allow_module_level=True,
    )

import pyspark
from pyspark.sql import DataFrame, SparkSession

from tallycheck.pandera import spark

CASE_FILE = Path(__file__).parents[1] / "checks" / "cases" / "running-total.yaml"
CASES = yaml.safe_load(CASE_FILE.read_text(encoding="utf-8"))
RULE = {"rule": "running-total", "total": "cumulative", "increment": "pardoned"}
SCHEMA = schema_from_mapping({**CASES["schema"], "name": "spark", "rules": [RULE]})
OPTIONS = {"total": "cumulative", "increment": "pardoned", "order": "wave", "series": "series"}
SPARK_TYPES = "row int, series string, wave int, pardoned long, cumulative long"
PLAIN = re.compile(r"\d{1,3}(,\d{3})*|\d+")  # the figures Spark holds as numbers
Row = dict[str, Any]
# how tallycheck words the value a monotonic row should have taken
MONOTONIC_WORDS = {
    ("increasing", False): "at least",
    ("increasing", True): "more than",
    ("decreasing", False): "at most",
    ("decreasing", True): "less than",
}


@pytest.fixture(scope="module")
def session() -> Iterator[SparkSession]:
    built = (
        SparkSession.builder.master("local[1]")
        .appName("tallycheck-tests")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    built.sparkContext.setLogLevel("ERROR")
    yield built
    built.stop()


def _case_rows() -> list[Row]:
    """The rows of each case whose figures are plain numbers, the case its series."""
    rows: list[Row] = []
    for number, case in enumerate(CASES["cases"]):
        table = list(csv.DictReader(io.StringIO(case["table"])))
        cells = [row.get(name) or "" for row in table for name in ("pardoned", "cumulative")]
        if all(cell == "" or PLAIN.fullmatch(cell) for cell in cells):
            rows.extend(
                {**row, "series": f"case {number} {row.get('series') or ''}"} for row in table
            )
    return rows


def _random_rows(rng: np.random.Generator, count: int) -> list[Row]:
    """Series with repeated and missing waves, blanks, stale and restated totals."""
    rows: list[Row] = []
    for number in range(count):
        waves = np.sort(rng.integers(1, 8, size=int(rng.integers(2, 8))))
        running, reported = 0, 0
        for wave in waves.tolist():
            pardoned = int(rng.integers(0, 40))
            running += pardoned
            pick = int(rng.integers(0, 7))
            figure = [running, running, reported, running + int(rng.integers(-3, 4)), None][
                min(pick, 4)
            ]
            if pick == 6:
                running = reported = int(rng.integers(0, 300))  # a restart
                figure = running
            reported = figure if figure is not None else reported
            rows.append(
                {
                    "series": f"random {number}",
                    "wave": str(wave),
                    "pardoned": "" if rng.random() < 0.1 else str(pardoned),
                    "cumulative": "" if figure is None else str(max(figure, 0)),
                }
            )
    return rows


def _spark_frame(session: SparkSession, rows: list[Row]) -> DataFrame:
    def number(cell: str) -> int | None:
        return int(cell.replace(",", "")) if cell else None

    return session.createDataFrame(
        [
            (
                at,
                row["series"],
                int(row["wave"]),
                number(row["pardoned"]),
                number(row["cumulative"]),
            )
            for at, row in enumerate(rows)
        ],
        SPARK_TYPES,
    )


def _pandas_frame(rows: list[Row]) -> pd.DataFrame:
    names = ("series", "wave", "pardoned", "cumulative")
    return pd.DataFrame([{name: row.get(name) or "" for name in names} for row in rows])


def _builtin(rows: list[Row]) -> set[tuple[int, str]]:
    report = tallycheck.validate(_pandas_frame(rows), SCHEMA)
    return {
        (int(str(f.index)), str(f.expected)) for f in report.findings if f.rule == "running-total"
    }


def _on_spark(frame: DataFrame) -> set[tuple[int, str]]:
    found = spark.running_total_findings(frame, **OPTIONS).collect()
    return {
        (row["row"], str(Interval(row[spark.EXPECTED_LO], row[spark.EXPECTED_HI]))) for row in found
    }


def test_spark_flags_the_rows_the_builtin_engine_flags(session: SparkSession) -> None:
    rows = _case_rows() + _random_rows(
        np.random.default_rng(17), int(os.environ.get("TALLYCHECK_SPARK_SERIES", "150"))
    )
    expected = _builtin(rows)
    assert _on_spark(_spark_frame(session, rows)) == expected
    # the comparison has teeth: the seed case's two stale totals are among the findings
    names = [case["name"] for case in CASES["cases"]]
    seed = names.index("the seed case, stale twice")
    at = {row["wave"]: n for n, row in enumerate(rows) if row["series"] == f"case {seed} "}
    assert {(at["7"], "207"), (at["8"], "227")} <= expected
    assert len(expected) > 50


@pytest.mark.parametrize(("direction", "strict"), [("increasing", True), ("decreasing", False)])
def test_monotonic_on_spark_flags_the_rows_the_builtin_engine_flags(
    session: SparkSession, direction: str, strict: bool
) -> None:
    rows = _random_rows(np.random.default_rng(18), 60)
    rule = {"rule": "monotonic", "column": "cumulative", "direction": direction, "strict": strict}
    schema = schema_from_mapping({**CASES["schema"], "name": "spark", "rules": [rule]})
    report = tallycheck.validate(_pandas_frame(rows), schema)
    expected = {(int(str(f.index)), f.expected) for f in report.findings if f.rule == "monotonic"}
    found = spark.monotonic_findings(
        _spark_frame(session, rows),
        column="cumulative",
        order="wave",
        series="series",
        direction=direction,
        strict=strict,
        position="row",
    ).collect()
    word = MONOTONIC_WORDS[(direction, strict)]
    assert {(row["row"], f"{word} {row[spark.BEFORE]:.0f}") for row in found} == expected
    assert len(expected) > 10


def test_a_pandera_pyspark_schema_runs_the_registered_check(session: SparkSession) -> None:
    try:
        import pandera.pyspark as pa
    except ImportError as error:  # pandera's pyspark API imports pyspark.pandas (docs/spark.md)
        pytest.skip(
            f"pandera.pyspark does not import with pandas {pd.__version__} and pyspark "
            f"{pyspark.__version__} ({error}); the rule itself ran on Spark above"
        )

    spark.register()
    schema = pa.DataFrameSchema(
        checks=[pa.Check.tallycheck_running_total(**OPTIONS)],  # type: ignore[attr-defined]
    )
    stale = _spark_frame(
        session,
        [
            {"series": "A", "wave": "6", "pardoned": "32", "cumulative": "178"},
            {"series": "A", "wave": "7", "pardoned": "29", "cumulative": "178"},
        ],
    )
    right = _spark_frame(
        session,
        [
            {"series": "A", "wave": "6", "pardoned": "32", "cumulative": "178"},
            {"series": "A", "wave": "7", "pardoned": "29", "cumulative": "207"},
        ],
    )
    errors = schema.validate(stale).pandera.errors
    checks = [e["check"] for kind in errors.values() for found in kind.values() for e in found]
    assert len(checks) == 1
    assert spark.CHECK_NAME in checks[0]
    assert schema.validate(right).pandera.errors == {}
