"""Report files are written whole or not at all: a failure leaves the old file as it was.

``write_atomic`` writes a temporary file beside the report and renames it into
place; these tests make rendering or writing fail at each step (a reporter that
raises, a write, an fsync or the rename that fails with OSError, an interrupt)
and check that the previous report is byte for byte the same and that no
temporary file is left behind, in the library and through the command line.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tallycheck import reporters
from tallycheck.cli import main
from tallycheck.errors import UsageError
from tallycheck.output import ABANDONED_AFTER, refuse_inputs, write_atomic

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "fixtures" / "belarus-pardons.csv")
OLD = "the previous report\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Anything in the folder but the reports themselves: temporary files."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _fails(*, on: Callable[..., bool] | None = None) -> Callable[..., Any]:
    """A stand-in that raises ENOSPC (for the calls ``on`` picks, or for every call)."""

    real = os.replace

    def replace(source: Any, target: Any) -> None:
        if on is None or on(source, target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(source, target)

    return replace


# --- the library ----------------------------------------------------------------------


def test_writes_the_text_whole(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    write_atomic(target, "{}\n")
    assert target.read_bytes() == b"{}\n"
    assert leftovers(tmp_path) == []


def test_a_new_report_is_readable_as_the_umask_allows(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "r.json", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o640


def test_a_replaced_report_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o604)
    write_atomic(target, "<p>new</p>\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert target.read_text(encoding="utf-8") == "<p>new</p>\n"


def test_line_ends_are_lf_and_text_is_utf_8(tmp_path: Path) -> None:
    write_atomic(tmp_path / "r.md", "a\nb \u2013 \u201cc\u201d\n")
    assert (tmp_path / "r.md").read_bytes() == "a\nb \u2013 \u201cc\u201d\n".encode()


def test_a_lone_surrogate_is_written_as_an_escape_not_a_crash(tmp_path: Path) -> None:
    write_atomic(tmp_path / "r.md", "a\ud800b\n")
    assert (tmp_path / "r.md").read_bytes() == b"a\\ud800b\n"


@pytest.mark.parametrize("step", ["replace", "write", "fsync", "chmod"])
def test_a_failing_write_leaves_the_old_report_and_no_temporary_file(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_text(OLD, encoding="utf-8")
    before = digest(target)

    def fail(*_: Any, **__: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    if step == "write":
        real_fdopen = os.fdopen

        def fdopen(*args: Any, **kwargs: Any) -> Any:
            stream = real_fdopen(*args, **kwargs)
            stream.write = fail
            return stream

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(os, step, fail)
    with pytest.raises(UsageError) as raised:
        write_atomic(target, "{}\n")
    assert str(raised.value) == f"{target}: cannot write the report (No space left on device)"
    assert digest(target) == before
    assert leftovers(tmp_path) == []


def test_an_interrupt_leaves_the_old_report_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_text(OLD, encoding="utf-8")

    def interrupt(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "{}\n")
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        write_atomic(tmp_path / "no" / "r.json", "{}\n")
    assert str(raised.value) == (
        f"{tmp_path / 'no' / 'r.json'}: cannot write the report (No such file or directory)"
    )


def test_a_folder_in_the_way_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "r.json").mkdir()
    with pytest.raises(UsageError) as raised:
        write_atomic(tmp_path / "r.json", "{}\n")
    assert str(raised.value).endswith("r.json: cannot write the report (Is a directory)")
    assert leftovers(tmp_path) == []


def test_a_relative_name_is_written_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_atomic("r.json", "{}\n")
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == "{}\n"


# --- through the command line -------------------------------------------------------


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", SEED, "--schema", "pardon-waves", *args])


def test_a_reporter_that_raises_leaves_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.html"
    target.write_text(OLD, encoding="utf-8")
    before = digest(target)

    class Broken:
        @staticmethod
        def render(_: object) -> str:
            raise RuntimeError("the template is broken")

    real_get = reporters.get
    monkeypatch.setattr(reporters, "get", lambda name: Broken if name == "html" else real_get(name))
    result = invoke("--output", str(target))
    assert result.exit_code == 2  # a bug in tallycheck: one line, no traceback
    assert result.stderr == (
        "tallycheck: internal error, please report it with the command you ran: "
        "RuntimeError: the template is broken\n"
    )
    assert digest(target) == before
    assert leftovers(tmp_path) == []


def test_a_failing_rename_through_the_cli_is_exit_2_and_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.sarif"
    target.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(os, "replace", _fails())
    result = invoke("--output", str(target))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"tallycheck: {target}: cannot write the report (No space left on device)\n"
    )
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_two_outputs_when_the_second_fails_the_first_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each report is atomic on its own; the run stops at the first that fails.

    The first report is replaced by the new one, the second keeps its old bytes,
    and the run exits 2 with one line naming the second.
    """
    first, second = tmp_path / "first.json", tmp_path / "second.md"
    for path in (first, second):
        path.write_text(OLD, encoding="utf-8")
    before = digest(second)
    monkeypatch.setattr(os, "replace", _fails(on=lambda _, target: Path(target) == second))
    result = invoke("--output", str(first), "--output", str(second))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"tallycheck: {second}: cannot write the report (No space left on device)\n"
    )
    assert json.loads(first.read_text(encoding="utf-8"))["summary"]["errors"] == 2
    assert digest(second) == before
    assert leftovers(tmp_path) == []


def test_two_outputs_written_whole(tmp_path: Path) -> None:
    first, second = tmp_path / "r.json", tmp_path / "r.xml"
    result = invoke("--output", str(first), "--output", str(second))
    assert result.exit_code == 1
    assert json.loads(first.read_text(encoding="utf-8"))["ok"] is False
    assert second.read_text(encoding="utf-8").startswith("<?xml")
    assert leftovers(tmp_path) == []


