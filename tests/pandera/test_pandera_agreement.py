"""The pandera engine and the built-in one give the same findings, field for field,
on tables drawn as in tests/test_differential.py (a short run here;
``TALLYCHECK_PANDERA_EXAMPLES`` runs more). tests/test_engines_agree.py runs the
fixtures, rule cases and generated tables through every engine."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from engine_tables import agreeing
from hypothesis import HealthCheck, given, settings
from test_differential import Rows, tables, write_csv

from tallycheck.schema.loader import schema_from_mapping

pytest.importorskip("pandera")

EXAMPLES = int(os.environ.get("TALLYCHECK_PANDERA_EXAMPLES", "25"))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tables())
def test_drawn_tables(case: tuple[Rows, dict[str, Any]]) -> None:
    rows, schema = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        write_csv(rows, path)
        agreeing(path, schema_from_mapping(schema), "pandera")
