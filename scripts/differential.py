"""Run the differential test at length and count the disagreements.

    .venv/bin/python scripts/differential.py             # 10,000 examples
    .venv/bin/python scripts/differential.py -n 50000 --show 5
    .venv/bin/python scripts/differential.py --shrink    # the smallest failing table

Unlike the pytest run, which stops at the first disagreement, this runs every
example, groups the disagreements by the rule and side they concern, and prints
the smallest table of each group, so that each can be judged: a bug in
tallycheck, or in tests/reference.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from test_differential import Rows, disagreement, tables


def _group(only_real: list[Any], only_reference: list[Any]) -> str:
    """A label for a disagreement: the rules each side alone reports."""
    real = sorted({f[0] for f in only_real})
    reference = sorted({f[0] for f in only_reference})
    return (
        f"only tallycheck: {','.join(real) or '-'} | only reference: {','.join(reference) or '-'}"
    )


def explore(examples: int, show: int) -> int:
    """Run ``examples`` tables; print the count, the groups and their smallest tables."""
    counts: Counter[str] = Counter()
    smallest: dict[str, tuple[int, Rows, dict[str, Any], Any]] = {}
    ran = 0

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(tables())
    def run(case: tuple[Rows, dict[str, Any]]) -> None:
        nonlocal ran
        ran += 1
        rows, schema = case
        found = disagreement(rows, schema)
        if found is None:
            return
        group = _group(*found)
        counts[group] += 1
        if group not in smallest or len(rows) < smallest[group][0]:
            smallest[group] = (len(rows), rows, schema, found)

    start = time.monotonic()
    run()
    seconds = time.monotonic() - start
    total = sum(counts.values())
    print(f"{ran} examples in {seconds:.0f} s; {total} disagreements")
    for group, count in counts.most_common():
        print(f"\n{count:6d}  {group}")
        _, rows, schema, (only_real, only_reference) = smallest[group]
        if show:
            print("   rules:", json.dumps(schema["rules"]), "about:", schema["tallies"]["about"])
            for number, row in enumerate(rows, 1):
                print(f"   row {number}:", json.dumps(row, ensure_ascii=False))
            print("   only tallycheck:", only_real)
            print("   only reference:", only_reference)
    return 1 if total else 0


def shrink() -> int:
    """Let hypothesis find and shrink one failing table, and show it."""

    @settings(max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
    @given(tables())
    def run(case: tuple[Rows, dict[str, Any]]) -> None:
        rows, schema = case
        found = disagreement(rows, schema)
        assert found is None, (json.dumps(schema["rules"]), rows, found)

    try:
        run()
    except AssertionError as error:
        print(error)
        return 1
    print("no disagreement found")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--examples", type=int, default=10_000)
    parser.add_argument("--show", type=int, default=1, help="print each group's smallest table")
    parser.add_argument("--shrink", action="store_true", help="shrink one failing table")
    args = parser.parse_args()
    return shrink() if args.shrink else explore(args.examples, args.show)


if __name__ == "__main__":
    raise SystemExit(main())
