"""Human output with rich: diagnostics, rankings and winners for a terminal.

Every text from the cycle goes through cells.shown (and rich's markup escape): rich itself drops
only BEL, backspace, VT, FF and CR, and would pass an escape sequence, a C1 control or a
bidirectional override to the terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from smartaward.awards.titles import labelled
from smartaward.diagnostics import Diagnostic, Severity
from smartaward.publishing.data import format_score
from smartaward.publishing.published import Published, as_published
from smartaward.render.plain import summary
from smartaward.text.cells import one_line, shown

if TYPE_CHECKING:
    from smartaward.awards.results import Results

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


# Beside an award that a tie awaiting the chair may still move (JSON and CSV give the whole reason).
PENDING = "pending: a tie awaits the chair"

_VERDICT = {"ok": "[green]✓[/]", "error": "[bold red]✗[/]", "warning": "[yellow]![/]"}


def read_lines(file: str) -> list[str] | None:
    """The lines of a file as diagnostics count them (split at LF only, a CR dropped), or None."""
    try:
        text = Path(file).read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    return [line.removesuffix("\r") for line in text.split("\n")]


def excerpt(line: str, column: int, width: int) -> tuple[str, int]:
    """The part of `line` to show in `width` cells, and the cells before the caret under `column`.

    Tabs are shown as one space (a column counts characters). A line too long for the width is
    shown as a window around the column, with `…` where it was cut.
    """
    line = line.replace("\t", " ")
    at = max(column, 1) - 1
    if cell_len(line) <= width or width < 8:
        return line, cell_len(line[:at])
    room = width - 2  # the cells left for text beside the two ellipses
    start = min(at, len(line))
    while start > 0 and cell_len(line[start - 1:at]) <= room // 2:
        start -= 1  # context before the column: up to half the room
    end, used = start, 0
    while end < len(line) and used + cell_len(line[end]) <= room:
        used, end = used + cell_len(line[end]), end + 1
    while start > 0 and used + cell_len(line[start - 1]) <= room:
        start, used = start - 1, used + cell_len(line[start - 1])  # the end is reached: more before
    left = "…" if start > 0 else ""
    right = "…" if end < len(line) else ""
    return left + line[start:end] + right, len(left) + cell_len(line[start:at])


def print_diagnostics(console: Console, diagnostics: list[Diagnostic], files: int, *, quiet: bool = False) -> None:
    """For a terminal: the problems grouped under a header per file, each with its source line and a
    caret under its column, then a one-line summary (the plain form, one line each: plain.py)."""
    groups: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        groups.setdefault(d.file, []).append(d)
    for number, (file, found) in enumerate(groups.items()):
        if number:
            console.print()
        console.print(Text(one_line(file), style="bold underline"), soft_wrap=True)
        source = read_lines(file) if any(d.line for d in found) else None
        wheres = [f"{d.line}:{d.column}" if d.line else "–" for d in found]
        pad = max(map(len, wheres))
        digits = max(len(str(d.line)) for d in found)
        for d, where in zip(found, wheres, strict=True):
            console.print(Text.assemble(("  " + where.ljust(pad), "bold"), " ",
                                        (d.severity.value.ljust(7), _STYLE[d.severity]), " ",
                                        (d.code, "cyan"), " ", one_line(d.message)), soft_wrap=True)
            if source is None or not 0 < d.line <= len(source):
                continue
            gutter = f"  {str(d.line).rjust(digits + 2)} │ "
            # one_line replaces character for character, so the caret's column stays right
            part, before = excerpt(one_line(source[d.line - 1]), d.column, max(console.width - len(gutter), 1))
            console.print(Text.assemble((gutter, "dim"), part), soft_wrap=True)
            console.print(Text.assemble((" " * (len(gutter) - 2) + "│ ", "dim"), " " * before, ("^", _STYLE[d.severity])),
                          soft_wrap=True)
    if not quiet:
        if diagnostics:
            console.print()
        verdict, text = summary(diagnostics, files)
        console.print(f"{_VERDICT[verdict]} {escape(text)}", highlight=False, soft_wrap=True)


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for column in columns:
        wraps = column in ("entrant", "title", "note", "call", "category")  # call and category: with their titles
        table.add_column(column, justify="right" if column in ("rank", "score", "raw", "judges") else "left",
                         overflow="fold", no_wrap=not wraps)
    return table


def _text(value: Any) -> str:
    """A value for a rich table cell or line: on one line, no control character, no markup."""
    return escape(shown(value))


def _awards(count: int) -> str:
    return f"{count} award" + ("" if count == 1 else "s")


def _status(documents: Published) -> str:
    """The header's word on the result: ` — final`, or ` — provisional: 2 open items (...)`."""
    if documents.status is None:
        return ""
    if documents.final:
        return " — [green]final[/]"
    return f" — [yellow]{_text(documents.summary)}[/]; smartaward status lists them"


