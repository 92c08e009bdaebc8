"""`smartaward status`: is the result final, and if not, what is still open, per call and round.

What counts as open is decided in the core (awards/status.py; docs/rules.md, "Provisional and
final"); this module parses the options and hands the document to the output registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli.common import CycleArgument, NoCacheOption, QuietOption, app, emit, format_choices, format_help, published_results

if TYPE_CHECKING:
    StatusFormat = Any
else:
    StatusFormat = format_choices("status", "StatusFormat")


@app.command()
def status(
    cycle: CycleArgument = Path("."),
    format: Annotated[StatusFormat, typer.Option("--format", "-f", help=format_help("status"))] = StatusFormat.text,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Say whether the results are final or provisional, and list what is still open, per call and round.

    Open: a tie awaiting the chair, an entry with too few judges or no screening verdict, marks that
    do not count for a reason someone must resolve, a judge with no marks, a designated award not
    decided, a file not read. Exit 0 either way (winners --final fails on a provisional result); 1
    when the cycle has errors.
    """
    from smartaward.publishing.data import status_document

    shown = published_results(cycle, True, no_cache, rankings=False)  # from the cache after a validation: nothing scored again
    emit("status", format, status_document(shown), quiet=quiet)
