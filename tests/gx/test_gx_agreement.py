"""The GX engine agrees with the built-in one where GX reads its own way: patterns
(RE2) and numbers past the exact limit. tests/test_engines_agree.py runs the
fixtures, rule cases and generated tables through every engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_tables import agreeing

from tallycheck.schema.loader import schema_from_mapping

pytest.importorskip("great_expectations")


def test_patterns_are_read_by_re2(tmp_path: Path) -> None:
    """Anchored as a whole, with what RE2 reads its own way: POSIX classes,
    ASCII word characters, Unicode letter classes, an alternation."""
    patterns = {"posix": "[[:alpha:]]+", "word": r"\w+", "letters": r"\pL+", "either": "yes|no"}
    columns = {name: {"type": "string", "pattern": p} for name, p in patterns.items()}
    schema = schema_from_mapping({"name": "patterns", "columns": columns})
    path = tmp_path / "patterns.csv"
    path.write_text(
        "posix,word,letters,either\nabc,naïve,naïve,yes\n:a,a b,x1,yesno\n[:],x\u00a0,ab,no\n",
        encoding="utf-8",
    )
    pandas = agreeing(path, schema, "gx")
    failed = sorted((f.columns[0], f.value) for f in pandas.findings)
    assert failed == sorted(
        [
            ("word", "naïve"),  # RE2's \w is ASCII
            ("posix", ":a"),
            ("word", "a b"),
            ("letters", "x1"),
            ("either", "yesno"),
            ("posix", "[:]"),
        ]
    )  # "x\u00a0" is stripped to "x", a word


def test_numbers_past_the_exact_limit_and_a_catastrophic_pattern(tmp_path: Path) -> None:
    """Cells refused as too large (or not numbers at all) are refused by both engines,
    the rules judge the rest alike, and (a+)+$ is read in linear time by both."""
    schema = schema_from_mapping(
        {
            "name": "large",
            "order": "wave",
            "columns": {
                "wave": {"type": "integer"},
                "total": {"type": "tally"},
                "share": {"type": "number", "required": False},
                "code": {"type": "string", "pattern": "(a+)+$", "required": False},
            },
            "rules": [
                {"rule": "sequence", "column": "wave"},
                {"rule": "monotonic", "column": "total"},
            ],
        }
    )
    path = tmp_path / "large.csv"
    path.write_text(
        "wave,total,share,code\n"
        f"9007199254740989,9007199254740991,1e309,{'a' * 40}!\n"
        "9007199254740990,9007199254740990,0x1F,aaa\n"
        "9007199254740991,more than 9007199254740991,inf,\n"
        "9223372036854775808,0x1F,1.5,\n"
        f"{'9' * 5000},1,0.5,\n",
        encoding="utf-8",
    )
    pandas = agreeing(path, schema, "gx")
    assert sorted((f.rule, f.line, f.columns[0]) for f in pandas.findings) == [
        ("monotonic", 3, "total"),
        ("not-judged", 1, "total"),  # monotonic, on its column
        ("not-judged", 1, "wave"),  # monotonic, on the order
        ("not-judged", 1, "wave"),  # sequence
        ("pattern", 2, "code"),
        ("too-large", 2, "share"),
        ("too-large", 4, "total"),
        ("too-large", 5, "wave"),
        ("too-large", 6, "wave"),
        ("type", 3, "share"),
        ("type", 4, "share"),
        ("type", 5, "total"),
    ]
