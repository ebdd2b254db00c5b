"""The header columns a schema does not name are listed once: a note under the file's
line in the text report, and ``unnamed_columns`` in its JSON ``files`` entry."""

from __future__ import annotations

from pathlib import Path

import tallycheck
from tallycheck.reporters import text
from tallycheck.schema.loader import schema_from_mapping

SCHEMA = schema_from_mapping({"name": "w", "columns": {"wave": {"type": "integer"}}})


def test_the_columns_the_schema_does_not_name_are_listed_once(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("notes,wave,Extra\x1b\nx,1,y\nz,2,w\n", encoding="utf-8")
    report = tallycheck.validate(path, SCHEMA)
    assert report.to_dict()["files"][0]["unnamed_columns"] == ["notes", "Extra\x1b"]
    rendered = text.render(report)
    note = "  note: columns the schema does not name (not checked): 'notes', 'Extra\\x1b'"
    assert rendered.splitlines().count(note) == 1
    assert rendered.splitlines()[0] == f"{path}: 2 rows, 0 errors, 0 warnings"


def test_no_note_when_the_schema_names_every_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("wave\n1\n", encoding="utf-8")
    report = tallycheck.validate(path, SCHEMA)
    assert report.to_dict()["files"][0]["unnamed_columns"] == []
    assert "note:" not in text.render(report)
