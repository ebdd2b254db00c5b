"""Tests for tallycheck.tables' readers: cells as text, the line of each row, and plain errors."""

from __future__ import annotations

import codecs
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tallycheck.errors import TableError
from tallycheck.tables import json_array, json_lines
from tallycheck.tables.delimited import _parse_plain, _parse_quoted
from tallycheck.tables.frame import table_from_frame
from tallycheck.tables.problem import Problem
from tallycheck.tables.read import read_table
from tallycheck.tables.table import Table

NA = None


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    """Write ``content`` (str as UTF-8, bytes as is) to ``tmp_path / name``."""
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def read(tmp_path: Path, name: str, content: str | bytes) -> Table:
    return read_table(write(tmp_path, name, content))


def error_of(tmp_path: Path, name: str, content: str | bytes) -> str:
    """The one-line text of the TableError reading ``content`` raises, path shortened."""
    path = write(tmp_path, name, content)
    with pytest.raises(TableError) as caught:
        read_table(path)
    text = caught.value.one_line()
    assert "\n" not in text
    assert caught.value.path == path
    return text.replace(path, name, 1)


def cells_of(table: Table) -> dict[str, list[object]]:
    """Each column's cells, in file order, after asserting they are all Arrow text."""
    assert all(pa.types.is_string(kind) for kind in table.cells.schema.types)
    return {name: table.column(name).to_pylist() for name in table.names}


def expect(table: Table, columns: dict[str, list[object]], lines: list[int]) -> None:
    """Assert the exact cells (text columns in this order, None when empty) and row lines."""
    assert cells_of(table) == columns
    assert list(cells_of(table)) == list(columns)
    assert table.n_rows == len(lines)
    assert table.lines is not None
    assert table.lines.dtype == np.int64
    assert table.lines.tolist() == lines


# --- CSV and TSV ---------------------------------------------------------------


def test_csv_cells_are_kept_as_text(tmp_path: Path) -> None:
    table = read(tmp_path, "t.csv", "name,count,note\n Oslo ,7,NA\nBergen,,null\nn/a,0.50,\n")
    expect(
        table,
        {
            "name": [" Oslo ", "Bergen", "n/a"],
            "count": ["7", NA, "0.50"],
            "note": ["NA", "null", NA],
        },
        [2, 3, 4],
    )
    assert table.path == str(tmp_path / "t.csv")


def test_quoted_cell_with_newlines_makes_lines_jump(tmp_path: Path) -> None:
    table = read(tmp_path, "t.csv", 'a,b\n1,x\n2,"two\nlines"\n3,"say ""hi"""\n')
    expect(table, {"a": ["1", "2", "3"], "b": ["x", "two\nlines", 'say "hi"']}, [2, 3, 5])


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n1,2\n\n3,4\n  \n\t\n5,6\n\n",
        "\n \na,b\n1,2\n\n3,4\n  \n\t\n5,6",
        'a,b\n1,2\n\n3,4\n  \n\t\n5,"6"\n\n',
    ],
    ids=["fast", "blank-before-header", "slow"],
)
def test_blank_and_space_only_lines_are_skipped(tmp_path: Path, text: str) -> None:
    table = read(tmp_path, "t.csv", text)
    shift = 2 if text.startswith("\n") else 0
    expect(table, {"a": ["1", "3", "5"], "b": ["2", "4", "6"]}, [2 + shift, 4 + shift, 7 + shift])


@pytest.mark.parametrize("quote", ["", '"'], ids=["fast", "slow"])
def test_crlf_and_bom(tmp_path: Path, quote: str) -> None:
    text = f"\ufeffa,b\r\n1,{quote}x{quote}\r\n\r\n2,\r\n3,z"
    expect(read(tmp_path, "t.csv", text), {"a": ["1", "2", "3"], "b": ["x", NA, "z"]}, [2, 4, 5])


def test_lone_carriage_returns_end_lines(tmp_path: Path) -> None:
    table = read(tmp_path, "t.csv", "a,b\r1,2\r\r3,4\r")
    expect(table, {"a": ["1", "3"], "b": ["2", "4"]}, [2, 4])


@pytest.mark.parametrize("quote", ["", '"'], ids=["fast", "slow"])
def test_header_only_is_an_empty_table(tmp_path: Path, quote: str) -> None:
    table = read(tmp_path, "t.csv", f"a,{quote}b{quote}\n")
    expect(table, {"a": [], "b": []}, [])


