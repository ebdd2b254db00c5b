"""How the draft's comments count things."""

from __future__ import annotations


def counted(count: int, word: str) -> str:
    """``1 fall``, ``1,250 falls``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def percent(held: int, judged: int) -> str:
    """``98.3 %``: a hit rate as the comments give it, never rounded up to 100."""
    share = 100 * held / judged if judged else 0.0
    text = f"{share:.1f}"
    if text == "100.0" and held < judged:
        text = "99.9"
    return f"{text.removesuffix('.0')} %"
