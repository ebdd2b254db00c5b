"""The command line: ``tallycheck validate``, ``init``, ``rules``, ``explain``, ``export-gx``.

Thin over the library: parse, call, render, exit. Exit codes: 0 no error
findings, 1 error findings (or warnings under --strict), 2 the run could not be
judged (a bad schema or config, an unreadable table, a missing column, a number
too large to compare exactly, an output path that is an input, usage); 2 wins
over 1.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from tallycheck import heap
from tallycheck.errors import TableError, TallycheckError, UsageError
from tallycheck.judgement import ALIASES, ENGINES
from tallycheck.reporters import FORMATS
from tallycheck.version import __version__

if TYPE_CHECKING:
    from tallycheck.plan import Plan
    from tallycheck.report import Finding, Report
    from tallycheck.tables.table import Table

EXIT_OK, EXIT_FINDINGS, EXIT_UNJUDGED = 0, 1, 2


class _Terminated(BaseException):
    """SIGTERM arrived: unwind, so that no temporary report file is left behind."""


def _terminate(signum: int, _frame: object) -> None:
    raise _Terminated(signum)


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """While the command runs, SIGTERM raises ``_Terminated`` (``timeout``, a CI
    runner cancelling a job); the earlier handler comes back afterwards. Off the
    main thread, where no handler can be set, signals stay as they are."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(error: TallycheckError) -> NoReturn:
    from tallycheck.reporters.text import inert

    for line in error.every_line():
        click.echo(f"tallycheck: {inert(line)}", err=True)
    raise SystemExit(EXIT_UNJUDGED)


class _Command(click.Command):
    """A command of the group, whose ``--help`` is delivered as ``_parsed`` says."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _parsed(super().parse_args, ctx, args)


def _parsed(
    parse: Callable[[click.Context, list[str]], list[str]], ctx: click.Context, args: list[str]
) -> list[str]:
    """The only output of parsing is ``--help`` and ``--version`` on stdout: a reader
    that stops reading (``--help | head -1``) ends the run with exit 0; a stdout
    that cannot take them is one line and exit 2."""
    try:
        rest = parse(ctx, args)
    except BrokenPipeError:
        _discard_stdout()
        raise click.exceptions.Exit(EXIT_OK) from None
    except OSError as error:
        _discard_stdout()
        _fail(UsageError(f"cannot write to stdout ({error.strerror or error})"))
    return rest


class _Group(click.Group):
    """The command group: every problem is one line on stderr, never a traceback.

    A usage error (an unknown option, a bad value) is ``tallycheck: ...`` and
    exit 2; an unexpected error is reported the same way, asking for a report.
    """

    command_class = _Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return _parsed(super().parse_args, ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("standalone_mode", True) is False:
            return super().main(*args, **kwargs)
        try:
            with _sigterm_unwinds():
                code = super().main(*args, **{**kwargs, "standalone_mode": False})
        except _Terminated:
            click.echo("tallycheck: terminated", err=True)
            raise SystemExit(128 + signal.SIGTERM) from None
        except click.ClickException as error:
            message = error.format_message().splitlines()[0]
            context = getattr(error, "ctx", None)
            if isinstance(error, click.UsageError) and context is not None:
                message = f"{message.rstrip('.')} (see {context.command_path} --help)"
            click.echo(f"tallycheck: {message}", err=True)
            raise SystemExit(EXIT_UNJUDGED) from None
        except click.Abort:
            click.echo("tallycheck: aborted", err=True)
            raise SystemExit(EXIT_UNJUDGED) from None
        raise SystemExit(code if isinstance(code, int) else EXIT_OK)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # `tallycheck rules | head -1`: the reader has what it wanted
            _discard_stdout()
            return None
        except Exception as error:
            click.echo(
                f"tallycheck: internal error, please report it with the command you ran: "
                f"{type(error).__name__}: {error}".splitlines()[0],
                err=True,
            )
            raise SystemExit(EXIT_UNJUDGED) from None


@click.group(
    name="tallycheck", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="tallycheck", message="%(prog)s %(version)s")
def main() -> None:
    """Check tables of figures taken from the news before they are published."""


def _complete_schema(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Shipped schema names, then files (``--schema pa<TAB>``)."""
    from click.shell_completion import CompletionItem

    from tallycheck.schema import shipped

    names = [CompletionItem(n) for n in shipped.names() if n.startswith(incomplete)]
    return [*names, CompletionItem(incomplete, type="file")]


