"""The compiled suite: GX's own JSON, usable in GX as exported, documented."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from engine_tables import EVERYTHING, generated_table

from tallycheck.checkframe import CheckFrame
from tallycheck.checks import RULES
from tallycheck.cli import main
from tallycheck.engine import judge_builtin
from tallycheck.schema.loader import load_schema
from tallycheck.tables.frame import table_from_frame

pytest.importorskip("great_expectations")

ROOT = Path(__file__).resolve().parents[2]
OPTIONAL_DROPPED = ["series", "share", "size", "url", "ill"]


def test_the_exported_suite_run_in_gx_flags_what_the_pandas_engine_flags(tmp_path: Path) -> None:
    """A GX user's run: the JSON loaded back into GX, validated on the frame of
    derived columns, on a table that lacks some optional columns."""
    from tallycheck.gx.columns import batch_frame
    from tallycheck.gx.core import ExpectationSuite
    from tallycheck.gx.results import judgement
    from tallycheck.gx.run import validate

    out = tmp_path / "suite.json"
    assert CliRunner().invoke(main, ["export-gx", str(EVERYTHING), "-o", str(out)]).exit_code == 0
    suite = ExpectationSuite(**json.loads(out.read_text(encoding="utf-8")))
    table = pd.read_csv(io.StringIO(generated_table(7)), dtype=str, keep_default_na=False)
    frame = CheckFrame(
        table_from_frame(table.drop(columns=OPTIONAL_DROPPED)), load_schema(EVERYTHING)
    )
    data, derived = batch_frame(frame)
    columns = {str(name): column for name, column in data.items()}
    found = judgement(frame, columns, derived, validate(data, suite))
    expected = judge_builtin(frame)
    assert Counter(found.cells) == Counter(expected.cells)
    assert found.rules == expected.rules
    assert any(found.rules)
    assert found.cells


def test_docs_gx_md_is_generated_from_the_registry_and_not_stale() -> None:
    """docs/gx.md's table of which expectation judges which check is made from the
    check registry; run `python -m tallycheck.gx.docs` after changing a check."""
    from tallycheck.checks import COLUMN_CHECKS
    from tallycheck.gx import core, docs

    text = (ROOT / "docs" / "gx.md").read_text(encoding="utf-8")
    assert docs.updated(text) == text, "docs/gx.md is stale: run python -m tallycheck.gx.docs"
    generated = docs.generated()
    expectations = [name for name in core.__all__ if name.startswith("ExpectColumn")]
    assert [name for name in expectations if f"`{name}" not in generated] == []
    checks = [*COLUMN_CHECKS, *RULES]
    assert [check for check in checks if f"| `{check}` |" not in generated] == []


def test_gx_does_not_hash_the_engine_s_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """GX fingerprints each batch by hashing every cell, which tallycheck never
    reads: the engine's batches are not hashed, and GX's threshold is back after."""
    from great_expectations.execution_engine import pandas_execution_engine

    from tallycheck.gx.core import ExpectationSuite, ExpectColumnValuesToNotBeNull
    from tallycheck.gx.run import validate

    hashed: list[int] = []
    real_hash = pandas_execution_engine.hash_pandas_dataframe

    def counting_hash(df: pd.DataFrame) -> str:
        hashed.append(len(df))
        return str(real_hash(df))

    monkeypatch.setattr(pandas_execution_engine, "hash_pandas_dataframe", counting_hash)
    threshold = pandas_execution_engine.HASH_THRESHOLD
    suite = ExpectationSuite(name="one", expectations=[ExpectColumnValuesToNotBeNull(column="x")])
    results = validate(pd.DataFrame({"x": [1.0, None, 3.0]}), suite)
    assert results[0].result["unexpected_index_list"] == [1]
    assert hashed == []
    assert threshold == pandas_execution_engine.HASH_THRESHOLD
