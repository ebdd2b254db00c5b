"""tallycheck's rules in hand-written pandera schemas, on polars and pandas, and
``to_pandera(schema)`` on both, through pandera's YAML and back."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

pandera = pytest.importorskip("pandera")
pl = pytest.importorskip("polars")

import pandas as pd  # noqa: E402
import pandera.pandas as pa  # noqa: E402
import pandera.polars as pap  # noqa: E402
from pandera.api.checks import Check  # noqa: E402

import tallycheck  # noqa: E402
from tallycheck.pandera import prepare, to_pandera  # noqa: E402
from tallycheck.schema.loader import load_schema  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "belarus-pardons.csv"
WAVE_7 = (
    "wave 7: cumulative 178 should be 207 (178 at wave 6 + 29 pardoned). It equals the "
    "total through wave 6, so the figure may predate this wave."
)
WAVE_8 = (
    "wave 8: cumulative 207 should be 227 (the corrected 207 through wave 7 + 20 pardoned). "
    "It equals the total through wave 7, so the figure may predate this wave."
)


def _cases(errors: Any, check: str) -> list[tuple[Any, dict[str, str]]]:
    """(index, decoded failure case) of each failure case of the check named ``check``."""
    frame = errors.failure_cases
    rows = frame.to_dicts() if hasattr(frame, "to_dicts") else frame.to_dict("records")
    return [
        (row["index"], json.loads(row["failure_case"]))
        for row in rows
        if str(row["check"]).startswith(check)
    ]


def test_running_total_by_hand_in_a_polars_schema() -> None:
    schema = pap.DataFrameSchema(
        {"wave": pap.Column(int, Check.ge(1)), "cumulative": pap.Column(int)},
        checks=[
            Check.tallycheck_running_total(total="cumulative", increment="pardoned", order="wave")
        ],
    )
    with pytest.raises(pap.errors.SchemaErrors) as raised:
        schema.validate(pl.read_csv(SEED), lazy=True)
    assert _cases(raised.value, "tallycheck_running_total") == [
        (2, {"value": "178", "expected": "207", "message": WAVE_7}),
        (3, {"value": "207", "expected": "227", "message": WAVE_8}),
    ]


def test_a_rule_by_hand_on_pandas_names_the_index_and_the_column() -> None:
    frame = pd.read_csv(SEED, index_col="wave")  # the waves are the index: 4, 6, 7, 8
    frame["wave"] = frame.index
    schema = pa.DataFrameSchema(
        checks=[
            Check.tallycheck_running_total(total="cumulative", increment="pardoned", order="wave")
        ]
    )
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        schema.validate(frame, lazy=True)
    assert _cases(raised.value, "tallycheck_running_total") == [
        (7, {"value": "178", "expected": "207", "message": WAVE_7}),
        (8, {"value": "207", "expected": "227", "message": WAVE_8}),
    ]
    assert raised.value.failure_cases["column"].tolist() == ["cumulative", "cumulative"]


def test_series_typed_columns_and_a_date_order_on_polars() -> None:
    """Native polars types (integers with nulls, dates) are read as their text;
    each series is walked on its own, in date order whatever the row order."""
    data = pl.DataFrame(
        {
            "region": ["north", "south", "north", "south", "north"],
            "day": pl.Series(
                ["2024-01-03", "2024-01-01", "2024-01-01", "2024-01-02", "2024-01-02"]
            ).str.to_date(),
            "held": [1200, 900, 1100, None, 1150],
        }
    )
    schema = pap.DataFrameSchema(
        checks=[
            Check.tallycheck_monotonic(
                column="held", series="region", order="day", types={"day": "date"}
            )
        ]
    )
    assert schema.validate(data).equals(data)  # north 1100, 1150, 1200; south 900, blank
    falling = data.with_columns(held=pl.Series([1000, 900, 1100, None, 1150]))
    with pytest.raises(pap.errors.SchemaErrors) as raised:
        schema.validate(falling, lazy=True)
    ((row, case),) = _cases(raised.value, "tallycheck_monotonic")
    assert row == 0
    assert case["value"] == "1000"
    assert case["message"].startswith("day 2024-01-03 (north): held 1000 ")


@pytest.mark.parametrize("polars", [False, True], ids=["pandas", "polars"])
def test_to_pandera_on_the_prepared_table_fails_the_rows_the_builtin_engine_flags(
    polars: bool,
) -> None:
    schema = load_schema("pardon-waves")
    data = pl.read_csv(SEED, infer_schema=False) if polars else pd.read_csv(SEED, dtype=str)
    with pytest.raises((pa.errors.SchemaErrors, pap.errors.SchemaErrors)) as raised:
        to_pandera(schema, polars=polars).validate(prepare(data, schema), lazy=True)
    found = {
        (check.split("(")[0], row)
        for check, row in zip(
            list(raised.value.failure_cases["check"]),
            list(raised.value.failure_cases["index"]),
            strict=True,
        )
    }
    builtin = tallycheck.validate(SEED, "pardon-waves")
    flagged = {(rule, f.row - 1) for f in builtin.findings for rule in (f.rule, *f.also)}
    assert ("monotonic", 2) in flagged  # folded into the running-total finding on wave 7
    assert found == {("tallycheck_" + rule.replace("-", "_"), row) for rule, row in flagged}


def test_to_pandera_survives_pandera_yaml() -> None:
    schema = load_schema("pardon-waves")
    compiled = to_pandera(schema)
    again = pa.DataFrameSchema.from_yaml(compiled.to_yaml())
    assert again == compiled
    data = prepare(pd.read_csv(SEED, dtype=str), schema)
    outcomes = []
    for each in (compiled, again):
        with pytest.raises(pa.errors.SchemaErrors) as raised:
            each.validate(data, lazy=True)
        outcomes.append(raised.value.failure_cases.to_dict("records"))
    assert outcomes[0] == outcomes[1]
    # the schema's provenance names the source that first gave the stale figure
    sourced = WAVE_7.replace("wave 6, so", "wave 6, first published by Al Jazeera (row 2), so")
    assert _cases(raised.value, "tallycheck_running_total") == [
        (2, {"value": "178", "expected": "207", "message": sourced}),
        (3, {"value": "207", "expected": "227", "message": WAVE_8}),
    ]


def test_a_rule_on_a_column_the_frame_lacks_is_an_error_that_names_it() -> None:
    schema = pap.DataFrameSchema(
        checks=[Check.tallycheck_sequence(column="wav", series="region")]  # two typos
    )
    frame = pl.DataFrame({"wave": [1, 2], "series": ["a", "a"]})
    with pytest.raises(pap.errors.SchemaErrors) as raised:
        schema.validate(frame, lazy=True)
    (case,) = raised.value.failure_cases["failure_case"].to_list()
    assert "tallycheck_sequence: the frame has no column 'wav' (did you mean 'wave'?)" in case


def _failed(errors: Any) -> set[tuple[str, int]]:
    """(check, row) of each failure case; pandas' ``unique`` is ``tallycheck_unique`` on polars."""
    frame = errors.failure_cases
    rows = frame.to_dicts() if hasattr(frame, "to_dicts") else frame.to_dict("records")
    names = {"field_uniqueness": "tallycheck_unique"}
    return {
        (names.get(name, name), row["index"])
        for row in rows
        if (name := str(row["check"]).split("(")[0])
    }


def test_to_pandera_on_polars_fails_the_cells_and_rows_it_fails_on_pandas() -> None:
    """A table that breaks every check: pandera's polars backend, with ``unique`` as
    the registered check, fails the same rows as its pandas backend."""
    from engine_tables import EVERYTHING, generated_table

    schema = load_schema(EVERYTHING)
    text = generated_table(7)
    found = []
    for polars in (False, True):
        data = (
            pl.read_csv(io.StringIO(text), infer_schema=False)
            if polars
            else pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        )
        with pytest.raises((pa.errors.SchemaErrors, pap.errors.SchemaErrors)) as raised:
            to_pandera(schema, polars=polars).validate(prepare(data, schema), lazy=True)
        found.append(_failed(raised.value))
    assert found[0] == found[1]
    assert {check for check, _ in found[0]} >= {"tallycheck_unique", "tallycheck_filled"}
