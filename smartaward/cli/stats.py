"""`smartaward stats`: the headline figures an organiser announces, and the counts behind them.

The figures are counted by stats.py from the loaded cycle. A cycle with errors still gets every
figure that can be counted; only the awards (which need the ranking) are left out, and the command
says so and exits 1. The document is kept in the cache: run again on the unchanged cycle, the
command prints it from there (api.kept), counting nothing. The command registers itself on `app`
when cli.py imports this module.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CycleArgument,
    NoCacheOption,
    QuietOption,
    app,
    emit,
    find_root,
    format_choices,
    format_help,
    fresh_outcome,
    keep_document,
    kept_output,
    only_for_formats,
    open_cache,
    print_diagnostics,
    summarise_warnings,
    usage_error,
)
from smartaward.diagnostics import Severity
from smartaward.render.registry import TEXT_TABLES

if TYPE_CHECKING:
    from smartaward.api import Kept
    from smartaward.awards.pending import Pending
    from smartaward.diagnostics import Diagnostic
    from smartaward.publishing.published import Waiting

    StatsFormat = Any  # for mypy; at run time, the registry's formats as an Enum (the --format choices)
else:
    StatsFormat = format_choices("stats", "StatsFormat")


@app.command()
def stats(
    context: typer.Context,
    cycle: CycleArgument = Path("."),
    format: Annotated[StatsFormat, typer.Option(
        "--format", "-f", help=format_help("stats", table="for a terminal", csv="every figure, one row each"))
    ] = StatsFormat.table,
    top: Annotated[int, typer.Option(
        "--top", metavar="N", help="How many countries, cities and judges' countries table and the text tables (md, rst, latex, html, grid) list "
                                        "(0: all). json and csv list all.")] = 10,
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
        raise usage_error("--top must be 0 (all) or more")
    only_for_formats(context, "top", "--top", format, ("table", *TEXT_TABLES))
    root = find_root(cycle)
    cache = open_cache(no_cache)
    # Of an unchanged cycle, the document counted before (--top and --format only draw it).
    reused = kept_output(root, cache, DOCUMENT, "stats", format, quiet=quiet, fits=_fits, with_errors=True, top=top)
    if reused is not None:
        found, drawn = reused
        waiting = None if found.checked.errors else found.waiting  # no results, no warnings line: as below
        _say(found.checked.diagnostics, waiting, len(found.checked.files.files), quiet)
        sys.stdout.write(drawn)
        raise typer.Exit(EXIT_PROBLEMS if found.checked.errors else EXIT_OK)
    from smartaward.publishing.stats import cycle_stats

    counted = fresh_outcome(root, cache, quiet, load_with_errors=True)
    errors, results = counted.errors, counted.results
    assert counted.cycle is not None
    document = cycle_stats(counted.cycle, results, errors=len(errors), scoring=counted.checked.scoring)
    keep_document(cache, counted, DOCUMENT, document)
    _say(counted.diagnostics, results.pending if results is not None else None, len(counted.checked.files.files), quiet)
    emit("stats", format, document, quiet=quiet, top=top)
    raise typer.Exit(EXIT_PROBLEMS if errors else EXIT_OK)


DOCUMENT = "stats"  # its name in the cache: no option shapes the document (--top and --format draw it)
# The keys of the stats document (publishing/stats.py, keys sorted) and its version: a kept document
# with others is a miss (tests/test_documents_cache.py keeps these equal to a fresh document's).
KEYS = ("awards", "cities", "countries", "coverage", "cycle", "entries", "errors", "headline", "judges", "marks", "title", "version")
VERSION = 1


def _fits(found: Kept) -> bool:
    """A kept stats document of this cycle: its keys, its version, its count of errors (and awards
    only without errors), and every figure readable by the csv and text renderers."""
    from smartaward.render.stats import csv_rows, text_document

    document, errors = found.document, len(found.checked.errors)
    if tuple(document) != KEYS or document["version"] != VERSION or type(document["errors"]) is not int:
        return False
    if document["errors"] != errors or (document["awards"] is None) != bool(errors):
        return False
    csv_rows(document)
    text_document(document, 0, "md")
    return True


def _say(diagnostics: list[Diagnostic], pending: Pending | Waiting | None, files: int, quiet: bool) -> None:
    """What stats says on stderr: the warnings and the ties that leave awards pending, as rank says
    them (a cycle without errors: `pending` is its results'); or the errors, and that the awards
    could not be computed."""
    if pending is not None:
        summarise_warnings(diagnostics, pending, quiet)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        if not quiet:
            print_diagnostics(errors, files, quiet=True, stderr=True)
        one = len(errors) == 1
        print(f"smartaward: {len(errors)} error{'' if one else 's'} in the cycle: awards could not be computed; "
              "every other figure is printed (smartaward validate shows every problem)", file=sys.stderr)
