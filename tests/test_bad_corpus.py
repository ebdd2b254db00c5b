"""The bad-input corpus (fixtures/bad/cases*.yaml), each case run as a user would run it.

Every case runs ``python -m tallycheck`` in a subprocess, in a temporary copy of the
repository's fixtures, and is judged on what a user sees and keeps: the exit code,
one ``tallycheck:`` line naming the problem (never a traceback), input files left
byte for byte as they were, and a report file that is whole or absent. The cases
run a few at a time, once per session, and each test reads its case's outcome.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from engine_tables import missing_extra

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "fixtures" / "bad"
# cases.yaml holds the first corpus; each cases-TOPIC.yaml beside it adds the cases of one topic.
MANIFESTS = sorted(BAD.glob("cases*.yaml"))
COPIED = ("fixtures", "tests/data")
REPORT = "out/report.json"
SKIP_NOTE = "tallycheck: skipped "
REPORT_KINDS = ("none", "complete", "unreadable", "omit")
CASE_KEYS = {
    *("id", "argv", "files", "exit", "stderr", "stdout"),
    *("report", "unreadable", "checked", "seconds", "max_rss_mb", "xfail"),
}
# Runs the command given after it, writes its peak RSS (KiB) to the file named first, and
# exits as it did. Its only child is the command, so RUSAGE_CHILDREN is that run's own peak.
# The child's address space is capped (4 GiB), so that a run that regresses fails fast with
# a MemoryError rather than taking the machine's memory.
PEAK_RSS = """
import resource, subprocess, sys
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
code = subprocess.run(sys.argv[2:], preexec_fn=cap, check=False).returncode
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code if code >= 0 else 128 - code)
"""


def load_cases() -> list[dict[str, Any]]:
    """The manifest's cases, checked for shape."""
    cases: list[dict[str, Any]] = []
    for manifest in MANIFESTS:
        cases.extend(yaml.safe_load(manifest.read_text(encoding="utf-8"))["cases"])
    for case in cases:
        assert set(case) <= CASE_KEYS, case["id"]
        assert case["report"] in REPORT_KINDS, case["id"]
        assert case["exit"] in (0, 1, 2), case["id"]
        assert ("stderr" in case) == (case["exit"] == 2), case["id"]
        assert ("unreadable" in case) == (case["report"] == "unreadable"), case["id"]
    return cases


CASES = load_cases()


