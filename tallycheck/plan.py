"""What a ``tallycheck validate`` run checks: each table with its schema.

With ``--schema``, every table named gets that schema. Without it, the config
decides: tables named one by one (as pre-commit passes them) take the schema of
the first entry whose glob matches them, and the others are skipped with a
note; with no table named, every file the config's globs match is checked, and
its waivers are judged over all of them, as are its ``tables:`` entries: one
that checks no file is an ``unmatched-glob`` warning at its line.

A table named that does not exist is never skipped: it is checked, and so
reported unreadable (exit 2). A table named twice, by any spelling of its path,
is checked once.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tallycheck.config import Config, TableEntry, load_config, load_config_file
from tallycheck.entries import UNMATCHED_GLOB
from tallycheck.errors import ConfigError, UsageError
from tallycheck.paths import same_file_key, shown
from tallycheck.report import Finding
from tallycheck.severity import Severity
from tallycheck.waivers import WaiverSet

NO_SCHEMA = (
    "no schema: give --schema FILE or --schema NAME (a shipped schema such as pardon-waves), "
    "or map tables to schemas in tallycheck.yaml"
)
STDIN = "-"


@dataclass(frozen=True)
class Plan:
    """The tables to check with their schemas (None: a table that no schema maps,
    named but missing), the waivers, findings about the config, notes for the
    user, the files the run reads (which no report may overwrite), and the
    baseline file the config names."""

    jobs: tuple[tuple[str, str | None], ...]
    waivers: WaiverSet | None = None
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    config: str | None = None
    baseline: str | None = None


def make_plan(
    tables: Sequence[str], schema: str | None, start: Path, config_file: Path | None = None
) -> Plan:
    """The plan for TABLE... and --schema, run from the folder ``start``; with
    ``config_file`` (``--config``), that config rather than the one found from ``start``."""
    tables = _once_each(tables)
    if schema is not None:
        if not tables:
            raise UsageError(
                "no tables: give TABLE... to check against --schema, "
                "or leave out --schema to check the tables that tallycheck.yaml maps"
            )
        return Plan(tuple((table, schema) for table in tables), inputs=(*tables, schema))
    config = load_config(start) if config_file is None else load_config_file(config_file)
    if config is None:
        raise UsageError(NO_SCHEMA)
    return _named(config, tables) if tables else _discovered(config)


def _once_each(tables: Sequence[str]) -> list[str]:
    """The tables in order, each file once however its path is spelt."""
    seen: set[object] = set()
    kept = []
    for table in tables:
        key = STDIN if table == STDIN else same_file_key(table)
        if key not in seen:
            seen.add(key)
            kept.append(table)
    return kept


def _schema_source(entry: TableEntry) -> str:
    return shown(entry.schema) if isinstance(entry.schema, Path) else entry.schema


def _waivers(config: Config, *, every_table: bool) -> WaiverSet:
    return WaiverSet(config.waivers, config.root, shown(config.path), every_table=every_table)


def _inputs(config: Config, jobs: Sequence[tuple[str, str | None]]) -> tuple[str, ...]:
    """The files a config run reads: the config, the tables, the schema files."""
    schemas = (schema for _, schema in jobs if schema is not None)
    return (str(config.path), *(table for table, _ in jobs), *schemas)


def _named(config: Config, tables: Sequence[str]) -> Plan:
    jobs: list[tuple[str, str | None]] = []
    notes: list[str] = []
    for table in tables:
        entry = config.entry_for(table)
        if entry is not None:
            jobs.append((table, _schema_source(entry)))
        elif table != STDIN and not os.path.exists(table):
            jobs.append((table, None))
        else:
            notes.append(f"skipped {table}: no entry in {config.label} matches it")
    waivers = _waivers(config, every_table=False)
    return Plan(
        tuple(jobs),
        waivers,
        notes=tuple(notes),
        inputs=_inputs(config, jobs),
        config=config.label,
        baseline=_baseline(config),
    )


def _discovered(config: Config) -> Plan:
    found = config.discover()
    if not found:
        globs = ", ".join(entry.files for entry in config.tables)
        raise ConfigError(f"no file matches the tables' globs ({globs})", path=config.label)
    jobs = tuple((shown(path), _schema_source(entry)) for path, entry in found)
    used = {entry for _, entry in found}
    unmatched = tuple(_unmatched(config, entry) for entry in config.tables if entry not in used)
    return Plan(
        jobs,
        _waivers(config, every_table=True),
        unmatched,
        inputs=_inputs(config, jobs),
        config=config.label,
        baseline=_baseline(config),
    )


def _baseline(config: Config) -> str | None:
    return None if config.baseline is None else shown(config.baseline)


def _unmatched(config: Config, entry: TableEntry) -> Finding:
    """The warning for a ``tables:`` entry that checks no file."""
    if config.files_of(entry):
        why = "matches only files that an earlier entry takes: remove it, or reorder the entries"
    else:
        why = "matches no file: remove it, or correct its glob"
    return Finding(
        rule=UNMATCHED_GLOB.id,
        severity=Severity.WARNING,
        file=shown(config.path),
        line=entry.line,
        message=f"The tables entry for {entry.files} {why}.",
    )