def test_tsv(tmp_path: Path) -> None:
    table = read(tmp_path, "t.TSV", "a\tb c\n1,5\t\n \n\t\n2\tx y\n")
    expect(table, {"a": ["1,5", NA, "2"], "b c": [NA, NA, "x y"]}, [2, 4, 5])


def test_single_column_keeps_cells_of_spaces_only_when_quoted(tmp_path: Path) -> None:
    table = read(tmp_path, "t.csv", 'a\n1\n  \n"  "\n\x0c\n')
    expect(table, {"a": ["1", "  ", "\x0c"]}, [2, 4, 5])


def test_utf8_text(tmp_path: Path) -> None:
    table = read(tmp_path, "t.csv", "by,sum\nTromsø,1 200 €\n")
    expect(table, {"by": ["Tromsø"], "sum": ["1 200 €"]}, [2])


@pytest.mark.parametrize("quote", ["", '"'], ids=["fast", "slow"])
def test_a_ten_megabyte_cell(tmp_path: Path, quote: str) -> None:
    big = "x" * 10_000_000
    table = read(tmp_path, "t.csv", f"a,b\n1,{quote}{big}{quote}\n2,y\n")
    expect(table, {"a": ["1", "2"], "b": [big, "y"]}, [2, 3])


def test_stdin_is_read_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = SimpleNamespace(buffer=io.BytesIO(b"a,b\n1,2\n\n3,4\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    table = read_table("-")
    assert table.path == "<stdin>"
    expect(table, {"a": ["1", "3"], "b": ["2", "4"]}, [2, 4])


def test_stdin_errors_name_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"a,b\n1\n")))
    with pytest.raises(TableError) as caught:
        read_table("-")
    assert caught.value.one_line() == "<stdin>:2: this row has 1 field but the header has 2"


def test_the_file_is_not_modified(tmp_path: Path) -> None:
    content = b'\xef\xbb\xbfa,b\r\n1,"2"\r\n'
    path = write(tmp_path, "t.csv", content)
    read_table(path)
    assert Path(path).read_bytes() == content


QUOTE_FREE = [
    "a,b,c\n1,2,3\n4,,6\n",
    "a,b,c\r\n1,2,3\r\n\r\n,,\r\n7,8,9",
    "\n\n a ,b,c\n  \n1 , 2,3 \n\t\n",
    "a\n1\n\n2\n  \n\x0c\n",
    "a,b\n",
    "x,y\nNA,null\nn/a,None\n",
]


@pytest.mark.parametrize("text", QUOTE_FREE)
def test_fast_and_slow_paths_agree(text: str) -> None:
    fast_cells, fast_lines = _parse_plain(text.encode(), ",")
    slow_cells, slow_lines = _parse_quoted(text, ",")
    assert fast_cells.equals(slow_cells)
    assert fast_lines.dtype == slow_lines.dtype == np.int64
    assert fast_lines.tolist() == slow_lines.tolist()


@pytest.mark.parametrize("text", ["a\tb\n1\t\n \n\t\n3\t4\n", "a\n\n \n2\n"])
def test_fast_and_slow_paths_agree_on_tsv(text: str) -> None:
    fast_cells, fast_lines = _parse_plain(text.encode(), "\t")
    slow_cells, slow_lines = _parse_quoted(text, "\t")
    assert fast_cells.equals(slow_cells)
    assert fast_lines.tolist() == slow_lines.tolist()


def test_a_harmless_quoted_cell_changes_nothing(tmp_path: Path) -> None:
    plain = read(tmp_path, "plain.csv", "a,b\r\n1,x\r\n\r\n2,\r\n 3 ,y")
    quoted = read(tmp_path, "quoted.csv", 'a,b\r\n1,"x"\r\n\r\n2,\r\n 3 ,y')
    assert plain.cells.equals(quoted.cells)
    assert plain.lines is not None
    assert quoted.lines is not None
    assert plain.lines.tolist() == quoted.lines.tolist() == [2, 4, 5]


# --- JSON and JSON Lines ---------------------------------------------------------


def test_json_records_and_their_lines(tmp_path: Path) -> None:
    text = (
        '[\n  {"name": "Oslo", "count": 7, "share": 0.25},\n\n'
        '  {\n    "count": 7.0, "name": null, "ok": true\n  }, {"ok": false, "name": ""},\n'
        '  {"count": 12345678901234567890, "share": 1e-7}\n]\n'
    )
    table = read(tmp_path, "t.json", text)
    expect(
        table,
        {
            "name": ["Oslo", NA, NA, NA],
            "count": ["7", "7", NA, "12345678901234567890"],
            "share": ["0.25", NA, NA, "1e-07"],
            "ok": [NA, "true", "false", NA],
        },
        [2, 4, 6, 7],
    )


