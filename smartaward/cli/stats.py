"""`smartaward stats`: the headline figures an organiser announces, and the counts behind them.

The figures are counted by stats.py from the loaded cycle. A cycle with errors still gets every
figure that can be counted; only the awards (which need the ranking) are left out, and the command
says so and exits 1. The command registers itself on `app` when cli.py imports this module.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from smartaward.cli.app import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CycleArgument,
    NoCacheOption,
    QuietOption,
    RankFormat,
    _cache,
    _console,
    _find_root,
    _print_diagnostics,
    _summarise_warnings,
    _usage_error,
    _validated,
    app,
)


@app.command()
def stats(
    cycle: CycleArgument = Path("."),
    format: Annotated[RankFormat, typer.Option("--format", "-f", help="Output format: table (for a terminal), json, csv (every figure, one row each), or text tables: md, rst, latex, html, grid.")] = RankFormat.table,
    top: Annotated[int, typer.Option("--top", metavar="N", help="How many countries, cities and judges' countries the table and md formats list (0: all). json and csv list all.")] = 10,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """The headline figures of a cycle: "216 applications from 123 cities in 58 countries; 20 awards".

    Entries by call, category, entrant type, country and city, and what became of them; judges;
    score lines and marks per round; coverage (score lines present of those expected) per call and
    round; awards given and slots unfilled, and which of them a tie awaiting the chair leaves
    pending. A cycle with errors still gets every figure that can be counted, but not the awards
    (the ranking needs an error-free cycle): exit 1.
    """
    if top < 0:
        raise _usage_error("--top must be 0 (all) or more")
    from smartaward.awards.results import compute
    from smartaward.diagnostics import Severity
    from smartaward.publishing.stats import cycle_stats
    from smartaward.reading.load import load_cycle
    from smartaward.render.progress import progress_bar

    cache = _cache(no_cache)
    cycle_files, diagnostics, loaded = _validated(_find_root(cycle), quiet, cache)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    with progress_bar(quiet) as progress:
        if loaded is None:  # validated before (the diagnostics came from the cache): parse now
            loaded = load_cycle(cycle_files, cache=cache, progress=progress)
        results = compute(loaded, progress) if not errors else None
    document = cycle_stats(loaded, results, errors=len(errors))
    if results is not None:  # the warnings, and the ties that leave awards pending, as rank says them
        _summarise_warnings(diagnostics, results.pending, quiet)
    if errors:
        if not quiet:
            _print_diagnostics(errors, len(cycle_files.files), quiet=True, stderr=True)
        one = len(errors) == 1
        print(f"smartaward: {len(errors)} error{'' if one else 's'} in the cycle: awards could not be computed; "
              "every other figure is printed (smartaward validate shows every problem)", file=sys.stderr)
    _write(document, format, top)
    raise typer.Exit(EXIT_PROBLEMS if errors else EXIT_OK)


def _write(document: dict[str, Any], format: RankFormat, top: int) -> None:
    if format is RankFormat.table:
        _print_tables(document, top)
    elif format is RankFormat.json:
        from smartaward.render.tables import to_json

        sys.stdout.write(to_json(document))
    elif format is RankFormat.csv:
        from smartaward.render.stats import CSV_COLUMNS, csv_rows
        from smartaward.render.tables import to_csv

        sys.stdout.write(to_csv(csv_rows(document), CSV_COLUMNS))
    else:
        from smartaward.render.stats import text_document

        sys.stdout.write(text_document(document, top, format.value))


def _print_tables(document: dict[str, Any], top: int) -> None:
    from rich.markup import escape
    from rich.table import Table

    from smartaward.render.stats import sections
    from smartaward.text.cells import shown

    console = _console()
    console.print(escape(shown(document["headline"])), style="bold", soft_wrap=True)
    numeric = {"entries", "count", "score lines", "marks", "judges", "present", "expected", "coverage", "given", "slots"}
    for title, columns, rows in sections(document, top):
        table = Table()  # the title on its own line: a table narrower than it would wrap it
        for column in columns:
            table.add_column(column, justify="right" if column in numeric else "left")
        for row in rows:
            table.add_row(*(escape(shown(row.get(c))) for c in columns))
        console.print()
        console.print(escape(shown(title)), style="bold", soft_wrap=True)
        console.print(table)
