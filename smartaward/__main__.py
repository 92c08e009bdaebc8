"""`python -m smartaward`, and the `smartaward` command (`run`)."""

from __future__ import annotations

import atexit
import os
import sys


def run() -> None:
    """The command line, with SIGINT and SIGTERM handled from its first moment: they are set up
    before the command line's modules are imported (a tenth of a second or more), so that even
    then they stop it quietly, with 130 or 143 (interrupts.py)."""
    from smartaward.interrupts import Interrupted, install

    try:
        install()
        from smartaward.cli.app import main
    except Interrupted as stop:
        print(f"smartaward: interrupted{' (SIGTERM)' if stop.exit_code == 143 else ''}", file=sys.stderr)
        sys.exit(stop.exit_code)
    try:
        main()
    except SystemExit as stop:
        _exit_now(stop.code)
        raise


def _exit_now(code: object) -> None:
    """End the process with `code` at once, once everything it wrote is out, instead of letting Python
    free every object first: a big cycle's million objects took 1.3 s to free (L validate: 11.3 s),
    and nothing is left to do: every file was written whole and closed, the workers are joined, and
    the atexit handlers run here. mypy ends the same way (util.hard_exit). An exit with a message,
    output that cannot be flushed (a full disk: Python reports it), or a process being profiled,
    traced or measured for coverage takes the usual way."""
    if code is None:
        code = 0
    if type(code) is not int:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None or "coverage" in sys.modules:
        return  # a profiler, a debugger, coverage: they write what they found at the usual exit
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # (CPython's; elsewhere the usual way)
    if run_exit_handlers is None:
        return
    run_exit_handlers()  # what a library (multiprocessing) or a caller registered runs as it would
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001  (whatever it is, Python's own exit reports it)
        return
    os._exit(code)


if __name__ == "__main__":  # worker processes (parallel.py) import this module without running it
    run()
