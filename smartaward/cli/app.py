"""The command line: parse options, call the core, render, map the outcome to an exit code.

Exit codes: 0 clean, 1 problems in the cycle's files, 2 the command was misused (bad option, no
cycle found), 3 an internal error (a bug: please report it); 130 interrupted by Ctrl-C (SIGINT),
143 stopped by SIGTERM (128 + the signal's number, as shells report it). The core, pydantic and rich are imported
inside the commands so that `--help` stays fast.
"""

from __future__ import annotations

import gc
import sys
from contextlib import suppress
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from smartaward import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from smartaward.awards.pending import Pending
    from smartaward.diagnostics import Diagnostic
    from smartaward.reading.cache import Cache
    from smartaward.reading.files import CycleFiles
    from smartaward.reading.load import Cycle

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="smartaward",
    help="Run an awards cycle from YAML files: validate entries and score sheets, rank, publish winners.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

_state: dict = {"debug": False, "context": None}


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class RankFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    rst = "rst"
    latex = "latex"
    html = "html"
    grid = "grid"


WinnersFormat = RankFormat

QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the result: no summary, no warnings, no progress bar.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Parse every file afresh; neither read nor write the cache (also: SMARTAWARD_NO_CACHE=1).")]
CycleArgument = Annotated[Path, typer.Argument(help="The cycle folder, or any file or folder inside it.", show_default=True)]


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    console = Console(stderr=stderr, highlight=False)
    if not console.is_terminal:
        # Piped or captured output is not squeezed to 80 columns: the same width on every machine.
        console = Console(stderr=stderr, highlight=False, width=160, color_system=None)
    return console


def _print_diagnostics(diagnostics: list[Diagnostic], files: int, *, quiet: bool, stderr: bool = False) -> None:
    """Colour (rich) for a terminal; plain lines otherwise, without even importing rich."""
    out = sys.stderr if stderr else sys.stdout
    if out.isatty():
        from smartaward.render.text import print_diagnostics

        print_diagnostics(_console(stderr), diagnostics, files, quiet=quiet)
    else:
        from smartaward.render.plain import write_diagnostics

        write_diagnostics(out, diagnostics, files, quiet=quiet)


def _usage_error(message: str) -> typer.Exit:
    print(f"smartaward: {message}", file=sys.stderr)
    return typer.Exit(EXIT_USAGE)


def _find_root(path: Path) -> Path:
    from smartaward.reading.files import CycleNotFound, find_cycle_root

    try:
        return find_cycle_root(path)
    except CycleNotFound as exc:
        raise _usage_error(str(exc)) from None


def _cache(no_cache: bool) -> Cache | None:
    """The command's cache (None with --no-cache). Why it is not used, if it is not (a folder that
    another user owns or others may write), is said once on stderr, even with --quiet; when the
    command ends, records beyond the size limit are pruned."""
    from smartaward.reading.cache import Cache, default_directory

    directory = None if no_cache else default_directory()
    if directory is None:
        return None
    cache = Cache(directory, report=lambda problem: print(f"smartaward: {problem}", file=sys.stderr))
    context = _state.get("context")
    if context is not None:
        context.call_on_close(cache.tidy)
    return cache


def _results_or_exit(path: Path, quiet: bool, no_cache: bool):  # noqa: ANN202 - Results is imported lazily
    """Load and check a cycle for rank/winners: errors stop here (on stderr), warnings are summarised."""
    return _cycle_and_results(path, quiet, no_cache)[1]


