"""`smartaward judges`: each judge's statistics and each panel's agreement, with what to discuss.

The statistics are computed by jury.py (and agreement.py) from the same scoring `rank` uses; the
formulas and thresholds are in docs/judges.md. The document is kept in the cache, and printed from
there on the unchanged cycle (api.kept). The command registers itself on `app` when cli.py
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
    emit,
    find_root,
    format_choices,
    format_help,
    fresh_results,
    given,
    keep_document,
    kept_output,
    only_for_formats,
    open_cache,
    print_kept,
)
from smartaward.render.registry import TEXT_TABLES

if TYPE_CHECKING:
    from smartaward.api import Kept

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
    root = find_root(cycle)
    cache = open_cache(no_cache)
    # The terminal view shows every table; given -t, only that one (its rows, as csv has them).
    drawing: dict[str, Any] = {"table": table.value, "only": given(context, "table")}
    # Of a cycle unchanged since it was last judged so, the document computed then (no option shapes it).
    reused = kept_output(root, cache, DOCUMENT, "judges", format, quiet=quiet, fits=_fits, titled=True, **drawing)
    if reused is not None:
        print_kept(reused, quiet)
        return
    computed = fresh_results(root, cache, quiet)
    assert computed.cycle is not None and computed.results is not None
    from smartaward.publishing.jury import judges_document

    document = judges_document(computed.cycle, computed.results)
    keep_document(cache, computed, DOCUMENT, document, title=computed.results.title)
    emit("judges", format, document, quiet=quiet, title=computed.results.title, **drawing)


DOCUMENT = "judges"  # its name in the cache: no option shapes the document (--table and --format draw it)
# The keys of the judges document (publishing/jury.py) and its version: a kept document with others
# is a miss (tests/test_documents_cache.py keeps these equal to a fresh document's).
KEYS = ("version", "cycle", "thresholds", "judges", "panels")
VERSION = 1


def _fits(found: Kept) -> bool:
    """A kept judges document: its keys and version, the cycle's title, and every table's rows readable."""
    from smartaward.render.jury import table_rows

    document = found.document
    if tuple(document) != KEYS or document["version"] != VERSION or type(document["cycle"]) is not str or type(found.title) is not str:
        return False
    for name in JuryTable:
        table_rows(document, name.value)
        table_rows(document, name.value, csv=True)
    return True
