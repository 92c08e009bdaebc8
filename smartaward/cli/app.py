"""The command line's entry point: the global options, and `main`, which runs a command and maps
its outcome to an exit code.

Exit codes: 0 clean, 1 problems in the cycle's files, 2 the command was misused (bad option, no
cycle found), 3 an internal error (a bug: please report it); 130 interrupted by Ctrl-C (SIGINT),
143 stopped by SIGTERM (128 + the signal's number, as shells report it). A reader that stops early
(`smartaward validate | head -1`) changes nothing: the rest of the output is dropped and the exit code
is the command's own (_StdoutOrNothing).

Each command lives in a module of its own (validate, results, status, certify, diff, export, feedback, importing, jury, stats,
editor, cache) and registers itself on `app` (common.py) when imported. `main` imports only the
command it runs (lazy.py: `--help` lists them from a table); the core, pydantic and rich are imported
inside the commands, each only by those that use it. `app` as imported from here
(`from smartaward.cli.app import app`: the tests, tools) has every command registered.
"""

from __future__ import annotations

import gc
import io
import os
import sys
from contextlib import suppress
from typing import Annotated, Any

import typer

from smartaward import __version__
from smartaward.cli import common
from smartaward.cli.common import COMPLETE_VAR, EXIT_INTERNAL, EXIT_OK, output_nowhere, state

__all__ = ["COMPLETE_VAR", "EXIT_INTERNAL", "app", "main"]  # noqa: F822 - `app` comes from __getattr__, below


def __getattr__(name: str) -> Any:
    """`app`: the Typer app with every command registered (each module imported, in --help's
    order). `main` does not go through it: it loads only the command it runs."""
    if name == "app":
        from smartaward.cli.lazy import load_all

        load_all()
        return common.app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _version(value: bool) -> None:
    if value:
        print(f"smartaward {__version__}")
        raise typer.Exit(EXIT_OK)


@common.app.callback()
def _options(
    context: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
) -> None:
    state["debug"] = debug
    state["context"] = context  # closed when the command ends, however it ends: the cache tidies up then
    context.call_on_close(lambda: state.update(context=None))  # runs last (callbacks run in reverse)


class _StdoutOrNothing:
    """stdout, until its reader is gone (`| head -1` has what it wanted and closed the pipe): then
    what is written is dropped, quietly, and the command runs to its end with its own exit code.
    Without this, click turns the BrokenPipeError into exit 1, which reads as "problems in the files"."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._gone = False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return int(self._stream.write(text))
            except BrokenPipeError:
                self._reader_gone()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._reader_gone()

    def _reader_gone(self) -> None:
        self._gone = True
        output_nowhere(self._stream)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding...: the stream's own
        return getattr(self._stream, name)


def _encodable(stream: Any) -> None:
    """A character stdout's encoding cannot hold (an entrant's name in an ASCII-only locale:
    PYTHONIOENCODING=ascii, LANG=C on an old system) is written as a backslash escape, as Python
    writes it on stderr, instead of stopping the command with an internal error."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        with suppress(OSError, ValueError):
            stream.reconfigure(errors="backslashreplace")


def _streams_or_nothing() -> None:
    """A command started with its standard output or error closed (`smartaward winners . >&-`) has
    None for them in Python: what it would write there goes nowhere, as to a reader that is gone,
    instead of stopping the command with an internal error."""
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  (for the life of the process)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main() -> None:
    """Entry point: never lets a traceback reach the user unless --debug asks for it."""
    _streams_or_nothing()
    _encodable(sys.stdout)
    sys.stdout = _StdoutOrNothing(sys.stdout)
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
        # The completion's variable is the console script's, under `python -m smartaward` too (whose
        # program name would otherwise make it `_PYTHON _M SMARTAWARD_COMPLETE`). The app: common's,
        # not through __getattr__ (which would load every command), unless a test set this module's.
        globals().get("app", common.app)(standalone_mode=True, complete_var=COMPLETE_VAR)
    except SystemExit:
        _stop_if_interrupted()
        raise
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a clear message
        _stop_if_interrupted()
        if state["debug"] or "--debug" in sys.argv:
            raise
        from smartaward.diagnostics import working_on
        from smartaward.reading.source import shorten
        from smartaward.text.cells import one_line

        where = working_on.get()
        what = one_line(shorten(" ".join(str(exc).split()), 300))  # one line, however long or multi-line the error
        print(f"smartaward: internal error{' while ' + where if where else ''}: {type(exc).__name__}: {what}. "
              "This is a bug; please report it (run again with --debug for the traceback).", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)
