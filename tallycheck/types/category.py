"""``category``: one of the values listed under ``allowed``, which such a column must give."""

from __future__ import annotations

from tallycheck.types.string import Text

CATEGORY = Text("category", "one of the values listed in allowed", needs_allowed=True)
