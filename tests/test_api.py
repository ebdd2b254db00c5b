"""The Python API as DESIGN gives it: a path or a DataFrame in, a Report out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

import tallycheck

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "belarus-pardons.csv"


def _summary(report: tallycheck.Report) -> list[tuple[object, ...]]:
    return [(f.rule, f.row, f.value, f.expected, f.also) for f in report.findings]


def test_a_path_gives_the_stale_totals_first() -> None:
    report = tallycheck.validate(str(SEED), schema="pardon-waves")
    assert report.ok is False
    assert report.findings[0].rule == "running-total"
    assert [(f.rule, f.line) for f in report.findings] == [
        ("running-total", 4),
        ("running-total", 5),
        ("quoted", 2),
        ("quoted", 3),
        ("sequence", 3),
        ("quoted", 4),
        ("quoted", 5),
    ]
    assert report.to_dict()["summary"]["errors"] == 2


def test_a_dataframe_gives_the_same_findings_by_position_without_lines() -> None:
    from_file = tallycheck.validate(SEED, schema="pardon-waves")
    frame = pd.read_csv(SEED, dtype=str, keep_default_na=False)
    from_frame = tallycheck.validate(frame, schema=tallycheck.load_schema("pardon-waves"))
    assert _summary(from_frame) == _summary(from_file)
    assert [f.row for f in from_frame.findings] == [3, 4, 1, 2, 2, 3, 4]
    assert all(f.line is None and f.file == "<frame>" for f in from_frame.findings)


def test_checking_a_path_does_not_load_pandas() -> None:
    probe = (
        "import sys, tallycheck\n"
        f"report = tallycheck.validate({str(SEED)!r}, schema='pardon-waves')\n"
        "print(report.ok, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_a_table_no_schema_maps_is_reported_only_when_it_cannot_be_read(tmp_path: Path) -> None:
    from tallycheck.api import validate_each
    from tallycheck.report import Finding
    from tallycheck.severity import Severity

    note = Finding("unmatched-glob", Severity.WARNING, "tallycheck.yaml", "no file", line=4)
    missing = str(tmp_path / "missing.csv")
    report = validate_each(
        [(missing, None), (SEED, None), (SEED, "pardon-waves")], config_findings=[note]
    )
    assert [(r.path, r.schema, r.readable) for r in report.files] == [
        (missing, None, False),
        (str(SEED), "pardon-waves", True),
    ]
    assert [(f.rule, f.file, f.message) for f in report.findings if f.file != str(SEED)] == [
        ("unreadable", missing, "no such file"),
        ("unmatched-glob", "tallycheck.yaml", "no file"),
    ]
