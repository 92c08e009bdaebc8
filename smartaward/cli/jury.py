"""`smartaward judges`: each judge's statistics and each panel's agreement, with what to discuss.

The statistics are computed by jury.py (and agreement.py) from the same scoring `rank` uses; the
formulas and thresholds are in docs/judges.md. The command registers itself on `app` when cli.py
imports this module (at its end, once `app` exists).
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from smartaward.cli.app import (
    CycleArgument,
    NoCacheOption,
    QuietOption,
    RankFormat,
    _console,
    _cycle_and_results,
    _tabular,
    app,
)


class JuryTable(str, Enum):
    judges = "judges"
    by_panel = "by-panel"
    panels = "panels"
    disagreements = "disagreements"


@app.command()
def judges(
    cycle: CycleArgument = Path("."),
    format: Annotated[RankFormat, typer.Option("--format", "-f", help="Output format: table (for a terminal), json, csv, or a text table: md, rst, latex, html, grid.")] = RankFormat.table,
    table: Annotated[JuryTable, typer.Option("--table", "-t", help="For csv and the text tables: which rows — judges (one per judge), by-panel (one per judge and panel), panels (agreement), disagreements (entries to discuss).")] = JuryTable.judges,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Judge statistics and panel agreement: per judge the marks, mean, spread, leniency against
    the other judges, correlation with the consensus, trimmed marks, conflicts and home-country
    marks; per call and round Krippendorff's alpha and Kendall's W; flags for outlying judges and
    for entries the judges disagree on (to discuss before the results are final). docs/judges.md
    gives every formula and threshold."""
    loaded, results = _cycle_and_results(cycle, quiet, no_cache)
    from smartaward.publishing.jury import judges_document

    document = judges_document(loaded, results)
    if format is RankFormat.json:
        from smartaward.render.tables import to_json

        sys.stdout.write(to_json(document))
        return
    if format is RankFormat.table:
        from smartaward.render.jury import print_jury

        print_jury(_console(), document, results.title)
        return
    from smartaward.render.jury import table_rows

    rows, columns = table_rows(document, table.value)
    sys.stdout.write(_tabular(rows, columns, format))
