"""Whether the terminal report is coloured, by the conventions other tools follow.

In this order: ``NO_COLOR`` set to anything but the empty string turns colour
off (no-color.org: an empty ``NO_COLOR`` does not); ``FORCE_COLOR`` set to
anything but the empty string turns it on, even into a pipe or a file;
``TERM=dumb`` turns it off; otherwise colour goes only to a terminal. This is
the order Python's own tracebacks use.
"""

from __future__ import annotations

from collections.abc import Mapping


def use_colour(env: Mapping[str, str], is_terminal: bool) -> bool:
    """Whether to colour output going to a terminal (``is_terminal``) or not."""
    if env.get("NO_COLOR", ""):
        return False
    if env.get("FORCE_COLOR", ""):
        return True
    if env.get("TERM") == "dumb":
        return False
    return is_terminal