def test_json_on_one_line_and_empty_array(tmp_path: Path) -> None:
    expect(read(tmp_path, "t.json", '[{"a": "x"}, {"a": "y"}]'), {"a": ["x", "y"]}, [1, 1])
    empty = read(tmp_path, "e.json", "[ ]")
    assert (empty.n_rows, empty.names) == (0, [])
    assert empty.lines is not None
    assert empty.lines.tolist() == []


def test_jsonl_records_and_their_lines(tmp_path: Path) -> None:
    text = '{"a": 1, "b": "x"}\n\n  \r\n{"b": 2.5, "c": false}\r\n{"a": -0.0}\n'
    table = read(tmp_path, "t.ndjson", text)
    expect(
        table,
        {"a": ["1", NA, "0"], "b": ["x", "2.5", NA], "c": [NA, "false", NA]},
        [1, 4, 5],
    )
    assert read(tmp_path, "t.JSONL", text).cells.equals(table.cells)


# --- DataFrames handed to the API --------------------------------------------------


def test_table_from_frame_converts_cells_like_json() -> None:
    frame = pd.DataFrame(
        {
            "s": ["a", "", None],
            1: [1, 2, 3],
            "f": [7.0, 0.1, np.nan],
            "b": [True, False, True],
            "o": [np.int64(4), None, "x"],
            "n": pd.array([1, None, 3], dtype="Int64"),
        },
        index=[10, 11, 12],
    )
    table = table_from_frame(frame)
    assert table.path == "<frame>"
    assert table.lines is None
    assert cells_of(table) == {
        "s": ["a", NA, NA],
        "1": ["1", "2", "3"],
        "f": ["7", "0.1", NA],
        "b": ["true", "false", "true"],
        "o": ["4", NA, "x"],
        "n": ["1", NA, "3"],
    }


@pytest.mark.parametrize(
    "dtype",
    [object, pd.StringDtype("python"), pd.StringDtype("python", na_value=np.nan)],
    ids=["object", "python-string", "python-str"],
)
def test_table_from_frame_refuses_a_lone_surrogate(dtype: object) -> None:
    column = pd.Series(["x", "y\ud800z", "\udc00"], dtype=dtype)
    with pytest.raises(TableError) as caught:
        table_from_frame(pd.DataFrame({"n": [1, 2, 3], "a": column}))
    assert caught.value.one_line() == (
        "<frame>: row 1: the value of 'a' is not valid Unicode (a lone surrogate \\ud800)"
    )


def test_table_from_frame_refuses_a_lone_surrogate_in_a_column_name() -> None:
    frame = pd.DataFrame([["x", 1]], columns=pd.Index(["a", "b\udc00"], dtype=object))
    with pytest.raises(TableError) as caught:
        table_from_frame(frame)
    assert caught.value.one_line() == (
        "<frame>: column 'b\\udc00' is not valid Unicode (a lone surrogate \\udc00)"
    )


def test_table_from_frame_reads_python_backed_text_like_arrow_backed() -> None:
    cells = ["x", "", None, "\U0001f600"]
    python = pd.DataFrame({"a": pd.array(cells, dtype=pd.StringDtype("python"))})
    arrow = pd.DataFrame({"a": pd.array(cells, dtype=pd.StringDtype("pyarrow"))})
    assert table_from_frame(python).cells.equals(table_from_frame(arrow).cells)
    assert cells_of(table_from_frame(python)) == {"a": ["x", NA, NA, "\U0001f600"]}


def test_table_from_frame_errors() -> None:
    with pytest.raises(TableError) as caught:
        table_from_frame(pd.DataFrame([[1, 2]], columns=["x", "x"]))
    assert caught.value.one_line() == "<frame>: column 'x' appears twice among the frame's columns"
    with pytest.raises(TableError) as caught:
        table_from_frame(pd.DataFrame({"a": ["x", [1, 2]]}))
    assert caught.value.one_line() == (
        "<frame>: row 1: the value of 'a' is a nested array; a cell must hold a single value"
    )


