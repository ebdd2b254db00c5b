"""JUnit XML, for CI systems that show test results.

One ``<testsuite>`` per table (named by its path; also per other file that has
findings, such as a config with a stale waiver), one ``<testcase>`` per rule
instance that found something in it (named ``rule`` or ``rule: name``), and a
passing ``all checks`` case for a table with no findings. Each error finding
is one ``<failure>``; a table that could not be read is an ``<error>``.

JUnit has no warnings: warnings, and waived and baselined findings (each
labelled so), go to the case's ``<system-out>``, so the case passes, as the
run does; under ``--strict`` warnings fail the run, and are ``<failure>``
elements like errors. (``<skipped>``
would say the check did not run, which is not so.)

The XML is built with ElementTree, which escapes markup; characters that XML
1.0 forbids are shown as escapes (``\\x1b``) first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tallycheck.report import Finding, Report
from tallycheck.reporters import escape

_PASSING = "all checks"


def _details(finding: Finding) -> str:
    """The failure's text: where, value and expected, and the source, one per line."""
    fields = [
        ("at", escape.place(finding)),
        ("value", finding.value),
        ("expected", finding.expected),
        *finding.provenance.items(),
        ("also", ", ".join(finding.also)),
        ("baselined" if finding.baselined else "waived because", finding.waived),
    ]
    return "\n".join(f"{key}: {value}" for key, value in fields if value)


def _outcome(finding: Finding, readable: bool) -> ET.Element:
    """An ``<error>`` for an unreadable table, else a ``<failure>``."""
    element = ET.Element("failure" if readable else "error")
    element.set("message", escape.visible(finding.message))
    element.set("type", escape.visible(finding.rule))
    element.text = escape.visible(_details(finding))
    return element


def _testcase(
    report: Report, path: str, name: str, findings: list[Finding], readable: bool
) -> ET.Element:
    case = ET.Element("testcase", classname=escape.visible(path), name=escape.visible(name))
    case.extend(_outcome(f, readable) for f in findings if report.fails(f))
    notes = [f for f in findings if not report.fails(f)]
    if notes:
        out = ET.SubElement(case, "system-out")
        out.text = escape.visible("\n\n".join(_note(f) for f in notes))
    return case


def _note(finding: Finding) -> str:
    accepted = escape.acceptance(finding)
    kind = str(finding.severity) if accepted is None else accepted[0]
    return f"{kind}: {finding.message}\n{_details(finding)}"


def _suite(report: Report, path: str, readable: bool, findings: list[Finding]) -> ET.Element:
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(escape.rule_label(finding), []).append(finding)
    cases = [_testcase(report, path, name, found, readable) for name, found in by_rule.items()]
    if not cases:
        cases.append(_testcase(report, path, _PASSING, [], readable))
    suite = ET.Element("testsuite", name=escape.visible(path))
    _count(suite, cases)
    suite.extend(cases)
    return suite


def _count(element: ET.Element, cases: list[ET.Element]) -> None:
    """Set ``tests``, ``failures`` and ``errors``, counted as JUnit readers count them."""
    element.set("tests", str(len(cases)))
    for count, tag in (("failures", "failure"), ("errors", "error")):
        element.set(count, str(sum(len(case.findall(tag)) for case in cases)))


def render(report: Report) -> str:
    """The report as JUnit XML, ending in a newline."""
    root = ET.Element("testsuites", name="tallycheck")
    readable = {result.path: result.readable for result in report.files}
    by_path: dict[str, list[Finding]] = {path: [] for path in readable}
    for finding in report.findings:
        by_path.setdefault(finding.file, []).append(finding)
    suites = [
        _suite(report, path, readable.get(path, True), found) for path, found in by_path.items()
    ]
    _count(root, [case for suite in suites for case in suite.iter("testcase")])
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
