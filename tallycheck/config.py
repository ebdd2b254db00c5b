"""The config: which schema checks which tables, and which findings are waived.

tallycheck looks for it from the working directory upwards. In each folder it
takes the first of ``tallycheck.yaml``, ``.tallycheck.yaml`` and a
``[tool.tallycheck]`` table in ``pyproject.toml``; the first folder that has
one wins::

    tables:
      - files: "data/pardons*.csv"          # a glob, relative to the config file
        schema: schemas/pardon-waves.yaml   # a file beside it, or a shipped name
    waivers:
      - file: data/pardons.csv              # a path or glob, relative to the config
        rule: running-total
        where: {wave: 7}                    # the row's cell values, never a line
        reason: "AP's figure as published; our chart note corrects it"
        expires: 2027-06-30                 # optional: the last day it applies
    baseline: tallycheck-baseline.json      # optional: as --baseline, which wins over it

A table takes the schema of the first entry whose glob matches it. No path in a
config reaches outside its folder. Every mistake is a ``ConfigError`` naming
the file, the line and the key path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tallycheck.catalogue import WAIVABLE
from tallycheck.errors import ConfigError, SchemaError
from tallycheck.paths import glob_matches, relative, shown
from tallycheck.schema import shipped
from tallycheck.schema.keys import KeyReader
from tallycheck.schema.loader import MAX_SCHEMA_BYTES, FileTooLarge, read_limited
from tallycheck.schema.yamlmarks import Path as KeyPath
from tallycheck.schema.yamlmarks import load_yaml
from tallycheck.suggest import did_you_mean, unknown
from tallycheck.waivers import Scalar, Waiver

FILE_NAMES = ("tallycheck.yaml", ".tallycheck.yaml")
PYPROJECT = "pyproject.toml"
TOP_KEYS = ("tables", "waivers", "baseline")
TABLE_KEYS = ("files", "schema")
WAIVER_KEYS = ("file", "rule", "where", "reason", "expires")
_BASELINE = "tallycheck-baseline.json"
MAX_NAME_BYTES = 255  # the longest file name Linux, macOS and Windows allow
_SCALARS = (str, int, float, bool, dt.date)
_TOOL: KeyPath = ("tool", "tallycheck")
_TOML_HEADER = re.compile(r"\s*(\[\[?)\s*([\w.-]+)\s*\]\]?\s*(?:#.*)?")
_TOML_KEY = re.compile(r"\s*([\w-]+)\s*=")
_TOML_PLACE = re.compile(r"(.*) \(at line (\d+), column \d+\)", re.DOTALL)


@dataclass(frozen=True)
class TableEntry:
    """One entry of ``tables:``: a glob of table files and the schema that checks them.

    ``schema`` is the schema file's path, or a shipped schema's name.
    """

    files: str
    schema: Path | str
    line: int | None = None


@dataclass(frozen=True)
class Config:
    """A loaded config; ``root`` is its folder, which its paths are relative to.
    ``baseline`` is the baseline file it names (which need not exist yet), or None."""

    path: Path
    root: Path
    tables: tuple[TableEntry, ...]
    waivers: tuple[Waiver, ...]
    baseline: Path | None = None

    @property
    def label(self) -> str:
        """How messages name it: ``tallycheck.yaml``, ``pyproject.toml [tool.tallycheck]``."""
        name = shown(self.path)
        return f"{name} [tool.tallycheck]" if self.path.name == PYPROJECT else name

    def entry_for(self, table: str | Path) -> TableEntry | None:
        """The first entry whose glob matches the table, or None."""
        path = relative(table, self.root)
        if path is None:
            return None
        return next((entry for entry in self.tables if glob_matches(path, entry.files)), None)

    def files_of(self, entry: TableEntry) -> set[Path]:
        """The table files that an entry's glob matches."""
        return {path for path in self.root.glob(entry.files) if path.is_file()}

    def discover(self) -> list[tuple[Path, TableEntry]]:
        """Every table file that the globs match, sorted, each with its entry."""
        found = {path for entry in self.tables for path in self.files_of(entry)}
        pairs = []
        for path in sorted(found):
            entry = self.entry_for(path)
            if entry is not None:
                pairs.append((path, entry))
        return pairs


def load_config(start: Path | None = None) -> Config | None:
    """The config that applies in ``start`` (the working directory), or None."""
    folder = (start or Path.cwd()).absolute()
    for candidate in (folder, *folder.parents):
        for name in FILE_NAMES:
            if (candidate / name).is_file():
                return _from_yaml(candidate / name)
        config = _from_pyproject(candidate / PYPROJECT)
        if config is not None:
            return config
    return None


def load_config_file(path: Path) -> Config:
    """The config in the file ``path`` (``--config``): a YAML config, or a
    pyproject.toml with a ``[tool.tallycheck]`` table; its folder is its root."""
    if not path.is_file():
        raise ConfigError("no such config file", path=shown(path))
    if path.name != PYPROJECT:
        return _from_yaml(path)
    config = _from_pyproject(path)
    if config is None:
        raise ConfigError("has no [tool.tallycheck] table", path=shown(path))
    return config