# --- errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.csv", b"", "t.csv: the file is empty"),
        ("t.csv", b" \r\n\n\t\n", "t.csv: the file is empty"),
        ("t.json", b"\xef\xbb\xbf\n", "t.json: the file is empty"),
        (
            "t.csv",
            codecs.BOM_UTF16_LE + "a,b\n".encode("utf-16-le"),
            "t.csv: the file is UTF-16 text; save it as UTF-8",
        ),
        (
            "t.csv",
            codecs.BOM_UTF16_BE + "a,b\n".encode("utf-16-be"),
            "t.csv: the file is UTF-16 text; save it as UTF-8",
        ),
        (
            "t.tsv",
            codecs.BOM_UTF32_LE + "a\tb\n".encode("utf-32-le"),
            "t.tsv: the file is UTF-32 text; save it as UTF-8",
        ),
        (
            "t.csv",
            b"a,b\n1,2\ncaf\xe9,3\n",
            "t.csv:3: not UTF-8 text (byte 0xe9); save the file as UTF-8",
        ),
        (
            "t.csv",
            b'a,b\n1,"2"\r\n\r\n\xff,3\n',
            "t.csv:4: not UTF-8 text (byte 0xff); save the file as UTF-8",
        ),
        (
            "t.json",
            b'[\n{"a": "\xc3"}]',
            "t.json:2: not UTF-8 text (byte 0xc3); save the file as UTF-8",
        ),
        ("t.csv", b"a,b\n1,2\n3,\x00\n", "t.csv:3: not a text table (binary data on this line)"),
        ("t.csv", b"PK\x03\x04\x14\x00", "t.csv:1: not a text table (binary data on this line)"),
        ("t.csv", b"a,b\r\n1,\x07\r\n\x00", "t.csv:2: not a text table (binary data on this line)"),
    ],
)
def test_bytes_that_are_not_a_text_table(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    assert error_of(tmp_path, name, content) == message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a,b,c\n1,2,3\n\n4,5\n6,7,8,9\n", "t.csv:4: this row has 2 fields but the header has 3"),
        ("a,b,c\n1,2,3\n4,5,6,7\n8,9\n", "t.csv:3: this row has 4 fields but the header has 3"),
        ("a,b\n1\n", "t.csv:2: this row has 1 field but the header has 2"),
        ("a\n1,2\n", "t.csv:2: this row has 2 fields but the header has 1"),
        ('a,b\n1,2\n"x\ny",1,2\n', "t.csv:3: this row has 3 fields but the header has 2"),
        ('a,"b"\n1,2\n\n3\n', "t.csv:4: this row has 1 field but the header has 2"),
        (
            "day;n\n01.02.2024;1,5\n",
            "t.csv:2: this row has 2 fields but the header has 1 (the header is one column:"
            " is the file separated by ';'?)",
        ),
        (
            'a|b\n1|2\n"x|y",1|2\n',
            "t.csv:3: this row has 2 fields but the header has 1 (the header is one column:"
            " is the file separated by '|'?)",
        ),
        (
            "a\tb\n1\t2,3\n",
            "t.csv:2: this row has 2 fields but the header has 1 (the header is one column:"
            " is the file separated by tabs?)",
        ),
    ],
)
def test_ragged_rows(tmp_path: Path, content: str, message: str) -> None:
    assert error_of(tmp_path, "t.csv", content) == message


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('a,b\n1,2\n3,"x\n4,5\n', 3),
        ('a,b\n1,"x\ny","z\nw\n', 3),
        ('a,b\n"1\n2",3\n4,"x', 4),
        ('a,b\n"x\ny",1\n2,"open\n\nmore\n', 4),
        ('a,b\n1,"he said ""hi""\n', 2),
        ('"a,b\n1,2\n', 1),
        ('a,b\r\n1,"x\r\n\r\n', 2),
    ],
)
def test_unterminated_quote_names_the_line_it_opened(
    tmp_path: Path, content: str, line: int
) -> None:
    message = f"t.csv:{line}: a quoted field opened here is never closed"
    assert error_of(tmp_path, "t.csv", content) == message


