"""The in-article rule never opens a file outside the table's folder, and reads
what is inside it as the rule says."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import tallycheck
from tallycheck.schema.loader import schema_from_mapping

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = schema_from_mapping(
    {
        "name": "articles",
        "columns": {"quote": {"type": "string"}, "article": {"type": "string"}},
        "rules": [{"rule": "in-article", "quote": "quote", "article": "article"}],
    }
)
QUOTE = "Fourteen fishermen were released."
_OPENED: list[str] | None = None


def _record(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _OPENED is not None and isinstance(args[0], str | bytes | Path):
        _OPENED.append(os.fsdecode(args[0]))  # type: ignore[arg-type]


sys.addaudithook(_record)  # an audit hook stays for the process: it records only when asked


@pytest.fixture
def opened() -> Iterator[list[str]]:
    """Every path opened while the test runs (the interpreter's "open" audit events)."""
    global _OPENED
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def _layout(tmp_path: Path) -> tuple[Path, Path]:
    """A table folder, and an article outside it that holds the quote."""
    folder = tmp_path / "desk"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text(QUOTE, encoding="utf-8")
    return folder, outside


def _check(folder: Path, article: str) -> list[tallycheck.Finding]:
    table = folder / "table.csv"
    table.write_text(f'quote,article\n"{QUOTE}",{article}\n', encoding="utf-8")
    if _OPENED is not None:
        _OPENED.clear()  # what the test wrote is not what the rule opened
    return list(tallycheck.validate(table, SCHEMA).findings)


def _message(findings: list[tallycheck.Finding]) -> str:
    (finding,) = findings
    assert (finding.rule, finding.line, finding.columns) == ("in-article", 2, ("quote", "article"))
    return finding.message


def test_an_absolute_path_is_refused_unopened(tmp_path: Path, opened: list[str]) -> None:
    folder, outside = _layout(tmp_path)
    message = _message(_check(folder, str(outside)))
    assert message == (
        f"row 1: article “{outside}” cannot be read: the path is absolute; "
        "it should be relative to the table's folder."
    )
    assert str(outside) not in opened


def test_a_path_up_out_of_the_folder_is_refused_unopened(tmp_path: Path, opened: list[str]) -> None:
    folder, _ = _layout(tmp_path)
    message = _message(_check(folder, "../outside.txt"))
    assert message.endswith("the path leaves the table's folder; it is refused and not read.")
    assert not any(Path(p).name == "outside.txt" for p in opened)


def test_a_symlink_that_leaves_the_folder_is_refused_unopened(
    tmp_path: Path, opened: list[str]
) -> None:
    folder, outside = _layout(tmp_path)
    (folder / "link.txt").symlink_to(outside)
    (folder / "sub").symlink_to(tmp_path)  # a folder link out, then down to the file
    assert _message(_check(folder, "link.txt")).endswith("it is refused and not read.")
    assert _message(_check(folder, "sub/outside.txt")).endswith("it is refused and not read.")
    assert not any(Path(p).name in ("outside.txt", "link.txt") for p in opened)


def test_a_symlink_within_the_folder_is_read(tmp_path: Path) -> None:
    folder, _ = _layout(tmp_path)
    (folder / "a.txt").write_text(f"Officials said: {QUOTE}", encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / "a.txt")
    assert _check(folder, "link.txt") == []


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    folder, _ = _layout(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    assert _message(_check(folder, "pipe.txt")).endswith(
        "cannot be read: this is a named pipe (FIFO), not a regular file."
    )


def test_each_article_is_read_once(tmp_path: Path, opened: list[str]) -> None:
    folder, _ = _layout(tmp_path)
    (folder / "a.txt").write_text(f"Officials said: {QUOTE} Nine were women.", encoding="utf-8")
    table = folder / "table.csv"
    rows = "".join(f'"{q}",a.txt\n' for q in (QUOTE, "Nine were women.", QUOTE))
    table.write_text("quote,article\n" + rows, encoding="utf-8")
    opened.clear()
    assert tallycheck.validate(table, SCHEMA).findings == ()
    assert [Path(p).name for p in opened].count("a.txt") == 1


def test_a_dataframe_has_no_folder_to_find_articles_in(opened: list[str]) -> None:
    frame = pd.DataFrame({"quote": [QUOTE], "article": ["fixtures/belarus-pardons.csv"]})
    (finding,) = tallycheck.validate(frame, SCHEMA).findings
    assert finding.message == (
        "row 1: article “fixtures/belarus-pardons.csv” cannot be read: "
        "the table has no folder (it is not a file) to find it in."
    )
    assert not any(p.endswith("belarus-pardons.csv") for p in opened)


def test_the_invented_example() -> None:
    report = tallycheck.validate(
        ROOT / "fixtures" / "invented-releases.csv",
        schema=ROOT / "fixtures" / "invented-releases.yaml",
    )
    assert [(f.rule, f.line, f.value, f.expected) for f in report.findings] == [
        ("in-article", 4, "invented-articles/wire-3.txt", None),
        (
            "in-article",
            5,
            "Another 12 detainees walked free on Friday",
            "Another 11 detainees walked free on Friday,",
        ),
        ("quoted", 3, "63", "more than 60"),
        ("quoted", 4, "72", None),
        ("quoted", 5, "84", None),
    ]
    assert report.findings[1].message == (
        "wave 4: article “invented-articles/wire-2.txt” does not hold the quote; the closest "
        "passage is “Another 11 detainees walked free on Friday,”: the quote has “12” where "
        "the article has “11”."
    )
