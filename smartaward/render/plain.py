"""Diagnostics as plain lines, for pipes, CI logs and pre-commit (no rich import: start-up matters)."""

from __future__ import annotations

from typing import TextIO

from ..diagnostics import Diagnostic, Severity


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def location(d: Diagnostic) -> str:
    return d.file if d.line == 0 else f"{d.file}:{d.line}:{d.column}"


def line(d: Diagnostic) -> str:
    """`file:line:col: severity CODE message` — the form editors and CI logs link to."""
    return f"{location(d)}: {d.severity.value} {d.code} {d.message}"


def summary(diagnostics: list[Diagnostic], files: int) -> tuple[str, str]:
    """The closing line's verdict mark ('ok', 'error' or 'warning') and its text."""
    if not diagnostics:
        return "ok", f"{count(files, 'file')} checked: no problems"
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    bad = len({d.file for d in diagnostics})
    text = (f"{count(files, 'file')} checked: {count(errors, 'error')}, "
            f"{count(len(diagnostics) - errors, 'warning')} in {count(bad, 'file')}")
    return ("error" if errors else "warning"), text


_MARK = {"ok": "✓", "error": "✗", "warning": "!"}


def summary_line(diagnostics: list[Diagnostic], files: int) -> str:
    verdict, text = summary(diagnostics, files)
    return f"{_MARK[verdict]} {text}"


def write_diagnostics(out: TextIO, diagnostics: list[Diagnostic], files: int, *, quiet: bool = False) -> None:
    """One stable line per problem (grep, editors and problem matchers rely on it), then the summary.

    Off a terminal the source line and caret are deliberately not shown (see docs/cli.md): every
    line of this output is a problem or the summary.
    """
    for d in diagnostics:
        out.write(line(d) + "\n")
    if not quiet:
        out.write(summary_line(diagnostics, files) + "\n")
