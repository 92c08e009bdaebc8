"""`smartaward rank`, `winners` and `explain`: the results of a cycle under its declared rules, and
how one entry's came about. The core API computes them; the output registry draws them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli import completion
from smartaward.cli.common import (
    CycleArgument,
    FinalOption,
    NoCacheOption,
    QuietOption,
    app,
    cycle_and_results,
    emit,
    format_choices,
    format_help,
    require_final,
    unknown_id,
    usage_error,
)

if TYPE_CHECKING:  # for mypy; at run time, the registry's formats as Enums (the --format choices)
    RankFormat = Any
    WinnersFormat = Any
    ExplainFormat = Any
else:
    RankFormat = format_choices("rankings", "RankFormat")
    WinnersFormat = format_choices("winners", "WinnersFormat")
    ExplainFormat = format_choices("explain", "ExplainFormat")


@app.command()
def rank(
    cycle: CycleArgument = Path("."),
    format: Annotated[RankFormat, typer.Option(
        "--format", "-f", help=format_help("rankings", table="for a terminal"))] = RankFormat.table,
    compare: Annotated[list[str] | None, typer.Option(
        "--compare", metavar="METHOD", help="Also rank with this aggregation method (repeat, or separate with commas): mean, median, sum, trimmed-mean[:K], "
                                            "trimmed-sum[:K], approval, rank-sum, borda, schulze, kemeny, copeland, bradley-terry, crowd-bt, "
                                            "majority-judgment, points, irv, skating. Shows the ranks side by side and the awards that change.")
    ] = None,
    final: FinalOption = False,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Rank the entries of every category under the cycle's declared judging rules.

    Ties share a rank (1-2-2-4) unless the declared tie_break chain separates them. Entries that
    cannot be ranked (too few valid scores, late, screened out, not shortlisted) are listed after
    the ranked ones with the reason. docs/rules.md gives every rule's formula.
    """
    if compare:
        _compare(cycle, [m.strip() for item in compare for m in item.split(",") if m.strip()], format, quiet, no_cache, final)
        return
    _, results = cycle_and_results(cycle, quiet, no_cache)
    if final:
        require_final(results)
    emit("rankings", format, results, quiet=quiet)


@app.command()
def winners(
    cycle: CycleArgument = Path("."),
    format: Annotated[WinnersFormat, typer.Option(
        "--format", "-f", help=format_help("winners", table="for a terminal"))] = WinnersFormat.table,
    final: FinalOption = False,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Allocate every award: slots in order of precedence, filled down each category's ranking.

    Typed slots take the best eligible entry not already awarded; with one_award_per: entrant an
    entrant keeps only its highest award. Slots no entry can fill are reported, never invented.
    """
    _, results = cycle_and_results(cycle, quiet, no_cache)
    if final:
        require_final(results)
    emit("winners", format, results, quiet=quiet)
    if format.value in ("table", "json"):
        return  # the table shows the unfilled slots; the JSON lists them
    if results.allocation.unfilled and not quiet:
        from smartaward.text.cells import one_line

        for u in results.allocation.unfilled:
            print(one_line(f"smartaward: unfilled {u.call}/{u.category} {u.award}: {u.slots} slot(s) ({u.reason})"), file=sys.stderr)


def _compare(path: Path, methods: list[str], format: RankFormat, quiet: bool, no_cache: bool, final: bool) -> None:
    """rank --compare: the ranks under each method side by side (the same formats as rank)."""
    from smartaward.publishing.compare import METHODS, compare, method_problem
    from smartaward.text.suggest import did_you_mean

    for method in methods:
        if (problem := method_problem(method)) is not None:
            name = method.partition(":")[0]
            hint = "" if name in METHODS else did_you_mean(name, METHODS, limit=2)  # borad → borda
            raise usage_error(f"--compare: {problem}{'; ' + hint if hint else ''}")
    cycle, results = cycle_and_results(path, quiet, no_cache)
    if final:
        require_final(results)
    emit("compare", format, compare(cycle, methods, results), quiet=quiet)


@app.command()
def explain(
    entry: Annotated[str, typer.Argument(metavar="ENTRY", help="The id of the entry to explain.", autocompletion=completion.entries)],
    cycle: CycleArgument = Path("."),
    format: Annotated[ExplainFormat, typer.Option("--format", "-f", help=format_help("explain"))] = ExplainFormat.text,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show how an entry's result came about: every mark, which were excluded and why (conflict,
    trim, round, observer), normalisation, the aggregation, the rank and tie-break, the award."""
    loaded, results = cycle_and_results(cycle, quiet, no_cache)
    if entry not in loaded.entry_index:
        raise unknown_id("", entry, "entry", {e: r.entry.title for e, r in loaded.entry_index.items()})
    from smartaward.publishing.explain import explain_entry

    emit("explain", format, explain_entry(loaded, results, entry), quiet=quiet)


