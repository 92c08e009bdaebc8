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
    find_root,
    format_choices,
    format_help,
    fresh_results,
    keep_document,
    kept_output,
    open_cache,
    print_kept,
    require_final,
    unknown_id,
    usage_error,
)

if TYPE_CHECKING:  # for mypy; at run time, the registry's formats as Enums (the --format choices)
    from smartaward.api import Kept

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
    from smartaward.cli.common import published_results

    shown = published_results(cycle, quiet, no_cache)  # from the cache after a validation: nothing scored again
    if final:
        require_final(shown)
    emit("rankings", format, shown, quiet=quiet)


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
    from smartaward.cli.common import published_results

    shown = published_results(cycle, quiet, no_cache, rankings=False)  # from the cache after a validation: nothing scored again
    if final:
        require_final(shown)
    emit("winners", format, shown, quiet=quiet)
    if format.value in ("table", "json"):
        return  # the table shows the unfilled slots; the JSON lists them
    unfilled = shown.winners["unfilled"]
    if unfilled and not quiet:
        from smartaward.text.cells import one_line

        for u in unfilled:
            print(one_line(f"smartaward: unfilled {u['call']}/{u['category']} {u['award']}: {u['slots']} slot(s) ({u['reason']})"),
                  file=sys.stderr)


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
    root = find_root(cycle)
    cache = open_cache(no_cache)
    # Of a cycle unchanged since this entry was last explained, the document made then.
    name = f"explain\0{entry}"
    reused = kept_output(root, cache, name, "explain", format, quiet=quiet, fits=lambda found: _explains(found, entry))
    if reused is not None:
        print_kept(reused, quiet)
        return
    computed = fresh_results(root, cache, quiet)
    loaded, results = computed.cycle, computed.results
    assert loaded is not None and results is not None
    if entry not in loaded.entry_index:
        raise unknown_id("", entry, "entry", {e: r.entry.title for e, r in loaded.entry_index.items()})
    from smartaward.publishing.explain import explain_entry

    document = explain_entry(loaded, results, entry)
    keep_document(cache, computed, name, document)
    emit("explain", format, document, quiet=quiet)


# The keys of the explain document (publishing/explain.py): a kept document with others is a miss
# (tests/test_documents_cache.py keeps these equal to a fresh document's).
EXPLAIN_KEYS = ("cycle", "entry", "judging", "rounds", "result")


def _explains(found: Kept, entry: str) -> bool:
    """A kept explanation of `entry` (not another's), readable by the text renderer."""
    from smartaward.render.explain import explain_text

    document = found.document
    if tuple(document) != EXPLAIN_KEYS or type(document["entry"]) is not dict or document["entry"]["id"] != entry:
        return False
    explain_text(document)
    return True


