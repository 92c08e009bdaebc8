"""Human output with rich: diagnostics, rankings and winners for a terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..diagnostics import Diagnostic, Severity
from ..results import Results
from .data import format_score, rank_document, winner_rows
from .plain import location, summary

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


_VERDICT = {"ok": "[green]✓[/]", "error": "[bold red]✗[/]", "warning": "[yellow]![/]"}


def print_diagnostics(console: Console, diagnostics: list[Diagnostic], files: int, *, quiet: bool = False) -> None:
    """In colour for a terminal: one line per problem, then a one-line summary (see plain.py)."""
    for d in diagnostics:
        console.print(f"[bold]{escape(location(d))}[/]: [{_STYLE[d.severity]}]{d.severity.value}[/] "
                      f"[cyan]{d.code}[/] {escape(d.message)}", highlight=False, soft_wrap=True)
    if not quiet:
        verdict, text = summary(diagnostics, files)
        console.print(f"{_VERDICT[verdict]} {escape(text)}", highlight=False)


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for column in columns:
        wraps = column in ("entrant", "title", "note")
        table.add_column(column, justify="right" if column in ("rank", "score", "raw", "judges") else "left",
                         overflow="fold", no_wrap=not wraps)
    return table


def _text(value: Any) -> str:
    return "" if value is None else escape(str(value))


def print_rankings(console: Console, results: Results) -> None:
    document = rank_document(results)
    console.print(f"[bold]{escape(results.title)}[/] ({results.cycle})", highlight=False)
    for category in document["categories"]:
        # Normalised (or combined) scores are shown beside the raw ones, never instead of them.
        raw = any(row["raw_score"] != row["score"] for row in category["ranking"])
        columns = ["rank", "entry", "entrant", "country", "score", *(["raw"] if raw else []), "judges", "award", "note"]
        table = _table(f"{category['call']} / {category['category']}", columns)
        for row in category["ranking"]:
            note = row["reason"] or "; ".join(n for n in (f"tie: {row['tie']}" if row["tie"] else "",
                                                          f"not eligible: {row['ineligible']}" if row["ineligible"] else "") if n)
            table.add_row(_text(row["rank"] if row["rank"] is not None else "–"), _text(row["entry"]),
                          _text(row["entrant"]), _text(row["country"]), format_score(row["score"]),
                          *([format_score(row["raw_score"])] if raw else []),
                          _text(row["judges"]), _text(row["award"]), _text(note))
        console.print(table)
        for note in category["notes"]:
            console.print(f"[yellow]note:[/] {escape(note)}", highlight=False)


def print_winners(console: Console, results: Results) -> None:
    console.print(f"[bold]{escape(results.title)}[/] ({results.cycle}): {len(results.allocation.awards)} awards", highlight=False)
    table = _table("", ["call", "category", "award", "rank", "entry", "entrant", "country", "score"])
    for row in winner_rows(results):
        table.add_row(_text(row["call"]), _text(row["category"]), _text(row["award"] + (" (ex aequo)" if (row["note"] or "").startswith("ex aequo") else "")),
                      _text(row["rank"]), _text(row["entry"]), _text(row["entrant"]), _text(row["country"]),
                      format_score(row["score"]))
    console.print(table)
    for u in results.allocation.unfilled:
        console.print(f"[yellow]unfilled:[/] {escape(u.call)}/{escape(u.category)} {escape(u.award)}: "
                      f"{u.slots} slot{'s' if u.slots != 1 else ''} ({escape(u.reason)})", highlight=False)


def print_compare(console: Console, document: dict[str, Any]) -> None:
    """Ranks under each method side by side, then the awards that would change hands."""
    names = document["methods"]
    for category in document["categories"]:
        table = _table(f"{category['call']} / {category['category']}", ["entry", *names])
        for row in category["ranking"]:
            table.add_row(_text(row["entry"]), *(_text(row["ranks"][m] if row["ranks"].get(m) is not None else "–") for m in names))
        console.print(table)
    if not document["changes"]:
        console.print(f"No award changes hands under {', '.join(names[1:])}.", highlight=False)
    for change in document["changes"]:
        console.print(f"[yellow]{escape(change['method'])}:[/] {escape(change['call'])}/{escape(change['category'])} "
                      f"{escape(change['award'])}: {escape(', '.join(change['declared']) or 'none')} → "
                      f"{escape(', '.join(change['now']) or 'none')}", highlight=False)
