"""The one wording of a name that is not one of the names allowed, with a "did you mean"."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'cumulative'?)`` or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def unknown(what: str, word: object, choices: Sequence[str], *, named: bool = True) -> str:
    """``unknown rule 'sequense' (did you mean 'sequence'?); expected one of sequence, ...``.

    ``named`` false leaves the word itself out, where the message's place names it
    already (``columns.wave.mni: unknown key (did you mean 'min'?)``).
    """
    shown = f" '{word}'" if named else ""
    return (
        f"unknown {what}{shown}{did_you_mean(str(word), choices)}; "
        f"expected one of {', '.join(choices)}"
    )
