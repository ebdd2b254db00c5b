"""Run a compiled suite on a table in an ephemeral GX context, quietly.

The context lives in memory only: no ``gx/`` folder, no data docs site, no
usage statistics; GX's progress bars, log records and warnings are kept off
the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tallycheck.gx.columns import Piece, piece_of, pieces
from tallycheck.gx.compile import compile_suite
from tallycheck.gx.core import (
    DataContextConfig,
    ExpectationSuite,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
    gx,
    quiet,
    unhashed,
)
from tallycheck.gx.results import judgement

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult
    from great_expectations.datasource.fluent.interfaces import Batch

    from tallycheck.checkframe import CheckFrame
    from tallycheck.gx.core import Expectation
    from tallycheck.judgement import Judgement

RESULT_FORMAT = {
    "result_format": "COMPLETE",  # every failing row, by index,
    "exclude_unexpected_values": True,  # without the failing values (results reads them)
    "return_unexpected_index_query": False,  # nor a query listing the rows again
}


def judge_gx(frame: CheckFrame) -> Judgement:
    """The GX engine: the schema's suite run on the table and its derived columns,
    each expectation on the piece of the frame it reads."""
    parts, derived = pieces(frame)
    suite = compile_suite(frame.schema, present=frame.values)
    results: list[ExpectationValidationResult] = []
    with batches() as batch:
        for key, expectations in _by_piece(suite).items():
            part = ExpectationSuite(name=suite.name, expectations=expectations)
            results.extend(batch(parts[key]).validate(part, result_format=RESULT_FORMAT).results)
    columns = {name: piece[name] for piece in parts.values() for name in piece.columns}
    return judgement(frame, columns, derived, results)


def _by_piece(suite: ExpectationSuite) -> dict[Piece, list[Expectation]]:
    """The suite's expectations by the piece each reads, in the suite's order."""
    by_piece: dict[Piece, list[Expectation]] = {}
    for expectation in suite.expectations:
        key = piece_of((expectation.meta or {})["tallycheck"])
        by_piece.setdefault(key, []).append(expectation)
    return by_piece


def validate(data: pd.DataFrame, suite: ExpectationSuite) -> list[ExpectationValidationResult]:
    """GX's result for each expectation of ``suite`` on ``data``."""
    with batches() as batch:
        return list(batch(data).validate(suite, result_format=RESULT_FORMAT).results)


@contextmanager
def batches() -> Iterator[Callable[[pd.DataFrame], Batch]]:
    """Yield what makes a GX batch of a frame, in one ephemeral context, quietly."""
    with quiet(), unhashed():
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        )
        context = gx.get_context(mode="ephemeral", project_config=config)
        asset = context.data_sources.add_pandas("tallycheck").add_dataframe_asset("table")
        definition = asset.add_batch_definition_whole_dataframe("table")
        yield lambda data: definition.get_batch(batch_parameters={"dataframe": data})
