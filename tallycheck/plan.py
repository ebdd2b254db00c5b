"""What a ``tallycheck validate`` run checks: each table with its schema.

With ``--schema``, every table named gets that schema. Without it, the config
decides: tables named one by one (as pre-commit passes them) take the schema of
the first entry whose glob matches them, and the others are skipped with a
note; with no table named, every file the config's globs match is checked, and
its waivers are judged over all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tallycheck.config import Config, TableEntry, load_config
from tallycheck.errors import ConfigError, UsageError
from tallycheck.paths import shown
from tallycheck.waivers import WaiverSet

NO_SCHEMA = (
    "no schema: give --schema FILE or --schema NAME (a shipped schema such as pardon-waves), "
    "or map tables to schemas in tallycheck.yaml"
)


@dataclass(frozen=True)
class Plan:
    """The tables to check with their schemas, the waivers, and notes for the user."""

    jobs: tuple[tuple[str, str], ...]
    waivers: WaiverSet | None = None
    notes: tuple[str, ...] = ()


def make_plan(tables: Sequence[str], schema: str | None, start: Path) -> Plan:
    """The plan for TABLE... and --schema, run from the folder ``start``."""
    if schema is not None:
        if not tables:
            raise UsageError(
                "no tables: give TABLE... to check against --schema, "
                "or leave out --schema to check the tables that tallycheck.yaml maps"
            )
        return Plan(tuple((table, schema) for table in tables))
    config = load_config(start)
    if config is None:
        raise UsageError(NO_SCHEMA)
    return _named(config, tables) if tables else _discovered(config)


def _schema_source(entry: TableEntry) -> str:
    return shown(entry.schema) if isinstance(entry.schema, Path) else entry.schema


def _waivers(config: Config, *, every_table: bool) -> WaiverSet:
    return WaiverSet(config.waivers, config.root, shown(config.path), every_table=every_table)


def _named(config: Config, tables: Sequence[str]) -> Plan:
    jobs: list[tuple[str, str]] = []
    notes: list[str] = []
    for table in tables:
        entry = config.entry_for(table)
        if entry is None:
            notes.append(f"skipped {table}: no entry in {config.label} matches it")
        else:
            jobs.append((table, _schema_source(entry)))
    return Plan(tuple(jobs), _waivers(config, every_table=False), tuple(notes))


def _discovered(config: Config) -> Plan:
    found = config.discover()
    if not found:
        globs = ", ".join(entry.files for entry in config.tables)
        raise ConfigError(f"no file matches the tables' globs ({globs})", path=config.label)
    jobs = tuple((shown(path), _schema_source(entry)) for path, entry in found)
    return Plan(jobs, _waivers(config, every_table=True))