def test_text_after_a_closing_quote(tmp_path: Path) -> None:
    message = (
        't.csv:3: text follows the closing quote of a quoted field (write a quote inside one as "")'
    )
    assert error_of(tmp_path, "t.csv", 'a,b\n1,"x\ny"z,"\n') == message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("x,y,x\n1,2,3\n", "t.csv:1: column 'x' appears twice in the header"),
        ('\nx,"y",x\n1,2,3\n', "t.csv:2: column 'x' appears twice in the header"),
        ("a,b,\n1,2,3\n", "t.csv:1: column 3 has no name"),
        ('a, ,"c"\n1,2,3\n', "t.csv:1: column 2 has no name"),
        ('x,"a\nb","a\nb"\n1,2,3\n', "t.csv:1: column 'a\\nb' appears twice in the header"),
    ],
)
def test_bad_header(tmp_path: Path, content: str, message: str) -> None:
    assert error_of(tmp_path, "t.csv", content) == message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "t.json",
            '[\n  {"a": 1},\n  {"a": 2,}\n]',
            "t.json:3: not valid JSON "
            "(Expecting property name enclosed in double quotes at column 11)",
        ),
        (
            "t.json",
            '[\n  {"a": 1}\n  {"a": 2}\n]',
            "t.json:3: not valid JSON (Expecting ',' delimiter at column 3)",
        ),
        ("t.json", '[{"a": 1},\n]', "t.json:2: not valid JSON (Expecting value at column 1)"),
        ("t.json", '[{"a": 1}]\n[]', "t.json:2: not valid JSON (Extra data at column 1)"),
        ("t.json", "[\n", "t.json:2: not valid JSON (Expecting value at column 1)"),
        ("t.json", '[{"a": 1}', "t.json:1: not valid JSON (Expecting ',' delimiter at column 10)"),
        ("t.json", "nonsense", "t.json:1: not valid JSON (Expecting value at column 1)"),
        ("t.json", '\n{"a": 1}', "t.json:2: not a JSON array of records (found an object)"),
        ("t.json", '[{"a": 1},\n\n 2]', "t.json:3: not a JSON array of records (found a number)"),
        (
            "t.json",
            '[{"a": 1},\n {"b": {"c": 2}}]',
            "t.json:2: the value of 'b' is a nested object; a cell must hold a single value",
        ),
        (
            "t.jsonl",
            '{"a": 1}\n\n["a"]\n',
            "t.jsonl:3: not a JSON record (found an array, not an object)",
        ),
        (
            "t.jsonl",
            '{"a": 1}\n{"a": \n',
            "t.jsonl:2: not valid JSON (Expecting value at column 7)",
        ),
        (
            "t.ndjson",
            '{"a": 1}\n{"a": [1]}\n',
            "t.ndjson:2: the value of 'a' is a nested array; a cell must hold a single value",
        ),
    ],
)
def test_bad_json(tmp_path: Path, name: str, content: str, message: str) -> None:
    assert error_of(tmp_path, name, content) == message


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "t.json",
            '[\n  {"wave": 1, "pardoned": 10},\n  {"wave": 2, "pardoned": 10, "pardoned": 12}\n]',
            "t.json:3: the key 'pardoned' appears twice in one record",
        ),
        (
            "t.json",
            '[{"a": 1},\n {\n  "b": 1,\n  "c": 2,\n  "c": 3, "b": 4}]',
            "t.json:2: the key 'c' appears twice in one record",
        ),
        (
            "t.jsonl",
            '{"wave": 1, "pardoned": 10}\n\n{"wave": 2, "pardoned": 10, "pardoned": 12}\n',
            "t.jsonl:3: the key 'pardoned' appears twice in one record",
        ),
        (
            "t.ndjson",
            '{"a": 1, "a": 1, "a": 1}\n',
            "t.ndjson:1: the key 'a' appears twice in one record",
        ),
        (
            "t.jsonl",
            '{"\\u00e9": 1, "\u00e9": 2}\n',
            "t.jsonl:1: the key '\u00e9' appears twice in one record",
        ),
        (  # inside a nested value, a key twice is no worse than the nesting
            "t.json",
            '[\n {"a": 1},\n {"a": {"b": 1, "b": 2}}\n]',
            "t.json:3: the value of 'a' is a nested object; a cell must hold a single value",
        ),
        (
            "t.jsonl",
            '{"a": [{"b": 1, "b": 2}]}\n',
            "t.jsonl:1: the value of 'a' is a nested array; a cell must hold a single value",
        ),
    ],
)
def test_a_key_twice_in_one_record(tmp_path: Path, name: str, content: str, message: str) -> None:
    assert error_of(tmp_path, name, content) == message


