"""`smartaward judges`: each judge's statistics and each panel's agreement, with what to discuss.

The statistics are computed by jury.py (and agreement.py) from the same scoring `rank` uses; the
formulas and thresholds are in docs/judges.md. The command registers itself on `app` when cli.py
imports this module (at its end, once `app` exists).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli.common import (
    CycleArgument,
    NoCacheOption,
    QuietOption,
    app,
    cycle_and_results,
    emit,
    format_choices,
    format_help,
    given,
    only_for_formats,
)
from smartaward.render.registry import TEXT_TABLES

if TYPE_CHECKING:
    JuryFormat = Any
else:
    JuryFormat = format_choices("judges", "JuryFormat")


class JuryTable(str, Enum):
    judges = "judges"
    by_panel = "by-panel"
    panels = "panels"
    disagreements = "disagreements"


@app.command()
def judges(
    context: typer.Context,
    cycle: CycleArgument = Path("."),
    format: Annotated[JuryFormat, typer.Option(
        "--format", "-f", help=format_help("judges", table="for a terminal"))] = JuryFormat.table,
    table: Annotated[JuryTable, typer.Option(
        "--table", "-t", help="Which rows — judges (one per judge), by-panel (one per judge and panel), panels (agreement), disagreements "
                              "(entries to discuss); for table, csv and the text tables (table without it: every table).")] = JuryTable.judges,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Judge statistics and panel agreement: per judge the marks, mean, spread, leniency against
    the other judges, correlation with the consensus, trimmed marks, conflicts and home-country
    marks; per call and round Krippendorff's alpha and Kendall's W; flags for outlying judges and
    for entries the judges disagree on (to discuss before the results are final). docs/judges.md
    gives every formula and threshold."""
    only_for_formats(context, "table", "--table", format, ("table", "csv", *TEXT_TABLES))
    loaded, results = cycle_and_results(cycle, quiet, no_cache)
    from smartaward.publishing.jury import judges_document

    # The terminal view shows every table; given -t, only that one (its rows, as csv has them).
    emit("judges", format, judges_document(loaded, results), quiet=quiet, table=table.value, title=results.title,
         only=given(context, "table"))
