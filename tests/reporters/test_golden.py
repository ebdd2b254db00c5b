"""Every format, rendered from the same run over the seed table, against its golden file.

Run ``pytest tests/reporters --update-golden`` to rewrite the files after a deliberate
change, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tallycheck
from tallycheck import reporters

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = {
    "text": "txt",
    "json": "json",
    "markdown": "md",
    "html": "html",
    "junit": "xml",
    "sarif": "sarif",
    "github": "github.txt",
}


@pytest.fixture(scope="module")
def seed_report() -> tallycheck.Report:
    import os

    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return tallycheck.validate("fixtures/belarus-pardons.csv", schema="pardon-waves")
    finally:
        os.chdir(here)


def test_every_format_has_a_golden_extension() -> None:
    assert set(EXTENSIONS) == set(reporters.FORMATS)


@pytest.mark.parametrize("name", reporters.FORMATS)
def test_format_matches_golden(
    name: str, seed_report: tallycheck.Report, request: pytest.FixtureRequest
) -> None:
    rendered = reporters.get(name).render(seed_report)
    golden = GOLDEN / f"seed.{EXTENSIONS[name]}"
    if request.config.getoption("--update-golden"):
        golden.write_text(rendered, encoding="utf-8")
    assert golden.exists(), f"no golden file yet: run pytest {__file__} --update-golden"
    assert rendered == golden.read_text(encoding="utf-8")
