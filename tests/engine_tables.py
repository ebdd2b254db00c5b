"""What the engine tests share: the rule cases' tables, a generated one that breaks
every column check and every rule, and the check that two engines agree."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from check_cases import case_files, case_schema, load

import tallycheck
from tallycheck.report import Finding, Report
from tallycheck.specs import Schema

EVERYTHING = Path(__file__).parent / "data" / "everything.yaml"
EXTRAS = {"gx": "great_expectations", "pandera": "pandera"}  # an engine, the module it needs


def missing_extra(engine: str) -> str | None:
    """Why the engine cannot run here (its extra is not installed: README's install
    has none, .ci/run adds them), or None."""
    module = EXTRAS.get(engine)
    if module is None or importlib.util.find_spec(module) is not None:
        return None
    return f"--engine {engine} needs the {engine} extra, which is not installed"


_BOUNDED = ("about {n}", "more than {n}", "at least {n}", "up to {n}", "nearly {n}")
_WORDS = {7: "seven", 12: "twelve", 20: "twenty", 29: "twenty-nine", 30: "thirty"}


def _tally(rng: random.Random, n: int) -> str:
    """A count as the news gives it: mostly exact, sometimes in words or as a bound."""
    roll = rng.random()
    if roll < 0.12:
        return rng.choice(_BOUNDED).format(n=n)
    if roll < 0.17 and n in _WORDS:
        return _WORDS[n]
    if roll < 0.2 and n >= 1000:
        return f"{n:,}"
    return str(n)


def _maybe(rng: random.Random, odds: float, bad: str, good: str) -> str:
    return bad if rng.random() < odds else good


def _series_rows(rng: random.Random, name: str, first_ref: int) -> list[dict[str, str]]:
    """One series of waves, mostly consistent, with faults injected at random."""
    rows: list[dict[str, str]] = []
    wave = rng.choice((1, 1, 1, 2))  # a series that starts at 2 breaks `start: 1`
    total, held, day = rng.randint(0, 50), rng.randint(1200, 1400), 19_700
    for k in range(rng.randint(6, 14)):
        if rng.random() < 0.12:
            wave += 1  # a gap in the waves
        pardoned = rng.randint(0, 40)
        women = rng.randint(0, pardoned)
        men = pardoned - women + (rng.choice((-2, 3)) if rng.random() < 0.08 else 0)
        stale = rng.random() < 0.1
        total = total if stale else total + pardoned
        cumulative = total + (rng.choice((-5, 7)) if rng.random() < 0.08 else 0)
        held += rng.choice((-30, -10, 0, 0, 15)) if rng.random() < 0.3 else -rng.randint(0, 20)
        day += rng.choice((-40, 20, 35, 60))
        row = {
            "series": name,
            "wave": _maybe(rng, 0.03, rng.choice(("x", "0", "99", "")), str(wave)),
            "date": _maybe(rng, 0.1, rng.choice(("", "2024-13-01", "1999-05-01")), _iso(day)),
            "pardoned": _maybe(
                rng, 0.05, rng.choice(("", "lots", "-3", "900")), _tally(rng, pardoned)
            ),
            "women": _maybe(rng, 0.15, "", _tally(rng, women)),
            "men": _maybe(rng, 0.2, "", _tally(rng, max(men, 0))),
            "ill": _maybe(rng, 0.6, "", str(rng.randint(0, pardoned + 5))),
            "cumulative": _maybe(rng, 0.1, "", _tally(rng, cumulative)),
            "held": _maybe(rng, 0.1, "", _tally(rng, held)),
            "share": _maybe(rng, 0.08, rng.choice(("1.5", "-0.2", "abc")), f"{rng.random():.2f}"),
            "ref": _maybe(
                rng, 0.1, rng.choice(("ab12", "AB 3", "", "AB-1")), f"AB-{first_ref + k}"
            ),
            "code": _maybe(rng, 0.06, rng.choice(("7", "x", "")), str(2 * (first_ref + k))),
            "kind": _maybe(rng, 0.08, rng.choice(("other", "")), rng.choice(("pardon", "amnesty"))),
            "grade": _maybe(rng, 0.08, rng.choice(("5", "two")), rng.choice(("1", "2", "3", ""))),
            "size": _maybe(rng, 0.1, rng.choice(("about 400", "more than 10", "five")), ""),
            "day": _maybe(rng, 0.1, rng.choice(("2024-01-01", "someday")), "2024-09-16"),
            "source": _maybe(rng, 0.05, "", rng.choice(("AP", "Al Jazeera", "Viasna"))),
            "url": _maybe(
                rng, 0.08, rng.choice(("ftp://x", "not a url", "")), "https://example.org/a"
            ),
        }
        quoting = random.Random(first_ref * 100 + k)  # apart, so that rng's draws stay as they were
        row["quote"] = _maybe(
            quoting,
            0.1,
            quoting.choice(("", f"{quoting.randint(0, 40)} were freed.")),
            f"{row['pardoned']} were freed; {row['cumulative'] or 'more'} in all.",
        )
        row["article"] = "articles/missing.txt" if quoting.random() < 0.05 else ""
        rows.append(row)
        if rng.random() < 0.08:
            rows.append(dict(row, source="Reuters"))  # a second source on the same wave
        wave += 1
    return rows


def _iso(day: int) -> str:
    return (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()


def generated_table(seed: int) -> str:
    """A CSV of several series, rows shuffled, breaking every column check and rule."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    for number, name in enumerate(("A", "B", "C", "D", "E", "")):
        rows.extend(_series_rows(rng, name, first_ref=100 * number))
    rng.shuffle(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def rule_cases() -> list[Any]:
    """Each case of tests/checks/cases as (schema mapping, table text, files), named as there."""
    params = []
    for path in case_files():
        document = load(path)
        for case in document["cases"]:
            schema = case_schema(path.stem, document["schema"], case)
            files = case.get("files", {})
            name = f"{path.stem}: {case['name']}"
            params.append(pytest.param(schema, case["table"], files, id=name))
    return params


def _key(finding: Finding) -> tuple[Any, ...]:
    return (
        finding.rule,
        finding.severity,
        finding.line,
        finding.row,
        finding.columns,
        finding.value,
        finding.expected,
        finding.message,
    )


def agreeing(table: str | Path | pd.DataFrame, schema: Schema, engine: str) -> Report:
    """The built-in engine's report, asserted to be ``engine``'s too, field for field."""
    builtin = tallycheck.validate(table, schema)
    other = tallycheck.validate(table, schema, engine=engine)
    assert [_key(f) for f in other.findings] == [_key(f) for f in builtin.findings]
    assert other.to_dict() == builtin.to_dict()  # names, series, related lines, provenance, also
    return builtin