SURROGATE_VALUE = "the value of 'source' is not valid Unicode (a lone surrogate \\ud800)"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "t.json",
            '[\n  {"wave": 1, "source": "AP"},\n  {"wave": 2, "source": "A\\ud800P"}\n]',
            f"t.json:3: {SURROGATE_VALUE}",
        ),
        (
            "t.jsonl",
            '{"wave": 1, "source": "AP"}\n\n{"wave": 2, "source": "A\\ud800P"}\n',
            f"t.jsonl:3: {SURROGATE_VALUE}",
        ),
        (
            "t.ndjson",
            '{"source": "\\uD800"}\n',
            f"t.ndjson:1: {SURROGATE_VALUE}",
        ),
        (
            "t.json",
            '[{"a": 1},\n {"a": 2,\n  "s\\udc00": "x"}]',
            "t.json:2: the key 's\\udc00' is not valid Unicode (a lone surrogate \\udc00)",
        ),
        (
            "t.jsonl",
            '{"a": 1}\n{"\\udfff": 2}\n',
            "t.jsonl:2: the key '\\udfff' is not valid Unicode (a lone surrogate \\udfff)",
        ),
        (  # a high surrogate, then a pair: the first is lone
            "t.json",
            '[{"a": "\\ud83d\\ud83d\\ude00"}]',
            "t.json:1: the value of 'a' is not valid Unicode (a lone surrogate \\ud83d)",
        ),
        (  # a backslash, the text ud800, then a low surrogate alone
            "t.jsonl",
            '{"a": "\\\\ud800\\udc00"}\n',
            "t.jsonl:1: the value of 'a' is not valid Unicode (a lone surrogate \\udc00)",
        ),
        (  # a pair split by an escaped backslash
            "t.jsonl",
            '{"a": "\\ud83d\\\\ude00"}\n',
            "t.jsonl:1: the value of 'a' is not valid Unicode (a lone surrogate \\ud83d)",
        ),
    ],
)
def test_a_lone_surrogate_is_refused(tmp_path: Path, name: str, content: str, message: str) -> None:
    assert error_of(tmp_path, name, content) == message


@pytest.mark.parametrize("name", ["t.json", "t.jsonl"])
def test_escapes_that_are_characters_are_read(tmp_path: Path, name: str) -> None:
    records = [
        '{"a": "\\ud83d\\ude00 \\uD83D\\uDE00"}',
        '{"a": "\\\\ud800"}',
        '{"\\u00e9": "\\u00e9"}',
    ]
    content = "[" + ",\n".join(records) + "]" if name == "t.json" else "\n".join(records)
    expect(
        read(tmp_path, name, content),
        {"a": ["\U0001f600 \U0001f600", "\\ud800", NA], "\u00e9": [NA, NA, "\u00e9"]},
        [1, 2, 3],
    )


def test_a_bom_inside_json_lines_is_named(tmp_path: Path) -> None:
    # only the file's own BOM is skipped; json's word for one on a later line is kept
    assert error_of(tmp_path, "t.jsonl", '\ufeff{"a": 1}\n\ufeff{"a": 2}\n') == (
        "t.jsonl:2: not valid JSON (Unexpected UTF-8 BOM (decode using utf-8-sig) at column 1)"
    )


PIECES = st.sampled_from(
    ["\\ud800", "\\uDBFF", "\\udc00", "\\uDFFF", "\\ud83d", "\\ude00", "\\\\", "u", "d800", "a"]
)


@given(pieces=st.lists(PIECES, min_size=1, max_size=8), jsonl=st.booleans())
@settings(max_examples=300, deadline=None)
def test_a_surrogate_is_refused_exactly_when_one_is_decoded(pieces: list[str], jsonl: bool) -> None:
    escaped = "".join(pieces)
    lone = any(0xD800 <= ord(c) <= 0xDFFF for c in json.loads(f'"{escaped}"'))
    record = f'{{"a": 1, "b": "{escaped}"}}'
    text = f"{{}}\n{record}\n" if jsonl else f"[{{}},\n {record}]"
    parse = json_lines.parse if jsonl else json_array.parse
    if lone:
        with pytest.raises(Problem) as caught:
            parse(text.encode())
        assert caught.value.line == 2
        assert caught.value.message.startswith("the value of 'b' is not valid Unicode")
    else:
        cells, lines = parse(text.encode())
        assert lines.tolist() == [1, 2]
        assert cells.column("b").to_pylist()[1:] == [json.loads(f'"{escaped}"')]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "t.xlsx",
            "t.xlsx: cannot read '.xlsx' files; use .csv, .tsv, .json, .jsonl, .ndjson or .parquet",
        ),
        (
            "table",
            "table: the file name has no suffix to tell its format;"
            " use .csv, .tsv, .json, .jsonl, .ndjson or .parquet",
        ),
    ],
)
def test_unknown_format(tmp_path: Path, name: str, message: str) -> None:
    assert error_of(tmp_path, name, "a,b\n1,2\n") == message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(TableError) as caught:
        read_table(str(tmp_path / "gone.csv"))
    assert caught.value.one_line() == f"{tmp_path / 'gone.csv'}: no such file"
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(TableError) as caught:
        read_table(str(tmp_path / "dir.csv"))
    assert caught.value.one_line() == f"{tmp_path / 'dir.csv'}: this is a directory, not a file"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "t.csv", "a\n1\n")

    def refuse(self: Path, mode: str) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(TableError) as caught:
        read_table(path)
    assert caught.value.one_line() == f"{path}: permission denied: cannot read the file"


