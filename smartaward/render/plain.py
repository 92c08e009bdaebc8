"""Diagnostics as plain lines, for pipes, CI logs and pre-commit (no rich import: start-up matters)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, TextIO

from smartaward.diagnostics import CATALOGUE, Diagnostic, Severity
from smartaward.text.cells import one_line

if TYPE_CHECKING:
    from smartaward.awards.pending import Pending
    from smartaward.publishing.published import Waiting


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def location(d: Diagnostic) -> str:
    return d.file if d.line == 0 else f"{d.file}:{d.line}:{d.column}"


def line(d: Diagnostic) -> str:
    """`file:line:col: severity CODE message` — the form editors and CI logs link to. The message is
    one line, whatever text of the cycle it quotes (cells.one_line)."""
    return f"{location(d)}: {d.severity.value} {d.code} {one_line(d.message)}"


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


_LISTED = 8  # pending award slots named in the summary; the rest are counted


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def warnings_summary(warnings: list[Diagnostic], pending: Pending | Waiting) -> str:
    """What rank, winners, export, judges and stats say on stderr of the warnings of a cycle they rank:
    first the ties awaiting the chair and which awards they leave pending, then how many warnings
    of each kind there are besides (`smartaward validate` shows them)."""
    parts = []
    ties = len(pending.ties)
    if ties:
        text = f"{count(ties, 'tie')} await{'s' if ties == 1 else ''} the chair's decision (J412)"
        if pending.slots:
            by_place: dict[str, list[str]] = {}
            for call, category, award in pending.slots[:_LISTED]:
                by_place.setdefault(f"{call}/{category}", []).append(award)
            named = "; ".join(f"{place} {_and(awards)}" for place, awards in by_place.items())
            more = len(pending.slots) - _LISTED
            plural = len(pending.slots) > 1
            text += f": {named}{f' and {more} more' if more > 0 else ''} {'are' if plural else 'is'} pending"
            if more > 0:
                text += " (each is marked pending in the output)"
        else:
            text += f"; no award depends on {'it' if ties == 1 else 'them'}"
        parts.append(text)
    others = Counter(d.code for d in warnings if not (ties and d.code == "J412"))
    if others:
        kinds = ", ".join(f"{code} {CATALOGUE[code].name}" + (f" ×{n}" if n > 1 else "") for code, n in sorted(others.items()))
        total = sum(others.values())
        parts.append(f"{total}{' other' if ties else ''} warning{'s' if total != 1 else ''}: {kinds}")
    return one_line("; ".join(parts))
