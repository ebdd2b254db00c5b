"""Writing report files whole or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from tallycheck.errors import UsageError


def _mode_for(target: Path) -> int:
    """The permissions the report gets: those of the file it replaces, else 0666 less umask.

    ``mkstemp`` creates its file readable by its owner only; a report is not a secret,
    and replacing a report must not change who can read it.
    """
    try:
        status = target.stat()
    except OSError:
        status = None
    if status is not None and stat.S_ISREG(status.st_mode):
        return stat.S_IMODE(status.st_mode)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, as they come) to a temporary file beside ``path``,
    then rename it into place.

    A failure leaves any earlier file at ``path`` untouched and no temporary
    file behind. The data reaches the disk before the rename, so that a crash
    leaves the old report or the new one, never a part of one.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UsageError(f"cannot write the report ({error.strerror})", path=str(path)) from None
    try:
        # A reporter escapes what it writes; should a lone surrogate still slip through,
        # it is written as an escape rather than failing the whole report.
        with os.fdopen(
            handle, "w", encoding="utf-8", errors="backslashreplace", newline="\n"
        ) as stream:
            stream.writelines([text] if isinstance(text, str) else text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise UsageError(
                f"cannot write the report ({error.strerror or error})", path=str(path)
            ) from None
        raise
