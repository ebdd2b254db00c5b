"""The config: discovery, globs, strict errors, waivers, and the CLI modes it enables."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import tallycheck
from tallycheck import catalogue
from tallycheck.cli import main
from tallycheck.config import load_config
from tallycheck.paths import glob_matches
from tallycheck.waivers import Waiver, WaiverSet

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "belarus-pardons.csv"
HELD = ROOT / "fixtures" / "belarus-prisoners-held.csv"
CONFIG = 'tables:\n  - files: "data/*.csv"\n    schema: pardon-waves\n'
WAIVE_7_AND_8 = (
    "waivers:\n"
    "  - file: data/pardons.csv\n"
    "    rule: running-total\n"
    "    where: {wave: 7}\n"
    '    reason: "AP\'s figure as published"\n'
    "  - file: data/pardons.csv\n"
    "    rule: running-total\n"
    "    where: {wave: 8}\n"
    "    reason: The rewrite's figure\n"
)
SHIPPED = "deaths-in-custody, pardon-waves, prisoners-held"
WAIVABLE = ", ".join(catalogue.WAIVABLE)  # every check, unreadable and not-judged


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding data/pardons.csv (the seed table), as the working directory."""
    (tmp_path / "data").mkdir()
    shutil.copy(SEED, tmp_path / "data" / "pardons.csv")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, code: int) -> Result:
    """Run the CLI and assert its exit code; no traceback may escape."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def report_of(*args: str, code: int) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(invoke(*args, "--format", "json", code=code).stdout)
    return report


def brief(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(f["rule"], f["file"], f["line"], f.get("waived")) for f in report["findings"]]


# Discovery


def test_found_by_walking_up_from_the_working_directory(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    deep = project / "a" / "b"
    deep.mkdir(parents=True)
    config = load_config(deep)
    assert config is not None
    assert (config.path, config.root) == (project / "tallycheck.yaml", project)
    assert [(t.files, t.schema, t.line) for t in config.tables] == [
        ("data/*.csv", "pardon-waves", 2)
    ]


@pytest.mark.parametrize(
    ("present", "chosen"),
    [
        (("tallycheck.yaml", ".tallycheck.yaml", "pyproject.toml"), "tallycheck.yaml"),
        ((".tallycheck.yaml", "pyproject.toml"), ".tallycheck.yaml"),
        (("pyproject.toml",), "pyproject.toml"),
    ],
)
def test_in_one_folder_the_yaml_files_come_before_pyproject(
    project: Path, present: tuple[str, ...], chosen: str
) -> None:
    for name in present:
        if name == "pyproject.toml":
            write(
                project / name,
                '[project]\nname = "x"\n\n[[tool.tallycheck.tables]]\n'
                'files = "data/*.csv"\nschema = "pardon-waves"\n',
            )
        else:
            write(project / name, CONFIG)
    config = load_config(project)
    assert config is not None
    assert config.path.name == chosen
    assert config.tables[0].schema == "pardon-waves"


def test_the_nearest_folder_wins_and_pyproject_without_the_table_is_passed_over(
    project: Path,
) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    write(project / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(project / "sub") == load_config(project)
    write(project / "sub" / ".tallycheck.yaml", CONFIG)
    config = load_config(project / "sub")
    assert config is not None
    assert config.path == project / "sub" / ".tallycheck.yaml"


def test_no_config_anywhere_up_the_tree(project: Path) -> None:
    assert load_config(project) is None


def test_schema_file_is_relative_to_the_config_file(project: Path) -> None:
    schema = write(project / "schemas" / "mine.yaml", "extends: pardon-waves\nname: mine\n")
    write(
        project / "tallycheck.yaml",
        'tables:\n  - files: "data/*.csv"\n    schema: schemas/mine.yaml\n',
    )
    config = load_config(project / "data")
    assert config is not None
    assert config.tables[0].schema == schema


# Globs


@pytest.mark.parametrize(
    ("path", "pattern", "matches"),
    [
        ("data/a.csv", "data/*.csv", True),
        ("data/x/a.csv", "data/*.csv", False),
        ("data/a.tsv", "data/*.csv", False),
        ("data/a.csv", "data/**/*.csv", True),
        ("data/x/y/a.csv", "data/**/*.csv", True),
        ("a.csv", "**/*.csv", True),
        ("data/a.csv", "**", True),
        ("data/p1.csv", "data/p?.csv", True),
        ("data/p1.csv", "data/p[0-9].csv", True),
        ("data/pardons.csv", "data/pardons.csv", True),
        ("data/pardons.csv", "pardons.csv", False),
    ],
)
def test_glob_matching(path: str, pattern: str, matches: bool) -> None:
    assert glob_matches(path, pattern) is matches


def test_discover_sorts_the_files_and_gives_each_its_first_entry(project: Path) -> None:
    write(project / "data" / "2025" / "deep.csv", "x\n1\n")
    write(project / "data" / "notes.txt", "")
    write(
        project / "tallycheck.yaml",
        'tables:\n  - files: "data/pardons.csv"\n    schema: pardon-waves\n'
        '  - files: "./data/**/*.csv"\n    schema: prisoners-held\n',
    )
    config = load_config(project)
    assert config is not None
    found = [
        (path.relative_to(project).as_posix(), entry.schema) for path, entry in config.discover()
    ]
    assert found == [("data/2025/deep.csv", "prisoners-held"), ("data/pardons.csv", "pardon-waves")]
    assert config.tables[1].files == "data/**/*.csv"
    assert config.entry_for("data/notes.txt") is None


# Config errors: one line naming the file, the line and the key path, exit 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'tabels:\n  - files: "*.csv"\n',
            "tallycheck.yaml:1: tabels: unknown key (did you mean 'tables'?); "
            "expected one of tables, waivers, baseline",
        ),
        ("", "tallycheck.yaml: the config is empty: list the tables under 'tables:'"),
        (
            "waivers: []\n",
            "tallycheck.yaml:1: no 'tables': list the table files and the schema that checks them",
        ),
        (
            "tables: []\n",
            "tallycheck.yaml:1: tables: should be a list of entries with files, schema",
        ),
        (
            "tables:\n  - schema: pardon-waves\n",
            "tallycheck.yaml:2: tables[0]: has no 'files' "
            "(a glob of table files, relative to the config file)",
        ),
        (
            'tables:\n  - files: "data/*.csv"\n',
            "tallycheck.yaml:2: tables[0]: has no 'schema' "
            "(a schema file, relative to the config file, or a shipped schema's name)",
        ),
        (
            'tables:\n  - files: "data/*.csv"\n    schemas: pardon-waves\n',
            "tallycheck.yaml:3: tables[0].schemas: unknown key (did you mean 'schema'?); "
            "expected one of files, schema",
        ),
        (
            'tables:\n  - files: "data/*.csv"\n    schema: schemas/nope.yaml\n',
            "tallycheck.yaml:3: tables[0].schema: 'schemas/nope.yaml' is neither a file "
            f"(relative to the config file) nor a shipped schema (shipped: {SHIPPED})",
        ),
        (
            'tables:\n  - files: "data/*.csv"\n    schema: pardon-wave\n',
            "tallycheck.yaml:3: tables[0].schema: 'pardon-wave' is neither a file "
            "(relative to the config file) nor a shipped schema (did you mean 'pardon-waves'?) "
            f"(shipped: {SHIPPED})",
        ),
        (
            'tables:\n  - files: "../data/*.csv"\n    schema: pardon-waves\n',
            "tallycheck.yaml:2: tables[0].files: '../data/*.csv' should be relative to the "
            "config file, inside its folder",
        ),
        (
            'tables:\n  - files: "data/**.csv"\n    schema: pardon-waves\n',
            "tallycheck.yaml:2: tables[0].files: 'data/**.csv': '**' must stand alone, "
            "as in data/**/*.csv",
        ),
        (
            f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: running-total\n",
            "tallycheck.yaml:5: waivers[0]: has no 'reason' "
            "(why the finding is accepted; reports show it)",
        ),
        (
            f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: runing-total\n"
            "    reason: x\n",
            "tallycheck.yaml:6: waivers[0].rule: unknown rule 'runing-total' "
            f"(did you mean 'running-total'?); expected one of {WAIVABLE}",
        ),
        (
            f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: running-total\n"
            '    reason: x\n    expires: "2027-06-31"\n',
            "tallycheck.yaml:8: waivers[0].expires: should be a date (YYYY-MM-DD), "
            "not '2027-06-31'",
        ),
        (
            f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: running-total\n"
            "    reason: x\n    where: {wave: [7, 8]}\n",
            "tallycheck.yaml:8: waivers[0].where.wave: should be one cell value: text or a number",
        ),
        (
            f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: running-total\n"
            "    reason: x\n    when: later\n",
            "tallycheck.yaml:8: waivers[0].when: unknown key (did you mean 'where'?); "
            "expected one of file, rule, where, reason, expires",
        ),
        (
            "tables:\n  - files: [data\n",
            "tallycheck.yaml:3: invalid YAML: did not find expected ',' or ']'",
        ),
        (
            f"{CONFIG}baseline: ../tallycheck-baseline.json\n",
            "tallycheck.yaml:4: baseline: '../tallycheck-baseline.json' lies outside the "
            "config's folder; a config names a baseline file inside its folder",
        ),
        (
            f"{CONFIG}baseline: data\n",
            "tallycheck.yaml:4: baseline: 'data' is a folder; name the baseline file, "
            "as in tallycheck-baseline.json",
        ),
    ],
    ids=[
        "unknown-top-key",
        "empty",
        "no-tables",
        "tables-empty",
        "no-files",
        "no-schema",
        "unknown-entry-key",
        "no-schema-file",
        "shipped-name-typo",
        "glob-leaves-folder",
        "glob-double-star",
        "waiver-without-reason",
        "waiver-unknown-rule",
        "bad-expires",
        "where-list",
        "unknown-waiver-key",
        "bad-yaml",
        "baseline-outside",
        "baseline-folder",
    ],
)
def test_config_error_is_one_line_and_exit_2(text: str, message: str, project: Path) -> None:
    write(project / "tallycheck.yaml", text)
    result = invoke("validate", code=2)
    assert result.stderr == f"tallycheck: {message}\n"
    assert result.stdout == ""


def test_an_impossible_unquoted_date_names_its_line(project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: running-total\n"
        "    reason: x\n    expires: 2027-02-30\n",
    )
    result = invoke("validate", code=2)
    assert result.stderr == (
        "tallycheck: tallycheck.yaml:8: waivers[0].expires: bad value '2027-02-30': day is out "
        "of range for month\n"
    )


def test_a_config_error_stops_a_pre_commit_style_run_too(project: Path) -> None:
    write(project / "tallycheck.yaml", "tables:\n  - files: data/*.csv\n")
    result = invoke("validate", "data/pardons.csv", code=2)
    assert result.stderr.startswith("tallycheck: tallycheck.yaml:2: tables[0]: has no 'schema'")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[project]\nname = "x"\n\n[[tool.tallycheck.tables]]\nfiles = "data/*.csv"\n'
            'schema = "nope"\n',
            "pyproject.toml:6: tool.tallycheck.tables[0].schema: 'nope' is neither a file "
            f"(relative to the config file) nor a shipped schema (shipped: {SHIPPED})",
        ),
        (
            '[tool.tallycheck]\ntables = [{files = "data/*.csv", schema = "pardon-waves"}]\n'
            '\n[[tool.tallycheck.waivers]]\nfile = "data/pardons.csv"\nrule = "running-total"\n',
            "pyproject.toml:4: tool.tallycheck.waivers[0]: has no 'reason' "
            "(why the finding is accepted; reports show it)",
        ),
        (
            "[tool.tallycheck]\ntabels = []\n",
            "pyproject.toml:2: tool.tallycheck.tabels: unknown key (did you mean 'tables'?); "
            "expected one of tables, waivers, baseline",
        ),
        (
            "[[tool.tallycheck.waivers]]\nexpires = 2027-02-30\n",
            "pyproject.toml:2: invalid TOML: Invalid date or datetime",
        ),
        (
            '[tool.tallycheck]\ntables = [{files = "data/*.csv", schema = "pardon-waves"}]\n'
            'baseline = "/etc/baseline.json"\n',
            "pyproject.toml:3: tool.tallycheck.baseline: '/etc/baseline.json' lies outside the "
            "config's folder; a config names a baseline file inside its folder",
        ),
    ],
)
def test_pyproject_errors_name_the_line_and_key(text: str, message: str, project: Path) -> None:
    write(project / "pyproject.toml", text)
    result = invoke("validate", code=2)
    assert result.stderr == f"tallycheck: {message}\n"


# Waivers


def test_waived_findings_stay_in_the_report_and_do_not_fail_the_run(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG + WAIVE_7_AND_8)
    report = report_of("validate", code=0)
    assert brief(report) == [
        ("running-total", "data/pardons.csv", 4, "AP's figure as published"),
        ("running-total", "data/pardons.csv", 5, "The rewrite's figure"),
        ("quoted", "data/pardons.csv", 2, None),
        ("quoted", "data/pardons.csv", 3, None),
        ("sequence", "data/pardons.csv", 3, None),
        ("quoted", "data/pardons.csv", 4, None),
        ("quoted", "data/pardons.csv", 5, None),
    ]
    assert report["summary"] == {
        "files": 1,
        "rows": 4,
        "errors": 0,
        "warnings": 5,
        "waived": 2,
        "baselined": 0,
    }
    text = invoke("validate", code=0).stdout
    assert "data/pardons.csv:4: waived [running-total, also monotonic] wave 7:" in text
    assert "    waived: AP's figure as published" in text
    assert text.endswith("✓ 1 file checked: 0 errors, 5 warnings, 2 waived\n")


@pytest.mark.parametrize(
    "where",
    ["{wave: 7}", "{wave: '7'}", "{wave: 7.0, source: AP}", "{women: 11, date: 2024-12-09}"],
)
def test_where_compares_cell_text_and_numbers_by_value(where: str, project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: running-total\n"
        f"    where: {where}\n    reason: as published\n",
    )
    report = report_of("validate", code=1)
    assert [f["line"] for f in report["findings"] if f.get("waived")] == [4]


def test_a_waiver_survives_rows_added_above_it(project: Path) -> None:
    table = project / "data" / "pardons.csv"
    header, *rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text(f"{header}3,,30,,,78,Viasna,,\n{''.join(rows)}", encoding="utf-8")
    write(project / "tallycheck.yaml", CONFIG + WAIVE_7_AND_8)
    report = report_of("validate", code=0)
    assert [(f["line"], f["waived"]) for f in report["findings"] if "waived" in f] == [
        (5, "AP's figure as published"),
        (6, "The rewrite's figure"),
    ]


def test_a_waiver_may_name_its_file_by_glob_and_cover_every_row(project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}waivers:\n  - file: ./data/*.csv\n    rule: running-total\n"
        "    reason: totals as published\n",
    )
    report = report_of("validate", code=0)
    assert report["summary"]["waived"] == 2


def test_a_waiver_that_matches_nothing_is_a_stale_waiver_warning(project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}{WAIVE_7_AND_8}  - file: data/pardons.csv\n    rule: parts-sum\n"
        "    where: {wave: 7}\n    reason: no longer needed\n",
    )
    report = report_of("validate", code=0)
    stale = report["findings"][-1]
    assert (stale["rule"], stale["severity"], stale["file"], stale["line"], stale["row"]) == (
        "stale-waiver",
        "warning",
        "tallycheck.yaml",
        13,
        None,
    )
    assert stale["message"] == (
        "The waiver for parts-sum in data/pardons.csv where wave 7 matches no finding: "
        "remove it, or correct its file, rule or where."
    )
    assert report["summary"]["warnings"] == 6  # the stale waiver, the gap, four quoted
    invoke("validate", "--strict", code=1)


def test_an_expired_waiver_no_longer_applies_and_says_so(project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}{WAIVE_7_AND_8}    expires: 2000-01-01\n",
    )
    report = report_of("validate", code=1)
    assert brief(report) == [
        ("running-total", "data/pardons.csv", 4, "AP's figure as published"),
        ("running-total", "data/pardons.csv", 5, None),
        ("quoted", "data/pardons.csv", 2, None),
        ("quoted", "data/pardons.csv", 3, None),
        ("sequence", "data/pardons.csv", 3, None),
        ("quoted", "data/pardons.csv", 4, None),
        ("quoted", "data/pardons.csv", 5, None),
        ("stale-waiver", "tallycheck.yaml", 9, None),
    ]
    assert report["findings"][-1]["message"] == (
        "The waiver for running-total in data/pardons.csv where wave 8 expired on 2000-01-01, "
        "so it no longer applies: remove it, or renew its expires date."
    )


def test_a_waiver_applies_through_its_expires_date(project: Path) -> None:
    today = dt.date.today().isoformat()
    write(project / "tallycheck.yaml", f"{CONFIG}{WAIVE_7_AND_8}    expires: {today}\n")
    assert report_of("validate", code=0)["summary"]["waived"] == 2


def test_only_the_waivers_of_the_tables_named_are_judged(project: Path) -> None:
    write(project / "other" / "x.csv", "wave,pardoned,source\n1,5,AP\n")
    write(
        project / "tallycheck.yaml",
        'tables:\n  - files: "data/*.csv"\n    schema: pardon-waves\n'
        '  - files: "other/*.csv"\n    schema: pardon-waves\n'
        "waivers:\n  - file: data/pardons.csv\n    rule: running-total\n    reason: x\n",
    )
    named = report_of("validate", "other/x.csv", code=0)
    assert named["findings"] == []
    everything = report_of("validate", code=0)
    assert [f["rule"] for f in everything["findings"] if "waived" not in f] == [
        *("quoted", "quoted", "sequence", "quoted", "quoted")
    ]
    assert everything["summary"]["waived"] == 2


def test_every_table_mode_reports_a_waiver_whose_file_is_not_checked(project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}waivers:\n  - file: data/pardon.csv\n    rule: running-total\n    reason: x\n",
    )
    report = report_of("validate", code=1)
    assert report["findings"][-1]["rule"] == "stale-waiver"
    assert "in data/pardon.csv matches no finding" in report["findings"][-1]["message"]


def test_the_library_takes_waivers_too(project: Path) -> None:
    waiver = Waiver("data/*.csv", "running-total", {"wave": 8}, "as published", line=3)
    waivers = WaiverSet((waiver,), root=project, source="mine.yaml")
    report = tallycheck.validate(project / "data" / "pardons.csv", "pardon-waves", waivers=waivers)
    assert [(f.line, f.waived) for f in report.findings] == [
        (4, None),
        (5, "as published"),
        (2, None),
        (3, None),
        (3, None),
        (4, None),
        (5, None),
    ]
    assert not report.ok
    unused = WaiverSet((waiver,), root=project / "elsewhere", source="mine.yaml", every_table=True)
    stale = tallycheck.validate("data/pardons.csv", "pardon-waves", waivers=unused).findings[-1]
    assert (stale.rule, stale.file, stale.line) == ("stale-waiver", "mine.yaml", 3)


# The command line without --schema


def test_no_table_named_checks_every_table_the_config_maps(project: Path) -> None:
    shutil.copy(HELD, project / "data" / "held.csv")
    write(
        project / "tallycheck.yaml",
        'tables:\n  - files: "data/held.csv"\n    schema: prisoners-held\n'
        '  - files: "data/*.csv"\n    schema: pardon-waves\n',
    )
    report = report_of("validate", code=1)
    assert [(f["path"], f["schema"]) for f in report["files"]] == [
        ("data/held.csv", "prisoners-held"),
        ("data/pardons.csv", "pardon-waves"),
    ]
    assert report["summary"]["errors"] == 2


def test_no_file_matching_the_globs_is_exit_2(project: Path) -> None:
    write(
        project / "tallycheck.yaml", 'tables:\n  - files: "data/*.tsv"\n    schema: pardon-waves\n'
    )
    result = invoke("validate", code=2)
    assert (
        result.stderr
        == "tallycheck: tallycheck.yaml: no file matches the tables' globs (data/*.tsv)\n"
    )


def test_named_tables_take_their_schema_and_the_others_are_skipped(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    write(project / "package.json", "{}")
    result = invoke("validate", "package.json", "data/pardons.csv", code=1)
    assert result.stderr == (
        "tallycheck: skipped package.json: no entry in tallycheck.yaml matches it\n"
    )
    assert "data/pardons.csv:4: error [running-total" in result.stdout


def test_nothing_left_to_check_is_exit_0_with_the_notes(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    write(project / "package.json", "{}")
    result = invoke("validate", "package.json", "-", code=0)
    assert result.stderr == (
        "tallycheck: skipped package.json: no entry in tallycheck.yaml matches it\n"
        "tallycheck: skipped -: no entry in tallycheck.yaml matches it\n"
    )
    assert result.stdout == ""


def test_tables_are_matched_relative_to_the_config_from_a_subfolder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        project / "pyproject.toml",
        '[[tool.tallycheck.tables]]\nfiles = "data/*.csv"\nschema = "pardon-waves"\n',
    )
    write(project / "README.csv", "a\n1\n")
    monkeypatch.chdir(project / "data")
    report = report_of("validate", "pardons.csv", "../README.csv", code=1)
    assert [f["path"] for f in report["files"]] == ["pardons.csv"]
    skipped = invoke("validate", "../README.csv", code=0).stderr
    assert skipped == (
        f"tallycheck: skipped ../README.csv: no entry in {project / 'pyproject.toml'} "
        "[tool.tallycheck] matches it\n"
    )


def test_no_schema_and_no_config_is_exit_2() -> None:
    result = invoke("validate", "data/pardons.csv", code=2)
    assert result.stderr == (
        "tallycheck: no schema: give --schema FILE or --schema NAME (a shipped schema such as "
        "pardon-waves), or map tables to schemas in tallycheck.yaml\n"
    )
    assert invoke("validate", code=2).stderr == result.stderr


def test_schema_option_leaves_the_config_aside(project: Path) -> None:
    write(project / "tallycheck.yaml", "not: a config\n")
    invoke("validate", "data/pardons.csv", "--schema", "pardon-waves", code=1)
    result = invoke("validate", "--schema", "pardon-waves", code=2)
    assert result.stderr == (
        "tallycheck: no tables: give TABLE... to check against --schema, or leave out "
        "--schema to check the tables that tallycheck.yaml maps\n"
    )


# GitHub Actions


def test_github_actions_defaults_to_annotations(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    lines = invoke("validate", code=1).stdout.splitlines()
    assert lines[0].startswith("::error file=data/pardons.csv,line=4,")
    assert lines[1].startswith("::error file=data/pardons.csv,line=5,")
    text = invoke("validate", "--format", "text", code=1).stdout
    assert text.startswith("data/pardons.csv:4: error [running-total")


def test_the_step_summary_gets_the_markdown_report_appended(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    summary = write(project / "summary.md", "# An earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    invoke("validate", code=1)
    assert summary.read_text(encoding="utf-8") == "# An earlier step\n"  # not under Actions
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    invoke("validate", "--quiet", code=1)
    invoke("validate", "--format", "json", code=1)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# An earlier step\n")
    assert text.count("1 file checked: 2 errors, 5 warnings") == 2
    assert "data/pardons" in text


def test_a_step_summary_that_cannot_be_written_is_a_warning(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(project))
    result = invoke("validate", code=1)
    assert result.stderr == (
        f"tallycheck: warning: cannot append the report to the step summary {project} "
        "(Is a directory)\n"
    )


# Hardening: limits, TOML corners, and waivers that cannot match


def test_a_config_larger_than_5_mb_is_refused(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG + "# padding\n" * 600_000)
    result = invoke("validate", code=2)
    assert result.stderr == (
        "tallycheck: tallycheck.yaml: is larger than 5 MB; a config is a short list of tables "
        "and waivers\n"
    )


def test_a_config_tag_is_refused_as_a_config(project: Path) -> None:
    write(project / "tallycheck.yaml", "tables: !!python/name:os.system\n")
    result = invoke("validate", code=2)
    assert result.stderr == (
        "tallycheck: tallycheck.yaml:1: YAML tag !!python/name:os.system is not allowed: "
        "configs are data\n"
    )


def test_an_unknown_toml_table_names_its_header_line(project: Path) -> None:
    write(
        project / "pyproject.toml",
        '[tool.tallycheck]\ntables = [{files = "data/*.csv", schema = "pardon-waves"}]\n\n'
        "[tool.tallycheck.options]\nstrict = true\n",
    )
    result = invoke("validate", code=2)
    assert result.stderr == (
        "tallycheck: pyproject.toml:4: tool.tallycheck.options: unknown key; expected one of "
        "tables, waivers, baseline\n"
    )


def test_a_toml_date_time_expires_on_its_date(project: Path) -> None:
    write(
        project / "pyproject.toml",
        '[tool.tallycheck]\ntables = [{files = "data/*.csv", schema = "pardon-waves"}]\n\n'
        '[[tool.tallycheck.waivers]]\nfile = "data/pardons.csv"\nrule = "running-total"\n'
        'reason = "as published"\nexpires = 2000-01-01T12:00:00\n',
    )
    config = load_config(project)
    assert config is not None
    assert config.waivers[0].expires == dt.date(2000, 1, 1)
    report = report_of("validate", code=1)
    [stale] = [f for f in report["findings"] if f["rule"] == "stale-waiver"]
    assert "expired on 2000-01-01" in stale["message"]


@pytest.mark.parametrize(
    ("where", "waived"),
    [
        ("{wave: true}", False),  # a flag compares as text: the wave is not 'true'
        ("{source: 7}", False),  # a number against text that is no number
        ("{nosuch: 7}", False),  # a column the table does not have
        ("{url: ''}", True),  # a blank cell matches an empty value
        ("{url: 7}", False),  # but not a number
        ("{wave: 6.0}", True),  # numbers compare by value
    ],
)
def test_where_values_that_do_or_do_not_match(where: str, waived: bool, project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: running-total\n"
        "    where: {wave: 7}\n    reason: seventh\n"
        f"  - file: data/pardons.csv\n    rule: sequence\n    where: {where}\n    reason: r\n",
    )
    report = report_of("validate", code=1)
    sequence = [f for f in report["findings"] if f["rule"] == "sequence"]
    assert [f.get("waived") for f in sequence] == ["r" if waived else None]


def test_a_waiver_with_where_never_covers_an_unreadable_table(project: Path) -> None:
    write(project / "data" / "pardons.csv", "")
    write(
        project / "tallycheck.yaml",
        f"{CONFIG}waivers:\n  - file: data/pardons.csv\n    rule: unreadable\n"
        "    where: {wave: 7}\n    reason: r\n"
        "  - file: data/pardons.csv\n    rule: unreadable\n    reason: being rebuilt\n",
    )
    report = report_of("validate", code=2)
    [unreadable] = [f for f in report["findings"] if f["rule"] == "unreadable"]
    assert unreadable["waived"] == "being rebuilt"
    [stale] = [f for f in report["findings"] if f["rule"] == "stale-waiver"]
    assert stale["line"] == 5


# The gate: what a config run is handed must be checked, or said to be missing


def test_a_missing_table_named_is_exit_2_and_the_others_are_still_checked(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    result = invoke(
        "validate", "data/pardons.csv", "pardons.csv", "--output", "r.json", "--quiet", code=2
    )
    assert result.stderr == "tallycheck: pardons.csv: no such file\n"
    report = json.loads((project / "r.json").read_text(encoding="utf-8"))
    assert [(f["path"], f["schema"], f["readable"]) for f in report["files"]] == [
        ("data/pardons.csv", "pardon-waves", True),
        ("pardons.csv", None, False),
    ]
    missing = [f for f in report["findings"] if f["file"] == "pardons.csv"]
    assert [(f["rule"], f["severity"], f["message"]) for f in missing] == [
        ("unreadable", "error", "no such file")
    ]
    assert report["summary"]["errors"] == 3


def test_an_unmapped_table_that_exists_stays_a_note(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    write(project / "notes.csv", "a\n1\n")
    result = invoke("validate", "notes.csv", code=0)
    assert (
        result.stderr == "tallycheck: skipped notes.csv: no entry in tallycheck.yaml matches it\n"
    )


def test_a_tables_entry_that_matches_no_file_is_a_warning_at_its_line(project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        CONFIG + '  - files: "archive/*.csv"\n    schema: pardon-waves\n',
    )
    report = report_of("validate", code=1)
    [unmatched] = [f for f in report["findings"] if f["rule"] == "unmatched-glob"]
    assert (unmatched["severity"], unmatched["file"], unmatched["line"]) == (
        "warning",
        "tallycheck.yaml",
        4,
    )
    assert unmatched["message"] == (
        "The tables entry for archive/*.csv matches no file: remove it, or correct its glob."
    )
    assert report["summary"]["warnings"] == 6  # the table's gap, four quoted, and this one


def test_an_entry_that_only_earlier_entries_match_is_a_warning(project: Path) -> None:
    write(
        project / "pyproject.toml",
        '[[tool.tallycheck.tables]]\nfiles = "data/*.csv"\nschema = "pardon-waves"\n\n'
        '[[tool.tallycheck.tables]]\nfiles = "data/pardons.csv"\nschema = "prisoners-held"\n',
    )
    report = report_of("validate", code=1)
    assert [f["path"] for f in report["files"]] == ["data/pardons.csv"]
    [unmatched] = [f for f in report["findings"] if f["rule"] == "unmatched-glob"]
    assert (unmatched["file"], unmatched["line"]) == ("pyproject.toml", 5)
    assert unmatched["message"] == (
        "The tables entry for data/pardons.csv matches only files that an earlier entry "
        "takes: remove it, or reorder the entries."
    )


def test_entries_are_not_judged_when_tables_are_named_one_by_one(project: Path) -> None:
    write(
        project / "tallycheck.yaml",
        CONFIG + '  - files: "archive/*.csv"\n    schema: pardon-waves\n',
    )
    report = report_of("validate", "data/pardons.csv", code=1)
    assert "unmatched-glob" not in [f["rule"] for f in report["findings"]]


def test_a_table_named_twice_by_any_spelling_is_checked_once(project: Path) -> None:
    write(project / "tallycheck.yaml", CONFIG)
    (project / "alias.csv").symlink_to(project / "data" / "pardons.csv")
    spellings = ("data/pardons.csv", "./data/pardons.csv", f"{project}/data//pardons.csv")
    report = report_of("validate", *spellings, code=1)
    assert [f["path"] for f in report["files"]] == ["data/pardons.csv"]
    assert report["summary"]["errors"] == 2
    report = report_of(
        "validate", "data/pardons.csv", "alias.csv", "--schema", "pardon-waves", code=1
    )
    assert [f["path"] for f in report["files"]] == ["data/pardons.csv"]
    assert report["summary"]["errors"] == 2


SECRET = "root:x:0:0:the first line of a file outside the project\n"


@pytest.mark.parametrize(
    ("schema", "shown"),
    [("../outside.yaml", "../outside.yaml"), ("ABSOLUTE", "ABSOLUTE"), ("link.yaml", "link.yaml")],
)
def test_a_config_schema_outside_its_folder_is_refused_unread(
    schema: str, shown: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = project / "inner"
    outside = write(project / "outside.yaml", SECRET)
    (inner / "link.yaml").parent.mkdir()
    (inner / "link.yaml").symlink_to(outside)
    schema = schema.replace("ABSOLUTE", str(outside))
    shown = shown.replace("ABSOLUTE", str(outside))
    write(inner / "tallycheck.yaml", f'tables:\n  - files: "*.csv"\n    schema: {schema}\n')
    shutil.copy(SEED, inner / "pardons.csv")
    monkeypatch.chdir(inner)
    result = invoke("validate", "pardons.csv", code=2)
    assert result.stderr == (
        f"tallycheck: tallycheck.yaml:3: tables[0].schema: '{shown}' lies outside "
        "the config's folder; a config names schema files inside its folder, or shipped schemas\n"
    )
    assert "root:x" not in result.output


def test_a_config_baseline_reached_through_a_link_outside_its_folder_is_refused(
    project: Path,
) -> None:
    outside = project.parent / f"{project.name}-elsewhere"
    outside.mkdir()
    (project / "link").symlink_to(outside)
    write(project / "tallycheck.yaml", f"{CONFIG}baseline: link/tallycheck-baseline.json\n")
    result = invoke("validate", "--update-baseline", code=2)
    assert result.stderr == (
        "tallycheck: tallycheck.yaml:4: baseline: 'link/tallycheck-baseline.json' lies outside "
        "the config's folder; a config names a baseline file inside its folder\n"
    )
    assert list(outside.iterdir()) == []


def test_a_config_schema_linked_inside_its_folder_is_used(project: Path) -> None:
    write(project / "schemas" / "waves.yaml", (ROOT / "tests/data/waves.yaml").read_text())
    (project / "current.yaml").symlink_to(project / "schemas" / "waves.yaml")
    write(
        project / "tallycheck.yaml", 'tables:\n  - files: "data/*.csv"\n    schema: current.yaml\n'
    )
    report = report_of("validate", code=0)
    assert [f["schema"] for f in report["files"]] == ["waves"]


def test_extends_names_only_shipped_schemas_never_a_file(project: Path) -> None:
    outside = write(project.parent / f"{project.name}-secret.yaml", SECRET)
    write(project / "schema.yaml", f"extends: {outside}\ncolumns:\n  wave: {{type: integer}}\n")
    write(
        project / "tallycheck.yaml", 'tables:\n  - files: "data/*.csv"\n    schema: schema.yaml\n'
    )
    result = invoke("validate", code=2)
    assert result.stderr.startswith(
        f"tallycheck: schema.yaml:1: extends: no shipped schema '{outside}'"
    )
    assert "root:x" not in result.output
