"""The Python API: validate tables against a schema and get a ``Report`` back.

The library never prints and never exits; what cannot be judged raises a
``TallycheckError`` subclass (a schema, a usage) or, for a table that cannot be
read, becomes a finding of rule ``unreadable``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard, cast

from tallycheck.errors import TableError
from tallycheck.nogc import no_gc
from tallycheck.report import FileResult, Finding, Report
from tallycheck.schema.loader import load_schema
from tallycheck.specs import Schema
from tallycheck.waivers import WaiverLedger, WaiverSet

if TYPE_CHECKING:
    import pandas as pd

    from tallycheck.judgement import Judge, Step


def _as_schema(schema: Schema | str | Path) -> Schema:
    return schema if isinstance(schema, Schema) else load_schema(schema)


def _is_frame(source: object) -> TypeGuard[pd.DataFrame]:
    """Whether ``source`` is a pandas DataFrame; one can exist only once pandas is
    loaded, so checking paths never imports it."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(source, pandas.DataFrame)


def validate(
    tables: str | Path | pd.DataFrame | Iterable[str | Path],
    schema: Schema | str | Path,
    *,
    waivers: WaiverSet | None = None,
    engine: str = "builtin",
    strict: bool = False,
) -> Report:
    """Check one or more tables (paths, or a DataFrame) against one schema.

    ``schema`` is a loaded ``Schema``, a schema file's path, or a shipped
    schema's name (``"pardon-waves"``). A DataFrame's findings have no lines;
    each one's ``index`` is its row's label in the frame. ``waivers``,
    ``engine`` and ``strict`` are as in ``validate_each``.
    """
    loaded = _as_schema(schema)
    if _is_frame(tables) or isinstance(tables, str | Path):
        jobs: list[tuple[str | Path | pd.DataFrame, Schema]] = [(tables, loaded)]
    else:
        jobs = [(path, loaded) for path in cast("Iterable[str | Path]", tables)]
    return validate_each(jobs, waivers=waivers, engine=engine, strict=strict)


def validate_each(
    jobs: Iterable[tuple[str | Path | pd.DataFrame, Schema | str | Path | None]],
    *,
    waivers: WaiverSet | None = None,
    strict: bool = False,
    engine: str = "builtin",
    progress: Callable[[str | Path | pd.DataFrame, Step], None] | None = None,
    config_findings: Iterable[Finding] = (),
) -> Report:
    """Check each table against its own schema, all in one report.

    With ``strict``, warnings fail the run too: the report is not ``ok``.
    Schemas given by path or name are loaded once each, before any table is
    read. With ``waivers``, the findings a waiver covers stay in the report
    marked ``waived``, and each waiver judged unused or expired adds a
    ``stale-waiver`` warning at its line in the config. ``engine`` is
    ``"builtin"`` (the default; ``"pandas"``, its former name, is an alias),
    ``"gx"``: the same checks run as a Great Expectations suite (the ``gx``
    extra), or ``"pandera"``: run as a pandera schema (the ``pandera`` extra),
    with the same findings.
    ``progress``, when given, is called with each table and each step its check
    reaches (``Step``: read, parsed, judged), and with ``"checked"`` once it is done.

    A table paired with None is one that no schema maps: it is read only to be
    reported unreadable (a config run names it, but it does not exist), and
    left out of the report when it can be read after all. ``config_findings``
    (about the config itself, such as a ``tables:`` entry that matches no file)
    go into the report as they are.
    """
    from tallycheck.engine import build_report, judge_for

    judge = judge_for(engine)
    pairs = list(jobs)
    loaded: dict[str | Path, Schema] = {}
    for _, schema in pairs:
        if not isinstance(schema, Schema) and schema is not None and schema not in loaded:
            loaded[schema] = load_schema(schema)
    ledger = None if waivers is None else WaiverLedger(waivers)
    results = []
    with no_gc():
        for table, schema in pairs:
            if schema is None:
                results.extend(_unmapped(table, ledger))
            else:
                chosen = schema if isinstance(schema, Schema) else loaded[schema]
                step = None if progress is None else partial(progress, table)
                results.append(_check(table, chosen, ledger, judge, step))
            if progress is not None:
                progress(table, "checked")
        stale = [] if ledger is None else ledger.stale()
        return build_report(results, [*config_findings, *stale], strict=strict)


def _unmapped(
    source: str | Path | pd.DataFrame, ledger: WaiverLedger | None
) -> list[tuple[FileResult, list[Finding]]]:
    """A table that no schema maps: its unreadable result, or none when it reads."""
    from tallycheck import engine
    from tallycheck.tables.read import read_table

    if _is_frame(source):
        return []
    try:
        read_table(str(source))
    except TableError as error:
        return [engine.unreadable(error, None, ledger)]
    return []


def _check(
    source: str | Path | pd.DataFrame,
    schema: Schema,
    ledger: WaiverLedger | None,
    judge: Judge,
    step: Callable[[Step], None] | None = None,
) -> tuple[FileResult, list[Finding]]:
    from tallycheck import engine
    from tallycheck.tables.frame import table_from_frame
    from tallycheck.tables.read import read_table

    if _is_frame(source):
        result, findings = engine.check_table(table_from_frame(source), schema, ledger, judge, step)
        return result, _with_labels(findings, source.index)
    try:
        table = read_table(str(source))
    except TableError as error:
        return engine.unreadable(error, schema, ledger)
    if step is not None:
        step("read")
    return engine.check_table(table, schema, ledger, judge, step)


def _with_labels(findings: list[Finding], index: pd.Index) -> list[Finding]:
    """Each finding on a row of a DataFrame, with that row's label as its ``index``
    (as Python values: ``tolist`` gives ``int``, not ``numpy.int64``)."""
    labels = iter(index.take([f.row - 1 for f in findings if f.row is not None]).tolist())
    return [f if f.row is None else replace(f, index=next(labels)) for f in findings]