@contextmanager
def _as_config_errors() -> Iterator[None]:
    """Raise what the YAML and key checks find as ``ConfigError``."""
    try:
        yield
    except SchemaError as error:
        raised = ConfigError(error.message, path=error.path, line=error.line)
        raised.also = error.also
        raise raised from None


def _read(path: Path) -> str:
    try:
        return read_limited(path, "config")
    except FileTooLarge:
        raise ConfigError(
            f"is larger than {MAX_SCHEMA_BYTES // 1_000_000} MB; a config is a short list "
            "of tables and waivers",
            path=shown(path),
        ) from None
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text", path=shown(path)) from None
    except OSError as error:
        raise ConfigError(f"cannot be read ({error.strerror})", path=shown(path)) from None


def _from_yaml(path: Path) -> Config:
    with _as_config_errors():
        data, marks = load_yaml(_read(path), shown(path), "config")
        return _build(path, data, KeyReader(shown(path), marks), ())


def _from_pyproject(path: Path) -> Config | None:
    """The ``[tool.tallycheck]`` table of a pyproject.toml, or None without one."""
    if not path.is_file():
        return None
    import tomllib  # here: most runs read no pyproject.toml

    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        place = _TOML_PLACE.fullmatch(str(error))
        message, line = (place[1], int(place[2])) if place else (str(error), None)
        raise ConfigError(f"invalid TOML: {message}", path=shown(path), line=line) from None
    tool = data.get("tool")
    section = tool.get("tallycheck") if isinstance(tool, dict) else None
    if section is None:
        return None
    with _as_config_errors():
        return _build(path, section, KeyReader(shown(path), _toml_marks(text)), _TOOL)


def _toml_marks(text: str) -> dict[KeyPath, int]:
    """The line of each ``[tool.tallycheck...]`` table and key, for messages.

    TOML's parser keeps no lines, so the lines are read back from the text:
    table headers, and ``key =`` lines inside them.
    """
    marks: dict[KeyPath, int] = {}
    counts: dict[str, int] = {}
    section: KeyPath | None = None
    in_tool = False
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.fullmatch(line)
        if header:
            opener, name = header.groups()
            section = None
            in_tool = name == "tool"
            if name == "tool.tallycheck":
                section = _TOOL
            elif name.startswith("tool.tallycheck."):
                key = name.removeprefix("tool.tallycheck.")
                if opener == "[[":
                    counts[key] = counts.get(key, -1) + 1
                    section = (*_TOOL, key, counts[key])
                else:
                    section = (*_TOOL, key)
            if section is not None:
                marks.setdefault(section, number)
            continue
        key_line = _TOML_KEY.match(line)
        if in_tool and key_line and key_line[1] == "tallycheck":
            marks.setdefault(_TOOL, number)
        if section is not None and key_line:
            marks.setdefault((*section, key_line[1]), number)
    return marks


def _build(path: Path, data: Any, reader: KeyReader, prefix: KeyPath) -> Config:
    if data is None:
        raise reader.fail(prefix, "the config is empty: list the tables under 'tables:'")
    top = reader.mapping(data, prefix, TOP_KEYS)
    if "tables" not in top:
        raise reader.fail(
            prefix, "no 'tables': list the table files and the schema that checks them"
        )
    tables_path, waivers_path = (*prefix, "tables"), (*prefix, "waivers")
    tables = _entries(reader, top["tables"], tables_path, TABLE_KEYS, empty_ok=False)
    waivers = _entries(reader, top.get("waivers"), waivers_path, WAIVER_KEYS, empty_ok=True)
    entries: list[TableEntry] = []
    for i, entry in enumerate(tables):
        with reader.part():
            entries.append(_table(reader, (*tables_path, i), entry, path.parent))
    kept: list[Waiver] = []
    for i, entry in enumerate(waivers):
        with reader.part():
            kept.append(_waiver(reader, (*waivers_path, i), entry))
    baseline = None
    if top.get("baseline") is not None:
        with reader.part():
            baseline = _baseline(reader, (*prefix, "baseline"), top["baseline"], path.parent)
    reader.done()
    return Config(
        path=path,
        root=path.parent,
        tables=tuple(entries),
        waivers=tuple(kept),
        baseline=baseline,
    )


def _entries(
    reader: KeyReader, value: Any, path: KeyPath, keys: tuple[str, ...], *, empty_ok: bool
) -> list[Any]:
    if value is None and empty_ok:
        return []
    if not isinstance(value, list) or not (value or empty_ok):
        raise reader.fail(path, f"should be a list of entries with {', '.join(keys)}")
    return value


def _require(
    reader: KeyReader, entry: dict[str, Any], path: KeyPath, needs: dict[str, str]
) -> None:
    for key, what in needs.items():
        if key not in entry:
            raise reader.fail(path, f"has no '{key}' ({what})")


