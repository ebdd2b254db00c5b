"""The cost of findings grows with their number and no faster (issue #16).

Counted, not timed: every Python function and builtin called while a table is
checked and its JSON and text reports are written. Tables of 12, 24 and 48
series that each break the same checks in the same way make twice and four
times the findings; each doubling must add twice the calls the one before
added (within 1 %: a step that compared each finding with each other one would
add hundreds of per cent), so no step costs more per finding as the findings grow.
The collector is off while counting, as the CLI has it: its passes run
finalizers at moments that depend on what ran before.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import tallycheck
from tallycheck.nogc import no_gc
from tallycheck.reporters import json_report, text
from tallycheck.schema.loader import schema_from_mapping

SCHEMA = schema_from_mapping(
    {
        "name": "cost",
        "series": "series",
        "order": "wave",
        "columns": {
            "series": {"type": "string"},
            "wave": {"type": "integer", "min": 1},
            "date": {"type": "date"},
            "count": {"type": "integer", "min": 0},
            "women": {"type": "integer", "required": False},
            "men": {"type": "integer", "required": False},
            "cumulative": {"type": "integer"},
            "source": {"type": "string"},
        },
        "rules": [
            {"rule": "sequence", "column": "wave"},
            {"rule": "monotonic", "column": "cumulative"},
            {"rule": "parts-sum", "parts": ["women", "men"], "total": "count"},
            {"rule": "running-total", "total": "cumulative", "increment": "count"},
        ],
    }
)


def _write_table(path: Path, n_series: int) -> None:
    """Six waves per series: a bad date on wave 2, a dip on 3, a blank source on 4,
    parts that exceed the count on 5; every third series lacks wave 4 (a gap)."""
    lines = ["series,wave,date,count,women,men,cumulative,source"]
    for series in range(n_series):
        for wave in range(1, 7):
            if wave == 4 and series % 3 == 0:
                continue
            cumulative = 10 * wave - (15 if wave == 3 else 0)
            date = "2023-13-01" if wave == 2 else f"2023-0{wave}-01"
            women = 9 if wave == 5 else 4
            source = "" if wave == 4 else "AP"
            lines.append(f"S{series:04d},{wave},{date},10,{women},6,{cumulative},{source}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextmanager
def _counting() -> Iterator[list[int]]:
    calls = [0]

    def count(frame: FrameType, event: str, arg: object) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    with no_gc():
        sys.setprofile(count)
        try:
            yield calls
        finally:
            sys.setprofile(None)


def _cost(tmp_path: Path, n_series: int) -> tuple[int, int]:
    """The findings of a table of ``n_series`` series, and the calls that checking it
    and writing its reports took."""
    path = tmp_path / f"t{n_series}.csv"
    _write_table(path, n_series)
    with _counting() as calls:
        report = tallycheck.validate(path, SCHEMA)
        json_report.render(report)
        text.render(report)
    return len(report.findings), calls[0]


def test_each_doubling_of_the_findings_adds_twice_the_calls_of_the_last(tmp_path: Path) -> None:
    _cost(tmp_path, 3)  # first calls import and cache what later ones reuse
    (f1, c1), (f2, c2), (f4, c4) = (_cost(tmp_path, n) for n in (12, 24, 48))
    assert (f1, f2, f4) == (48, 96, 192)
    assert abs((c4 - c2) - 2 * (c2 - c1)) <= (c4 - c2) // 100
