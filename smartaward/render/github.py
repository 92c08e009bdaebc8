"""Diagnostics as GitHub Actions workflow commands: each problem becomes an annotation on its line.

`::error file=F,line=L,col=C,title=CODE name::message` (`::warning` for a warning), escaped exactly
as GitHub's toolkit (@actions/core, `command.ts`) escapes them, so that no message can end a
command early or inject another: in the message `%`, CR and LF; in a property value also `:` and
`,`. Line and column are omitted for a problem about the whole file (line 0). No rich import.
"""

from __future__ import annotations

from typing import TextIO

from smartaward.diagnostics import Diagnostic
from smartaward.render.plain import summary_line
from smartaward.text.cells import one_line


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(d: Diagnostic) -> str:
    properties = [("file", d.file)]
    if d.line:
        properties.append(("line", str(d.line)))
        if d.column:
            properties.append(("col", str(d.column)))
    properties.append(("title", f"{d.code} {d.name}"))
    listed = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    # CR and LF are escaped (GitHub shows them as line breaks of the annotation); any other
    # control character would reach the log raw: an escape sequence there recolours or hides lines.
    return f"::{d.severity.value} {listed}::{one_line(escape_data(d.message))}"


def write_github(out: TextIO, diagnostics: list[Diagnostic], files: int, *, quiet: bool = False) -> None:
    """One workflow command per problem, then the summary as a plain log line (not with quiet)."""
    for d in diagnostics:
        out.write(command(d) + "\n")
    if not quiet:
        out.write(summary_line(diagnostics, files) + "\n")
