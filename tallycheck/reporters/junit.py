"""JUnit XML, for CI systems that show test results.

One ``<testsuite>`` per table (named by its path), one ``<testcase>`` per rule
instance that found something in it (named ``rule`` or ``rule: name``), and a
passing ``all checks`` case for a table with no findings. Each error finding
is one ``<failure>``; a table that could not be read is an ``<error>``.

JUnit has no warnings: warnings, and waived findings, go to the case's
``<system-out>``, so the case passes, as the run does. (``<skipped>`` would
say the check did not run, which is not so.)

The XML is built with ElementTree, which escapes markup; characters that XML
1.0 forbids are shown as escapes (``\\x1b``) first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tallycheck.report import FileResult, Finding, Report
from tallycheck.reporters import escape
from tallycheck.severity import Severity

_PASSING = "all checks"


def _details(finding: Finding) -> str:
    """The failure's text: where, value and expected, and the source, one per line."""
    fields = [
        ("at", escape.place(finding)),
        ("value", finding.value),
        ("expected", finding.expected),
        *finding.provenance.items(),
        ("also", ", ".join(finding.also)),
        ("waived because", finding.waived),
    ]
    return "\n".join(f"{key}: {value}" for key, value in fields if value)


def _outcome(finding: Finding, readable: bool) -> ET.Element:
    """An ``<error>`` for an unreadable table, else a ``<failure>``."""
    element = ET.Element("failure" if readable else "error")
    element.set("message", escape.visible(finding.message))
    element.set("type", escape.visible(finding.rule))
    element.text = escape.visible(_details(finding))
    return element


def _is_failure(finding: Finding) -> bool:
    return finding.waived is None and finding.severity is Severity.ERROR


def _testcase(path: str, name: str, findings: list[Finding], readable: bool) -> ET.Element:
    case = ET.Element("testcase", classname=escape.visible(path), name=escape.visible(name))
    case.extend(_outcome(f, readable) for f in findings if _is_failure(f))
    notes = [f for f in findings if not _is_failure(f)]
    if notes:
        out = ET.SubElement(case, "system-out")
        out.text = escape.visible("\n\n".join(_note(f) for f in notes))
    return case


def _note(finding: Finding) -> str:
    kind = "waived" if finding.waived is not None else str(finding.severity)
    return f"{kind}: {finding.message}\n{_details(finding)}"


def _suite(result: FileResult, findings: list[Finding]) -> ET.Element:
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(escape.rule_label(finding), []).append(finding)
    cases = [
        _testcase(result.path, name, found, result.readable) for name, found in by_rule.items()
    ]
    if not cases:
        cases.append(_testcase(result.path, _PASSING, [], result.readable))
    suite = ET.Element("testsuite", name=escape.visible(result.path))
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
    suites = [
        _suite(result, [f for f in report.findings if f.file == result.path])
        for result in report.files
    ]
    _count(root, [case for suite in suites for case in suite.iter("testcase")])
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
