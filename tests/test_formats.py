"""The input formats: every suffix the readers' registry takes is taken by the
pre-commit hook, named by the command's help and by the README, and read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tallycheck.cli import main
from tallycheck.errors import TableError
from tallycheck.tables.read import SUFFIXES, read_table

ROOT = Path(__file__).resolve().parent.parent


def hook_pattern() -> re.Pattern[str]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    return re.compile(hook["files"])


def test_the_suffixes_are_the_formats_tallycheck_reads() -> None:
    assert SUFFIXES == (".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".parquet")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_the_hook_passes_every_format_it_reads(suffix: str) -> None:
    assert hook_pattern().search(f"data/2025/pardons{suffix}")


@pytest.mark.parametrize("name", ["data/pardons.xlsx", "data/pardons.csv.bak", "ndjson"])
def test_the_hook_passes_no_other_file(name: str) -> None:
    assert not hook_pattern().search(name)


def test_the_command_help_names_every_format() -> None:
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    assert "(.csv, .tsv, .json, .jsonl, .ndjson, .parquet; - reads CSV from stdin)" in help_text


def test_the_readme_names_every_format() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = " ".join(readme.split("- `TABLE` is ", 1)[1].split("\n- ", 1)[0].split())
    for suffix in SUFFIXES:
        assert f"`{suffix}`" in paragraph


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_suffix_is_read_in_any_case(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"missing{suffix.upper()}"
    with pytest.raises(TableError) as caught:
        read_table(str(path))
    assert caught.value.one_line() == f"{path}: no such file"
