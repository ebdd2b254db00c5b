"""A table with many historic breaks, for the baseline's end-to-end tests: its
schema, its text, and the text after a new break is added and an old one fixed."""

from __future__ import annotations

from pathlib import Path

SCHEMA = """\
name: history
order: day
columns:
  day: {type: integer, min: 0}
  new: {type: integer, min: 0}
  total: {type: integer, min: 0}
rules:
  - {rule: running-total, total: total, increment: new}
"""
DAYS = 60
BROKEN = tuple(range(5, DAYS + 1, 5))  # 12 historic breaks: a total 1 short every 5th day


def table(*, fixed: tuple[int, ...] = (), new_break: bool = False) -> str:
    """The table's CSV: ``fixed`` breaks repaired; ``new_break`` adds day 61 with a wrong total."""
    lines = ["day,new,total"]
    for day in range(1, DAYS + 1):
        short = day in BROKEN and day not in fixed
        lines.append(f"{day},1,{day - 1 if short else day}")
    if new_break:
        lines.append(f"{DAYS + 1},1,{DAYS + 5}")
    return "\n".join(lines) + "\n"


def set_up(folder: Path) -> None:
    """``data/history.csv`` and ``history.yaml`` with a tallycheck.yaml mapping them."""
    (folder / "data").mkdir(exist_ok=True)
    (folder / "data" / "history.csv").write_text(table(), encoding="utf-8")
    (folder / "history.yaml").write_text(SCHEMA, encoding="utf-8")
    (folder / "tallycheck.yaml").write_text(
        'tables:\n  - files: "data/*.csv"\n    schema: history.yaml\n', encoding="utf-8"
    )
