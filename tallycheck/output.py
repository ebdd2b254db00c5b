"""Writing report files whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tallycheck.errors import UsageError


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place.

    A failure leaves any earlier file at ``path`` untouched and no temporary
    file behind.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UsageError(f"cannot write the report ({error.strerror})", path=str(path)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise UsageError(
                f"cannot write the report ({error.strerror})", path=str(path)
            ) from None
        raise
