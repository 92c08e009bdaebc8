"""What every command shares: the Typer app they register on, the exit codes, the common options,
messages on stderr, the cache, and the way a command reaches the core API (smartaward.api) and
hands its document to the output registry (render/registry.py).

The core, pydantic and rich are imported inside the functions, so that `--help` stays fast.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from smartaward.cli import completion
from smartaward.cli.lazy import LazyGroup
from smartaward.render.registry import formats

if TYPE_CHECKING:
    from smartaward.api import Kept, Outcome, Shown
    from smartaward.awards.pending import Pending
    from smartaward.awards.results import Results
    from smartaward.diagnostics import Diagnostic
    from smartaward.publishing.published import Published, Waiting
    from smartaward.reading.cache import Cache
    from smartaward.reading.load import Cycle

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


COMPLETE_VAR = "_SMARTAWARD_COMPLETE"  # set by the completion script: `smartaward --show-completion`
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")  # the shells typer writes a completion script for
COMPLETION_OPTIONS = {"--show-completion": "Print the completion script of SHELL (bash, zsh, fish, powershell, pwsh; default: "
                                           "the shell this runs in), to install it yourself.",
                      "--install-completion": "Install completion for SHELL (bash, zsh, fish, powershell, pwsh; default: the "
                                              "shell this runs in)."}


class _Commands(LazyGroup):
    """The group of commands (each loaded when it is used: lazy.py), which takes the global --debug after the command too
    (`smartaward rank --debug`): every `--debug` before a `--` is moved before the command; and
    `--show-completion SHELL` / `--install-completion SHELL` with the shell named (typer's own
    options name none: they detect the shell from the parent process and leave the word)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        named = named_shell(args, set(self.list_commands(ctx)))
        if named is not None and not ctx.resilient_parsing:
            completion_for(*named)
        return super().parse_args(ctx, debug_first(args))

    def registry(self) -> typer.Typer:
        return app

    def prepared(self, command: Any) -> Any:
        plain_list_types(command)
        return super().prepared(command)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as error:  # a value not among an option's or argument's choices
            command = getattr(getattr(error, "ctx", None), "command_path", "") or ""
            error.message = with_nearest_choice(error.message, command.removeprefix("smartaward").strip())
            raise

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        for param in params:  # typer's help for them says "the current shell" only
            if param.opts and param.opts[0] in COMPLETION_OPTIONS:
                param.help, param.metavar = COMPLETION_OPTIONS[param.opts[0]], "[SHELL]"
        return params


def plain_list_types(command: Any) -> None:
    """An argument that takes several paths (validate's PATH...) shown as `<path>` in --help, as a
    single one is, not as typer's `<list[Path]>` (a Python type, not a word of the command line)."""
    for param in getattr(command, "params", []):
        descriptor = getattr(param, "type_descriptor", None)
        if param.param_type_name == "argument" and descriptor is not None and descriptor.is_list and param.display_type(None) == "<list[Path]>":
            param.display_type = lambda ctx: "<path>"


_NOT_A_CHOICE = re.compile(r"""(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*") is not one of (?P<choices>.+)\.$""")


def with_nearest_choice(message: str, command: str = "") -> str:
    """A choice error of every command ("'jsn' is not one of 'text', 'json', 'md'.") with the
    nearest choices added (text/suggest.py): "...; did you mean 'json'?"; a format of the other
    family (`explain --format latex`) says so rather than suggest a word spelt alike. Other messages
    unchanged. `command`: the command's name ("explain", "cache info")."""
    import ast

    from smartaward.text.suggest import did_you_mean

    found = _NOT_A_CHOICE.search(message)
    if found is None:
        return message
    try:
        value = ast.literal_eval(found["value"])
        choices = ast.literal_eval(f"({found['choices']},)")
    except (ValueError, SyntaxError):
        return message
    names = [str(choice) for choice in choices]
    hint = _other_family(str(value), names, command) or did_you_mean(str(value), names)
    return f"{message[:-1]}; {hint}" if hint else message


