"""Write the JSON report of a fixed corpus, to show that a refactor changes no output.

    .venv/bin/python scripts/report_snapshot.py /tmp/before          # on the old commit
    .venv/bin/python scripts/report_snapshot.py /tmp/after           # on the new one
    diff -r /tmp/before /tmp/after && echo byte-identical

The corpus: the example fixtures (both engines), every table in fixtures/bad with
the pardon-waves schema, every case of tests/checks/cases, 2,000 tables of the
differential test (drawn with a fixed seed) and 300 tables that break every check
(tests/engine_tables.py). ``--gx`` also runs the GX engine on the cases and on the
first 200 and 100 of the generated tables. The inputs are written under the output
folder's ``inputs/``, so that both runs read the same files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

import yaml  # noqa: E402
from check_cases import case_files, case_schema, load  # noqa: E402
from engine_tables import EVERYTHING, generated_table  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402

import tallycheck  # noqa: E402
from tallycheck.reporters.json_report import render  # noqa: E402
from tallycheck.schema.loader import schema_from_mapping  # noqa: E402

FIXTURES = (
    ("belarus-pardons.csv", "pardon-waves"),
    ("belarus-prisoners-held.csv", "prisoners-held"),
    ("belarus-deaths-in-custody.csv", "deaths-in-custody"),
)
TABLE_SUFFIXES = {".csv", ".tsv", ".json", ".ndjson", ".jsonl", ".parquet", ".txt"}


def write_inputs(inputs: Path) -> None:
    """The corpus's tables and schemas, one folder each."""
    import test_differential

    def put(name: str, table: str, schema: dict[str, object]) -> None:
        folder = inputs / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "table.csv").write_text(table, encoding="utf-8")
        (folder / "schema.json").write_text(json.dumps(schema, default=str), encoding="utf-8")

    for path in case_files():
        document = load(path)
        for number, case in enumerate(document["cases"]):
            schema = case_schema(path.stem, document["schema"], case)
            put(f"case-{path.stem}-{number:03d}", case["table"], schema)
    drawn = []

    @settings(
        max_examples=2000,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(test_differential.tables())
    def draw(case: tuple[list[dict[str, str | None]], dict[str, object]]) -> None:
        drawn.append(case)

    draw()
    for number, (rows, schema) in enumerate(drawn):
        folder = inputs / f"diff-{number:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        test_differential.write_csv(rows, folder / "table.csv")
        (folder / "schema.json").write_text(json.dumps(schema, default=str), encoding="utf-8")
    everything = yaml.safe_load(Path(EVERYTHING).read_text(encoding="utf-8"))
    for seed in range(300):
        put(f"every-{seed:03d}", generated_table(seed), everything)


def with_gx(name: str) -> bool:
    return (
        name.startswith("case")
        or (name.startswith("diff") and name < "diff-0200")
        or (name.startswith("every") and name < "every-100")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--gx", action="store_true", help="also run the GX engine")
    args = parser.parse_args()
    out: Path = args.out.resolve()
    inputs = out / "inputs"
    if not inputs.exists():
        write_inputs(inputs)
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    os.chdir(inputs)
    for folder in sorted(inputs.iterdir()):
        schema = schema_from_mapping(json.loads((folder / "schema.json").read_text("utf-8")))
        table = f"{folder.name}/table.csv"
        (reports / f"{folder.name}.json").write_text(render(tallycheck.validate(table, schema)))
        if args.gx and with_gx(folder.name):
            report = tallycheck.validate(table, schema, engine="gx")
            (reports / f"{folder.name}.gx.json").write_text(render(report))
    os.chdir(ROOT / "fixtures")
    for name, schema_name in FIXTURES:
        for engine in ("builtin", "gx") if args.gx else ("builtin",):
            report = tallycheck.validate(name, schema_name, engine=engine)
            (reports / f"fixture-{name}.{engine}.json").write_text(render(report))
    for path in sorted(Path("bad").iterdir()):
        if path.suffix in TABLE_SUFFIXES:
            report = tallycheck.validate(f"bad/{path.name}", "pardon-waves")
            (reports / f"bad-{path.name}.json").write_text(render(report))
    print(f"{len(list(reports.iterdir()))} reports in {reports}")


if __name__ == "__main__":
    main()