LINE_ENDS = st.sampled_from(["\n", "\r\n"])
CELLS = st.text(alphabet="ab ,\t\x0c", max_size=6)


@given(
    lines=st.lists(st.tuples(CELLS, LINE_ENDS), min_size=1, max_size=8),
    last_end=st.booleans(),
    delimiter=st.sampled_from([",", "\t"]),
)
@settings(max_examples=300, deadline=None)
def test_fast_and_slow_paths_agree_on_any_quote_free_text(
    lines: list[tuple[str, str]], last_end: bool, delimiter: str
) -> None:
    text = "".join(cell + end for cell, end in lines)
    text = text if last_end else text.rstrip("\r\n")
    assume(text.strip(" \t\r\n\x0c"))
    assert outcome(lambda: _parse_plain(text.encode(), delimiter)) == outcome(
        lambda: _parse_quoted(text, delimiter)
    )


def outcome(parse: Callable[[], tuple[pa.Table, npt.NDArray[np.int64]]]) -> object:
    """What a parse gives, in a comparable form: the problem, or the cells and lines."""
    try:
        cells, lines = parse()
    except Problem as problem:
        return (problem.message, problem.line)
    assert all(pa.types.is_string(kind) for kind in cells.schema.types)
    return (cells.column_names, cells.to_pylist(), lines.tolist())


# --- inputs that once crashed the reader or took unbounded memory -------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("t.json", "[" * 10_000 + "]" * 10_000),
        ("t.json", '[\n{"a": 1},\n{"a": ' + '{"b": ' * 10_000 + "1" + "}" * 10_001 + "]"),
        ("t.jsonl", '{"a": 1}\n\n{"a": ' + "[" * 10_000 + "]" * 10_000 + "}\n"),
    ],
)
def test_json_nested_too_deeply_names_the_line(tmp_path: Path, name: str, content: str) -> None:
    line = 1 if content.startswith("[[") else 3
    assert error_of(tmp_path, name, content) == (
        f"{name}:{line}: a value here is nested too deeply to read; a cell must hold a single value"
    )


@pytest.mark.parametrize("digits", ["9" * 5_000, "-" + "1" * 4_301, "0", "-5", "12"])
def test_json_integers_are_read_as_written_past_the_int_limit(tmp_path: Path, digits: str) -> None:
    json_table = read(tmp_path, "t.json", f'[{{"a": {digits}, "b": 1}}]')
    jsonl_table = read(tmp_path, "t.jsonl", f'{{"b": 1}}\n{{"a": {digits}, "b": 2}}\n')
    assert cells_of(json_table) == {"a": [digits], "b": ["1"]}
    assert cells_of(jsonl_table) == {"b": ["1", "2"], "a": [NA, digits]}


def test_a_long_json_integer_where_a_record_belongs_is_named(tmp_path: Path) -> None:
    assert error_of(tmp_path, "t.json", "[" + "7" * 5_000 + "]") == (
        "t.json:1: not a JSON array of records (found a number)"
    )
    assert error_of(tmp_path, "t.jsonl", "7" * 5_000) == (
        "t.jsonl:1: not a JSON record (found a number, not an object)"
    )


def test_a_second_bom_is_refused_in_every_format(tmp_path: Path) -> None:
    boms = codecs.BOM_UTF8 * 2
    for name, body in [("t.csv", b"a,b\n1,2\n"), ("t.tsv", b"a\tb\n1\t2\n"), ("t.json", b"[]")]:
        assert error_of(tmp_path, name, boms + body) == (
            f"{name}:1: the file starts with a second byte order mark (U+FEFF); remove it"
        )


