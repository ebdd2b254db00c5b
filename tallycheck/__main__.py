"""``python -m tallycheck``."""

from tallycheck.cli import run

run()
