"""What the quoted rule costs: the same table checked with and without it.

    python bench/quoted.py [--rows 1000000] [--quotes 10000] [--rounds 3]

Writes a table of ``--rows`` rows (seeded, cached in bench/data/) whose quotes
are about 100 words long and repeat: ``--quotes`` distinct quotes, as a desk's
rows cite the same articles. Each quote states its rows' figures, in digits or
words, with qualifiers, among other numbers; one row in 200 has a figure its
quote does not state. Prints the best time of each run and the ratio of what
``quoted`` adds to the rest of the run (the issue's bound: at most 1.5).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import tallycheck  # noqa: E402
from tallycheck.schema.loader import schema_from_mapping  # noqa: E402

_FILLER_TEXT = (
    "the ministry said in a statement on its website that officials had reviewed "
    "the cases of those convicted under articles of the criminal code and that "
    "further decisions would follow after consultations with the relevant "
    "authorities according to rights groups who track the releases and say many "
    "more remain behind bars while families wait for news from the colonies"
)
FILLER = _FILLER_TEXT.split()
WORDS = {
    6: "six",
    11: "eleven",
    18: "eighteen",
    20: "twenty",
    29: "twenty-nine",
    37: "thirty-seven",
}


def schema(with_quoted: bool) -> tallycheck.Schema:
    rules: list[dict[str, object]] = [
        {"rule": "sequence", "column": "wave"},
        {"rule": "parts-sum", "parts": ["women", "men"], "total": "count"},
    ]
    if with_quoted:
        rules.append(
            {"rule": "quoted", "columns": ["count", "women", "men", "cumulative"], "quote": "quote"}
        )
    return schema_from_mapping(
        {
            "name": "bench-quoted",
            "series": "series",
            "order": "wave",
            "columns": {
                "series": {"type": "string"},
                "wave": {"type": "integer", "min": 1},
                "count": {"type": "tally"},
                "women": {"type": "tally"},
                "men": {"type": "tally"},
                "cumulative": {"type": "tally"},
                "quote": {"type": "string"},
            },
            "rules": rules,
        }
    )


def _say(rng: random.Random, n: int) -> str:
    if n in WORDS and rng.random() < 0.3:
        return WORDS[n]
    return f"{n:,}" if rng.random() < 0.5 else str(n)


def _quote(rng: random.Random, count: int, women: int, cumulative: int) -> str:
    """About 100 words stating the figures, with other numbers among them."""
    men = count - women
    told = [
        f"pardoned {_say(rng, count)} people",
        f"including {_say(rng, women)} women and {_say(rng, men)} men",
        f"in all {_say(rng, cumulative)} have been freed since July",
        f"more than {rng.randint(1000, 1400):,} remain in prison",
        f"the {rng.randint(2, 9)} colonies hold about {rng.randint(100, 900)} of them",
    ]
    words: list[str] = []
    for part in told:
        words += rng.sample(FILLER, 14) + part.split()
    return " ".join(words[:110]).capitalize() + "."


def table(rows: int, quotes: int, seed: int) -> Path:
    path = HERE / "data" / f"quoted-{rows}-{quotes}-{seed}.csv"
    if path.exists():
        return path
    path.parent.mkdir(exist_ok=True)
    rng = random.Random(seed)
    figures = []
    for _ in range(quotes):
        count = rng.randint(5, 60)
        women = rng.randint(0, count)
        cumulative = rng.randint(100, 5000)
        figures.append((count, women, cumulative, _quote(rng, count, women, cumulative)))
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["series", "wave", "count", "women", "men", "cumulative", "quote"])
        for row in range(rows):
            count, women, cumulative, quote = figures[rng.randrange(quotes)]
            if rng.random() < 0.005:
                cumulative += 9  # a figure the quote does not state
            series, wave = divmod(row, 100)
            writer.writerow(
                [f"s{series}", wave + 1, count, women, count - women, cumulative, quote]
            )
    return path


def best(path: Path, with_quoted: bool, rounds: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        report = tallycheck.validate(path, schema(with_quoted))
        times.append(time.perf_counter() - start)
        found = sum(f.rule == "quoted" for f in report.findings)
    return min(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quotes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20250)
    args = parser.parse_args()
    path = table(args.rows, args.quotes, args.seed)
    without, _ = best(path, False, args.rounds)
    with_, found = best(path, True, args.rounds)
    print(f"{args.rows:,} rows, {args.quotes:,} distinct quotes of about 100 words")
    print(f"without quoted: {without:.2f} s; with quoted: {with_:.2f} s ({found:,} findings)")
    print(f"quoted costs {(with_ - without) / without:.2f}x the rest of the run (bound: 1.5)")


if __name__ == "__main__":
    main()
