"""The progress bar: only on a terminal, only for many or large tables, and moving
step by step through the check of one table."""

from __future__ import annotations

import io
import os
import pty
import re
import sys
import threading
from pathlib import Path

import pytest

from tallycheck import progress
from tallycheck.api import validate_each
from tallycheck.cli import main
from tallycheck.schema.loader import load_schema

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "fixtures" / "belarus-pardons.csv")


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
    with progress.table_progress(["a.csv"], terminal=True) as advance:
        assert advance is None


def test_each_table_reports_its_steps_in_order(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.csv")
    steps: list[tuple[object, str]] = []
    schema = load_schema("pardon-waves")
    validate_each([(SEED, schema), (missing, schema)], progress=lambda t, s: steps.append((t, s)))
    assert steps == [
        (SEED, "read"),
        (SEED, "parsed"),
        (SEED, "judged"),
        (SEED, "checked"),
        (missing, "checked"),  # unreadable: only its end
    ]


def _on_a_pty(monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """Run the CLI with stdout and stderr on a pseudo-terminal; what it drew there."""
    leader, follower = pty.openpty()
    drawn: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed
                return
            if not chunk:
                return
            drawn.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    terminal = io.TextIOWrapper(io.FileIO(follower, "w", closefd=False), write_through=True)
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(progress, "LARGE_BYTES", 1)  # the seed table counts as large
    try:
        with pytest.raises(SystemExit):
            main([*args])
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    return b"".join(drawn).decode()


def test_the_bar_moves_through_one_table_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _on_a_pty(monkeypatch, "validate", SEED, "--schema", "pardon-waves")
    shown = [int(pct) for pct in re.findall(r"checking .*?(\d+)%", drawn)]
    moves = list(dict.fromkeys(shown))  # each position as drawn, once
    assert moves[0] == 0
    assert moves[-1] == 100
    # read, parsed, judged: within a point (the bar counts whole bytes and percents)
    assert moves[1:-1] == pytest.approx([25, 50, 85], abs=1)


def test_no_bar_among_json_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _on_a_pty(monkeypatch, "validate", SEED, "--schema", "pardon-waves", "--format", "json")
    assert "checking" not in drawn
    assert '"findings"' in drawn
