"""`smartaward import entries|scores|judges FILE`: a spreadsheet of applications, marks or judges → cycle files.

The work is planned and checked by the importing package; this module parses the options, prints the plan's
problems and files, writes the files (all or none: staging.py) and maps the outcome to an exit code:
0 clean (warnings allowed), 1 a problem in the spreadsheet or the cycle (some row is bad, a target
exists), 2 misuse. The command registers itself on `app` when cli.py imports this module.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli import completion
from smartaward.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    NoCacheOption,
    app,
    emit,
    find_root,
    format_choices,
    format_help,
    open_cache,
    usage_error,
)

if TYPE_CHECKING:
    from smartaward.importing import Plan


class ImportKind(str, Enum):
    entries = "entries"
    scores = "scores"
    judges = "judges"


if TYPE_CHECKING:
    ImportFormat = Any  # for mypy; at run time, the registry's formats as an Enum (the --format choices)
else:
    ImportFormat = format_choices("import", "ImportFormat")


@app.command("import")
def import_(
    kind: Annotated[ImportKind, typer.Argument(metavar="KIND", help="What the spreadsheet holds: entries (one application a row), scores (marks) "
                                                                  "or judges (the jury list, one judge a row → judges.yaml).")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The spreadsheet: a .csv (UTF-8; comma, semicolon or tab) or .xlsx file.")],
    path: Annotated[Path | None, typer.Argument(metavar="CYCLE", help="The cycle folder, or any file or folder inside it (default: the current folder).",
                                                show_default=False)] = None,
    cycle: Annotated[Path | None, typer.Option("--cycle", "-c", metavar="CYCLE", help="The cycle, as the CYCLE argument (kept for scripts written "
                                                                                     "before it).")] = None,
    map_: Annotated[list[str] | None, typer.Option(
        "--map", "-m", metavar="HEADER=FIELD", help="Read the column HEADER as FIELD (e.g. \"Project title=title\", \"Entrant city=entrant.city\"); FIELD - "
                                                    "ignores the column. Repeat for more columns.")] = None,
    mapping: Annotated[Path | None, typer.Option(
        "--mapping", metavar="FILE", help="A YAML file mapping header names to fields (\"Project title: title\"); --map wins over it.")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", metavar="NAME", help="The sheet of an .xlsx workbook to read (default: the first; "
                                                                             "in a judge's packet, Marks).")] = None,
    round_: Annotated[str | None, typer.Option(
        "--round", metavar="ROUND", autocompletion=completion.rounds,
        help="Scores: the round (its id or title) of rows that have no round column or an empty round cell.")] = None,
    judge: Annotated[str | None, typer.Option(
        "--judge", "-j", metavar="JUDGE", autocompletion=completion.judges,
        help="Scores: the workbook is JUDGE's returned packet; a row of another judge, of another round "
                                               "than the first's (or --round), or of an entry not assigned to JUDGE in the round is bad.")] = None,
    map_values: Annotated[Path | None, typer.Option(
        "--map-values", metavar="FILE", help="A YAML file of column → {spreadsheet value: cycle value}, for values the cycle knows "
                                             "by no id, title or name (\"Category: {Climate: climate}\").")] = None,
    decimal: Annotated[str | None, typer.Option(  # '.' or ',' (checked by the core: punctuation is no choice list's word)
        "--decimal", metavar="MARK", help="The decimal mark of marks written as text: '.' or ','; default: detected per column "
                                          "where every value agrees.")] = None,
    date_format: Annotated[str | None, typer.Option(
        "--date-format", metavar="FORMAT", help="How dates written as text are written, as strftime does (\"%d/%m/%Y %H:%M\").")] = None,
    day_first: Annotated[bool, typer.Option("--day-first", help="Dates written as text put the day first: 03/02/2026 is 3 February.")] = False,
    set_: Annotated[list[str] | None, typer.Option(
        "--set", metavar="FIELD=VALUE", help="The value of FIELD for every row, where no column holds it (\"--set call=project\"). "
                                              "Repeat for more fields.")] = None,
    all_sheets: Annotated[bool, typer.Option(
        "--all-sheets", help="Read every sheet (tab) of the workbook; scores: a sheet without a judge column is the judge its tab names.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Check every row and list the files that would be written; write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Write over files that exist already (all replaced, or none).")] = False,
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Write the good rows even when some rows are bad; the bad ones are still reported (exit 1).")] = False,
    format: Annotated[ImportFormat, typer.Option("--format", "-f", help=format_help("import", md="the text in a fenced code block"))] = ImportFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes and no summary line: only the problems (errors and "
                                                              "warnings, each at its row and column; the files with --dry-run).")] = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Turn a spreadsheet of applications (entries), of marks (scores) or the jury list (judges) into cycle files.

    Every row is checked as `validate` would check the files it becomes, against the whole cycle;
    every problem is reported at its spreadsheet row and column. Nothing is written while any row
    is bad (unless --skip-bad), and no existing file is written over (unless --force). Exit 0 when
    every row is good, 1 when any row is bad or a target exists, 2 when the command is misused.
    """
    from smartaward.cli.export import pseudonym_key  # the key of blind packets' entry codes, as packets reads it
    from smartaward.importing import ImportMisuse, ReadAs, parse_constants, parse_maps, plan_import, read_mapping_file

    root = find_root(path or cycle or Path("."))
    # CYCLE and --cycle both given: the same cycle (`tiny/` and `tiny/cycle.yaml`) is no misuse; two are.
    if path is not None and cycle is not None and find_root(cycle) != root:
        raise usage_error(f"the cycle is given twice, as {path} and as --cycle {cycle}, two different cycles; give it once")
    from smartaward.reading.files import printable

    shown = printable(str(file))
    try:
        maps = parse_maps(kind.value, map_ or [])
        file_maps = read_mapping_file(kind.value, mapping) if mapping is not None else {}
        read_as = ReadAs(value_maps=map_values, decimal=decimal, date_format=date_format,
                         day_first=day_first, constants=parse_constants(set_ or []), all_sheets=all_sheets)
        plan = plan_import(kind.value, root, file, shown, maps=maps, file_maps=file_maps, sheet=sheet,
                           default_round=round_, force=force, skip_bad=skip_bad, key=pseudonym_key(), judge=judge,
                           read_as=read_as, no_cache=no_cache, cache=open_cache(no_cache))
    except ImportMisuse as exc:
        raise usage_error(str(exc)) from None
    written = 0 if dry_run else _write(root, plan)
    from smartaward.importing.outcome import ImportOutcome

    emit("import", format, ImportOutcome(plan, dry_run, written), quiet=quiet)
    raise typer.Exit(EXIT_PROBLEMS if plan.errors else EXIT_OK)


def _write(root: Path, plan: Plan) -> int:
    """Write the planned files, all or none (staging.py); exit 2 if they cannot be written."""
    from smartaward.writing.staging import WriteFailed, WriteRefused, write_all

    if not plan.files:
        return 0
    try:
        write_all(root, {planned.rel: planned.data for planned in plan.files}, where="the cycle folder")
    except WriteRefused as exc:  # a link made since the rows were checked (they report F006 otherwise)
        for refusal in exc.refusals:
            print(f"smartaward: {_shown(plan, refusal.rel)}: error F006 {refusal.message}", file=sys.stderr)
        print("smartaward: nothing was written", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE) from None
    except WriteFailed as exc:
        kept = (f"; the files were put back as they were, except {', '.join(exc.unrestored)}" if exc.unrestored
                else "; nothing was written, every file was left as it was")
        print(f"smartaward: cannot write {_shown(plan, exc.rel)}: {exc.reason}{kept}", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE) from None
    return len(plan.files)


def _shown(plan: Plan, rel: str) -> str:
    return next((p.shown for p in plan.files if p.rel == rel), rel)