def _cycle_and_results(path: Path, quiet: bool, no_cache: bool):  # noqa: ANN202 - types are imported lazily
    from smartaward.awards.results import compute
    from smartaward.diagnostics import Severity
    from smartaward.reading.load import load_cycle
    from smartaward.render.progress import progress_bar

    cache = _cache(no_cache)
    cycle_files, diagnostics, cycle = _validated(_find_root(path), quiet, cache)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if errors:
        _print_diagnostics(errors, len(cycle_files.files), quiet=True, stderr=True)
        one = len(errors) == 1
        print(f"smartaward: {len(errors)} error{'' if one else 's'} in the cycle; fix {'it' if one else 'them'} "
              "before ranking (smartaward validate shows every problem)", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS)
    with progress_bar(quiet) as progress:
        if cycle is None:  # validated before (the diagnostics came from the cache): parse, then rank
            cycle = load_cycle(cycle_files, cache=cache, progress=progress)
        results = compute(cycle, progress)
    _summarise_warnings(diagnostics, results.pending, quiet)
    return cycle, results


def _summarise_warnings(warnings: list[Diagnostic], pending: Pending, quiet: bool) -> None:
    """What kinds of warnings, and first the ties awaiting the chair, in one line on stderr: the
    results they leave pending are marked in every output, and this says why (pending.py)."""
    if (warnings or pending) and not quiet:
        from smartaward.render.plain import warnings_summary

        print(f"smartaward: {warnings_summary(warnings, pending)}; run `smartaward validate` for details",
              file=sys.stderr)


def _selected(diagnostics: list[Diagnostic], root: Path, display_root: str, files: set[Path] | None) -> list[Diagnostic]:
    """With files named on the command line, their problems and those of the cycle's own files."""
    if files is None:
        return diagnostics
    from smartaward.reading.files import CYCLE_FILE, JUDGES_FILE, shown_name

    named = [file.relative_to(root).as_posix() for file in files]
    keep = {shown_name(display_root, rel) for rel in [*named, CYCLE_FILE, JUDGES_FILE]}
    return [d for d in diagnostics if d.file in keep]


def _validated(root: Path, quiet: bool, cache: Cache | None) -> tuple[CycleFiles, list[Diagnostic], Cycle | None]:
    """Every diagnostic of a cycle, and the loaded cycle if it had to be loaded for them.

    For a cycle whose files are all unchanged since a validation, the diagnostics come from the
    cache and nothing is parsed.
    """
    from smartaward.reading.files import collect
    from smartaward.render.progress import progress_bar

    files = collect(root)
    key = cache.cycle_key(files.display_root, files.key_material()) if cache is not None else b""
    diagnostics = cache.diagnostics(key) if cache is not None else None
    cycle = None
    if diagnostics is None:
        from smartaward.checks.run import run_checks
        from smartaward.reading.load import load_cycle

        with progress_bar(quiet) as progress:
            cycle = load_cycle(files, cache=cache, progress=progress)
            diagnostics = run_checks(cycle, progress)
        if cache is not None:
            cache.store_diagnostics(key, diagnostics)
    return files, diagnostics, cycle


