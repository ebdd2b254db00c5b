"""Run a compiled suite on a table in an ephemeral GX context, quietly.

The context lives in memory only: no ``gx/`` folder, no data docs site, no
usage statistics; GX's progress bars, log records and warnings are kept off
the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tallycheck.gx.columns import batch_frame
from tallycheck.gx.compile import compile_suite
from tallycheck.gx.core import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
    gx,
    quiet,
)
from tallycheck.gx.results import judgement

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult

    from tallycheck.checkframe import CheckFrame
    from tallycheck.gx.core import ExpectationSuite
    from tallycheck.judgement import Judgement

RESULT_FORMAT = {"result_format": "COMPLETE"}  # every failing row, by index


def judge_gx(frame: CheckFrame) -> Judgement:
    """The GX engine: the schema's suite run on the table and its derived columns."""
    data, derived = batch_frame(frame)
    suite = compile_suite(frame.schema, present=frame.values)
    return judgement(frame, data, derived, validate(data, suite))


def validate(data: pd.DataFrame, suite: ExpectationSuite) -> list[ExpectationValidationResult]:
    """GX's result for each expectation of ``suite`` on ``data``."""
    with quiet():
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        )
        context = gx.get_context(mode="ephemeral", project_config=config)
        asset = context.data_sources.add_pandas("tallycheck").add_dataframe_asset("table")
        batch = asset.add_batch_definition_whole_dataframe("table").get_batch(
            batch_parameters={"dataframe": data}
        )
        return list(batch.validate(suite, result_format=RESULT_FORMAT).results)