def test_long_names_are_cut_short_in_messages(tmp_path: Path) -> None:
    name = "n" * 1_000_000
    shown = "'" + "n" * 60 + "…'"
    assert error_of(tmp_path, "t.csv", f"{name},{name}\n1,2\n") == (
        f"t.csv:1: column {shown} appears twice in the header"
    )
    assert error_of(tmp_path, "t.json", f'[{{"{name}": 1, "{name}": 2}}]') == (
        f"t.json:1: the key {shown} appears twice in one record"
    )
    assert error_of(tmp_path, "t.jsonl", f'{{"{name}": {{}}}}') == (
        f"t.jsonl:1: the value of {shown} is a nested object; a cell must hold a single value"
    )
    assert error_of(tmp_path, "t.json", '[{"' + "n" * 60 + '": []}]') == (
        f"t.json:1: the value of {shown[:-2]}' is a nested array; a cell must hold a single value"
    )


def test_at_most_ten_thousand_columns(tmp_path: Path) -> None:
    names = [f"c{number}" for number in range(1_000_000)]
    assert error_of(tmp_path, "t.csv", ",".join(names) + "\n" + "1," * 999_999 + "1\n") == (
        "t.csv:1: the header has 1,000,000 columns; tallycheck reads at most 10,000 columns"
    )
    assert read(tmp_path, "t.tsv", "\t".join(names[:10_000]) + "\n").names == names[:10_000]
    records = "".join(f'{{"{name}": 1}},\n' for name in names[:10_001])
    assert error_of(tmp_path, "t.json", "[" + records + '{"a": 1}]') == (
        "t.json:10001: this record brings the keys to over 10,000;"
        " tallycheck reads at most 10,000 columns"
    )


def test_records_whose_keys_mostly_differ_are_refused(tmp_path: Path) -> None:
    records = "".join(f'{{"k{number % 5_000}": 1}}\n' for number in range(2_001 * 5))
    assert error_of(tmp_path, "t.jsonl", records) == (
        "t.jsonl: 10,005 records with 5,000 different keys, most of them missing"
        " from most records: that is no table"
    )
    sparse_but_small = "".join(f'{{"k{number}": 1}}\n' for number in range(3_000))
    assert read(tmp_path, "t.jsonl", sparse_but_small).n_rows == 3_000


def test_the_column_cap_holds_on_every_path_but_a_frame(tmp_path: Path) -> None:
    names = [f"c{number}" for number in range(10_001)]
    message = "the header has 10,001 columns; tallycheck reads at most 10,000 columns"
    quoted = '"' + '","'.join(names) + '"\n'
    assert error_of(tmp_path, "t.csv", quoted) == f"t.csv:1: {message}"
    after_a_blank_line = "\n" + "\t".join(names) + "\n"
    assert error_of(tmp_path, "t.tsv", after_a_blank_line) == f"t.tsv:2: {message}"
    assert table_from_frame(pd.DataFrame({name: [1] for name in names})).names == names


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("jsonl", [False, True])
def test_nan_and_infinity_are_refused_as_not_json(constant: str, jsonl: bool) -> None:
    records = ['{"a": 1, "b": 2}', f'{{"a": 2, "b": {constant}}}']
    text = "\n".join(records) if jsonl else "[" + ",\n".join(records) + "]"
    parse = json_lines.parse if jsonl else json_array.parse
    with pytest.raises(Problem) as caught:
        parse(text.encode())
    assert caught.value.line == 2
    assert caught.value.message == (
        f"the value of 'b' is {constant}, which is not valid JSON;"
        " write a number, or null for a missing value"
    )


def test_the_words_nan_and_infinity_in_strings_stay_text() -> None:
    cells, _ = json_array.parse(b'[{"a": "NaN", "b": "Infinity"}]')
    assert cells.column("a").to_pylist() == ["NaN"]
    assert cells.column("b").to_pylist() == ["Infinity"]


def test_a_record_that_is_nan_is_named_as_not_json() -> None:
    with pytest.raises(Problem) as caught:
        json_lines.parse(b'{"a": 1}\nInfinity\n')
    assert caught.value.line == 2
    assert caught.value.message == (
        "not a JSON record (found Infinity (not valid JSON), not an object)"
    )