def _complete_ids(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[click.shell_completion.CompletionItem]:
    """Finding ids, after any already given (``--select sequence,mono<TAB>``)."""
    from click.shell_completion import CompletionItem

    from tallycheck.catalogue import CATALOGUE

    done, _, last = incomplete.rpartition(",")
    head = f"{done}," if done else ""
    return [
        CompletionItem(f"{head}{id_}", help=entry.summary)
        for id_, entry in CATALOGUE.items()
        if id_.startswith(last)
    ]


@main.command()
@click.argument("tables", nargs=-1, metavar="[TABLE]...", type=click.Path())
@click.option(
    "--schema",
    "schema_name",
    metavar="SCHEMA",
    shell_complete=_complete_schema,
    help="A schema file, or the name of a shipped schema (pardon-waves). "
    "Default: each table's schema from tallycheck.yaml.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="What goes to stdout (default: text; github under GITHUB_ACTIONS=true).",
)
@click.option(
    "--output",
    "outputs",
    multiple=True,
    metavar="PATH",
    help="Write a report file; its suffix picks the format (.json, .sarif, .txt). Repeatable.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
@click.option(
    "--engine",
    type=click.Choice([*ENGINES, *ALIASES]),
    default=ENGINES[0],
    metavar=f"[{'|'.join(ENGINES)}]",
    help="The engine that runs the checks: builtin (pandas is its former name), gx "
    "(Great Expectations; the gx extra) or pandera (the pandera extra). All give the same "
    "findings.",
)
@click.option("--quiet", is_flag=True, help="Print only the verdict line.")
@click.option(
    "--max-findings",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="List at most N findings in the terminal text.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="The config to use (a tallycheck.yaml, or a pyproject.toml with [tool.tallycheck]) "
    "instead of the one found from the working directory upwards.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="IDS",
    shell_complete=_complete_ids,
    help="Report only findings with these ids (comma-separated; see tallycheck rules).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="IDS",
    shell_complete=_complete_ids,
    help="Drop findings with these ids (comma-separated; wins over --select).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings fail the run (2 still means it could not be judged).",
)
@click.option(
    "--statistics", is_flag=True, help="Then count the standing findings per rule and file."
)
@click.option(
    "--verbose", is_flag=True, help="Say on stderr which config and schema each table uses."
)
@click.option(
    "--baseline",
    "baseline_file",
    metavar="PATH",
    help="Accept the findings this baseline file lists: only new findings fail the run "
    "(default: the config's baseline: key).",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Write this run's findings as the --baseline file (then none of them fails).",
)
def validate(
    tables: Sequence[str],
    schema_name: str | None,
    output_format: str | None,
    outputs: Sequence[str],
    strict: bool,
    engine: str,
    quiet: bool,
    max_findings: int | None,
    config_file: Path | None,
    select: Sequence[str],
    ignore: Sequence[str],
    exit_zero: bool,
    statistics: bool,
    verbose: bool,
    baseline_file: str | None,
    update_baseline: bool,
) -> None:
    """Check TABLE... (.csv, .tsv, .json, .jsonl, .ndjson, .parquet; - reads CSV from stdin).

    Without --schema, each table takes its schema from the config
    (tallycheck.yaml, .tallycheck.yaml or [tool.tallycheck] in pyproject.toml,
    found from the working directory upwards), tables it does not map are
    skipped, and its waivers apply; with no TABLE, every table it maps is checked.
    --config names the config instead.
    """
    from tallycheck import github_actions, reporters
    from tallycheck.nogc import no_gc
    from tallycheck.output import refuse_inputs, write_atomic
    from tallycheck.plan import make_plan
    from tallycheck.reporters.text import inert
    from tallycheck.selection import finding_ids, narrowed

    stdout_format = output_format or github_actions.default_format(os.environ)
    try:
        chosen, dropped = finding_ids("--select", select), finding_ids("--ignore", ignore)
        targets = [(path, reporters.get(_format_for(path, reporters.SUFFIXES))) for path in outputs]
        if config_file is not None and schema_name is not None:
            raise UsageError("give --config or --schema, not both")
        plan = make_plan(tables, schema_name, Path.cwd(), config_file)
        baseline_file = baseline_file or plan.baseline  # --baseline wins over the config's
        if update_baseline and baseline_file is None:
            raise UsageError(
                "--update-baseline needs --baseline PATH, the file to write "
                "(or a baseline: key in the config)"
            )
        baseline_inputs = () if baseline_file is None else (baseline_file,)
        refuse_inputs([("--output", path) for path in outputs], (*plan.inputs, *baseline_inputs))
        for note in plan.notes:
            click.echo(f"tallycheck: {note}", err=True)
        if verbose:
            for line in _plan_lines(plan):
                click.echo(f"tallycheck: {inert(line)}", err=True)
        if not plan.jobs:
            raise SystemExit(EXIT_OK)
        report = narrowed(_run(plan, engine, strict, stdout_format), chosen, dropped)
        if baseline_file is not None:
            report = _baselined(report, baseline_file, update_baseline)
        with no_gc():
            for path, reporter in targets:
                write_atomic(path, reporters.pieces(reporter, report))
    except TallycheckError as error:
        _fail(error)
    for problem in _table_problems(report):
        click.echo(f"tallycheck: {inert(problem)}", err=True)
    with _stdout_delivery(), no_gc():
        _echo_report(report, stdout_format, quiet, max_findings)
        if statistics:
            from tallycheck.reporters.text import statistics as statistics_text

            click.echo(statistics_text(report), nl=False)
    warning = github_actions.append_step_summary(report, os.environ)
    if warning:
        click.echo(f"tallycheck: {warning}", err=True)
    if not report.judged:
        raise SystemExit(EXIT_UNJUDGED)
    raise SystemExit(EXIT_OK if report.ok or exit_zero else EXIT_FINDINGS)


def _baselined(report: Report, path: str, update: bool) -> Report:
    """The report with the baseline's findings accepted; with ``update``, the
    baseline rewritten from this run first."""
    from tallycheck import baseline
    from tallycheck.output import write_atomic

    if update and not report.judged:  # a baseline of a partial run would accept later breaks
        click.echo(
            f"tallycheck: {path}: not written: not every table could be judged "
            "(see the report); the baseline is left as it was",
            err=True,
        )
    elif update:
        write_atomic(path, baseline.dumps(report))
    if not Path(path).exists() and update:
        return report
    return baseline.accepted(report, baseline.load(path))


def _plan_lines(plan: Plan) -> list[str]:
    """``--verbose``: the config a run uses, and each table's schema."""
    config = plan.config or "none (--schema)"
    lines = [f"config: {config}"]
    for table, schema in plan.jobs:
        lines.append(f"{table}: schema {schema or 'none (no entry maps it)'}")
    return lines


@contextlib.contextmanager
def _stdout_delivery(what: str = "the report") -> Iterator[None]:
    """Print ``what`` (the report by default) on stdout, flushed, judging what goes wrong there.

    A reader that stops reading (``| head``, ``| true``) has chosen so: the rest
    goes nowhere and the exit code stays the verdict, as ``git log | head``
    does. A stdout that is closed or cannot take the report (a full disk,
    ``>/dev/full``) loses the run's result: one line, and exit 2.
    """
    if sys.stdout is None:
        _fail(UsageError(f"cannot write {what} to stdout (it is closed)"))
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
    except OSError as error:
        _discard_stdout()
        _fail(UsageError(f"cannot write {what} to stdout ({error.strerror or error})"))


def _discard_stdout() -> None:
    """Point stdout at the null device, so that what is still buffered in it
    goes nowhere at exit rather than failing again."""
    with contextlib.suppress(OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def _table_problems(report: Report) -> list[str]:
    """One line per table that could not be judged, naming what kept it: unreadable,
    missing columns, or numbers too large to compare exactly (the first, and how
    many more)."""
    from tallycheck.entries import TOO_LARGE

    unjudged = {r.path for r in report.files if not (r.readable and r.judged)}
    blocking: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.file in unjudged and (finding.row is None or finding.rule == TOO_LARGE.id):
            blocking.setdefault(finding.file, []).append(finding)
    lines = []
    for first, *more in blocking.values():
        location = first.file if first.line is None else f"{first.file}:{first.line}"
        also = f" {len(more)} more in the report." if more else ""
        lines.append(f"{location}: {first.message}{also}")
    return lines


def _format_for(path: str, suffixes: dict[str, str]) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in suffixes:
        raise UsageError(
            f"--output {path}: unknown report suffix '{suffix}' (use {', '.join(sorted(suffixes))})"
        )
    return suffixes[suffix]


def _run(plan: Plan, engine: str, strict: bool, stdout_format: str) -> Report:
    from tallycheck.api import validate_each
    from tallycheck.progress import on_terminal, table_progress

    heap.choose_arrow_pool()
    tables = [table for table, _ in plan.jobs]
    with table_progress(tables, terminal=on_terminal(stdout_format)) as advance:
        return validate_each(
            plan.jobs,
            waivers=plan.waivers,
            strict=strict,
            engine=engine,
            progress=advance,
            config_findings=plan.findings,
        )


def _echo_report(report: Report, output_format: str, quiet: bool, max_findings: int | None) -> None:
    from tallycheck import reporters
    from tallycheck.reporters import text

    if output_format != "text":
        for piece in reporters.pieces(reporters.get(output_format), report):
            click.echo(piece, nl=False)
        return
    from tallycheck.colour import use_colour

    color = use_colour(os.environ, sys.stdout.isatty())
    click.echo(
        text.render(report, color=color, max_findings=max_findings, quiet=quiet),
        nl=False,
        color=color,
    )


@main.command("rules")
def list_rules() -> None:
    """The catalogue of finding ids, one line each."""
    from tallycheck.catalogue import catalogue_lines

    with _stdout_delivery("the catalogue"):
        for line in catalogue_lines():
            click.echo(line)


@main.command()
@click.argument("finding_id", metavar="ID")
def explain(finding_id: str) -> None:
    """A finding id's documentation: a check's options and examples."""
    from tallycheck.catalogue import explain_text

    try:
        text = explain_text(finding_id)
    except TallycheckError as error:
        _fail(error)
    with _stdout_delivery("the explanation"):
        click.echo(text)


@main.command("init")
@click.argument("table", type=click.Path())
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Write the schema to PATH (default: TABLE's name with .tallycheck.yaml beside it, "
    "fixtures/x.csv -> fixtures/x.tallycheck.yaml; - for stdout).",
)
@click.option("--force", is_flag=True, help="Replace PATH when it exists.")
def init(table: str, output: str | None, force: bool) -> None:
    """Write a commented starting schema for TABLE, then check TABLE with it.

    The schema gives each column's type (as tallycheck's types read the cells,
    date formats included) and whether it is required, the series and order the
    rows follow, the rules that hold or nearly hold on the data (monotonic,
    sequence, running-total, parts-sum), each with its hit rate, those left out
    as comments, and extends: a shipped schema the table fits. Exit 0 once the
    schema is written, whatever the check finds (the summary says); 2 when it
    cannot be: an unreadable table, an existing PATH without --force, PATH the
    table itself. An existing file is never touched without --force.
    """
    from tallycheck.nogc import no_gc

    try:
        target = output if output is not None else _schema_path_for(table)
        with no_gc():
            text, read = _draft_text(table, target, force)
            report = _check_with_draft(read, target, text)
    except TallycheckError as error:
        _fail(error)
    _echo_init_summary(read.path, target, text, report)
    raise SystemExit(EXIT_OK)


def _schema_path_for(table: str) -> str:
    """``fixtures/x.csv`` -> ``fixtures/x.tallycheck.yaml``."""
    if table == "-":
        raise UsageError("init needs -o PATH (or -o -) to read a table from standard input")
    return str(Path(table).with_suffix(".tallycheck.yaml"))


def _draft_text(table: str, target: str, force: bool) -> tuple[str, Table]:
    """The schema for the table, written to ``target`` (whole or not at all) unless it
    is -, and the table as read."""
    from tallycheck.infer.draft import draft_schema
    from tallycheck.infer.writer import schema_text
    from tallycheck.output import refuse_inputs, write_atomic
    from tallycheck.tables.read import read_table

    if target != "-":
        refuse_inputs([("-o", target)], [table])
        if Path(target).is_dir():
            raise UsageError(f"-o {target}: is a folder; name the schema file to write")
        if Path(target).exists() and not force:
            raise UsageError(f"-o {target}: exists; --force replaces it")
        if not Path(target).absolute().parent.is_dir():
            raise UsageError(f"-o {target}: its folder does not exist")
    read = read_table(table)
    if not read.names:
        raise TableError("has no columns to write a schema for", path=read.path)
    text = schema_text(draft_schema(read))
    if target != "-":
        write_atomic(target, text)
    return text, read


def _check_with_draft(table: Table, target: str, text: str) -> Report:
    """The table, as read once for the draft (standard input cannot be read twice),
    checked with the schema as written, as ``validate`` checks it."""
    from tallycheck.engine import build_report, check_table
    from tallycheck.schema.loader import load_schema, schema_from_mapping
    from tallycheck.schema.yamlmarks import load_yaml

    if target != "-":
        schema = load_schema(target)
    else:
        data, marks = load_yaml(text, "<stdout>")
        schema = schema_from_mapping(data, "<stdout>", marks)
    return build_report([check_table(table, schema)], [], strict=False)


def _echo_init_summary(table: str, target: str, text: str, report: Report) -> None:
    """The schema on stdout (for -o -), then what was written and what the check found."""
    from tallycheck.reporters import text as text_report

    to_stdout = target == "-"
    with _stdout_delivery("the schema" if to_stdout else "the summary"):
        if to_stdout:
            click.echo(text, nl=False)
        else:
            written, checked = text_report.inert(target), text_report.inert(table)
            click.echo(f"tallycheck: wrote {written}; checking {checked} with it:")
        click.echo(text_report.statistics(report), nl=False, err=to_stdout)
        click.echo(text_report.render(report, quiet=True), nl=False, err=to_stdout)


@main.command("export-gx")
@click.argument("schema")
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default="-",
    help="Write the suite to PATH (default: stdout).",
)
def export_gx(schema: str, output: str) -> None:
    """Write SCHEMA as a Great Expectations expectation suite (JSON).

    SCHEMA is a schema file or a shipped schema's name. The suite reads the
    table's columns and the columns tallycheck derives from them (parsed
    values, bounds, each rule's expected values): see docs/gx.md.
    """
    import json

    from tallycheck.output import refuse_inputs, write_atomic
    from tallycheck.schema.loader import load_schema

    try:
        if output != "-":
            refuse_inputs([("--output", output)], [schema])
        from tallycheck.gx.compile import compile_suite

        suite = compile_suite(load_schema(schema))
        text = json.dumps(suite.to_json_dict(), indent=2) + "\n"
        if output != "-":
            write_atomic(output, text)
    except TallycheckError as error:
        _fail(error)
    if output == "-":
        with _stdout_delivery("the suite"):
            click.echo(text, nl=False)


def run() -> None:
    """The ``tallycheck`` command: ``main``, then an exit that skips the interpreter's teardown.

    Arrow's multithreaded CSV reader can still be releasing Python objects on its
    worker threads when the command ends; if the interpreter is tearing down by
    then, the process aborts ("terminate called without an active exception",
    exit 134) instead of exiting with its verdict. So the output is flushed and
    the process exits at once, with the code ``main`` chose.

    numpy's OpenBLAS starts a thread per core when numpy loads, about 0.15 s of
    CPU a run for linear algebra tallycheck never does: the command asks for one
    (before numpy loads), unless the user's environment says otherwise.

    The cyclic garbage collector stays off: the checks make few cycles, and the
    process ends with its report, while a pass after a table of many findings
    walks every object made for them (``tallycheck.nogc``). For the same reason a
    table of millions of rows may keep the memory its arrays free (``tallycheck.heap``).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    gc.disable()
    heap.in_command()
    try:
        main()
        code = EXIT_OK
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else EXIT_UNJUDGED
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
