"""Failure cases that carry tallycheck's findings.

pandera's failure cases of a DataFrame-wide check are the failing rows' cells.
A rule's check is a ``RuleCheck``, whose backends (pandas, and polars when it
is installed) make each failure case the rule's finding on that row instead:
``index`` is the row, ``failure_case`` the JSON of the finding's ``value``,
``expected`` and ``message`` (on pandas, ``column`` names the finding's columns).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tallycheck.pandera import frames
from tallycheck.pandera.calls import call_of, rule_of
from tallycheck.pandera.core import Check, PandasCheckBackend

if TYPE_CHECKING:
    from tallycheck.judgement import Violation


class RuleCheck(Check):
    """A pandera check that runs one of tallycheck's rules (see ``checks``)."""


def _findings(check: Any, data: Any) -> list[Violation]:
    call = call_of(rule_of(check.name), check.statistics)
    return call.findings(frames.table(data, call.reads(), check.name, call.absent))


def _case(violation: Violation) -> dict[str, str | None]:
    return {"value": violation.value, "expected": violation.expected, "message": violation.message}


class PandasRuleBackend(PandasCheckBackend):
    """pandas: the failure cases of a rule's check are its findings."""

    def postprocess(self, check_obj: Any, check_output: Any) -> Any:
        result = super().postprocess(check_obj, check_output)  # type: ignore[no-untyped-call]
        if result.failure_cases is None or len(result.failure_cases) == 0:
            return result
        import pandas as pd

        found = _findings(self.check, check_obj)
        cases = pd.DataFrame(
            {
                "index": check_obj.index[[v.row for v in found]],
                "column": [", ".join(v.columns) for v in found],
                "failure_case": [
                    json.dumps(_case(v), ensure_ascii=False, separators=(",", ":")) for v in found
                ],
            }
        )
        return result._replace(failure_cases=cases)


def register() -> None:
    """Give ``RuleCheck`` its backends: pandas, and polars when pandera's polars
    backend can be imported."""
    import pandas as pd

    RuleCheck.register_backend(pd.DataFrame, PandasRuleBackend)
    try:
        import polars as pl
        from pandera.backends.polars.checks import PolarsCheckBackend
    except ImportError:
        return

    class PolarsRuleBackend(PolarsCheckBackend):
        """polars: the failure cases of a rule's check are its findings."""

        def postprocess(self, check_obj: Any, check_output: Any) -> Any:
            result = super().postprocess(check_obj, check_output)  # type: ignore[no-untyped-call]
            if result.failure_cases is None or result.check_passed.collect().item():
                return result
            found = _findings(self.check, check_obj)
            cases = pl.LazyFrame([_case(v) for v in found], schema=dict.fromkeys(_KEYS, pl.String))
            return result._replace(failure_cases=cases)

    RuleCheck.register_backend(pl.LazyFrame, PolarsRuleBackend)


_KEYS = ("value", "expected", "message")
