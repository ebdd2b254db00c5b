"""The engines' names: ``builtin`` is the default, ``pandas`` its former name, still accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import tallycheck
from tallycheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "fixtures" / "belarus-pardons.csv")


def _json_report(*engine: str) -> str:
    result = CliRunner().invoke(
        main, ["validate", SEED, "--schema", "pardon-waves", "--format", "json", *engine]
    )
    assert result.exit_code == 1
    return result.output


def test_builtin_is_the_default_and_pandas_its_alias_on_the_command_line() -> None:
    default = _json_report()
    assert _json_report("--engine", "builtin") == default
    assert _json_report("--engine", "pandas") == default


def test_builtin_is_the_default_and_pandas_its_alias_in_the_api() -> None:
    default = tallycheck.validate(SEED, "pardon-waves")
    assert [f.rule for f in default.findings] == [
        *("running-total", "running-total"),
        *("quoted", "quoted", "sequence", "quoted", "quoted"),
    ]
    assert tallycheck.validate(SEED, "pardon-waves", engine="builtin") == default
    assert tallycheck.validate(SEED, "pardon-waves", engine="pandas") == default


def test_an_unknown_engine_names_the_engines() -> None:
    with pytest.raises(tallycheck.UsageError) as raised:
        tallycheck.validate(SEED, "pardon-waves", engine="buitlin")
    assert raised.value.message == (
        "unknown engine 'buitlin' (did you mean 'builtin'?); expected one of builtin, gx, pandera"
    )


def test_help_names_the_engines_but_not_the_alias() -> None:
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert "--engine [builtin|gx|pandera]" in result.output
    assert "builtin (pandas is its former name)" in " ".join(result.output.split())
