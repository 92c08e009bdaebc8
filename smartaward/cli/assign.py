"""`smartaward assign`: which judges mark which entries in a round, written to assignments/ROUND.yaml.

The work is done by smartaward.assigning (no typer or rich there); this module parses the options,
refuses a round whose earlier rounds are not settled (exit 1, listing what is open), writes the file
atomically inside the cycle folder (staging.py: never through a symbolic link out of it, F006) and
prints the objective. Exit 0 when the file is written (or would be, --dry-run), 1 when the cycle
has errors, an earlier round is open or the problem is infeasible (nothing written), 2 on misuse.
The command registers itself on `app` when cli.py imports this module.
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
    emit,
    find_root,
    format_choices,
    format_help,
    outcome,
    stop_on_errors,
    summarise_warnings,
    usage_error,
    write_refused,
)

if TYPE_CHECKING:
    from smartaward.awards.results import Results
    from smartaward.reading.load import Cycle

    AssignFormat = Any  # for mypy; at run time, the registry's formats as an Enum (the --format choices)
else:
    AssignFormat = format_choices("assignment", "AssignFormat")


@app.command()
def assign(
    cycle: CycleArgument = Path("."),
    round_: Annotated[str | None, typer.Option(
        "--round", "-r", metavar="ROUND", autocompletion=completion.rounds,
        help="The round to assign (required where the calls have rounds; left out where none has).")] = None,
    per_entry: Annotated[int | None, typer.Option(
        "--per-entry", "-k", metavar="K", min=1, max=1000,
        help="How many judges each entry gets (required, unless --keep or --replace finds it in the round's file).")] = None,
    seed: Annotated[int | None, typer.Option(
        "--seed", metavar="S", min=0, show_default=False,
        help="Chooses among equally good assignments: the same seed gives the same file "
             "(default 0; with --keep or --replace, the round's file's seed).")] = None,
    keep: Annotated[bool, typer.Option(
        "--keep", help="Keep every pair of the round's file that is still valid (the others are dropped, and said) and fill only the gaps.")] = False,
    replace: Annotated[list[str] | None, typer.Option(
        "--replace", metavar="JUDGE", autocompletion=completion.judges,
        help="Move this judge's entries they have not marked to other judges, keeping every other pair (repeat for more judges).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Compute and print the assignment; write nothing.")] = False,
    format: Annotated[AssignFormat, typer.Option("--format", "-f", help=format_help("assignment", md="the text in a fenced code block"))] = AssignFormat.text,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Assign judges to the entries of a round: K judges per entry, loads as even as caps allow.

    Every entry that reached the round gets exactly K distinct voting judges of its call who are
    available in the round (judges.yaml: calls, rounds, max_entries) and not in conflict with it
    (declared, or by rules.conflicts); judges' loads differ by at most one unless caps
    (max_entries, min_entries) or availability say otherwise; judges who know the entry's category
    or one of its tags are preferred (required with rules.assignment.expertise: require); with
    rules.assignment.different, no two judges of an entry share that fact. The result is written
    to assignments/ROUND.yaml (assignments/all.yaml where no call has rounds), replacing the
    round's file; the same files and seed give the same bytes. A pair whose judge has already
    marked the entry in the round is always kept (with --keep and --replace too), so no mark
    handed in stops counting. A round is assigned only once the rounds before it are settled.
    Exit 0 when written, 1 when the cycle has errors, an earlier round is still open, or no
    assignment exists (each cause named; nothing is written), 2 on misuse.
    """
    from smartaward.assigning import AssignMisuse, plan_assignment

    root = find_root(cycle)
    replaced = tuple(dict.fromkeys(replace or []))
    loaded, results = _cycle_and_results(cycle, round_, quiet, no_cache)
    try:
        plan = plan_assignment(loaded, results, round_, per_entry, seed, keep=keep, replace=replaced,
                               command=lambda k, s: _command(round_, k, s, keep, replaced))
    except AssignMisuse as exc:
        raise usage_error(str(exc)) from None
    if plan.unsettled:
        _refuse_unsettled(plan.round, plan.unsettled)
    document = _with_outcome(plan.document, written=not plan.failed and not dry_run, dry_run=dry_run)
    if plan.failed:
        emit("assignment", format, document)
        raise typer.Exit(EXIT_PROBLEMS)
    if not dry_run:
        assert plan.text is not None
        from smartaward.writing.staging import WriteFailed, WriteRefused, write_all

        try:
            write_all(root, {plan.rel: plan.text.encode("utf-8")}, where="the cycle folder")
        except (WriteRefused, WriteFailed) as exc:
            raise write_refused(root, exc) from None
    if quiet and getattr(format, "value", format) != "json":
        for problem in document["problems"]:
            from smartaward.render.assignment import problem_line

            print(problem_line(problem), file=sys.stderr)
        return
    emit("assignment", format, document)


def _with_outcome(document: dict[str, Any], *, written: bool, dry_run: bool) -> dict[str, Any]:
    """The plan's document with what the command did: "written" beside "feasible", "dry_run" last."""
    out: dict[str, Any] = {}
    for key, value in document.items():
        out[key] = value
        if key == "feasible":
            out["written"] = written
    out["dry_run"] = dry_run
    return out


def _cycle_and_results(path: Path, round_id: str | None, quiet: bool, no_cache: bool) -> tuple[Cycle, Results]:
    """As every ranking command gets them (errors stop it, exit 1), except that errors in the
    round's own assignment file do not: assign replaces that file (a judge now in conflict with an
    entry they were given is what --keep and --replace are for)."""
    found = outcome(path, quiet, no_cache, load_with_errors=True)
    if found.results is not None and found.cycle is not None:
        summarise_warnings(found.diagnostics, found.results.pending, quiet)
        return found.cycle, found.results
    from smartaward.assigning import replaced_file_errors, results_despite

    if found.cycle is None or not replaced_file_errors(found.cycle, round_id, found.errors):
        stop_on_errors(found)
    if not quiet:
        print(f"smartaward: {len(found.errors)} error(s) in the round's assignment file, which assign replaces",
              file=sys.stderr)
    return found.cycle, results_despite(found.cycle, found.diagnostics, found.checked.files.hidden)


def _command(round_: str | None, per_entry: int, seed: int, keep: bool, replaced: tuple[str, ...]) -> str:
    """The command line that makes the file, for its header (the cycle's folder left out: the same
    file wherever the cycle is)."""
    parts = ["smartaward assign"]
    if round_ is not None:
        parts.append(f"--round {shlex.quote(round_)}")
    parts.append(f"--per-entry {per_entry}")
    parts.append(f"--seed {seed}")
    if keep and not replaced:
        parts.append("--keep")
    parts += [f"--replace {shlex.quote(judge)}" for judge in replaced]
    from smartaward.text.cells import one_line

    return one_line(" ".join(parts))


def _refuse_unsettled(round_id: str | None, items: list[Any]) -> None:
    from smartaward.render.status import item_line

    print(f"smartaward: the rounds before {round_id!r} are not settled, so who reaches it may still change; "
          "nothing is written until they are:", file=sys.stderr)
    for item in items:
        print(f"  - {item_line(item.document())}", file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS)
