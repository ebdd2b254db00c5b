"""``Finding.maker`` makes the same finding as ``Finding(...)``, every field included."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from tallycheck.report import Finding, Span
from tallycheck.severity import Severity

_TEXT = st.none() | st.text(max_size=8)
_OPTIONAL = {
    "line": st.none() | st.integers(1, 10**6),
    "row": st.none() | st.integers(1, 10**6),
    "name": _TEXT,
    "series": _TEXT,
    "columns": st.tuples(st.text(max_size=4)),
    "value": _TEXT,
    "expected": _TEXT,
    "related_line": st.none() | st.integers(1, 10**6),
    "provenance": st.dictionaries(st.text(max_size=4), _TEXT, max_size=2),
    "also": st.tuples(st.sampled_from(["monotonic", "min"])),
    "waived": _TEXT,
    "figures": _TEXT,
    "quoted": st.tuples(st.text(max_size=4)),
    "passage": _TEXT,
    "key": st.tuples(st.tuples(st.text(max_size=3), st.text(max_size=3))),
    "baselined": st.booleans(),
    "cell": st.none() | st.builds(Span, *[st.integers(1, 99)] * 4),
}


@given(
    required=st.fixed_dictionaries(
        {
            "rule": st.sampled_from(["running-total", "min"]),
            "severity": st.sampled_from(list(Severity)),
            "file": st.text(min_size=1, max_size=8),
            "message": st.text(max_size=20),
        }
    ),
    optional=st.fixed_dictionaries({}, optional=_OPTIONAL),
)
def test_a_made_finding_is_the_finding_the_dataclass_makes(
    required: dict[str, object], optional: dict[str, object]
) -> None:
    shared = {"rule": required.pop("rule"), "severity": required.pop("severity")}
    own = {"provenance": {}, **required, **optional}
    made = Finding.maker(**shared)(own)
    required.update(shared)
    expected = Finding(**required, **optional)  # type: ignore[arg-type]
    for field in dataclasses.fields(Finding):  # compare=False fields too
        assert getattr(made, field.name) == getattr(expected, field.name), field.name
    assert made == expected
    assert made.to_dict() == expected.to_dict()


def test_made_findings_share_no_fields_dict() -> None:
    make = Finding.maker(rule="min", severity=Severity.ERROR, file="t.csv")
    first = make({"message": "m", "provenance": {}, "line": 3})
    second = make({"message": "m", "provenance": {}})
    assert (first.line, second.line) == (3, None)
    assert first.provenance == {}
    assert first.provenance is not second.provenance