def print_rankings(console: Console, results: Results | Published) -> None:
    """The rankings of every category, from the results or their documents (kept in the cache)."""
    documents = as_published(results)
    document = documents.rankings
    assert document is not None, "rank reads the rankings (api.published(rankings=True))"
    console.print(f"[bold]{_text(documents.title)}[/] ({_text(documents.cycle)}){_status(documents)}", highlight=False)
    for category in document["categories"]:
        # Normalised (or combined) scores are shown beside the raw ones, never instead of them.
        raw = any(row["raw_score"] != row["score"] for row in category["ranking"])
        columns = ["rank", "entry", "entrant", "country", "score", *(["raw"] if raw else []), "judges", "award", "note"]
        table = _table(_text(f"{labelled(category['call'], category['call_title'])} / "
                             f"{labelled(category['category'], category['category_title'])}"), columns)
        for row in category["ranking"]:
            note = row["reason"] or "; ".join(n for n in (f"tie: {row['tie']}" if row["tie"] else "",
                                                          f"not eligible: {row['ineligible']}" if row["ineligible"] else "") if n)
            if row["pending"]:
                note = "; ".join(n for n in (note, f"pending: {row['pending']}") if n)
            award = labelled(row["award"], row["award_title"]) + (" (pending)" if row["award"] and row["pending"] else "")
            table.add_row(_text(row["rank"] if row["rank"] is not None else "–"), _text(row["entry"]),
                          _text(row["entrant"]), _text(row["country"]), format_score(row["score"]),
                          *([format_score(row["raw_score"])] if raw else []),
                          _text(row["judges"]), _text(award), _text(note))
        console.print(table)
        for note in category["notes"]:
            console.print(f"[yellow]note:[/] {_text(note)}", highlight=False)


def print_winners(console: Console, results: Results | Published) -> None:
    """The awards given, then the slots left unfilled, from the results or their documents."""
    documents = as_published(results)
    rows = documents.winners["winners"]
    console.print(f"[bold]{_text(documents.title)}[/] ({_text(documents.cycle)}): {_awards(len(rows))}{_status(documents)}",
                  highlight=False)
    table = _table("", ["call", "category", "award", "rank", "entry", "entrant", "country", "score"])
    for index, row in enumerate(rows):
        said = [n for n in ("ex aequo" if (row["note"] or "").startswith("ex aequo") else "",
                            PENDING if row["pending"] else "") if n]
        # A category's call and title once, on its first row, and a line under its last: the
        # titles beside the ids are long, and repeated on every row they made each row three lines.
        group = (row["call"], row["category"])
        first = index == 0 or (rows[index - 1]["call"], rows[index - 1]["category"]) != group
        last = index == len(rows) - 1 or (rows[index + 1]["call"], rows[index + 1]["category"]) != group
        table.add_row(_text(labelled(row["call"], row["call_title"])) if first else "",
                      _text(labelled(row["category"], row["category_title"])) if first else "",
                      _text(labelled(row["award"], row["award_title"]) + (f" ({'; '.join(said)})" if said else "")),
                      _text(row["rank"]), _text(row["entry"]), _text(row["entrant"]), _text(row["country"]),
                      format_score(row["score"]), end_section=last)
    console.print(table)
    for u in documents.winners["unfilled"]:
        pending = f"; {PENDING}" if u["pending"] is not None else ""  # Pending.unfilled's reasons are text, never None
        console.print(f"[yellow]unfilled:[/] {_text(labelled(u['call'], u['call_title']))} / "
                      f"{_text(labelled(u['category'], u['category_title']))} / "
                      f"{_text(labelled(u['award'], u['award_title']))}: "
                      f"{u['slots']} slot{'s' if u['slots'] != 1 else ''} ({_text(u['reason'])}{pending})", highlight=False)


def print_compare(console: Console, document: dict[str, Any]) -> None:
    """Ranks under each method side by side, then the awards that would change hands."""
    names = document["methods"]
    for category in document["categories"]:
        table = _table(_text(f"{labelled(category['call'], category.get('call_title'))} / "
                             f"{labelled(category['category'], category.get('category_title'))}"), ["entry", *names])
        for row in category["ranking"]:
            table.add_row(_text(row["entry"]), *(_text(row["ranks"][m] if row["ranks"].get(m) is not None else "–") for m in names))
        console.print(table)
    for category in document["categories"]:  # what a method's ranking says that the declared one does not
        for method, notes in (category.get("notes") or {}).items():
            for note in notes:
                console.print(f"[yellow]{_text(method)}:[/] {_text(labelled(category['call'], category.get('call_title')))} / "
                              f"{_text(labelled(category['category'], category.get('category_title')))}: note: {_text(note)}",
                              highlight=False)
    if not document["changes"]:
        console.print(f"No award changes hands under {', '.join(names[1:])}.", highlight=False)
    for change in document["changes"]:
        console.print(f"[yellow]{_text(change['method'])}:[/] {_text(labelled(change['call'], change.get('call_title')))} / "
                      f"{_text(labelled(change['category'], change.get('category_title')))} / "
                      f"{_text(labelled(change['award'], change.get('award_title')))}: {_text(', '.join(change['declared']) or 'none')} → "
                      f"{_text(', '.join(change['now']) or 'none')}", highlight=False)
