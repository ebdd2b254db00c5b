"""pandera itself: imported here, on the pandera engine's path only.

Importing this module without pandera installed raises ``EngineError`` with the
command that installs it. pandera's polars backend (``pandera.polars``, which
needs polars) is imported only when a polars frame or schema is asked for.
"""

from __future__ import annotations

from types import ModuleType

from tallycheck.errors import EngineError

INSTALL = 'pip install "pandera[polars]>=0.26"'

try:
    import pandera.pandas as pa
    from pandera.api.checks import Check
    from pandera.api.extensions import register_check_method
    from pandera.backends.pandas.checks import PandasCheckBackend
    from pandera.errors import SchemaError, SchemaErrors
except ImportError as error:
    raise EngineError(f"the pandera engine needs the pandera extra: {INSTALL}") from error


def polars_api() -> ModuleType:
    """``pandera.polars``: its DataFrameSchema, Column and Check for polars frames."""
    try:
        import pandera.polars as pap
    except ImportError as error:
        raise EngineError(f"pandera on polars needs the pandera extra: {INSTALL}") from error
    return pap


__all__ = [
    "Check",
    "PandasCheckBackend",
    "SchemaError",
    "SchemaErrors",
    "pa",
    "polars_api",
    "register_check_method",
]
