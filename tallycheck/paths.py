"""Paths as the config sees them: relative to its folder, matched by globs.

A glob is written with ``/`` between folders: ``*``, ``?`` and ``[...]`` match
within one folder, and a ``**`` segment matches any number of folders (none
included), so ``data/**/*.csv`` matches ``data/a.csv`` and ``data/2025/b.csv``.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path


def relative(path: str | Path, root: Path) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators, or None outside it.

    A path reached through a symbolic link counts under either of its names.
    """
    for candidate in (os.path.abspath(path), os.path.realpath(path)):
        for folder in (root, root.resolve()):
            try:
                return Path(candidate).relative_to(folder).as_posix()
            except ValueError:
                continue
    return None


def glob_matches(path: str, pattern: str) -> bool:
    """Whether a relative ``/``-separated path matches a glob."""
    return _match(path.split("/"), pattern.split("/"))


def _match(parts: list[str], pattern: list[str]) -> bool:
    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_match(parts[i:], rest) for i in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], head) and _match(parts[1:], rest)


def shown(path: Path) -> str:
    """A path for messages: relative to the working directory when inside it."""
    here = Path.cwd()
    try:
        return path.relative_to(here).as_posix()
    except ValueError:
        return str(path)


def same_file_key(path: str | Path) -> tuple[int, int] | str:
    """What names one file however its path is spelt: its device and inode when it
    exists, else its absolute path with ``.`` and ``..`` resolved."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        try:
            return os.path.realpath(path)
        except ValueError:  # a NUL in the path: it names no file
            return os.path.abspath(path)
    return (status.st_dev, status.st_ino)
