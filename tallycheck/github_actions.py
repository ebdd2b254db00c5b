"""Running inside GitHub Actions: annotations by default, and the step summary.

Under ``GITHUB_ACTIONS=true`` the terminal format defaults to ``github``
(workflow annotations on the offending lines), and when ``GITHUB_STEP_SUMMARY``
names a file, the Markdown report is appended to it for the run's page.
"""

from __future__ import annotations

from collections.abc import Mapping

from tallycheck.report import Report


def active(environ: Mapping[str, str]) -> bool:
    """Whether this process runs as a step of a GitHub Actions workflow."""
    return environ.get("GITHUB_ACTIONS") == "true"


def default_format(environ: Mapping[str, str]) -> str:
    """``github`` inside GitHub Actions, ``text`` elsewhere."""
    return "github" if active(environ) else "text"


def append_step_summary(report: Report, environ: Mapping[str, str]) -> str | None:
    """Append the Markdown report to the step summary; a warning if it cannot be written."""
    path = environ.get("GITHUB_STEP_SUMMARY")
    if not (active(environ) and path):
        return None
    from tallycheck import reporters

    text = reporters.get("markdown").render(report)
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text if text.endswith("\n") else f"{text}\n")
    except OSError as error:
        return f"warning: cannot append the report to the step summary {path} ({error.strerror})"
    return None
