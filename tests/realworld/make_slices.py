"""Cut the slices kept here from their public sources (run by hand, never by the tests).

Usage: python tests/realworld/make_slices.py MIRRORS_DIR

MIRRORS_DIR holds a git clone of each source as OWNER+NAME/repo. Rows are kept as the
source gives them; the only conversions are named in README.md (JSON records re-indented
after slicing, one day's regional CSV files joined into one table).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

WAR = ("PetroIvaniuk+2022-Ukraine-Russia-War-Dataset", "37655f8bbdd6806d2f94416253116b02a750c97b")
ITALY = ("pcm-dpc+COVID-19", "fc82987b9ebda01fe8e5b59d5667e3e00721edb9")
ELECTION = ("alex+nyt-2020-election-scraper", "ba249bc68b533b160398dcf1d21641c2f80920ca")
GAZA = ("TechForPalestine+palestine-datasets", "9ea6456f4437dac6f04e22eaab85b0ec88601179")

ITALY_WINDOWS = {  # region: (first day, last day), inclusive
    "Abruzzo": ("2020-06-14", "2020-07-28"),
    "Veneto": ("2021-06-20", "2021-06-25"),
    "Toscana": ("2024-07-03", "2024-07-12"),
}
ELECTION_STATES = ("Alaska (EV: 3)", "Georgia (EV: 16)")


def show(mirrors: Path, source: tuple[str, str], path: str) -> str:
    """The text of PATH at the source's pinned commit."""
    repo = mirrors / source[0] / "repo"
    out = subprocess.run(
        ["git", "-C", str(repo), "show", f"{source[1]}:{path}"],
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def war(mirrors: Path) -> None:
    """Days 1005 to 1170 of the equipment losses: four decreases."""
    records = json.loads(show(mirrors, WAR, "data/russia_losses_equipment.json"))
    kept = [r for r in records if 1005 <= r["day"] <= 1170]
    text = json.dumps(kept, indent=4, ensure_ascii=False) + "\n"
    (HERE / "war-losses-equipment.json").write_text(text, encoding="utf-8")


def gaza(mirrors: Path) -> None:
    """The first 108 daily reports (to 2024-01-22), indented as the source is: 2 spaces."""
    records = json.loads(show(mirrors, GAZA, "casualties_daily.json"))
    kept = [r for r in records if r["report_date"] <= "2024-01-22"]
    text = json.dumps(kept, indent=2, ensure_ascii=False) + "\n"
    (HERE / "gaza-casualties-daily.json").write_text(text, encoding="utf-8")


def italy(mirrors: Path) -> None:
    """Three regions over short windows, from the one-day files, in the source's order."""
    repo = mirrors / ITALY[0] / "repo"
    listing = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "--name-only", ITALY[1], "dati-regioni/"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    rows: list[dict[str, str]] = []
    for name in sorted(listing):
        day = name.removeprefix("dati-regioni/dpc-covid19-ita-regioni-").removesuffix(".csv")
        if not day.isdigit():
            continue
        iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        if not any(a <= iso <= b for a, b in ITALY_WINDOWS.values()):
            continue
        for row in csv.DictReader(io.StringIO(show(mirrors, ITALY, name))):
            window = ITALY_WINDOWS.get(row["denominazione_regione"])
            if window and window[0] <= iso <= window[1]:
                rows.append(row)
    # The one-day files gained six columns in 2020-12; earlier rows get them blank.
    header = list(rows[-1])
    with (HERE / "covid-italy-regions.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, header, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def election(mirrors: Path) -> None:
    """Every update of two states, the source's lines with one column appended: ``update``,
    the update's rank by timestamp within its state (1 for the first), since an order
    column must be a number or a date and tallycheck does not read date-times yet."""
    lines = show(mirrors, ELECTION, "all-state-changes.csv").splitlines(keepends=True)
    kept = [line for line in lines[1:] if line.startswith(ELECTION_STATES)]
    (HERE / "election-2020-updates.csv").write_text(
        "".join(with_update_rank([lines[0], *kept])), encoding="utf-8"
    )


def with_update_rank(lines: list[str]) -> list[str]:
    """The header and records with ``,update`` appended (records hold no line break)."""
    records = list(csv.reader(lines[1:]))
    rank: dict[int, int] = {}
    for state in {r[0] for r in records}:
        mine = sorted((r[1], i) for i, r in enumerate(records) if r[0] == state)
        rank.update({i: n for n, (_, i) in enumerate(mine, start=1)})
    body = [f"{line.rstrip(chr(10))},{rank[i]}\n" for i, line in enumerate(lines[1:])]
    return [lines[0].rstrip("\n") + ",update\n", *body]


if __name__ == "__main__":
    mirrors = Path(sys.argv[1])
    war(mirrors)
    italy(mirrors)
    election(mirrors)
    gaza(mirrors)
