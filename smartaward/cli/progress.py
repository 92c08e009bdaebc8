"""`smartaward progress`: per round with an assignment file, who has marked what they were given,
what is missing, and whom to chase — for the organisers (judges are named even where judges.yaml
says `public: false`).

The core builds the document (publishing/progress.py); this module parses the options, checks the
round and hands the document to the output registry.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli import completion
from smartaward.cli.common import (
    EXIT_PROBLEMS,
    CycleArgument,
    NoCacheOption,
    QuietOption,
    app,
    cycle_and_results,
    emit,
    format_choices,
    format_help,
    unknown_id,
    usage_error,
)

if TYPE_CHECKING:
    ProgressFormat = Any
else:
    ProgressFormat = format_choices("progress", "ProgressFormat")


@app.command()
def progress(
    cycle: CycleArgument = Path("."),
    round_: Annotated[str | None, typer.Option(
        "--round", metavar="ROUND", autocompletion=completion.rounds, help="Only this round (default: every round that has an assignment file).")] = None,
    format: Annotated[ProgressFormat, typer.Option(
        "--format", "-f", help=format_help("progress", md="Markdown, to paste into an e-mail or an issue"))] = ProgressFormat.text,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show the judging progress of each round with an assignment file (assignments/ROUND.yaml).

    Per judge: the entries assigned, marked, marked but not counted (and why) and missing; per entry:
    its valid marks against the judges it needs, and who has still to mark it; the judges to chase,
    most missing first; and the totals. Exit 0 even when marks are missing (it is a report); 1 when
    the cycle has errors or the round has no assignment file (run `smartaward assign`); 2 for an
    unknown round.
    """
    from smartaward.judging.assigned import assignment_for
    from smartaward.publishing.progress import assigned_rounds, progress_document, round_ids
    from smartaward.text.cells import one_line

    found, results = cycle_and_results(cycle, quiet, no_cache)
    known = round_ids(found)
    if round_ is not None:
        if round_ not in known:
            named = [r for r in known if r is not None]
            if not named:
                raise usage_error(f"--round {round_}: the calls of this cycle have no rounds; leave --round out")
            raise unknown_id("--round", round_, "round", dict.fromkeys(named))
        if assignment_for(found, round_) is None:
            print(one_line(f"smartaward: round {round_} has no assignment file (assignments/{round_}.yaml); "
                           f"run `{shlex.join(['smartaward', 'assign', '--round', round_])} --per-entry K` to write one"), file=sys.stderr)
            raise typer.Exit(EXIT_PROBLEMS)
        rounds: list[str | None] = [round_]
    else:
        rounds = assigned_rounds(found)
        if not rounds:
            print("smartaward: no round has an assignment file (assignments/ROUND.yaml); "
                  "run `smartaward assign` to write one", file=sys.stderr)
            raise typer.Exit(EXIT_PROBLEMS)
    emit("progress", format, progress_document(found, results, rounds), quiet=quiet)