def _in_a_cycle(path: Path) -> bool:
    from smartaward.reading.files import CycleNotFound, find_cycle_root

    try:
        find_cycle_root(path)
    except CycleNotFound:
        return False
    return True


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Cycle folders or files inside them (default: the current folder).")] = None,
    format: Annotated[ValidateFormat | None, typer.Option("--format", "-f", show_default=False, help="Output format: text (the default), json, github (workflow commands; the default when GITHUB_ACTIONS=true) or sarif.")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", metavar="CODE", help="Report only these codes or code prefixes (J401, J4, J); repeat, or separate with commas. Replaces the cycle's validate: select.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="CODE", help="Never report these codes or code prefixes; repeat, or separate with commas. Added to the cycle's validate: ignore.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Check every file of a cycle and every reference between them; report every problem at once.

    Exit 0 when there are no errors, 1 when there is at least one (or a warning with --strict),
    2 when the command is misused. Naming files limits the report to them (and to problems in
    cycle.yaml and judges.yaml), still checked in the context of the whole cycle. cycle.yaml's
    validate: block (select, ignore, strict) applies too; the options add to it.
    """
    from os import environ

    from smartaward.checks.selection import UnknownCode, combine, parse_codes, read_settings
    from smartaward.diagnostics import Severity, sort_diagnostics
    from smartaward.reading.files import CYCLE_FILE

    try:
        selected, ignored = parse_codes(select, "--select"), parse_codes(ignore, "--ignore")
    except UnknownCode as exc:
        raise _usage_error(str(exc)) from None
    if format is None:
        format = ValidateFormat.github if environ.get("GITHUB_ACTIONS") == "true" else ValidateFormat.text
    targets: dict[Path, set[Path] | None] = {}
    for path in paths or [Path(".")]:
        if path.is_file() and not _in_a_cycle(path):
            # A file named outside any cycle (pre-commit passes every changed YAML file, workflow
            # files too) is not ours to judge: skipped, and said so; a folder outside one is misuse.
            print(f"smartaward: {path}: not in a cycle folder (no cycle.yaml here or above); skipped", file=sys.stderr)
            continue
        root = _find_root(path)
        if path.resolve().is_dir():
            targets[root] = None
        elif targets.get(root, set()) is not None:
            targets.setdefault(root, set()).add(path.resolve())
    found: list[Diagnostic] = []
    files = 0
    failed = False
    cache = _cache(no_cache)
    for root, named in sorted(targets.items()):
        cycle_files, diagnostics, _ = _validated(root, quiet, cache)
        # The cycle's settings, read from cycle.yaml's bytes (cached or not); none if it was refused.
        own = next((f for f in cycle_files.files if f.role == "cycle"), None)
        settings = read_settings(own.raw, own.shown, diagnostics, cache) if own is not None else None
        selection = combine(settings, selected, ignored, strict, own.shown if own is not None else CYCLE_FILE)
        reported = selection.apply(_selected(diagnostics, cycle_files.root, cycle_files.display_root, named))
        failing = {Severity.ERROR, Severity.WARNING} if selection.strict else {Severity.ERROR}
        failed = failed or any(d.severity in failing for d in reported)
        found.extend(reported)
        files += len(cycle_files.files) if named is None else len(named)
    found = sort_diagnostics(found)
    if format is ValidateFormat.json or format is ValidateFormat.sarif:
        from smartaward.render.tables import to_json

        if format is ValidateFormat.json:
            from smartaward.publishing.data import diagnostics_document

            sys.stdout.write(to_json(diagnostics_document(found, files)))
        else:
            from smartaward.render.sarif import sarif_document

            sys.stdout.write(to_json(sarif_document(found)))
    elif format is ValidateFormat.github:
        from smartaward.render.github import write_github

        write_github(sys.stdout, found, files, quiet=quiet)
    else:
        _print_diagnostics(found, files, quiet=quiet)
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


@app.command()
def rank(
    cycle: CycleArgument = Path("."),
    format: Annotated[RankFormat, typer.Option("--format", "-f", help="Output format: table (for a terminal), json, csv, or a text table: md, rst, latex, html, grid.")] = RankFormat.table,
    compare: Annotated[list[str] | None, typer.Option("--compare", metavar="METHOD", help="Also rank with this aggregation method (repeat, or separate with commas): mean, median, sum, trimmed-mean[:K], trimmed-sum[:K], rank-sum, borda, schulze, kemeny. Shows the ranks side by side and the awards that change.")] = None,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Rank the entries of every category under the cycle's declared judging rules.

    Ties share a rank (1-2-2-4) unless the declared tie_break chain separates them. Entries that
    cannot be ranked (too few valid scores, late, screened out, not shortlisted) are listed after
    the ranked ones with the reason. docs/rules.md gives every rule's formula.
    """
    if compare:
        _compare(cycle, [m.strip() for item in compare for m in item.split(",") if m.strip()], format, quiet, no_cache)
        return
    results = _results_or_exit(cycle, quiet, no_cache)
    from smartaward.publishing.data import RANK_COLUMNS, rank_document

    if format is RankFormat.table:
        from smartaward.render.text import print_rankings

        print_rankings(_console(), results)
        return
    document = rank_document(results)
    if format is RankFormat.json:
        from smartaward.render.tables import to_json

        sys.stdout.write(to_json(document))
        return
    rows = [dict(row, call=c["call"], category=c["category"]) for c in document["categories"] for row in c["ranking"]]
    columns = ["call", "category", *RANK_COLUMNS]
    sys.stdout.write(_tabular(rows, columns, format))


@app.command()
def winners(
    cycle: CycleArgument = Path("."),
    format: Annotated[WinnersFormat, typer.Option("--format", "-f", help="Output format: table (for a terminal), json, csv, or a text table: md, rst, latex, html, grid.")] = WinnersFormat.table,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Allocate every award: slots in order of precedence, filled down each category's ranking.

    Typed slots take the best eligible entry not already awarded; with one_award_per: entrant an
    entrant keeps only its highest award. Slots no entry can fill are reported, never invented.
    """
    results = _results_or_exit(cycle, quiet, no_cache)
    from smartaward.publishing.data import WINNER_COLUMNS, winner_rows, winners_document

    if format is WinnersFormat.table:
        from smartaward.render.text import print_winners

        print_winners(_console(), results)
        return
    if format is WinnersFormat.json:
        from smartaward.render.tables import to_json

        sys.stdout.write(to_json(winners_document(results)))
        return
    sys.stdout.write(_tabular(winner_rows(results), WINNER_COLUMNS, format))
    if results.allocation.unfilled and not quiet:
        from smartaward.text.cells import one_line

        for u in results.allocation.unfilled:
            print(one_line(f"smartaward: unfilled {u.call}/{u.category} {u.award}: {u.slots} slot(s) ({u.reason})"), file=sys.stderr)


def _compare(path: Path, methods: list[str], format: RankFormat, quiet: bool, no_cache: bool) -> None:
    from smartaward.publishing.compare import compare, method_problem

    for method in methods:
        if (problem := method_problem(method)) is not None:
            raise _usage_error(problem)
    cycle, results = _cycle_and_results(path, quiet, no_cache)
    document = compare(cycle, methods, results)
    if format is RankFormat.json:
        from smartaward.render.tables import to_json

        sys.stdout.write(to_json(document))
        return
    if format is RankFormat.table:
        from smartaward.render.text import print_compare

        print_compare(_console(), document)
        return
    names = document["methods"]
    rows = [{"call": c["call"], "category": c["category"], "entry": r["entry"], **{m: r["ranks"][m] for m in names}}
            for c in document["categories"] for r in c["ranking"]]
    sys.stdout.write(_tabular(rows, ["call", "category", "entry", *names], format))


class ExplainFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def explain(
    entry: Annotated[str, typer.Argument(help="The id of the entry to explain.")],
    cycle: CycleArgument = Path("."),
    format: Annotated[ExplainFormat, typer.Option("--format", "-f", help="Output format.")] = ExplainFormat.text,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Show how an entry's result came about: every mark, which were excluded and why (conflict,
    trim, round, observer), normalisation, the aggregation, the rank and tie-break, the award."""
    loaded, results = _cycle_and_results(cycle, quiet, no_cache)
    if entry not in loaded.entry_index:
        from difflib import get_close_matches

        close = get_close_matches(entry, list(loaded.entry_index), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise _usage_error(f"no entry {entry!r} in the cycle{hint}")
    from smartaward.publishing.explain import explain_entry, explain_text

    document = explain_entry(loaded, results, entry)
    if format is ExplainFormat.json:
        from smartaward.render.tables import to_json

        sys.stdout.write(to_json(document))
    else:
        sys.stdout.write(explain_text(document))


@app.command("explain-code")
def explain_code(
    code: Annotated[str, typer.Argument(help="A diagnostic code (M301) or name (mark-out-of-scale).")],
) -> None:
    """Print the documentation of a diagnostic code: what it means, how to fix it, and a failing
    and a passing example (all of them: docs/diagnostics.md)."""
    from smartaward.diagnostics import CATALOGUE

    wanted = code.strip()
    by_name = {entry.name: entry.code for entry in CATALOGUE.values()}
    found = wanted.upper() if wanted.upper() in CATALOGUE else by_name.get(wanted.lower())
    if found is None:
        from difflib import get_close_matches

        close = get_close_matches(wanted.upper(), list(CATALOGUE), n=3) or get_close_matches(wanted.lower(), list(by_name), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; docs/diagnostics.md lists every code"
        raise _usage_error(f"no diagnostic code {wanted!r}{hint}")
    from smartaward.codedocs.render import code_text

    sys.stdout.write(code_text(found))


def _tabular(rows: list[dict], columns: list[str], format: RankFormat) -> str:
    """csv, or one of tabulate's text tables (md, rst, latex, html, grid)."""
    from smartaward.render.tables import to_csv, to_text_table

    return to_csv(rows, columns) if format is RankFormat.csv else to_text_table(rows, columns, format.value)


# Commands that live in their own modules register themselves on `app` when imported.
from smartaward.cli import cache, editor, export, importing, jury, stats  # noqa: E402,F401,I001


def _version(value: bool) -> None:
    if value:
        print(f"smartaward {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _options(
    context: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    _state["debug"] = debug
    _state["context"] = context  # closed when the command ends, however it ends: the cache tidies up then
    context.call_on_close(lambda: _state.update(context=None))  # runs last (callbacks run in reverse)


def main() -> None:
    """Entry point: never lets a traceback reach the user unless --debug asks for it."""
    # A command is a short-lived process that builds large acyclic data: the cyclic garbage
    # collector would only slow it down (its passes more than double the time of a big cycle).
    gc.disable()
    from smartaward.interrupts import Interrupted, ignore, install

    install()  # Ctrl-C and kill: Interrupted, wherever the command is (interrupts.py)
    if "--debug" not in sys.argv:
        # An error Python cannot raise (in a finaliser: a library's generator closed after a full
        # disk, a signal that lands in clean-up code) would print a traceback: the command has
        # already said what failed, or been interrupted.
        sys.unraisablehook = lambda unraisable: None
    try:
        _run()
    except SystemExit:
        # The command has done its work and said so: a Ctrl-C now (while Python shuts down) would
        # only kill the process by the signal, with no word, after every file was written whole.
        ignore()
        raise
    except (Interrupted, KeyboardInterrupt) as stop:  # also while _run reports an error or exits
        ignore()  # a second Ctrl-C now would only turn this exit into a traceback
        code = stop.exit_code if isinstance(stop, Interrupted) else 130
        with suppress(OSError, ValueError):  # stderr may be gone (a closed pipe, a closed terminal)
            print(f"smartaward: interrupted{' (SIGTERM)' if code == 143 else ''}", file=sys.stderr)
        sys.exit(code)


def _stop_if_interrupted() -> None:
    """Stop as interrupted if a signal came, even when its Interrupted did not reach main: a library
    may have swallowed it, or wrapped it in an error of its own (Python's __set_name__ wraps it in a
    RuntimeError, pydantic-core turns it into a SchemaError's message), which must not read as a bug
    or as a command that ran to its end."""
    from smartaward.interrupts import Interrupted, received

    signum = received()
    if signum is not None:
        raise Interrupted(signum) from None


def _run() -> None:
    try:
        app(standalone_mode=True)
    except SystemExit:
        _stop_if_interrupted()
        raise
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a clear message
        _stop_if_interrupted()
        if _state["debug"] or "--debug" in sys.argv:
            raise
        from smartaward.diagnostics import working_on
        from smartaward.reading.source import shorten
        from smartaward.text.cells import one_line

        where = working_on.get()
        what = one_line(shorten(" ".join(str(exc).split()), 300))  # one line, however long or multi-line the error
        print(f"smartaward: internal error{' while ' + where if where else ''}: {type(exc).__name__}: {what}. "
              "This is a bug; please report it (run again with --debug for the traceback).", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)
