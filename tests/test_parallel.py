"""Large tables are parsed and judged in threads, with the same findings as in order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import tallycheck
from tallycheck import parallel
from tallycheck.checks import RULES
from tallycheck.engine import WALKING_RULES
from tallycheck.schema.loader import schema_from_mapping


def test_each_keeps_the_order_and_uses_threads_on_large_tables() -> None:
    seen: set[str] = set()

    def work(item: int) -> int:
        seen.add(threading.current_thread().name)
        return item * item

    assert parallel.each(work, range(20), rows=parallel.THREADED_ROWS) == [n * n for n in range(20)]
    assert seen != {threading.main_thread().name}
    seen.clear()
    assert parallel.each(work, [3], rows=10**6) == [9]  # one item: no thread
    assert parallel.each(work, range(3), rows=10) == [0, 1, 4]
    assert seen == {threading.main_thread().name}


def test_each_passes_an_error_on() -> None:
    def work(item: int) -> int:
        raise ValueError(f"bad {item}")

    with pytest.raises(ValueError, match="bad"):
        parallel.each(work, range(4), rows=parallel.THREADED_ROWS)


def _table(path: Path, rows: int) -> None:
    lines = ["series,wave,date,count,cumulative,source"]
    for n in range(rows):
        series, wave = divmod(n, 50)
        total = (wave + 1) * 10
        if n % 997 == 5:
            total += 3  # a running total off by three
        date = "2024-02-30" if n % 1999 == 7 else f"2024-01-{wave % 28 + 1:02d}"
        lines.append(f"S{series},{wave + 1},{date},10,{total},AP")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_threads_find_what_one_thread_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.csv"
    rows = parallel.THREADED_ROWS + 1000  # large enough for threads
    _table(path, rows)
    loaded = schema_from_mapping(
        {
            "name": "big",
            "series": "series",
            "order": "wave",
            "columns": {
                "series": {"type": "string"},
                "wave": {"type": "integer", "min": 1},
                "date": {"type": "date"},
                "count": {"type": "integer", "min": 0},
                "cumulative": {"type": "integer"},
                "source": {"type": "string"},
            },
            "rules": [
                {"rule": "sequence", "column": "wave"},
                {"rule": "monotonic", "column": "cumulative"},
                {"rule": "running-total", "total": "cumulative", "increment": "count"},
            ],
        }
    )
    threaded = tallycheck.validate(path, loaded).to_dict()
    monkeypatch.setattr(parallel, "THREADED_ROWS", 10**9)
    in_order = tallycheck.validate(path, loaded).to_dict()
    assert threaded == in_order
    # Each off total is flagged and the row after it follows the corrected chain, except
    # where the off total opens its series: it is not judged, and the row after it is.
    off = [n for n in range(rows) if n % 997 == 5]
    running = {n for n in off if n % 50} | {n + 1 for n in off if n % 50 == 0 and n + 1 < rows}
    dates = {n for n in range(rows) if n % 1999 == 7}
    wanted = {("running-total", n + 2) for n in running} | {("type", n + 2) for n in dates}
    found = [(f["rule"], f["line"]) for f in threaded["findings"]]
    assert sorted(found, key=lambda f: f[1]) == sorted(wanted, key=lambda f: f[1])


def test_the_rules_started_first_are_registered_rules() -> None:
    """The engine's scheduling hint names rules by id: a renamed rule must not
    fall out of it unnoticed."""
    assert WALKING_RULES
    assert WALKING_RULES.issubset(RULES), "tallycheck/engine.py: WALKING_RULES names no rule"
