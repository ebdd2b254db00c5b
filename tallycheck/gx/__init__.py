"""The Great Expectations engine: the same schema, run as a GX Core suite.

``tallycheck validate --engine gx`` (or ``validate(..., engine="gx")``)
compiles the schema to an expectation suite (``compile``), runs it in an
ephemeral context on the table and the columns tallycheck derives from it
(``columns``, ``run``), and maps GX's results back to the same findings as the
built-in engine (``results``). ``tallycheck export-gx`` writes the suite as
GX's JSON. GX is the optional extra ``gx`` (``great_expectations``), imported
only here (``core``).

Which expectation judges which check (``X`` a column; ``rule[i]`` the schema's
rule number ``i``, from 0, whose derived columns each rule module's
``Derived`` documents):

- ``required``: ``ExpectColumnToExist`` on ``X`` (the column), and
  ``ExpectColumnValuesToNotBeNull`` on ``X`` (each cell).
- ``type``: ``ExpectColumnValuesToNotBeNull`` on ``X.parsed`` with the row
  condition ``X`` is not null: a filled cell must parse.
- ``min``: ``ExpectColumnValuesToBeBetween`` (``min_value``) on ``X.hi``: a
  tally is below the minimum only when its upper bound is.
- ``max``: ``ExpectColumnValuesToBeBetween`` (``max_value``) on ``X.lo``.
- ``unique``: ``ExpectColumnValuesToBeUnique`` on ``X.key``; GX flags every
  row of a repeated value, tallycheck reports the later ones.
- ``allowed``: ``ExpectColumnValuesToBeInSet`` on ``X.lo`` for numbers, on
  ``X`` for text and dates.
- ``pattern``: ``ExpectColumnValuesToNotBeNull`` on ``X.matched`` with the
  row condition ``X`` is not null: a filled cell must match. tallycheck reads
  the pattern with RE2, as the built-in engine does, in time linear in the text.
- ``sequence``: ``ExpectColumnValuesToBeInSet`` ``[step]`` on ``rule[i].step``
  (each value minus the one before it in its series), and ``[start]`` on
  ``rule[i].first`` (each series' first value) when ``start`` is given.
- ``monotonic``: ``ExpectColumnPairValuesAToBeGreaterThanB`` (``or_equal``
  unless strict, rows with a null skipped): ``hi`` over ``before_lo`` when
  increasing, ``before_hi`` over ``lo`` when decreasing.
- ``parts-sum``: ``ExpectColumnPairValuesAToBeGreaterThanB`` twice:
  ``total_hi`` at least ``sum_lo`` (the parts may not exceed the total), and
  ``exact_sum_hi`` at least ``total_lo`` (in exact mode they must reach it).
- ``running-total``: ``ExpectColumnPairValuesAToBeGreaterThanB`` twice:
  ``total_hi`` at least ``want_lo``, and ``want_hi`` at least ``total_lo``.
  ``want`` comes from the rule's chain walk (a stale figure continues from the
  expected value); after a gap ``want_hi`` is infinite, so only the first holds.

Tallies are intervals, and GX compares the bounds: the engines agree on every
row. Both engines derive the same columns (``rules/*.py``: ``derive``) and word
findings the same way (``describe``); only the judging differs.
"""

from __future__ import annotations

import os

os.environ["GX_ANALYTICS_ENABLED"] = "false"  # before GX is first imported: no usage statistics
