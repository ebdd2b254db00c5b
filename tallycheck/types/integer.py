"""``integer``: a whole number, thousands separators allowed (1,300; 1.300 with a decimal comma)."""

from __future__ import annotations

from tallycheck.types.number import Number

INTEGER = Number(
    "integer",
    "a whole number, thousands separators allowed (1,300)",
    bounds=(int,),
    bound_words="a whole number",
    numeric=True,
    whole=True,
    keys=("decimal",),
)
