"""tallycheck inside pandera: its rules as registered pandera checks, a schema as a
pandera DataFrameSchema, and the pandera engine (``--engine pandera``).

``import tallycheck.pandera`` registers a check per rule
(``Check.tallycheck_running_total(...)``, see ``checks``) for pandas and polars
frames; ``to_pandera(schema)`` gives the DataFrameSchema that judges the frame
``prepare(data, schema)`` makes of a table (``schema``). pandera is the optional
extra ``pandera``, imported only here (``core``). docs/pandera.md shows both uses.
"""

from __future__ import annotations

from tallycheck.pandera import checks
from tallycheck.pandera.schema import prepare, to_pandera

__all__ = ["checks", "prepare", "to_pandera"]
