"""How text from the data reaches each output syntax, and the plain labels of a finding.

Every cell, path and message may come from a table someone else wrote, so each
reporter passes it through the function for its syntax: the text then shows
as what it is and can never end a command, open a tag or a link, or drive a
terminal.
"""

from __future__ import annotations

import re

from tallycheck.report import Finding, Report

# Bidi embeddings, overrides and isolates: they reorder the text around them, so that
# "178" may read "871" ("Trojan Source"); the marks LRM, RLM and ALM only nudge it.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# Control characters (bar tab, LF and CR), C1 controls, line and paragraph separators,
# bidi controls, lone surrogates and the two non-characters that XML 1.0 forbids.
_UNSAFE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAKS = re.compile(r"[\t\r\n]+")
_ZERO_WIDTH_SPACE = "&#8203;"
_MARKDOWN = {ord(char): "\\" + char for char in "\\`*_{}[]()#+-.!|~$@"}
_MARKDOWN |= {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_MARKDOWN[ord("@")] += _ZERO_WIDTH_SPACE
_MARKDOWN[ord("#")] += _ZERO_WIDTH_SPACE
_SARIF_MESSAGE = {ord(char): "\\" + char for char in "\\[]"}
# What a JSON string may hold raw, but a terminal (0x9b is CSI; bidi controls reorder
# what `cat` shows), a JavaScript parser (U+2028, U+2029) or a strict UTF-8 encoder
# (lone surrogates) would trip on.
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff\ufffe\uffff]")


def visible(text: str) -> str:
    r"""Show control characters, bidi controls and lone surrogates as escapes (``\x1b``,
    ``\u202e``), as ``repr`` shows them in error messages; keep tab, LF, CR."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def markdown(text: str) -> str:
    """Inline GitHub Markdown that renders as the literal text, on one line.

    Markdown punctuation is backslash-escaped (so no link, emphasis or table
    cell boundary can form), ``& < >`` become entities (so no HTML), line
    breaks become spaces, and ``@`` and ``#`` are followed by a zero-width
    space, as Dependabot does: GitHub finds mentions and issue references in
    the rendered text, where a backslash escape no longer stops them.
    """
    return _LINE_BREAKS.sub(" ", visible(text)).translate(_MARKDOWN)


def workflow_data(text: str) -> str:
    """A GitHub workflow command's message (actions/toolkit ``escapeData``)."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): also ``:`` and ``,``."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def json_safe(encoded: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with DEL, C1 controls, U+2028,
    U+2029, bidi controls, lone surrogates and non-characters written as ``\\uXXXX`` escapes.

    The data decode the same; the text can be shown in a terminal, embedded in a
    script and encoded as UTF-8. ``json.dumps`` already escapes the C0 controls.
    """
    if encoded.isascii() and "\x7f" not in encoded:  # the one such character ASCII holds
        return encoded
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def sarif_message(text: str) -> str:
    """SARIF plain-text message: control characters visible, brackets and backslashes
    escaped (SARIF 2.1.0 §3.11.6).

    Unescaped, ``[text](uri)`` in a message is an embedded link that viewers
    make clickable.
    """
    return visible(text).translate(_SARIF_MESSAGE)


def acceptance(finding: Finding) -> tuple[str, str] | None:
    """How a finding is accepted, if it is: ``("waived", the waiver's reason)`` or
    ``("baselined", "in the baseline tallycheck-baseline.json")``."""
    if finding.waived is None:
        return None
    return ("baselined" if finding.baselined else "waived"), finding.waived


def place(finding: Finding) -> str:
    """``file:line``, or the file alone when the line is not known."""
    return finding.file if finding.line is None else f"{finding.file}:{finding.line}"


def rule_label(finding: Finding) -> str:
    """The rule id, with the rule instance's name when the schema gives one."""
    return finding.rule if finding.name is None else f"{finding.rule}: {finding.name}"


def figures(finding: Finding) -> str | None:
    """The value against the expected value: the rule's own words where it gives them
    (``wave 5 is missing before wave 6``), else ``178 → 207``; None when neither is known."""
    if finding.figures is not None:
        return finding.figures
    value, expected = finding.value, finding.expected
    if value is None and expected is None:
        return None
    shown = "(blank)" if value is None else value
    return shown if expected is None else f"{shown} → {expected}"


def provenance_line(finding: Finding) -> str | None:
    """Where the figure came from, on one line: ``AP, “quote”``; None when unknown."""
    if not finding.provenance:
        return None
    values = {key: value for key, value in finding.provenance.items() if value}
    quote = values.pop("quote", None)
    parts = list(values.values())
    if quote:
        parts.append(f"“{quote}”")
    return ", ".join(parts) or None


def strict_note(report: Report) -> str:
    """`` (strict: warnings fail the run)`` when they do and there are some, else empty."""
    return " (strict: warnings fail the run)" if report.strict and report.warnings else ""


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