def _other_family(value: str, names: list[str], command: str) -> str | None:
    """For a format of the other family of output (render/registry.py) — a table's given to a
    report, a report's to a table — what it is and what the command prints: "latex is a table
    format; explain prints text, json or md", after "did you mean 'text'?" for the other family's
    terminal format (`explain --format table`: text, not latex, the word spelt nearest). None for a
    value that is no format, or for choices that are not formats."""
    from smartaward.render.registry import REPORT, TABULAR

    kinds = {**{fmt: "a format of validate" for fmt in formats("diagnostics")}, **{fmt: "a report format" for fmt in REPORT},
             **{fmt: "a table format" for fmt in TABULAR if fmt not in REPORT}}
    if value not in kinds or value in names or not set(names) <= set(kinds):
        return None
    prints = f"{command or 'this command'} prints {', '.join(names[:-1])} or {names[-1]}"
    terminal = _TERMINAL_FORMATS.get(value)
    if terminal in names:
        return f"did you mean {terminal!r}? ({value} is {kinds[value]}; {prints})"
    return f"{value} is {kinds[value]}; {prints}"


# The terminal format of each family of output (render/registry.py): a report's `text`, a table's `table`.
_TERMINAL_FORMATS = {"table": "text", "text": "table"}


def named_shell(args: list[str], commands: set[str]) -> tuple[str, str] | None:
    """(option, shell) for a command line that opens with `--show-completion zsh` (or
    `--install-completion=fish`), the group's other options before it allowed; None when no shell
    is named (typer's option detects it) or the option is not there."""
    for index, arg in enumerate(args):
        option, equals, value = arg.partition("=")
        if option in COMPLETION_OPTIONS:
            following = args[index + 1] if index + 1 < len(args) else "-"
            named = equals or not (following.startswith("-") or following in commands)
            return (option, value if equals else following) if named else None
        if not arg.startswith("-"):  # the command: what follows is its own
            return None
    return None


def completion_for(option: str, shell: str) -> NoReturn:
    """Print (--show-completion) or install (--install-completion) the completion script of `shell`
    for the `smartaward` console script, and exit 0; an unknown shell is misuse (exit 2)."""
    if shell not in SHELLS:
        raise usage_error(f"{option}: unknown shell {shell!r}; choose from {', '.join(SHELLS)}")
    from typer._completion_shared import get_completion_script, install

    if option == "--show-completion":
        print(get_completion_script(prog_name="smartaward", complete_var=COMPLETE_VAR, shell=shell))
    else:
        done, where = install(shell=shell, prog_name="smartaward", complete_var=COMPLETE_VAR)
        print(f"{done} completion installed in {where}; it takes effect in a new shell")
    raise typer.Exit(EXIT_OK)


def debug_first(args: list[str]) -> list[str]:
    """The command line with `--debug`, wherever it was written (before any `--`), first, once."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(arg for arg in args[:end] if arg != "--debug"), *args[end:]]


app = typer.Typer(
    name="smartaward",
    cls=_Commands,
    help="Run an awards cycle from YAML files: validate entries and score sheets, rank, publish winners.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion; the values: cli/completion.py
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# --debug, and the context of the running command (its close callbacks tidy the cache up).
state: dict[str, Any] = {"debug": False, "context": None}

QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only the result: no summary, no warnings, no progress bar.")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Parse every file afresh; neither read nor write the cache (also: SMARTAWARD_NO_CACHE=1).")]


def not_taken(option: str, command: str, why: str) -> Any:
    """A hidden option that `command` does not take but others do (--quiet, --no-cache): given, it is
    misuse (exit 2) saying why it means nothing here, rather than click's bare "No such option".
    The command's parameter must default to False; it is never passed (expose_value=False)."""
    def refuse(context: typer.Context, value: bool) -> bool:
        if value and not context.resilient_parsing:  # not while completing a command line: nothing but the answer
            raise usage_error(f"{command} takes no {option}: {why}")
        return value

    names = (option, "-q") if option == "--quiet" else (option,)
    return typer.Option(*names, hidden=True, callback=refuse, expose_value=False)


