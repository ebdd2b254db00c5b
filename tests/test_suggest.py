"""The one wording of an unknown name, with a "did you mean"."""

from __future__ import annotations

from tallycheck.suggest import did_you_mean, unknown


def test_a_close_name_is_suggested() -> None:
    assert did_you_mean("sequense", ["sequence", "monotonic"]) == " (did you mean 'sequence'?)"


def test_no_close_name_no_suggestion() -> None:
    assert did_you_mean("zzz", ["sequence", "monotonic"]) == ""


def test_unknown_names_the_word_the_suggestion_and_the_choices() -> None:
    assert unknown("rule", "sequense", ("sequence", "monotonic")) == (
        "unknown rule 'sequense' (did you mean 'sequence'?); expected one of sequence, monotonic"
    )


def test_unknown_leaves_out_a_word_its_place_names() -> None:
    assert unknown("key", "mni", ("min", "max"), named=False) == (
        "unknown key (did you mean 'min'?); expected one of min, max"
    )


def test_unknown_of_a_non_text_value() -> None:
    assert unknown("type", 5, ("integer", "number")) == (
        "unknown type '5'; expected one of integer, number"
    )
