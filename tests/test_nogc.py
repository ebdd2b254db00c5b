"""The collector pauses while findings are built, and comes back as it was."""

from __future__ import annotations

import gc

import pytest

from tallycheck.nogc import no_gc


def test_the_collector_is_off_in_the_block_and_restored_after_it() -> None:
    assert gc.isenabled()
    with no_gc():
        assert not gc.isenabled()
        with no_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a nested block leaves it off for the outer one
    assert gc.isenabled()


def test_an_error_in_the_block_still_restores_the_collector() -> None:
    with pytest.raises(ValueError, match="boom"), no_gc():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with no_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