@dataclass(frozen=True)
class Outcome:
    """What one run left behind."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    before: dict[str, str]
    after: dict[str, str]
    out: list[str]  # the output folder's entries, sorted
    temporary: list[str]  # temporary report files anywhere in the copy
    report: str | None  # the report file's text, when one was written
    peak_rss_mb: float | None  # the run's peak resident memory, when measured


def _digests(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` but the output folder."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not relative.startswith("out/"):
            with path.open("rb") as stream:  # a slice at a time: some inputs are huge
                found[relative] = hashlib.file_digest(stream, "sha256").hexdigest()
    return found


def _create(root: Path, spec: dict[str, Any]) -> None:
    """Make one file of a case's ``files``."""
    path = root / spec["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if spec.get("folder"):
        path.mkdir(exist_ok=True)
    elif spec.get("fifo"):
        os.mkfifo(path)
    elif "symlink" in spec:
        path.symlink_to(spec["symlink"])
    elif "copy" in spec:
        shutil.copyfile(ROOT / spec["copy"], path)
    else:
        with path.open("w", encoding="utf-8", newline="") as stream:
            stream.write(spec["text"])
            if "repeat" in spec:
                stream.write(spec["repeat"]["text"] * spec["repeat"]["times"])
            stream.write(spec.get("end", ""))
            if "size" in spec:  # then NUL bytes up to that size, sparse: no disk used
                stream.truncate(spec["size"])


def _argv(case: dict[str, Any]) -> list[str]:
    argv = [str(arg) for arg in case["argv"]]
    if argv[0] == "validate" and case["report"] != "omit":
        argv += ["--output", REPORT]
    return argv


def run_case(case: dict[str, Any], root: Path) -> Outcome:
    """Set up the copy, run the case in a subprocess, and collect what it left."""
    for folder in COPIED:
        shutil.copytree(ROOT / folder, root / folder)
    (root / "out").mkdir()
    for spec in case.get("files", []):
        _create(root, spec)
    before = _digests(root)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env |= {"NO_COLOR": "1", "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    command = [sys.executable, "-m", "tallycheck", *_argv(case)]
    peak = root.parent / f"{root.name}.peak"
    if "max_rss_mb" in case:
        command = [sys.executable, "-c", PEAK_RSS, str(peak), *command]
    start = time.monotonic()
    done = subprocess.run(
        command,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=300,
        check=False,
    )
    seconds = time.monotonic() - start
    report = root / REPORT
    outcome = Outcome(
        code=done.returncode,
        stdout=done.stdout,
        stderr=done.stderr,
        seconds=seconds,
        before=before,
        after=_digests(root),
        out=sorted(p.name for p in (root / "out").iterdir()),
        temporary=sorted(p.name for p in root.rglob("*.tmp")),
        report=report.read_text(encoding="utf-8") if report.is_file() else None,
        peak_rss_mb=int(peak.read_text()) / 1024 if peak.is_file() else None,
    )
    shutil.rmtree(root, ignore_errors=True)  # the big generated inputs go at once
    return outcome


@pytest.fixture(scope="session")
def outcomes(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Outcome]]:
    """Run the selected cases, two or more at a time, once per session."""
    chosen = {
        item.callspec.id
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname == "test_bad_input_case"
    }
    cases = [case for case in CASES if case["id"] in chosen and not _missing_extra(case)]
    workers = max(2, min(4, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {
            case["id"]: pool.submit(run_case, case, tmp_path_factory.mktemp(case["id"]))
            for case in cases
        }
        yield {name: future.result() for name, future in futures.items()}


def _missing_extra(case: dict[str, Any]) -> str | None:
    """Why the case cannot run here: its engine's extra is not installed."""
    argv = case["argv"]
    return missing_extra(argv[argv.index("--engine") + 1]) if "--engine" in argv else None


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        missing = _missing_extra(case)
        if missing is not None:
            marks.append(pytest.mark.skip(reason=missing))
        if "xfail" in case:
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def test_the_corpus_is_large_and_its_ids_unique() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 60


def test_every_committed_bad_file_is_used_and_listed_in_the_readme() -> None:
    readme = (ROOT / "fixtures" / "bad" / "README.md").read_text(encoding="utf-8")
    manifest = "".join(path.read_text(encoding="utf-8") for path in MANIFESTS)
    for path in sorted(BAD.rglob("*")):
        name = path.relative_to(BAD).as_posix()
        if path.is_dir() or name == "README.md" or path in MANIFESTS:
            continue
        assert f"fixtures/bad/{name}" in manifest, f"{name} is in no case"
        assert f"`{name}`" in readme, f"{name} is not in the README's table"


@pytest.mark.parametrize("case", _params())
def test_bad_input_case(case: dict[str, Any], outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case["id"]]
    shown = f"exit {outcome.code}\nstdout: {outcome.stdout[:2000]}\nstderr: {outcome.stderr}"
    assert "Traceback" not in outcome.stdout + outcome.stderr, shown
    assert outcome.code == case["exit"], shown

    lines = [line for line in outcome.stderr.splitlines() if not line.startswith(SKIP_NOTE)]
    if case["exit"] == 2:  # one line, or one per mistake when stderr lists them
        expected = case["stderr"] if isinstance(case["stderr"], list) else [case["stderr"]]
        assert len(lines) == len(expected), shown
        for line, fragment in zip(lines, expected, strict=True):
            assert line.startswith("tallycheck: "), shown
            assert fragment in line, shown
    else:
        assert lines == [], shown
    if "stdout" in case:
        assert case["stdout"] in outcome.stdout, shown

    assert outcome.after == outcome.before, "an input file changed"
    assert outcome.temporary == [], "a temporary file was left behind"
    if "seconds" in case:
        assert outcome.seconds < case["seconds"]
    if "max_rss_mb" in case:
        assert outcome.peak_rss_mb is not None
        assert outcome.peak_rss_mb < case["max_rss_mb"]

    if case["report"] == "none":
        assert outcome.out == [], "a report was written by a run that could not start"
        return
    if case["report"] == "omit":
        return
    assert outcome.out == ["report.json"]
    assert outcome.report is not None
    report = json.loads(outcome.report)
    assert report["report_version"] == 1
    assert report["ok"] is (case["exit"] == 0)
    assert report["summary"]["errors"] == sum(
        f["severity"] == "error" and "waived" not in f for f in report["findings"]
    )
    by_path = {entry["path"]: entry for entry in report["files"]}
    if case["report"] == "unreadable":
        assert by_path[case["unreadable"]]["readable"] is False
        assert by_path[case["unreadable"]]["rows"] == 0
        [finding] = [f for f in report["findings"] if f["file"] == case["unreadable"]]
        assert finding["rule"] == "unreadable"
        assert finding["message"] in lines[0]
    for path in case.get("checked", []):
        assert by_path[path]["readable"] is True


# --- the same cases in process: the library raises the line the command prints -------


def _in_process(kind: str) -> list[Any]:
    """Cases whose input the library reads alone: a bad schema file or table file."""
    params = []
    for case in CASES:
        argv = [str(arg) for arg in case["argv"]]
        if case["exit"] != 2 or "xfail" in case or "files" in case or argv[0] != "validate":
            continue
        schema = argv[argv.index("--schema") + 1] if "--schema" in argv else ""
        if kind == "schema" and case["report"] == "none" and schema.startswith("fixtures/bad"):
            first = case["stderr"][0] if isinstance(case["stderr"], list) else case["stderr"]
            params.append(pytest.param(schema, first, id=case["id"]))
        if kind == "table" and case["report"] == "unreadable" and len(argv) == 4:
            params.append(pytest.param(argv[1], case["stderr"], id=case["id"]))
    return params


@pytest.mark.parametrize(("path", "fragment"), _in_process("schema"))
def test_the_library_raises_the_same_line_for_a_bad_schema(
    path: str, fragment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tallycheck.errors import SchemaError
    from tallycheck.schema.loader import load_schema

    monkeypatch.chdir(ROOT)
    with pytest.raises(SchemaError) as raised:
        load_schema(path)
    assert fragment in raised.value.one_line()
    assert "\n" not in raised.value.one_line()


@pytest.mark.parametrize(("path", "fragment"), _in_process("table"))
def test_the_library_reports_a_bad_table_as_unreadable(
    path: str, fragment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tallycheck

    monkeypatch.chdir(ROOT)
    report = tallycheck.validate(path, "tests/data/waves.yaml")
    [finding] = report.findings
    assert finding.rule == "unreadable"
    place = path if finding.line is None else f"{path}:{finding.line}"
    assert fragment in f"{place}: {finding.message}"  # the line the command prints
    assert report.files[0].readable is False
