"""Daily casualties in Gaza (TechForPalestine/palestine-datasets), 2023-10-07 to 2024-01-22.

``killed_cum`` and ``injured_cum`` are the Ministry of Health's running totals and
``killed`` and ``injured`` each report's own count; the ``ext_`` columns are the desk's
completion of them, which holds. The reported totals break 17 times; 15 of those rows are
flagged, since two agree with the corrected chain after a revision, among them the case
of issue 13: 17,487 for 17,490, then 17,700 = 17,490 + 210.
"""

from __future__ import annotations

from realworld_truth import HERE, chain_breaks, decreases, found, read_json, sum_breaks

import tallycheck

TABLE = "gaza-casualties-daily.json"
SCHEMA = "gaza-casualties-daily.yaml"
CHAINS = {
    "killed_cum": "killed",
    "injured_cum": "injured",
    "ext_killed_cum": "ext_killed",
    "ext_injured_cum": "ext_injured",
}


def breaks(design: bool) -> set[tuple[int, str]]:
    """The (line, total) of each break pandas finds, as reported or as DESIGN reads it."""
    frame = read_json(TABLE)
    lines = set()
    for total, increment in CHAINS.items():
        reported, designed = chain_breaks(frame, total, increment, "report_date", None)
        lines |= {(line, total) for line in (designed if design else reported)}
    return lines


def test_the_running_totals_are_flagged_exactly_and_as_pandas_finds_them_under_design() -> None:
    today = found(TABLE, SCHEMA, "running-total")
    assert sorted(today) == [
        ("running-total", 86, "injured_cum", "5184", "5029"),
        ("running-total", 165, "injured_cum", "9200", "9714"),
        ("running-total", 184, "injured_cum", "10850", "9762"),
        ("running-total", 290, "injured_cum", "13561", "13562"),
        ("running-total", 1181, "injured_cum", "40652", "37652"),
        ("running-total", 1231, "injured_cum", "42000", "42066"),
        ("running-total", 1251, "killed_cum", "16248", "16624"),
        ("running-total", 1315, "injured_cum", "46480", "46558"),
        ("running-total", 1315, "killed_cum", "17487", "17490"),
        ("running-total", 1397, "injured_cum", "50100", "50095"),
        ("running-total", 1641, "injured_cum", "54036", "54072"),
        ("running-total", 2045, "injured_cum", "60005", "59852"),
        ("running-total", 2045, "killed_cum", "23708", "23620"),
        ("running-total", 2133, "killed_cum", "24285", "24258"),
        ("running-total", 2253, "injured_cum", "63000", "63021"),
    ]
    assert {(line, column) for _, line, column, *_ in today} == breaks(design=True)


def test_two_rows_agree_with_the_corrected_chain_after_a_revision() -> None:
    # 17,700 = 17,490 + 210 and 50,594 = 50,095 + 499: both pass under DESIGN's reading.
    assert breaks(design=False) - breaks(design=True) == {
        (1334, "killed_cum"),
        (1422, "injured_cum"),
    }


def test_the_mistyped_total_is_flagged_once_and_the_next_row_follows_the_corrected_chain() -> None:
    report = tallycheck.validate(HERE / TABLE, schema=HERE / SCHEMA)
    (mistyped,) = [f for f in report.findings if f.value == "17487"]
    assert mistyped.message == (
        "report_date 2023-12-08: killed_cum 17487 should be 17490 (17177 at report_date "
        "2023-12-07 + 313 killed). Later rows may follow 17487 as reported or 17490 as corrected."
    )
    assert [f for f in report.findings if f.line in (1334, 1422)] == []


def test_the_falls_are_flagged_exactly_and_are_those_pandas_finds() -> None:
    frame = read_json(TABLE)
    counts = [c for c in frame if c.endswith("_cum") and c not in CHAINS]
    truth = set().union(*(decreases(frame, c, "report_date", None) for c in counts))
    assert (
        found(TABLE, SCHEMA, "monotonic")
        == truth
        == {
            ("monotonic", 249, "killed_women_cum", "1000", "at least 1032"),
            ("monotonic", 290, "killed_women_cum", "967", "at least 1000"),
            ("monotonic", 1641, "ext_press_killed_cum", "97", "at least 100"),
        }
    )


def test_children_and_women_never_exceed_the_killed_as_pandas_finds() -> None:
    frame = read_json(TABLE)
    for prefix in ("", "ext_"):
        parts = [f"{prefix}killed_children_cum", f"{prefix}killed_women_cum"]
        assert sum_breaks(frame, parts, f"{prefix}killed_cum", at_most=True) == set()
    report = tallycheck.validate(HERE / TABLE, schema=HERE / SCHEMA)
    assert {f.rule for f in report.findings} == {"running-total", "monotonic"}
