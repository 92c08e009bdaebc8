"""`smartaward stats`: the headline figures an organiser announces, and the counts behind them.

The figures are counted by stats.py from the loaded cycle. A cycle with errors still gets every
figure that can be counted; only the awards (which need the ranking) are left out, and the command
says so and exits 1. The command registers itself on `app` when cli.py imports this module.
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
    format_choices,
    format_help,
    only_for_formats,
    outcome,
    print_diagnostics,
    summarise_warnings,
    usage_error,
)
from smartaward.render.registry import TEXT_TABLES

if TYPE_CHECKING:
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
    from smartaward.publishing.stats import cycle_stats

    found = outcome(cycle, quiet, no_cache, load_with_errors=True)
    errors, results = found.errors, found.results
    assert found.cycle is not None
    document = cycle_stats(found.cycle, results, errors=len(errors), scoring=found.checked.scoring)
    if results is not None:  # the warnings, and the ties that leave awards pending, as rank says them
        summarise_warnings(found.diagnostics, results.pending, quiet)
    if errors:
        if not quiet:
            print_diagnostics(errors, len(found.checked.files.files), quiet=True, stderr=True)
        one = len(errors) == 1
        print(f"smartaward: {len(errors)} error{'' if one else 's'} in the cycle: awards could not be computed; "
              "every other figure is printed (smartaward validate shows every problem)", file=sys.stderr)
    emit("stats", format, document, quiet=quiet, top=top)
    raise typer.Exit(EXIT_PROBLEMS if errors else EXIT_OK)