# --- temporary files: short names, and none left by a killed run ------------------------


def test_a_report_name_as_long_as_the_filesystem_allows_is_written(tmp_path: Path) -> None:
    target = tmp_path / ("r" * 250 + ".json")
    write_atomic(target, "{}\n")
    assert target.read_bytes() == b"{}\n"
    assert leftovers(tmp_path) == []


# The CLI in a real process, its report write held halfway: the test sends the signal
# once half of the report is on disk in the temporary file.
HALFWAY = """
import os, sys, time
real_fdopen = os.fdopen
def fdopen(*args, **kwargs):
    stream = real_fdopen(*args, **kwargs)
    real_write = stream.write
    def write(text):
        real_write(text[: len(text) // 2])
        stream.flush()
        print("halfway", file=sys.stderr, flush=True)
        time.sleep(60)
    stream.write = write
    return stream
os.fdopen = fdopen
from tallycheck.cli import main
main(sys.argv[1:])
"""


def _killed_halfway(target: Path, signum: int) -> tuple[int, str, list[str]]:
    """Run a validate writing ``target``, signal it halfway through the write; its exit
    code, stderr, and the temporary files in the folder just after it ended."""
    argv = ["validate", SEED, "--schema", "pardon-waves", "--output", str(target)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    with subprocess.Popen(
        [sys.executable, "-c", HALFWAY, *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        assert process.stderr is not None
        assert process.stderr.readline() == "halfway\n"
        [temporary] = leftovers(target.parent)
        assert (target.parent / temporary).stat().st_size > 0
        process.send_signal(signum)
        stderr = process.stderr.read()
        code = process.wait(timeout=60)
    return code, stderr, leftovers(target.parent)


def test_sigterm_mid_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text(OLD, encoding="utf-8")
    code, stderr, left = _killed_halfway(target, signal.SIGTERM)
    assert (code, stderr, left) == (128 + signal.SIGTERM, "tallycheck: terminated\n", [])
    assert target.read_text(encoding="utf-8") == OLD


def test_a_sigkill_leftover_is_swept_by_a_later_write_once_its_writer_is_gone(
    tmp_path: Path,
) -> None:
    target = tmp_path / "r.json"
    code, _, left = _killed_halfway(target, signal.SIGKILL)
    assert code == -signal.SIGKILL
    [leftover] = left
    assert re.fullmatch(r"\.tallycheck-\d+-[0-9a-f]{8}\.tmp", leftover)
    write_atomic(tmp_path / "other.json", "{}\n")
    assert leftovers(tmp_path) == [leftover]  # too fresh: its writer may be on a paused host
    abandoned = time.time() - ABANDONED_AFTER - 1
    os.utime(tmp_path / leftover, (abandoned, abandoned))
    write_atomic(tmp_path / "other.json", "{}\n")
    assert leftovers(tmp_path) == []
    assert not target.exists()


def test_a_running_writers_temporary_file_is_never_swept(tmp_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as writer:
        try:
            mine = tmp_path / f".tallycheck-{writer.pid}-0123abcd.tmp"
            other = tmp_path / ".tallycheck-notes.tmp"
            for path in (mine, other):
                path.write_text("half a report", encoding="utf-8")
                os.utime(path, (0, 0))
            write_atomic(tmp_path / "r.json", "{}\n")
            assert leftovers(tmp_path) == sorted([mine.name, other.name])
        finally:
            writer.kill()


# --- no report over an input ---------------------------------------------------------


def test_an_output_that_is_an_input_is_refused_by_any_name(tmp_path: Path) -> None:
    table = tmp_path / "x.json"
    table.write_text("[]", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(table)
    for path in (str(table), str(tmp_path / "." / "x.json"), str(tmp_path / "link.json")):
        with pytest.raises(UsageError) as raised:
            refuse_inputs([("--output", path)], ["-", str(table), "pardon-waves"])
        assert str(raised.value) == (
            f"--output {path}: is a file this run reads (a table, a schema or the config); "
            "a report never overwrites its inputs"
        )
    refuse_inputs([("--output", str(tmp_path / "r.json"))], ["-", str(table), "pardon-waves"])


def test_two_outputs_naming_one_file_are_refused(tmp_path: Path) -> None:
    first, second = str(tmp_path / "r.json"), f"{tmp_path}/sub/../r.json"
    (tmp_path / "sub").mkdir()
    with pytest.raises(UsageError) as raised:
        refuse_inputs([("--output", first), ("--output", second)], [])
    assert str(raised.value) == f"--output {second}: names the same file as --output {first}"


def test_an_output_onto_the_schema_leaves_it_as_it_was(tmp_path: Path) -> None:
    schema = tmp_path / "s.md"
    schema.write_text((ROOT / "tests" / "data" / "waves.yaml").read_text(encoding="utf-8"))
    before = digest(schema)
    argv = ["validate", SEED, "--schema", str(schema), "--output", str(tmp_path / "r.json")]
    result = CliRunner().invoke(main, [*argv, "--output", str(schema)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tallycheck: --output {schema}: is a file this run reads")
    assert digest(schema) == before
    assert not (tmp_path / "r.json").exists()


def test_an_output_onto_a_missing_table_is_refused_too(tmp_path: Path) -> None:
    path = str(tmp_path / "new.json")
    with pytest.raises(UsageError) as raised:
        refuse_inputs([("--output", path)], [f"{tmp_path}/./new.json"])
    assert str(raised.value).startswith(f"--output {path}: is a file this run reads")
