"""Writing report files whole or not at all, and never over a file the run reads.

A report is written to a temporary file beside it, then renamed into place.
The temporary file's name is short (``.tallycheck-PID-RANDOM.tmp``, whatever
the report's name, so a report name as long as the filesystem allows still
works) and says which process writes it. A failure, an interrupt or SIGTERM
(the CLI turns it into a clean exit) removes it; after a SIGKILL, the next
write into the same folder removes it, once its writer is gone and it has
been left untouched for ``ABANDONED_AFTER`` seconds.

Why not Linux's ``O_TMPFILE``, which leaves nothing even after a SIGKILL: it
exists on Linux only, not on every filesystem, and needs ``/proc`` to link the
file into place, so a named temporary file would still be needed beside it;
one way that works everywhere is simpler to trust and to test.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from tallycheck.errors import UsageError
from tallycheck.paths import same_file_key

PREFIX = ".tallycheck-"
SUFFIX = ".tmp"
ABANDONED_AFTER = 60.0
_TEMPORARY = re.compile(rf"{re.escape(PREFIX)}(\d+)-[0-9a-f]+{re.escape(SUFFIX)}")


def _mode_for(target: Path) -> int:
    """The permissions the report gets: those of the file it replaces, else 0666 less umask.

    A report is not a secret, and replacing a report must not change who can read it.
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


def _running(pid: int) -> bool:
    """Whether a process of that id exists (one we may not signal counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def sweep(folder: Path, now: float | None = None) -> None:
    """Remove the temporary files that killed writers left in ``folder``."""
    now = time.time() if now is None else now
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _TEMPORARY.fullmatch(name)
        if match is None or int(match[1]) == os.getpid():
            continue
        path = folder / name
        try:
            if now - path.lstat().st_mtime > ABANDONED_AFTER and not _running(int(match[1])):
                path.unlink()
        except OSError:
            continue


def write_atomic(path: str | Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces, as they come) to a temporary file beside ``path``,
    then rename it into place.

    A failure leaves any earlier file at ``path`` untouched and no temporary
    file behind. The data reaches the disk before the rename, so that a crash
    leaves the old report or the new one, never a part of one.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    sweep(folder)
    temporary = folder / f"{PREFIX}{os.getpid()}-{os.urandom(4).hex()}{SUFFIX}"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
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
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise UsageError(
                f"cannot write the report ({error.strerror or error})", path=str(path)
            ) from None
        raise


def refuse_inputs(outputs: Iterable[tuple[str, str]], inputs: Iterable[str]) -> None:
    """Raise ``UsageError`` when a report file would overwrite a file the run reads,
    or another report: each output is ``(option, path)``, as in ``("--output", "r.json")``."""
    read = {same_file_key(path) for path in inputs if path != "-"}
    taken: dict[object, str] = {}
    for option, path in outputs:
        key = same_file_key(path)
        if key in read:
            raise UsageError(
                f"{option} {path}: is a file this run reads (a table, a schema or the config); "
                "a report never overwrites its inputs"
            )
        if key in taken:
            raise UsageError(f"{option} {path}: names the same file as {option} {taken[key]}")
        taken[key] = path
