"""The progress bar: only on a terminal, only for many or large tables."""

from __future__ import annotations

from pathlib import Path

from tallycheck import progress


def test_no_bar_off_a_terminal(tmp_path: Path) -> None:
    tables = [str(tmp_path / f"t{i}.csv") for i in range(10)]
    assert progress.wanted(tables, terminal=False) is False


def test_bar_for_many_tables_on_a_terminal(tmp_path: Path) -> None:
    few = [str(tmp_path / f"t{i}.csv") for i in range(progress.MANY_TABLES - 1)]
    assert progress.wanted(few, terminal=True) is False
    assert progress.wanted([*few, "one more.csv"], terminal=True) is True


def test_bar_for_one_large_table_on_a_terminal(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as stream:
        stream.truncate(progress.LARGE_BYTES)
    assert progress.wanted([str(big)], terminal=True) is True
    assert progress.wanted(["-"], terminal=True) is False


def test_callback_is_none_when_no_bar_is_wanted() -> None:
    with progress.table_progress(["a.csv"]) as advance:
        assert advance is None