# One name for the cycle in every command's help: CYCLE (the usage line shows [CYCLE], as it may be left out).
CycleArgument = Annotated[Path, typer.Argument(metavar="CYCLE", help="The cycle folder, or any file or folder inside it.", show_default=True,
                                               autocompletion=completion.paths)]


def format_choices(kind: str, name: str) -> type[Enum]:
    """The --format choices of a command: exactly the formats the registry offers for its kind of
    document, in the registry's order (so --help lists those, and docs/cli.md is tested to)."""
    return Enum(name, [(fmt, fmt) for fmt in formats(kind)], type=str)  # type: ignore[return-value]


def format_help(kind: str, *, lead: str = "Output format", **notes: str) -> str:
    """The --format help of every command, from the registry's formats for its kind (so it names
    exactly the choices, never a stale list): "Output format: text, json or md (the text in a fenced
    code block)."; `lead`: the words before the list; `notes`: a few words after a format's name."""
    named = [f"{fmt} ({notes[fmt]})" if fmt in notes else fmt for fmt in formats(kind)]
    return f"{lead}: {', '.join(named[:-1])} or {named[-1]}."


def emit(kind: str, fmt: str | Enum, document: Any, *, quiet: bool = False, **options: Any) -> None:
    """Draw a command's document on stdout through the output registry."""
    from smartaward.render.registry import Output, render

    render(kind, fmt.value if isinstance(fmt, Enum) else fmt, document, Output(sys.stdout, quiet, options))


def usage_error(message: str) -> typer.Exit:
    """The command was misused (exit 2): the message on stderr, on one line whatever an argument
    it quotes holds (cells.one_line: no escape sequence reaches the terminal). Raise what this returns."""
    from smartaward.text.cells import one_line

    print(one_line(f"smartaward: {message}"), file=sys.stderr)
    return typer.Exit(EXIT_USAGE)


def given(context: typer.Context, name: str) -> bool:
    """Whether the parameter `name` was given on the command line (or in the environment), not left
    to its default."""
    source = context.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def only_for_formats(context: typer.Context, name: str, option: str, fmt: str | Enum, applies_to: tuple[str, ...]) -> None:
    """An option that shapes only some formats, given with another: misuse (exit 2) naming the
    formats it applies to, rather than an option silently ignored."""
    chosen = fmt.value if isinstance(fmt, Enum) else fmt
    if given(context, name) and chosen not in applies_to:
        raise usage_error(f"{option} applies only to --format {', '.join(applies_to[:-1])} and {applies_to[-1]}, "
                          f"not to {chosen}")


def output_nowhere(stream: Any) -> None:
    """Point a stream's descriptor at /dev/null once its reader is gone (a closed pipe), so that
    what Python's buffer still holds, flushed at exit, goes nowhere instead of failing again with a
    message on stderr."""
    import os
    from contextlib import suppress

    with suppress(OSError, ValueError):
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, stream.fileno())
        os.close(nowhere)


def find_root(path: Path) -> Path:
    """The cycle folder that `path` is in; exit 2 if there is none."""
    from smartaward.reading.files import CycleNotFound, find_cycle_root

    try:
        return find_cycle_root(path)
    except CycleNotFound as exc:
        raise usage_error(str(exc)) from None


def open_cache(no_cache: bool) -> Cache | None:
    """The command's cache (None with --no-cache). Why it is not used, if it is not (a folder that
    another user owns or others may write), is said once on stderr, even with --quiet; when the
    command ends, records beyond the size limit are pruned."""
    from smartaward.reading.cache import Cache, default_directory

    directory = None if no_cache else default_directory()
    if directory is None:
        return None
    cache = Cache(directory, report=lambda problem: print(f"smartaward: {problem}", file=sys.stderr))
    context = state.get("context")
    if context is not None:
        context.call_on_close(cache.tidy)
    return cache


