"""The ready schemas that ship inside the package (``--schema pardon-waves``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_SUFFIX = ".yaml"


def _folder() -> Traversable:
    from importlib import resources  # here: a run with a schema file of its own needs none

    return resources.files("tallycheck") / "schemas"


def names() -> list[str]:
    """The names of the shipped schemas, sorted."""
    return sorted(
        p.name.removesuffix(_SUFFIX) for p in _folder().iterdir() if p.name.endswith(_SUFFIX)
    )


def exists(name: str) -> bool:
    """Whether a shipped schema of that name exists."""
    return name in names()


def read(name: str) -> str:
    """The text of a shipped schema."""
    return (_folder() / f"{name}{_SUFFIX}").read_text(encoding="utf-8")