def _table(reader: KeyReader, path: KeyPath, value: Any, root: Path) -> TableEntry:
    entry = reader.mapping(value, path, TABLE_KEYS)
    _require(
        reader,
        entry,
        path,
        {
            "files": "a glob of table files, relative to the config file",
            "schema": "a schema file, relative to the config file, or a shipped schema's name",
        },
    )
    return TableEntry(
        files=_glob(reader, (*path, "files"), entry["files"]),
        schema=_schema(reader, (*path, "schema"), entry["schema"], root),
        line=reader.marks.get(path),
    )


def _glob(reader: KeyReader, path: KeyPath, value: Any) -> str:
    """A relative glob, ``./`` and doubled slashes dropped."""
    text = reader.text(value, path).strip()
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if text.startswith("/") or ".." in parts:
        raise reader.fail(
            path, f"'{text}' should be relative to the config file, inside its folder"
        )
    if not parts:
        raise reader.fail(path, f"'{text}' names the config's folder, not its files")
    _check_name_lengths(reader, path, parts)
    if any("**" in part and part != "**" for part in parts):
        raise reader.fail(path, f"'{text}': '**' must stand alone, as in data/**/*.csv")
    return "/".join(parts)


def _check_name_lengths(reader: KeyReader, path: KeyPath, parts: list[str]) -> None:
    """Refuse a path with a name longer than any file's, which the system would refuse."""
    for part in parts:
        if len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise reader.fail(
                path,
                f"the name '{part[:20]}…' is {len(part.encode('utf-8', 'surrogatepass'))} "
                f"bytes long; no file's name is longer than {MAX_NAME_BYTES}",
            )


def _schema(reader: KeyReader, path: KeyPath, value: Any, root: Path) -> Path | str:
    """A schema file inside the config's folder (symbolic links resolved), or a
    shipped schema's name. A file elsewhere is refused unread, so that a config
    cannot make a run show lines of other files on the machine."""
    name = reader.text(value, path)
    _check_name_lengths(reader, path, name.split("/"))
    file = root / name
    if os.path.lexists(file) and not file.resolve().is_relative_to(root.resolve()):
        raise reader.fail(
            path,
            f"'{name}' lies outside the config's folder; a config names schema files "
            "inside its folder, or shipped schemas",
        )
    if file.is_file():
        return file
    if shipped.exists(name):
        return name
    names = shipped.names()
    raise reader.fail(
        path,
        f"'{name}' is neither a file (relative to the config file) nor a shipped schema"
        f"{did_you_mean(name, names)} (shipped: {', '.join(names)})",
    )


def _baseline(reader: KeyReader, path: KeyPath, value: Any, root: Path) -> Path:
    """The baseline file, relative to the config's folder and inside it (symbolic
    links resolved): a run writes it with --update-baseline, so a config must not
    name a file elsewhere on the machine."""
    name = reader.text(value, path).strip()
    parts = [part for part in name.split("/") if part not in ("", ".")]
    _check_name_lengths(reader, path, parts)
    file = root.joinpath(*parts)
    try:
        inside = file.resolve().is_relative_to(root.resolve())
    except ValueError:  # a NUL in the name
        raise reader.fail(path, f"{name!r} is not a file name") from None
    if name.startswith("/") or ".." in parts or not inside:
        raise reader.fail(
            path,
            f"'{name}' lies outside the config's folder; a config names a baseline file "
            "inside its folder",
        )
    if not parts or file.is_dir():
        raise reader.fail(path, f"'{name}' is a folder; name the baseline file, as in {_BASELINE}")
    return file


def _waiver(reader: KeyReader, path: KeyPath, value: Any) -> Waiver:
    entry = reader.mapping(value, path, WAIVER_KEYS)
    _require(
        reader,
        entry,
        path,
        {
            "file": "the table, relative to the config file",
            "rule": "the rule whose finding is accepted",
            "reason": "why the finding is accepted; reports show it",
        },
    )
    rule = reader.text(entry["rule"], (*path, "rule"))
    if rule not in WAIVABLE:
        raise reader.fail((*path, "rule"), unknown("rule", rule, WAIVABLE))
    return Waiver(
        file=_glob(reader, (*path, "file"), entry["file"]),
        rule=rule,
        where=_where(reader, (*path, "where"), entry.get("where")),
        reason=reader.text(entry["reason"], (*path, "reason")),
        expires=_date(reader, (*path, "expires"), entry.get("expires")),
        line=reader.marks.get(path),
    )


def _where(reader: KeyReader, path: KeyPath, value: Any) -> dict[str, Scalar]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise reader.fail(path, "should map column names to cell values, as in {wave: 7}")
    for name, cell in value.items():
        if cell is not None and not isinstance(cell, _SCALARS):
            raise reader.fail((*path, name), "should be one cell value: text or a number")
    return dict(value)


def _date(reader: KeyReader, path: KeyPath, value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    shown = value.isoformat() if isinstance(value, dt.time) else repr(value)  # a TOML time
    raise reader.fail(path, f"should be a date (YYYY-MM-DD), not {shown}")