def print_diagnostics(diagnostics: list[Diagnostic], files: int, *, quiet: bool, stderr: bool = False) -> None:
    """Problems as `validate` prints them, on stdout or stderr."""
    from smartaward.render.registry import Output, render

    render("diagnostics", "text", (diagnostics, files), Output(sys.stderr if stderr else sys.stdout, quiet))


def summarise_warnings(warnings: list[Diagnostic], pending: Pending | Waiting, quiet: bool) -> None:
    """What kinds of warnings, and first the ties awaiting the chair, in one line on stderr: the
    results they leave pending are marked in every output, and this says why (pending.py)."""
    if (warnings or pending) and not quiet:
        from smartaward.render.plain import warnings_summary

        print(f"smartaward: {warnings_summary(warnings, pending)}; run `smartaward validate` for details",
              file=sys.stderr)


def outcome(path: Path, quiet: bool, no_cache: bool, *, load_with_errors: bool = False) -> Outcome:
    """The core API's results for the cycle that `path` is in, with a progress bar on a terminal."""
    from smartaward.api import results
    from smartaward.render.progress import progress_bar

    root = find_root(path)
    cache = open_cache(no_cache)
    with progress_bar(quiet) as progress:
        return results(root, cache=cache, progress=progress, load_with_errors=load_with_errors)


def published_results(path: Path, quiet: bool, no_cache: bool, *, rankings: bool = True) -> Published:
    """What rank, winners and status print of a cycle's results, from the cache when the cycle is
    unchanged since it was validated (api.published): errors stop here (on stderr, exit 1);
    warnings are summarised, as cycle_and_results does."""
    from smartaward.api import published
    from smartaward.render.progress import progress_bar

    root = find_root(path)
    cache = open_cache(no_cache)
    with progress_bar(quiet) as progress:
        found = published(root, cache=cache, progress=progress, rankings=rankings)
    if found.published is None:
        stop_on_errors(found)
    summarise_warnings(found.diagnostics, found.published.waiting, quiet)
    return found.published


# --- stats, judges and explain: their documents kept in the cache (api.keep, api.kept) -------------

def print_kept(reused: tuple[Kept, str], quiet: bool) -> None:
    """A kept document (kept_output) as the command prints it: the warnings line, then the document."""
    found, drawn = reused
    summarise_warnings(found.checked.diagnostics, found.waiting, quiet)
    sys.stdout.write(drawn)


def kept_output(root: Path, cache: Cache | None, name: str, kind: str, fmt: str | Enum, *, quiet: bool,
                fits: Callable[[Kept], bool], with_errors: bool = False, titled: bool = False,
                **options: Any) -> tuple[Kept, str] | None:
    """The document `name` of an unchanged cycle, from the cache (api.kept), drawn in memory exactly
    as `emit` draws it on stdout (with `titled`, the kept title is the renderer's `title` option).
    None — compute it afresh — when it is not there, or not to be trusted: the record is not one
    `keep` wrote for `name`, `fits` refuses it (or fails on it), or its renderer fails on it."""
    if cache is None:
        return None
    from smartaward.api import kept

    found = kept(root, name, cache=cache, with_errors=with_errors)
    if found is None or not _fits(fits, found):
        return None
    drawn = drawn_in_memory(kind, fmt, found.document, quiet=quiet, **options, **({"title": found.title} if titled else {}))
    return None if drawn is None else (found, drawn)


def _fits(fits: Callable[[Kept], bool], found: Kept) -> bool:
    """Whether the kept document fits; a check that fails on it (a KeyError, a TypeError) says no."""
    try:
        return fits(found)
    except Exception:  # noqa: BLE001 - whatever a record made by hand trips: a miss, computed afresh
        return False


