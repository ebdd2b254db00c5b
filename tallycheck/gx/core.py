"""Great Expectations itself: imported here, on the GX engine's path only.

Importing this module without GX installed raises ``EngineError`` with the
command that installs it. The package's ``__init__`` has already turned GX's
usage statistics off. The expectations are those GX exports as
``great_expectations.expectations``, imported from the modules that define
them so that their types are known.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tallycheck.errors import EngineError

INSTALL = 'pip install "great_expectations>=1.0"'


@contextmanager
def quiet() -> Iterator[None]:
    """GX's log records and warnings kept off the terminal for the duration."""
    logger = logging.getLogger("great_expectations")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _defer_scipy_stats() -> None:
    """scipy.stats loaded when GX first uses it, rather than when GX is imported.

    GX imports scipy.stats for expectations tallycheck never runs (distributions,
    KL divergence), and that import takes more than a second of every GX run.
    The module is the standard library's lazy module (``LazyLoader``): it loads
    in full on its first attribute, so a caller that uses it sees no change.
    """
    if "scipy.stats" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("scipy.stats")
    except ModuleNotFoundError:
        return
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["scipy.stats"] = module
    # Bound on its package as the import system binds a loaded submodule, so that
    # ``from scipy import stats`` takes it without asking the import system again
    # (which, before Python 3.12, loads a lazy module at once).
    vars(sys.modules["scipy"])["stats"] = module
    spec.loader.exec_module(module)


try:
    _defer_scipy_stats()
    with quiet():
        import great_expectations as gx
        from great_expectations.core import ExpectationSuite
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )
        from great_expectations.execution_engine import pandas_execution_engine
        from great_expectations.expectations.core.expect_column_pair_values_a_to_be_greater_than_b import (  # noqa: E501
            ExpectColumnPairValuesAToBeGreaterThanB,
        )
        from great_expectations.expectations.core.expect_column_to_exist import ExpectColumnToExist
        from great_expectations.expectations.core.expect_column_values_to_be_between import (
            ExpectColumnValuesToBeBetween,
        )
        from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
            ExpectColumnValuesToBeInSet,
        )
        from great_expectations.expectations.core.expect_column_values_to_be_unique import (
            ExpectColumnValuesToBeUnique,
        )
        from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
            ExpectColumnValuesToNotBeNull,
        )
        from great_expectations.expectations.expectation import Expectation
        from great_expectations.expectations.row_conditions import Column
except ImportError as error:
    raise EngineError(f"the Great Expectations engine needs the gx extra: {INSTALL}") from error


@contextmanager
def unhashed() -> Iterator[None]:
    """GX's fingerprint of each batch (a hash of every cell, which tallycheck
    never reads) skipped for the duration.

    GX hashes every frame under its ``HASH_THRESHOLD`` bytes, about a sixth of
    the engine's time at a million rows. The threshold is GX's own module
    constant, not public API (docs/dependencies.md): if a release drops it,
    setting it has no effect, and the results are the same either way.
    """
    module: Any = pandas_execution_engine
    threshold = getattr(module, "HASH_THRESHOLD", None)
    module.HASH_THRESHOLD = 0
    try:
        yield
    finally:
        if threshold is None:
            del module.HASH_THRESHOLD
        else:
            module.HASH_THRESHOLD = threshold


__all__ = [
    "Column",
    "DataContextConfig",
    "ExpectColumnPairValuesAToBeGreaterThanB",
    "ExpectColumnToExist",
    "ExpectColumnValuesToBeBetween",
    "ExpectColumnValuesToBeInSet",
    "ExpectColumnValuesToBeUnique",
    "ExpectColumnValuesToNotBeNull",
    "Expectation",
    "ExpectationSuite",
    "InMemoryStoreBackendDefaults",
    "ProgressBarsConfig",
    "gx",
]
