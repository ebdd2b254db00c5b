"""``python -m tallycheck``."""

from tallycheck.cli import main

main()