def drawn_in_memory(kind: str, fmt: str | Enum, document: Any, *, quiet: bool, **options: Any) -> str | None:
    """What `emit` would write on stdout, or None if the renderer fails on the document. The buffer
    answers isatty() and encoding as stdout does, so that a terminal table (rich) is drawn as it
    would be there: colours, width, box characters."""
    import io
    from contextlib import redirect_stdout

    real = sys.stdout

    class Mirror(io.StringIO):
        def isatty(self) -> bool:
            return real.isatty()

        @property
        def encoding(self) -> str:  # type: ignore[override]
            return getattr(real, "encoding", None) or "utf-8"

    buffer = Mirror()
    try:
        with redirect_stdout(buffer):
            emit(kind, fmt, document, quiet=quiet, **options)
    except Exception:  # noqa: BLE001 - a kept document its renderer trips on is a miss, never a traceback
        return None
    return buffer.getvalue()


def fresh_outcome(root: Path, cache: Cache | None, quiet: bool, *, load_with_errors: bool = False) -> Outcome:
    """`outcome`, with the cache the command opened (it keeps the document there afterwards)."""
    from smartaward.api import results
    from smartaward.render.progress import progress_bar

    with progress_bar(quiet) as progress:
        return results(root, cache=cache, progress=progress, load_with_errors=load_with_errors)


def fresh_results(root: Path, cache: Cache | None, quiet: bool) -> Outcome:
    """`cycle_and_results`, with the cache the command opened: errors stop here (on stderr, exit 1);
    warnings are summarised. The Outcome has its cycle and results."""
    found = fresh_outcome(root, cache, quiet)
    if found.results is None or found.cycle is None:
        stop_on_errors(found)
    summarise_warnings(found.diagnostics, found.results.pending, quiet)
    return found


def keep_document(cache: Cache | None, found: Outcome, name: str, document: dict[str, Any], title: str | None = None) -> None:
    """Keep a document just computed (api.keep) for the next run of the same command on the unchanged
    cycle, with the ties its warnings line names."""
    if cache is not None:
        from smartaward.api import keep

        keep(cache, found.checked.files, name, document, title=title, pending=found.results.pending if found.results else None)


def cycle_and_results(path: Path, quiet: bool, no_cache: bool) -> tuple[Cycle, Results]:
    """A cycle's results for rank, winners, explain, judges and export: errors stop here (on
    stderr, exit 1); warnings are summarised."""
    found = outcome(path, quiet, no_cache)
    if found.results is None or found.cycle is None:
        stop_on_errors(found)
    assert found.cycle is not None and found.results is not None
    summarise_warnings(found.diagnostics, found.results.pending, quiet)
    return found.cycle, found.results


FinalOption = Annotated[bool, typer.Option(
    "--final", help="Only a final result: if anything is still open (smartaward status), print nothing, list it on stderr and exit 1.")]


def require_final(results: Results | Published, nothing: str = "nothing is printed with --final") -> None:
    """With --final (and certify): stop (exit 1) on a provisional result, listing every open item on
    stderr. `nothing`: what is not done, in words. `results`: the results, or their documents."""
    from smartaward.publishing.published import Published

    if isinstance(results, Published):  # the status document's items: the same words (item_line reads no title)
        if results.final:
            return
        summary, items = results.summary, results.status["open"] if results.status is not None else []
    else:
        status = results.status
        if status is None or status.final:
            return
        summary, items = status.summary(), [item.document() for item in status.open]
    from smartaward.render.status import item_line

    print(f"smartaward: the results are {summary}; {nothing}:", file=sys.stderr)
    for item in items:
        print(f"  - {item_line(item)}", file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS)


def stop_on_errors(found: Outcome | Shown) -> NoReturn:
    errors = found.errors
    print_diagnostics(errors, len(found.checked.files.files), quiet=True, stderr=True)
    one = len(errors) == 1
    print(f"smartaward: {len(errors)} error{'' if one else 's'} in the cycle; fix {'it' if one else 'them'} "
          "before ranking (smartaward validate shows every problem)", file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS)


