"""The pandera tests share the engine tests' tables (tests/gx/gx_tables.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1] / "gx"))
