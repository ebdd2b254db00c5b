"""Every Python example of docs/pandera.md runs as written, from the repository's root."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

pytest.importorskip("pandera")
pytest.importorskip("polars")

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "pandera.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_doc_has_its_three_examples() -> None:
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_example_runs(
    number: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    script = tmp_path / f"example_{number}.py"
    script.write_text(EXAMPLES[number], encoding="utf-8")
    runpy.run_path(str(script))
    if number == 0:  # the rows of waves 7 and 8, and the totals they should give
        assert capsys.readouterr().out == "2 207\n3 227\n"