def write_refused(to: Path, exc: Exception) -> typer.Exit:
    """Files for a folder (export, feedback) were not written: each link refused (F006), or the file
    that could not be written. Raise what this returns."""
    from smartaward.reading.files import printable
    from smartaward.writing.staging import WriteFailed, WriteRefused

    if isinstance(exc, WriteRefused):
        for refusal in exc.refusals[:-1]:
            print(f"smartaward: {printable(str(to / refusal.rel))}: error F006 {refusal.message}", file=sys.stderr)
        last = exc.refusals[-1]
        return usage_error(f"{printable(str(to / last.rel))}: error F006 {last.message}; nothing was written")
    assert isinstance(exc, WriteFailed)
    if exc.rel == ".":
        return usage_error(f"--to {to}: cannot create the folder ({exc.reason})")
    if exc.unrestored:  # the rare failure after a failure: say exactly which files are not as they were
        return usage_error(f"{printable(str(to / exc.rel))}: cannot write ({exc.reason}); the files were put back as "
                            f"they were, except {', '.join(exc.unrestored)}, which hold the new files")
    return usage_error(f"{printable(str(to / exc.rel))}: cannot write ({exc.reason}); nothing was written, "
                        "every file was left as it was")


def parse_choices(values: list[str] | None, choices: tuple[str, ...], option: str, *, default_all: bool = True) -> list[str]:
    """The values asked for an option that may be repeated and/or comma-separated (`--format csv,json`),
    in `choices` order: all of them (or none, without `default_all`) when the option is not given;
    an unknown or empty value is misuse (exit 2), naming the choices."""
    if not values:
        return list(choices) if default_all else []
    asked = {v.strip().lower() for item in values for v in item.split(",") if v.strip()}
    unknown = sorted(asked - set(choices))
    if unknown or not asked:
        kind = "format" if option == "--format" else "value"
        raise usage_error(f"{option}: unknown {kind} {', '.join(repr(u) for u in unknown) or repr('')}; "
                          f"choose from {', '.join(choices)}")
    return [c for c in choices if c in asked]


def unknown_id(option: str, value: str, what: str, choices: Mapping[str, str | None], where: str = "in the cycle") -> typer.Exit:
    """Misuse (exit 2) for an id given on the command line that the cycle does not have:
    "--round: no round 'evalution' in the cycle; did you mean 'evaluation'?", else the
    allowed ids (text/suggest.py; `choices` maps each id to its title or name, or None)."""
    from smartaward.text.suggest import allowed, did_you_mean

    plural = what[:-1] + "ies" if what.endswith("y") else what + "s"  # entry → entries, judge → judges
    hint = did_you_mean(value, choices) or (f"the {plural}: {allowed(choices)}" if choices else f"there is no {what}")
    return usage_error(f"{option + ': ' if option else ''}no {what} {value!r} {where}; {hint}")


def check_folder(root: Path, to: Path, names: list[str]) -> str:
    """Before a cycle is ranked, refuse (exit 2) a folder that files for `names` may not be written
    in: the cycle's data or inputs (publishing/export.py check_target), a file on the way, a link out
    of it (F006). Returns how the folder is named in messages."""
    from smartaward.publishing.export import ExportRefused, check_target
    from smartaward.writing.staging import WriteFailed, WriteRefused, check

    try:
        check_target(root, to, names)
    except ExportRefused as exc:
        raise usage_error(str(exc)) from None
    # The nearest existing folder on the way must be a folder.
    existing = next((p for p in [to, *to.absolute().parents] if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise usage_error(f"--to {to}: {existing} is not a folder")
    where = f"{to.as_posix()}/"
    try:
        check(to, names, where)
    except (WriteRefused, WriteFailed) as exc:
        raise write_refused(to, exc) from None
    return where
