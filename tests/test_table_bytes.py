"""Tests for tallycheck.tables.table_bytes: a table's bytes, read within bounds."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tallycheck.tables import table_bytes as table_bytes_module
from tallycheck.tables.problem import Problem
from tallycheck.tables.table_bytes import HEAD, table_bytes

BOM = b"\xef\xbb\xbf"


def problem_of(path: str, *, line_based: bool = True) -> tuple[str, int | None]:
    with pytest.raises(Problem) as caught:
        table_bytes(path, line_based=line_based)
    return caught.value.message, caught.value.line


def written(tmp_path: Path, content: bytes, name: str = "t.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def stdin_of(monkeypatch: pytest.MonkeyPatch, content: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(content)))


def test_one_bom_is_dropped_and_a_second_refused(tmp_path: Path) -> None:
    assert table_bytes(written(tmp_path, BOM + b"a\n1\n"), line_based=True) == b"a\n1\n"
    second = problem_of(written(tmp_path, BOM + BOM + b"a\n1\n"))
    assert second == ("the file starts with a second byte order mark (U+FEFF); remove it", 1)
    assert problem_of(written(tmp_path, BOM)) == ("the file is empty", None)


def test_a_device_and_a_named_pipe_are_refused_unread(tmp_path: Path) -> None:
    zero = tmp_path / "x.csv"
    zero.symlink_to("/dev/zero")
    assert problem_of(str(zero)) == ("this is a device, not a regular file", None)
    pipe = tmp_path / "p.csv"
    os.mkfifo(pipe)  # no writer: opening it would wait for ever
    assert problem_of(str(pipe)) == ("this is a named pipe (FIFO), not a regular file", None)


def test_binary_bytes_in_the_head_are_refused_before_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "zeros.csv"
    with path.open("wb") as stream:
        stream.write(b"a,b\n1,2\n\x00")
        stream.truncate(4 * HEAD)  # sparse
    assert problem_of(str(path)) == ("not a text table (binary data on this line)", 3)


def test_binary_bytes_past_the_head_name_their_line(tmp_path: Path) -> None:
    rows = HEAD // 4 + 1  # "1,2\n" rows: the head ends within them
    content = BOM + b"a,b\n" + b"1,2\n" * rows + b"3,\x00\n"
    assert problem_of(written(tmp_path, content)) == (
        "not a text table (binary data on this line)",
        rows + 2,
    )


TEXT_CONTROLS = b"\t\n\v\f\r\x1b"  # the bytes below the space that text may hold


@given(byte=st.integers(0, 255), at=st.integers(0, 40))
def test_each_byte_is_text_or_refused_on_its_line(byte: int, at: int) -> None:
    """Every byte from the space up, and tab, line breaks and ESC, are text; any
    other byte is refused, naming its line, in whichever slice it falls (slices
    of 8 bytes here)."""
    lines = bytearray(b"1,2\n3,4\n5,6\n7,8\n9,0\n1,2\n3,4\n5,6\n7,8\n9,0\n")
    lines.insert(at, byte)
    content = bytes(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table_bytes_module, "_SLICE", 8)
        if byte >= 0x20 or byte in TEXT_CONTROLS:
            table_bytes_module._check_text(content, 0)
            return
        with pytest.raises(Problem) as caught:
            table_bytes_module._check_text(content, 0)
    assert (caught.value.message, caught.value.line) == (
        "not a text table (binary data on this line)",
        content[:at].count(b"\n") + 1,
    )


def test_a_file_just_past_the_head_is_read_whole_without_its_bom(tmp_path: Path) -> None:
    content = b"a\n" + b"1\n" * (HEAD // 2)
    assert table_bytes(written(tmp_path, BOM + content), line_based=True) == content


def test_a_first_line_past_the_head_is_refused_unless_the_table_is_json(tmp_path: Path) -> None:
    long_line = b"a," * (HEAD // 2) + b"\n1\n"
    assert problem_of(written(tmp_path, long_line)) == (
        "the first line is longer than 16 MiB; not a table",
        1,
    )
    one_line_json = b'[{"a": "' + b"x" * HEAD + b'"}]'
    path = written(tmp_path, one_line_json, "t.json")
    assert table_bytes(path, line_based=False) == one_line_json


def test_a_first_line_ending_in_a_lone_cr_is_a_line(tmp_path: Path) -> None:
    content = b"a\r" + b"1\r" * (HEAD // 2)
    assert table_bytes(written(tmp_path, content), line_based=True) == content


def test_stdin_is_checked_a_slice_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = HEAD // 4 + 1
    stdin_of(monkeypatch, BOM + b"a,b\n" + b"1,2\n" * rows + b"\x00")
    assert problem_of("-") == ("not a text table (binary data on this line)", rows + 2)
    stdin_of(monkeypatch, b"a" * (HEAD + 1))
    assert problem_of("-") == ("the first line is longer than 16 MiB; not a table", 1)
    stdin_of(monkeypatch, BOM + BOM + b"a\n")
    assert problem_of("-")[1] == 1
    content = b"a,b\n" + b"1,2\n" * rows
    stdin_of(monkeypatch, BOM + content)
    assert table_bytes("-", line_based=True) == content
